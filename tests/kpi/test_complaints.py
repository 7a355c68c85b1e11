"""Complaints KPIs on a hand-worked log (synthetic records).

Working, as at 2024-03-15 unless stated (a complaint is "judged" once responded to or past its due date):
  K0 compliment 2023-12-29                      -> the series starts in December 2023
  C1 2024-01-02 st1 process  due 01-30 resp 01-30  on time (responded ON the due date)
  C2 2024-01-31 st1 decision due 02-28 resp 02-29  late (one day)
  K1 compliment 2024-01-15
  C3 2024-02-01 st2 comms    due 02-29 no resp     late once due passed; open
  C9 2024-02-05 st1 (none)   due 03-04 resp 02-06  on time
  C7 2024-02-10 st1 timeliness due 03-08 resp 03-20 late; not yet responded as at 03-15 (open)
  C8 2024-02-20 st1 other    withdrawn, no resp    never judged, not open
  C4 2024-03-01 ombudsman    due 03-29 no resp     open; judged (late) only once as-at passes 03-29
  C5 2024-03-04 st1 decision no due (-> 2024-04-01) resp 03-10  on time
  K2 compliment 2024-03-14
  C6 2024-03-20 st1 provision due 04-17 no resp    after 03-15: ignored; open later
"""

from datetime import date

import pandas as pd
import pytest

from dashboard.kpi.complaints import (
    complaints_block,
    complaints_by_category,
    default_due_dates,
    outcomes,
)

COLUMNS = ["record_id", "kind", "received_date", "stage", "category", "due_date", "responded_date",
           "outcome", "team"]
D = date.fromisoformat
ROWS = [
    ("K0", "compliment", D("2023-12-29"), None, None, None, None, None, "North"),
    ("C1", "complaint", D("2024-01-02"), "1", "process", D("2024-01-30"), D("2024-01-30"), "upheld", "North"),
    ("C2", "complaint", D("2024-01-31"), "1", "decision", D("2024-02-28"), D("2024-02-29"), "not_upheld", "North"),
    ("K1", "compliment", D("2024-01-15"), None, None, None, None, None, "South"),
    ("C3", "complaint", D("2024-02-01"), "2", "communication", D("2024-02-29"), None, "open", "South"),
    ("C9", "complaint", D("2024-02-05"), "1", None, D("2024-03-04"), D("2024-02-06"), "partly_upheld", None),
    ("C7", "complaint", D("2024-02-10"), "1", "timeliness", D("2024-03-08"), D("2024-03-20"), None, "North"),
    ("C8", "complaint", D("2024-02-20"), "1", "other", D("2024-03-19"), None, "withdrawn", "North"),
    ("C4", "complaint", D("2024-03-01"), "ombudsman", "process", D("2024-03-29"), None, None, "South"),
    ("C5", "complaint", D("2024-03-04"), "1", "decision", None, D("2024-03-10"), "not_upheld", "South"),
    ("K2", "compliment", D("2024-03-14"), None, None, None, None, None, "South"),
    ("C6", "complaint", D("2024-03-20"), "1", "provision", D("2024-04-17"), None, "open", "North"),
]


@pytest.fixture
def log() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=COLUMNS)


def _row(month, received, responded, on_time, pct, compliments, s1, s2, omb, open_, judged):
    return {"month": month, "received": received, "responded": responded, "responded_on_time": on_time,
            "judged": judged, "responded_on_time_pct": pct, "compliments": compliments, "stage_1": s1, "stage_2": s2,
            "ombudsman": omb, "open": open_}


def test_by_month_hand_worked(log):
    assert complaints_block(log, as_at=date(2024, 3, 15))["by_month"] == [
        _row("2023-12", 0, 0, 0, None, 1, 0, 0, 0, 0, judged=0),
        # C1 on its due date = on time, C2 one day late: 1 of 2
        _row("2024-01", 2, 2, 1, 50.0, 1, 2, 0, 0, 0, judged=2),
        # judged: C3 (due passed), C7 (due passed, response after as-at), C9 on time; C8 withdrawn
        _row("2024-02", 4, 1, 1, 33.3, 0, 3, 1, 0, 2, judged=3),
        # C4 not yet due and unanswered: not judged; C5 on time; C6 (20 March) ignored
        _row("2024-03", 2, 1, 1, 100.0, 1, 1, 0, 1, 1, judged=1),
    ]


def test_by_month_later_as_at_sees_later_responses_and_new_records(log):
    rows = {r["month"]: r for r in complaints_block(log, as_at=date(2024, 3, 31))["by_month"]}
    assert rows["2024-02"] == _row("2024-02", 4, 2, 1, 33.3, 0, 3, 1, 0, 1, judged=3)  # C7 answered 20 March, late
    # C4 due 29 March now passed unanswered -> late; C6 received, not yet due
    assert rows["2024-03"] == _row("2024-03", 3, 1, 1, 50.0, 1, 2, 0, 1, 2, judged=2)


