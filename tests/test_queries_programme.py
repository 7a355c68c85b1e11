"""load_programme, edit_programme and load_edits: the frames' shape, the audit trail, validation sentences,
two leads saving at once, and a database made before schema 0008."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data_access import queries
from data_access.engine import make_engine
from data_access.importers import run_import
from data_access.queries import ConflictError, edit_programme, load_edits, load_programme
from frames.programme import EDIT_COLUMNS, PROGRAMME_FRAMES
from tests.conftest import SAMPLE

DTYPES = {"str": "object", "date": "datetime64[ns]", "Int64": "Int64", "int64": "int64"}


def _shape_is_declared(frames):
    assert set(frames) == set(PROGRAMME_FRAMES)
    for name, kinds in PROGRAMME_FRAMES.items():
        df = frames[name]
        assert list(df.columns) == [*kinds, "version"], name
        assert {c: str(t) for c, t in df.dtypes.items()} == {**{c: DTYPES[k] for c, k in kinds.items()},
                                                             "version": "int64"}, name


@pytest.fixture
def plan(engine):
    report = run_import(engine, SAMPLE / "programme.xlsx")
    assert report.status == "loaded", report.message
    return engine


def _action(engine, ref):
    return load_programme(engine, la_code="351")["actions"].set_index("ref").loc[ref]


def test_empty_database_gives_empty_frames_of_the_declared_shape(engine):
    frames = load_programme(engine, la_code="351")
    _shape_is_declared(frames)
    assert all(df.empty for df in frames.values())
    _shape_is_declared(queries.empty_programme())
    edits = load_edits(engine, la_code="351")
    assert list(edits.columns) == list(EDIT_COLUMNS) and edits.empty


def test_the_sample_reads_back_typed(plan):
    _shape_is_declared(load_programme(plan, la_code="351"))


def test_an_edit_is_saved_with_its_audit_trail(plan):
    before = _action(plan, "A04")
    edit_programme(plan, la_code="351", table="actions", ref="A04",
                   changes={"status": "Red", "expected_date": "01/03/2026", "progress": before["progress"]},
                   expected_version=1, edited_by="lead@example.org")
    after = _action(plan, "A04")
    assert (after["status"], after["expected_date"], after["version"]) == ("red", pd.Timestamp("2026-03-01"), 2)
    edits = load_edits(plan, la_code="351", table="actions", ref="A04")
    assert list(edits["field"]) == ["status", "expected_date"]  # progress did not change: no row
    assert list(edits["old_value"]) == ["amber", before["expected_date"].date().isoformat()]
    assert list(edits["new_value"]) == ["red", "2026-03-01"]
    assert set(edits["edited_by"]) == {"lead@example.org"}
    assert (dt.datetime.now(dt.UTC).replace(tzinfo=None) - edits["edited_at"].iloc[0]) < pd.Timedelta(minutes=5)
    edit_programme(plan, la_code="351", table="risks", ref="R01", changes={"mitigated_likelihood": 2},
                   expected_version=1, edited_by="other@example.org")
    assert len(load_edits(plan, la_code="351")) == 3
    assert list(load_edits(plan, la_code="351", table="risks")["new_value"]) == ["2"]
    assert load_edits(plan, la_code="352").empty


def test_an_edit_changing_nothing_writes_nothing(plan):
    status = _action(plan, "A01")["status"]
    edit_programme(plan, la_code="351", table="actions", ref="A01", changes={"status": status},
                   expected_version=1, edited_by="lead")
    assert _action(plan, "A01")["version"] == 1 and load_edits(plan, la_code="351").empty


def test_the_second_of_two_leads_saving_the_same_version_is_refused(plan):
    edit_programme(plan, la_code="351", table="actions", ref="A05", changes={"progress": "First lead's note"},
                   expected_version=1, edited_by="first")
    with pytest.raises(ConflictError) as err:
        edit_programme(plan, la_code="351", table="actions", ref="A05", changes={"progress": "Second lead's note"},
                       expected_version=1, edited_by="second")
    assert str(err.value).count(".") == 1 and "Someone else saved" in str(err.value)
    assert _action(plan, "A05")["progress"] == "First lead's note"
    assert list(load_edits(plan, la_code="351")["edited_by"]) == ["first"]
    edit_programme(plan, la_code="351", table="actions", ref="A05", changes={"progress": "Second lead's note"},
                   expected_version=2, edited_by="second")  # after reloading
    assert _action(plan, "A05")["version"] == 3


@pytest.mark.parametrize(("table", "changes", "words"), [
    ("actions", {"expected_date": dt.date(1999, 12, 31)}, "before 01/01/2000"),
    ("actions", {"due_date": "TBC"}, "is not a date"),
    ("milestones", {"expected_date": "1990-05-01"}, "before 01/01/2000"),
    ("actions", {"status": "pink"}, "not a status"),
    ("actions", {"status": None}, "needs a status"),
    ("risks", {"status": "amber"}, "not a status"),
    ("risks", {"likelihood": 7}, "from 1 to 5"),
    ("risks", {"mitigated_impact": 0}, "from 1 to 5"),
    ("risks", {"impact": 2.5}, "from 1 to 5"),
    ("actions", {"ref": "A99"}, "cannot be changed"),
    ("actions", {"colour": "red"}, "not a column"),
    ("plans", {"status": "red"}, "not a part of the plan"),
])
def test_an_impossible_edit_is_refused_in_one_sentence(sqlite_engine, table, changes, words):
    assert run_import(sqlite_engine, SAMPLE / "programme.xlsx").status == "loaded"
    ref = {"actions": "A01", "milestones": "M01", "risks": "R01"}.get(table, "X")
    with pytest.raises(ValueError, match=words) as err:
        edit_programme(sqlite_engine, la_code="351", table=table, ref=ref, changes=changes, expected_version=1,
                       edited_by="lead")
    message = str(err.value)
    assert message.endswith(".") and message.count(". ") == 0
    assert load_edits(sqlite_engine, la_code="351").empty
    assert set(load_programme(sqlite_engine, la_code="351")["actions"]["version"]) == {1}


def test_editing_a_row_that_is_not_there_is_refused(sqlite_engine):
    with pytest.raises(ValueError, match="no action A01"):
        edit_programme(sqlite_engine, la_code="351", table="actions", ref="A01", changes={"status": "red"},
                       expected_version=1, edited_by="lead")


def test_before_schema_0008_the_frames_are_empty(tmp_path):
    from tests.test_queries_finance import _at

    eng = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    _at(eng, "0007")
    _shape_is_declared(load_programme(eng, la_code="351"))
    assert load_edits(eng, la_code="351").empty
    eng.dispose()
