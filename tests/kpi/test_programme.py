"""The improvement plan's figures (SPEC 2, "Programme") on small hand-made plans."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.kpi import programme as pg
from data_access.queries import empty_programme

AS_AT = dt.date(2025, 10, 31)


def _actions(rows: list[tuple]) -> pd.DataFrame:
    """rows: (ref, workstream, condition, due, expected, status)."""
    df = pd.DataFrame(rows, columns=["ref", "workstream", "condition", "due_date", "expected_date", "status"])
    for col in ("due_date", "expected_date"):
        df[col] = pd.to_datetime(df[col])
    return df


ACTIONS = _actions([
    ("A1", "W1", "C1", "2025-09-30", None, "green"),          # overdue: due before the as-at date, not complete
    ("A2", "W1", "C1", "2025-09-30", "2025-12-31", "amber"),  # re-planned after the as-at date: not overdue
    ("A3", "W2", "C2", "2025-06-30", None, "blue"),           # complete: never overdue
    ("A4", "W2", "C1", "2025-03-31", "2025-10-30", "purple"), # re-planned, and that date has passed too
    ("A5", "W2", "C2", "2025-10-31", None, "red"),            # due on the as-at date: not yet overdue
])


def test_date_text_writes_the_re_planned_date_in_brackets():
    assert pg.date_text(pd.Timestamp("2019-03-30"), pd.Timestamp("2019-09-01")) == "30/03/19 (01/09/19)"
    assert pg.date_text(pd.Timestamp("2019-03-30"), pd.Timestamp("2019-03-30")) == "30/03/19"
    assert pg.date_text(pd.Timestamp("2019-03-30"), pd.NaT) == "30/03/19"
    assert pg.date_text(pd.NaT, pd.Timestamp("2019-09-01")) == "01/09/19"
    assert pg.date_text(pd.NaT, pd.NaT) == ""


def test_overdue_uses_the_expected_date_else_the_due_date_and_never_a_complete_action():
    assert pg.overdue(ACTIONS, as_at=AS_AT).tolist() == [True, False, False, True, False]


def test_the_action_list_puts_overdue_first_then_the_worst_status():
    view = pg.actions_view(ACTIONS, as_at=AS_AT)
    # overdue: A4 (purple) before A1 (green); then red A5, amber A2, blue A3
    assert view["ref"].tolist() == ["A4", "A1", "A5", "A2", "A3"]
    assert view.loc[0, "date_text"] == "31/03/25 (30/10/25)"
    assert view["status_label"].tolist()[0] == "Re-planning needed"


def test_status_counts_in_total_and_by_group():
    total = pg.status_counts(ACTIONS).iloc[0].to_dict()
    assert total == {"purple": 1, "red": 1, "amber": 1, "green": 1, "blue": 1, "total": 5}
    by = pg.status_counts(ACTIONS, by="condition").set_index("condition")
    assert by.loc["C1"].to_dict() == {"purple": 1, "red": 0, "amber": 1, "green": 1, "blue": 0, "total": 3}
    assert by.loc["C2", "total"] == 2 and list(by.index) == ["C1", "C2"]


def test_overall_rag_is_the_worst_open_status():
    assert pg.overall_rag(ACTIONS) == "purple"
    assert pg.overall_rag(ACTIONS[ACTIONS["status"].isin(["green", "amber", "blue"])]) == "amber"
    assert pg.overall_rag(ACTIONS[ACTIONS["status"] == "blue"]) == "blue"
    assert pg.overall_rag(ACTIONS.iloc[0:0]) is None


def test_milestones_next_quarter_are_the_three_months_after_the_as_at_date():
    m = _actions([("M1", "W", "", "2025-11-01", None, "green"),    # the day after: in
                  ("M2", "W", "", "2025-10-31", None, "green"),    # the as-at day: not next quarter
                  ("M3", "W", "", "2025-09-30", "2026-01-31", "amber"),  # re-planned to the last day: in
                  ("M4", "W", "", "2026-02-01", None, "green"),    # after the quarter
                  ("M5", "W", "", "2025-12-01", None, "blue")])    # complete
    assert pg.quarter_after(AS_AT) == (dt.date(2025, 11, 1), dt.date(2026, 1, 31))
    assert pg.milestones_next_quarter(m, as_at=AS_AT)["ref"].tolist() == ["M1", "M3"]


def test_quarter_of():
    assert pg.quarter_of(pd.Timestamp("2025-10-31")) == "2025-Q4"
    assert pg.quarter_of(pd.Timestamp("2025-03-31")) == "2025-Q1"
    assert pg.quarter_of(pd.NaT) == ""


def _risks() -> pd.DataFrame:
    return pd.DataFrame({
        "ref": ["R1", "R2", "R3", "R4"],
        "likelihood": pd.array([5, 4, 3, 5], dtype="Int64"), "impact": pd.array([5, 4, 2, 5], dtype="Int64"),
        "mitigated_likelihood": pd.array([3, 4, 1, 5], dtype="Int64"),
        "mitigated_impact": pd.array([5, 4, 2, 4], dtype="Int64"),
        "status": ["open", "open", "open", "closed"]})


def test_risk_scores_and_high_risks():
    scored = pg.risks_scored(_risks())
    assert scored["ref"].tolist() == ["R4", "R2", "R1", "R3"]  # by mitigated score: 20, 16, 15, 2
    assert dict(zip(scored["ref"], scored["score"], strict=True)) == {"R1": 25, "R2": 16, "R3": 6, "R4": 25}
    # open and mitigated 15 or more: R1 (15) and R2 (16); R4 is closed
    assert set(scored.loc[scored["high"], "ref"]) == {"R1", "R2"}


def test_risk_matrix_counts_open_risks_before_and_after_mitigation():
    before = pg.risk_matrix(_risks(), mitigated=False).set_index(["likelihood", "impact"])
    after = pg.risk_matrix(_risks(), mitigated=True).set_index(["likelihood", "impact"])
    assert len(before) == 25 and before["count"].sum() == 3 and after["count"].sum() == 3
    assert before.loc[(5, 5), "refs"] == "R1" and before.loc[(5, 5), "count"] == 1  # R4 is closed
    assert after.loc[(3, 5), "refs"] == "R1" and after.loc[(4, 4), "refs"] == "R2"
    assert after.loc[(4, 4), "score"] == 16


def _edits(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["table", "ref", "field", "old_value", "new_value", "edited_by", "edited_at"])
    df["edited_at"] = pd.to_datetime(df["edited_at"])
    return df


def test_status_changes_in_a_period_net_out_changes_made_and_undone():
    edits = _edits([
        ("actions", "A1", "status", "amber", "green", "a@x", "2025-10-03 10:00"),
        ("actions", "A1", "status", "green", "blue", "b@x", "2025-10-20 09:00"),  # amber -> blue over the month
        ("actions", "A2", "status", "red", "amber", "a@x", "2025-10-05 10:00"),
        ("actions", "A2", "status", "amber", "red", "a@x", "2025-10-06 10:00"),   # and back: no change
        ("actions", "A3", "status", "red", "green", "a@x", "2025-09-30 23:00"),   # before the period
        ("actions", "A4", "progress", "x", "y", "a@x", "2025-10-10 10:00"),       # not a status change
        ("risks", "R1", "status", "open", "closed", "a@x", "2025-10-10 10:00"),   # not an action
        ("actions", "A5", "status", "green", "amber", "a@x", "2025-10-31 18:00"),  # the last day counts
    ])
    out = pg.status_changes(edits, start=dt.date(2025, 10, 1), end=dt.date(2025, 10, 31))
    assert out[["ref", "old_value", "new_value"]].values.tolist() == [["A1", "amber", "blue"],
                                                                      ["A5", "green", "amber"]]
    assert pg.status_changes(edits.iloc[0:0], start=dt.date(2025, 10, 1), end=AS_AT).empty


def test_programme_block_has_spec_3s_shape():
    plan = empty_programme()
    plan["actions"] = ACTIONS
    plan["risks"] = _risks()
    plan["milestones"] = _actions([("M1", "W", "", "2025-11-15", None, "amber")])
    block = pg.programme_block(plan, as_at=AS_AT)
    assert block == {"actions": {"total": 5, "by_status": {"purple": 1, "red": 1, "amber": 1, "green": 1, "blue": 1},
                                 "overdue": 2},
                     "milestones_next_quarter": 1, "risks": {"open": 3, "high": 2}}


def test_an_empty_plan_gives_zeros():
    block = pg.programme_block(empty_programme(), as_at=AS_AT)
    assert block["actions"]["total"] == 0 and block["actions"]["overdue"] == 0
    assert block["milestones_next_quarter"] == 0 and block["risks"] == {"open": 0, "high": 0}
    assert pg.actions_view(empty_programme()["actions"], as_at=AS_AT).empty


@pytest.mark.parametrize("status", ["purple", "red", "amber", "green"])
def test_a_single_open_action_sets_the_overall_rag(status):
    assert pg.overall_rag(_actions([("A", "W", "C", "2025-01-01", None, status),
                                    ("B", "W", "C", "2025-01-01", None, "blue")])) == status