def test_by_month_as_at_cuts_off_and_runs_to_as_at_month(log):
    rows = complaints_block(log, as_at=date(2024, 1, 31))["by_month"]
    assert [r["month"] for r in rows] == ["2023-12", "2024-01"]
    # C2 (received 31 Jan, due 28 Feb) is not judged yet: 1 of 1 on time
    assert rows[1] == _row("2024-01", 2, 1, 1, 100.0, 1, 2, 0, 0, 1, judged=1)
    later = complaints_block(log, as_at=date(2024, 5, 2))["by_month"]
    assert [r["month"] for r in later][-3:] == ["2024-03", "2024-04", "2024-05"]
    assert later[-1] == _row("2024-05", 0, 0, 0, None, 0, 0, 0, 0, 0, judged=0)
    assert complaints_block(log, as_at=date(2023, 12, 1))["by_month"] == []


def test_by_quarter(log):
    q = complaints_block(log, as_at=date(2024, 3, 15))["by_quarter"]
    assert [r["quarter"] for r in q] == ["2023-Q4", "2024-Q1"]
    assert q[0]["compliments"] == 1 and q[0]["received"] == 0
    # judged C1 C2 C3 C7 C9 C5; on time C1 C9 C5
    assert {k: q[1][k] for k in ("received", "responded_on_time", "responded_on_time_pct", "compliments",
                                 "stage_1", "stage_2", "ombudsman", "open")} == {
        "received": 8, "responded_on_time": 3, "responded_on_time_pct": 50.0, "compliments": 2,
        "stage_1": 6, "stage_2": 1, "ombudsman": 1, "open": 3}
    q = complaints_block(log, as_at=date(2024, 4, 10))["by_quarter"]
    assert [r["quarter"] for r in q] == ["2023-Q4", "2024-Q1", "2024-Q2"]
    assert q[1]["received"] == 9 and q[1]["responded_on_time_pct"] == 42.9  # 3 of 7 (C4 now late)
    assert q[2]["received"] == 0 and q[2]["responded_on_time_pct"] is None


def test_by_category_period_judged_at_period_end(log):
    rows = complaints_by_category(log, start=date(2024, 1, 1), end=date(2024, 2, 29))
    got = {r["category"]: (r["received"], r["responded"], r["responded_on_time"],
                           r["responded_on_time_pct"], r["open"]) for r in rows}
    assert [r["category"] for r in rows] == ["decision", "process", "communication", "timeliness",
                                             "provision", "staff_conduct", "other", "unknown"]
    assert got == {
        "decision": (1, 1, 0, 0.0, 0),        # C2 answered 29 Feb, due 28 Feb
        "process": (1, 1, 1, 100.0, 0),       # C1
        "communication": (1, 0, 0, 0.0, 1),   # C3 due 29 Feb, unanswered
        "timeliness": (1, 0, 0, None, 1),     # C7 not due until 8 March
        "provision": (0, 0, 0, None, 0),
        "staff_conduct": (0, 0, 0, None, 0),
        "other": (1, 0, 0, None, 0),          # C8 withdrawn
        "unknown": (1, 1, 1, 100.0, 0),       # C9 has no category
    }


def test_outcomes_counts_complaints_only(log):
    assert outcomes(log, start=date(2024, 1, 1), end=date(2024, 3, 31)) == {
        "upheld": 1, "partly_upheld": 1, "not_upheld": 2, "withdrawn": 1, "open": 2, "not_recorded": 2}
    assert outcomes(log, start=date(2024, 1, 1), end=date(2024, 1, 31)) == {
        "upheld": 1, "partly_upheld": 0, "not_upheld": 1, "withdrawn": 0, "open": 0}


def test_missing_due_date_defaults_to_20_working_days():
    due = default_due_dates(pd.Series([D("2024-01-01"), D("2024-01-06"), None]))
    assert list(due[:2]) == [pd.Timestamp("2024-01-29"), pd.Timestamp("2024-02-05")]  # Sat counts from Mon
    assert pd.isna(due[2])
    one = pd.DataFrame([("X", "complaint", D("2024-03-04"), "1", "process", None, None, None, None)],
                       columns=COLUMNS)
    assert complaints_block(one, as_at=date(2024, 3, 31))["by_month"][0]["responded_on_time_pct"] is None
    assert complaints_block(one, as_at=date(2024, 4, 1))["by_month"][-1]["month"] == "2024-04"
    assert complaints_block(one, as_at=date(2024, 4, 1))["by_month"][0]["responded_on_time_pct"] == 0.0


def test_datetime64_columns_and_output_is_plain_python(log):
    as_dt = log.assign(**{c: pd.to_datetime(log[c]) for c in ("received_date", "due_date", "responded_date")})
    assert complaints_block(as_dt, as_at=date(2024, 3, 15))["by_month"] == complaints_block(log, as_at=date(2024, 3, 15))["by_month"]
    for row in complaints_block(log, as_at=date(2024, 3, 15))["by_month"]:
        assert all(type(v) in (int, float, str, type(None)) for v in row.values())
