"""The Programme page on the sample plan: a viewer's read-only page (tiles = the programme block, overdue
actions first, no editor), a lead's editor and a save through it, the save function's three outcomes
(saved, an impossible value, another lead first) against a copy of the demo database, and no plan loaded."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3

import pandas as pd
import pytest

from dashboard.format import fmt_int
from dashboard.kpi.programme import programme_block
from dashboard.ui import programme as plan_ui
from dashboard.ui import programme_edit
from data_access import queries
from data_access.engine import make_engine
from frames.programme import STATUS_LABELS
from tests.app.test_access import ROLES_TOML

from .conftest import LA, App

LEAD = {"is_logged_in": True, "email": "head.of.send@council.gov.uk", "groups": ["SEND Leadership"]}
VIEWER = {"is_logged_in": True, "email": "member@council.gov.uk"}


def _copy(demo_url: str, tmp_path, sql: tuple[str, ...] = ()) -> str:
    path = tmp_path / "copy.sqlite"
    shutil.copy(demo_url.removeprefix("sqlite:///"), path)
    with sqlite3.connect(path) as conn:
        for statement in sql:
            conn.execute(statement)
    return f"sqlite:///{path}"


@pytest.fixture
def signed_in(monkeypatch, tmp_path):
    def _open(url: str, user: dict) -> App:
        settings = tmp_path / "senddash.toml"
        settings.write_text(ROLES_TOML)
        monkeypatch.setenv("SENDDASH_SETTINGS", str(settings))
        app = App(monkeypatch, url)
        app.at.user = user
        return app
    return _open


def _actions_table(app: App) -> pd.DataFrame:
    return next(t for t in app.tables() if {"Overdue", "Measure", "RAG"} <= set(t.columns))


def test_viewer_sees_the_plan_read_only_with_the_engine_tiles_and_overdue_first(signed_in, demo_url, demo_engine,
                                                                                 expected_kpis):
    app = signed_in(demo_url, VIEWER).open("Programme")
    as_at = dt.date.fromisoformat(expected_kpis()["as_at"])
    block = programme_block(queries.load_programme(demo_engine, la_code=LA), as_at=as_at)
    m = app.metrics()
    assert m["Actions"] == fmt_int(block["actions"]["total"]) == "30"
    assert m["Overdue actions"] == fmt_int(block["actions"]["overdue"])
    assert m["Milestones due next quarter"] == fmt_int(block["milestones_next_quarter"])
    assert m["Open risks"] == fmt_int(block["risks"]["open"])
    assert m["High risks"] == fmt_int(block["risks"]["high"])
    for status, n in block["actions"]["by_status"].items():
        assert m[f"Actions: {STATUS_LABELS[status]}"] == fmt_int(n)
    assert not app.at.data_editor, "a viewer gets no editor"
    assert "Update the actions" not in [h.value for h in app.at.subheader]
    table = _actions_table(app)
    n = block["actions"]["overdue"]
    assert n > 0 and list(table["Overdue"][:n]) == ["Overdue"] * n and "Overdue" not in set(table["Overdue"][n:])
    assert set(table["Status"]) <= set(STATUS_LABELS.values())
    assert table["Date (re-planned)"].str.fullmatch(r"\d\d/\d\d/\d\d( \(\d\d/\d\d/\d\d\))?").all()
    assert table["Date (re-planned)"].str.contains(r"\(").any(), "a re-planned date is shown in brackets"
    assert (table["Measure"] != "").any() and set(table["RAG"]) - {""}
    charts = app.charts()
    assert set(charts["Milestones by quarter"]["status"].dropna()) <= set(STATUS_LABELS.values())
    before, after = charts["Open risks before mitigation"], charts["Open risks after mitigation"]
    assert len(before) == len(after) == 25 and before["count"].sum() == block["risks"]["open"]
    decisions = next(t for t in app.tables() if "Made by" in t.columns)
    days = pd.to_datetime(decisions["Date"], format="%d/%m/%Y")
    assert days.is_monotonic_decreasing and len(decisions) == 8


def test_the_groups_table_follows_the_selector(signed_in, demo_url):
    app = signed_in(demo_url, VIEWER).open("Programme")
    assert any("Workstream" in t.columns and "Total" in t.columns for t in app.tables())
    app.at.radio(key="prog_by").set_value("condition")
    app.run()
    counts = next(t for t in app.tables() if "Condition" in t.columns and "Total" in t.columns)
    assert counts["Total"].sum() == 30 and len(counts) == 5


def test_lead_gets_the_editor_and_a_save_through_it_is_recorded(signed_in, demo_url, tmp_path):
    url = _copy(demo_url, tmp_path)
    app = signed_in(url, LEAD).open("Programme")
    editors = app.at.data_editor
    assert editors[0].key == "prog_editor_0"  # (then the milestones and the risks)
    grid = editors[0].value
    assert list(grid["ref"][:1]) == ["A01"]
    app.at.session_state["prog_editor_0"] = {"edited_rows": {0: {"status": "Red", "progress": "Reopened."}},
                                             "added_rows": [], "deleted_rows": []}
    app.run()
    app.at.button(key="prog_save").click()
    app.run()
    assert [s.value for s in app.at.success] == ["Saved action A01: status Red, progress 'Reopened.'."]
    eng = make_engine(url)
    edits = queries.load_edits(eng, la_code=LA, table="actions", ref="A01")
    assert set(zip(edits["field"], edits["old_value"], edits["new_value"], strict=True)) == {
        ("status", "blue", "red"), ("progress", "Complete.", "Reopened.")}
    assert set(edits["edited_by"]) == {LEAD["email"]}
    history = next(t for t in app.tables() if "Who" in t.columns)
    assert set(zip(history["Field"], history["Old"], history["New"], strict=True)) == {
        ("status", "Complete", "Red"), ("progress", "Complete.", "Reopened.")}
    eng.dispose()


@pytest.fixture
def plan_db(demo_url, tmp_path):
    eng = make_engine(_copy(demo_url, tmp_path))
    yield eng
    eng.dispose()


def _edited(before: pd.DataFrame, ref: str, **values) -> pd.DataFrame:
    grid = programme_edit.grid(before)
    i = grid.index[grid["ref"] == ref][0]
    for field, value in values.items():
        grid.at[i, field] = value
    return grid


def test_changes_are_only_the_edited_fields_of_the_edited_rows(plan_db):
    before = queries.load_programme(plan_db, la_code=LA)["actions"]
    assert programme_edit.changes(before, programme_edit.grid(before)) == []
    after = _edited(before, "A03", status="Amber", expected_date=dt.date(2026, 1, 31))
    [change] = programme_edit.changes(before, after)
    assert change.ref == "A03" and change.version == int(before.set_index("ref").at["A03", "version"])
    assert change.fields == {"status": "amber", "expected_date": dt.date(2026, 1, 31)}


def test_save_says_what_was_saved_refuses_an_impossible_date_and_overwrites_nothing_on_a_conflict(plan_db):
    before = queries.load_programme(plan_db, la_code=LA)["actions"]
    after = _edited(before, "A03", status="Amber")
    after.loc[after["ref"] == "A04", "expected_date"] = dt.date(1999, 12, 31)
    queries.edit_programme(plan_db, la_code=LA, table="actions", ref="A05", changes={"progress": "Theirs."},
                           expected_version=int(before.set_index("ref").at["A05", "version"]),
                           edited_by="other.lead@council.gov.uk")
    after.loc[after["ref"] == "A05", "progress"] = "Mine."
    said = programme_edit.save(plan_db, la_code=LA, before=before, after=after, who="me@council.gov.uk")
    by_ref = {re.search(r"ction (A\d+)", text).group(1): (kind, text) for kind, text in said}
    assert by_ref["A03"] == ("success", "Saved action A03: status Amber.")
    kind, text = by_ref["A04"]
    assert kind == "error" and text.startswith("Action A04: The expected date 31/12/1999 is before 01/01/2000")
    kind, text = by_ref["A05"]
    assert kind == "warning" and "Another lead changed action A05 first" in text and "progress 'Theirs.'" in text
    assert "nothing was overwritten" in text
    now = queries.load_programme(plan_db, la_code=LA)["actions"].set_index("ref")
    assert now.at["A03", "status"] == "amber"
    was = before.set_index("ref").at["A04", "expected_date"]
    assert (pd.isna(was) and pd.isna(now.at["A04", "expected_date"])) or now.at["A04", "expected_date"] == was
    assert now.at["A05", "progress"] == "Theirs."
    edits = queries.load_edits(plan_db, la_code=LA)
    assert list(edits["ref"]) == ["A05", "A03"] and "me@council.gov.uk" in set(edits["edited_by"])


def test_no_plan_loaded_says_how_to_import_one(open_app, demo_url, migrated_empty_url, tmp_path):
    url = _copy(demo_url, tmp_path, ("DELETE FROM programme_edit", "DELETE FROM programme_action",
                                     "DELETE FROM programme_milestone", "DELETE FROM programme_risk",
                                     "DELETE FROM programme_decision"))
    for app in (open_app(url).open("Programme"), open_app(migrated_empty_url).open("Programme")):
        assert plan_ui.NO_PLAN in app.infos()
        assert "senddash import plan.xlsx --kind programme" in plan_ui.NO_PLAN
        assert not app.at.metric and not app.at.data_editor


def test_reports_are_offered_to_everyone_with_finance_and_the_override_for_leads_only(signed_in, demo_url):
    from dashboard.reports import FORMATS

    viewer = signed_in(demo_url, VIEWER).open("Programme")
    offered = [b.proto.label for b in viewer.at.get("download_button") if "report-" in b.proto.id]
    assert set(offered) == {"PDF", "Word", "Excel"} | ({"PowerPoint"} if "data-pack" in FORMATS else set())
    assert len(offered) == sum(len(s) for s in FORMATS.values())
    assert any("finance is not included" in c.value for c in viewer.at.caption)
    assert "prog_rag" not in [s.key for s in viewer.at.selectbox]

    lead = signed_in(demo_url, LEAD).open("Programme")
    assert any("finance is included" in c.value for c in lead.at.caption)
    lead.at.selectbox(key="prog_rag").set_value("Red")
    lead.run()
    assert any("needs a reason" in w.value for w in lead.at.warning)
    lead.at.text_input(key="prog_rag_reason").set_value("The board asked for red until recruitment lands.")
    lead.run()
    assert not any("needs a reason" in w.value for w in lead.at.warning) and not lead.at.exception



def test_a_lead_edits_milestones_and_risks_too_and_an_impossible_score_is_refused(signed_in, demo_url, tmp_path):
    url = _copy(demo_url, tmp_path)
    app = signed_in(url, LEAD).open("Programme")
    keys = sorted(e.key for e in app.at.data_editor)
    assert keys == ["prog_editor_0", "prog_milestones_editor_0", "prog_risks_editor_0"]
    risks = next(e for e in app.at.data_editor if e.key == "prog_risks_editor_0").value
    first = risks["ref"].iloc[0]
    was = int(risks["mitigated_impact"].iloc[0])
    new = 1 if was != 1 else 2
    app.at.session_state["prog_risks_editor_0"] = {"edited_rows": {0: {"mitigated_impact": new}},
                                                   "added_rows": [], "deleted_rows": []}
    app.run()
    app.at.button(key="prog_risks_save").click()
    app.run()
    assert f"Saved risk {first}: mitigated impact '{new}'." in [s.value for s in app.at.success]
    eng = make_engine(url)
    try:
        edits = queries.load_edits(eng, la_code=LA, table="risks", ref=first)
        assert list(zip(edits["field"], edits["old_value"], edits["new_value"], strict=True)) == [
            ("mitigated_impact", str(was), str(new))]
        now = queries.load_programme(eng, la_code=LA)
        assert int(now["risks"].set_index("ref").at[first, "mitigated_impact"]) == new
        # the matrix after mitigation moved with it
        after = app.charts()["Open risks after mitigation"]
        assert after["count"].sum() == (now["risks"]["status"] == "open").sum()
        # the history lists the risk and shows the change
        app.at.selectbox(key="prog_history").set_value(("risks", first))
        app.run()
        history = next(t for t in app.tables() if "Who" in t.columns)
        assert list(zip(history["Field"], history["Old"], history["New"], strict=True)) == [
            ("mitigated impact", str(was), str(new))]

        before = now["risks"]
        bad = programme_edit.grid(before, "risks")
        bad.loc[bad["ref"] == first, "likelihood"] = 7
        [(kind, text)] = programme_edit.save(eng, la_code=LA, before=before, after=bad, who="me", table="risks")
        assert kind == "error" and text.startswith(f"Risk {first}: ") and "likelihood must be a whole number from 1 to 5" in text
        assert int(queries.load_programme(eng, la_code=LA)["risks"].set_index("ref").at[first, "likelihood"]) == \
            int(before.set_index("ref").at[first, "likelihood"])

        miles = now["milestones"]
        moved = programme_edit.grid(miles, "milestones")
        ref = moved["ref"].iloc[0]
        moved.loc[moved.index[0], "status"] = "Re-planning needed"
        moved.loc[moved.index[0], "expected_date"] = dt.date(2027, 3, 31)
        [(kind, text)] = programme_edit.save(eng, la_code=LA, before=miles, after=moved, who="me",
                                             table="milestones")
        assert kind == "success" and text == (f"Saved milestone {ref}: status Re-planning needed, expected date "
                                              "31/03/2027.")
        row = queries.load_programme(eng, la_code=LA)["milestones"].set_index("ref").loc[ref]
        assert row["status"] == "purple" and row["expected_date"] == pd.Timestamp(2027, 3, 31)
    finally:
        eng.dispose()
