"""The programme workbook (SPEC 1.8): import, bad rows with row and column, a missing sheet, measure keys,
the template and the round trip import -> export -> import."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from data_access.importers import detect_kind, run_import
from data_access.importers.reading import read_bytes
from data_access.programme_workbook import export_bytes, template_bytes
from data_access.queries import edit_programme, load_edits, load_programme
from frames.programme import PROGRAMME_FRAMES
from tests.conftest import SAMPLE

ACTIONS = tuple(PROGRAMME_FRAMES["actions"])
MILESTONES = tuple(PROGRAMME_FRAMES["milestones"])
RISKS = tuple(PROGRAMME_FRAMES["risks"])
DECISIONS = tuple(PROGRAMME_FRAMES["decisions"])

GOOD_ACTIONS = [
    ("A1", "Assessment", "C1", "Recruit coordinators", "Head of SEND", dt.datetime(2025, 3, 30), None, "Blue",
     "Done", "More plans on time", "timeliness_pct_ex"),
    ("A2", "Assessment", "C1", "Weekly panel", "PEP", "30/03/2025", "01/09/2025", "purple", None, None,
     "requests"),
    ("A3", "Inclusion", "C2", "Toolkit", "Inclusion Lead", "2025-06-30", "2025-06-30", "a", "Slipping", None, None),
]
GOOD_MILESTONES = [("M1", "Assessment", "Backlog cleared", "31/03/2025", None, "Green")]
GOOD_RISKS = [("R1", "Assessment", "EP vacancies", 5, 4, "Locums", 3, "3", "PEP", "Open"),
              ("R2", "Finance", "Savings short", "4", 5.0, None, None, None, "S151", None)]
GOOD_DECISIONS = [("D1", dt.datetime(2024, 2, 12), "Governance agreed", "Programme board")]
KEYS = {"timeliness_pct_ex", "requests"}


def workbook(path, sheets: dict[str, tuple[tuple, list]]):
    wb = openpyxl.Workbook()
    wb.active.title = "README"
    wb.active.append(["A plan"])
    for title, (header, rows) in sheets.items():
        ws = wb.create_sheet(title)
        ws.append(list(header))
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def good(tmp_path, name="plan.xlsx", **changes):
    sheets = {"Actions": (ACTIONS, GOOD_ACTIONS), "milestones": (MILESTONES, GOOD_MILESTONES),
              "Risks": (RISKS, GOOD_RISKS), "decisions": (DECISIONS, GOOD_DECISIONS)}
    sheets.update(changes)
    return workbook(tmp_path / name, {k: v for k, v in sheets.items() if v is not None})


def _plain(frames):
    return {k: v.drop(columns="version") for k, v in frames.items()}


def test_a_good_workbook_loads_and_reads_back_as_the_frames(engine, tmp_path):
    path = good(tmp_path)
    assert detect_kind(path, read_bytes(path)) == "programme"
    report = run_import(engine, path, la_code="351", measure_keys=KEYS)
    assert report.status == "loaded", report.message
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (7, 7, 0)
    assert report.warnings == []
    plan = load_programme(engine, la_code="351")
    a = plan["actions"].set_index("ref")
    assert list(a["status"]) == ["blue", "purple", "amber"]
    assert a.loc["A2", "due_date"] == pd.Timestamp("2025-03-30")
    assert a.loc["A2", "expected_date"] == pd.Timestamp("2025-09-01")
    assert pd.isna(a.loc["A1", "expected_date"]) and a.loc["A1", "due_date"] == pd.Timestamp("2025-03-30")
    r = plan["risks"].set_index("ref")
    assert r.loc["R1", "mitigated_impact"] == 3 and str(r["likelihood"].dtype) == "Int64"
    assert r.loc["R2", "status"] == "open" and pd.isna(r.loc["R2", "mitigated_likelihood"])
    assert plan["decisions"]["date"].iloc[0] == pd.Timestamp("2024-02-12")
    assert set(plan["actions"]["version"]) == {1}
    assert load_programme(engine, la_code="352")["actions"].empty


@pytest.mark.parametrize(("sheet", "row", "column", "words"), [
    ("actions", ("A9", "W", "C", "x", "L", "01/01/2025", None, "pink", None, None, None), "status", "not a status"),
    ("actions", ("A9", "W", "C", "x", "L", "TBC", None, "red", None, None, None), "due_date", "not a date"),
    ("actions", ("A9", "W", "C", "x", "L", "01/01/2025", "next spring", "red", None, None, None), "expected_date",
     "not a date"),
    ("actions", ("A9", "W", "C", "x", "L", "01/01/1999", None, "red", None, None, None), "due_date", "before"),
    ("actions", ("A9", "W", "C", "x", "L", None, None, None, None, None, None), "status", "required"),
    ("actions", ("A1", "W", "C", "x", "L", None, None, "red", None, None, None), "ref", "more than one row"),
    ("milestones", ("M9", "W", "m", "soon", None, "red"), "due_date", "not a date"),
    ("risks", ("R9", "W", "r", 7, 3, None, None, None, None, "open"), "likelihood", "1 to 5"),
    ("risks", ("R9", "W", "r", 3, 3, None, 0, None, None, "open"), "mitigated_likelihood", "1 to 5"),
    ("risks", ("R9", "W", "r", 3, 2.5, None, None, None, None, "open"), "impact", "1 to 5"),
    ("risks", ("R9", "W", "r", 3, 3, None, None, None, None, "pending"), "status", "risk status"),
    ("decisions", ("D9", "TBC", "d", "board"), "date", "not a date"),
])
def test_a_bad_value_rejects_its_row_naming_row_and_column(sqlite_engine, tmp_path, sheet, row, column, words):
    headers = {"actions": (ACTIONS, GOOD_ACTIONS), "milestones": (MILESTONES, GOOD_MILESTONES),
               "risks": (RISKS, GOOD_RISKS), "decisions": (DECISIONS, GOOD_DECISIONS)}
    header, rows = headers[sheet]
    title = {"actions": "Actions", "risks": "Risks"}.get(sheet, sheet)
    path = good(tmp_path, **{title: (header, [*rows, row])})
    report = run_import(sqlite_engine, path, la_code="351")
    assert report.status == "loaded", report.message
    bad = [r for r in report.rejections if r.column == column]
    dup = words == "more than one row"
    assert [r.row for r in report.rejections] == ([2, len(rows) + 2] if dup else [len(rows) + 2])
    assert bad and words in bad[0].reason and f"'{title}' sheet" in bad[0].reason
    loaded = load_programme(sqlite_engine, la_code="351")[sheet]
    assert len(loaded) == len(rows) - (1 if dup else 0)


def test_duplicate_refs_reject_every_copy(sqlite_engine, tmp_path):
    rows = [*GOOD_DECISIONS, ("D1", "01/03/2024", "Again", "Board"), ("D2", "01/03/2024", "Other", "Board")]
    report = run_import(sqlite_engine, good(tmp_path, decisions=(DECISIONS, rows)), la_code="351")
    assert [(r.row, r.column) for r in report.rejections] == [(2, "ref"), (3, "ref")]
    assert list(load_programme(sqlite_engine, la_code="351")["decisions"]["ref"]) == ["D2"]


def test_a_missing_sheet_is_warned_about_and_that_table_left_as_it_was(engine, tmp_path):
    assert run_import(engine, good(tmp_path), la_code="351").status == "loaded"
    fewer = [GOOD_ACTIONS[0]]
    report = run_import(engine, good(tmp_path, "fewer.xlsx", Actions=(ACTIONS, fewer), Risks=None), la_code="351")
    assert report.status == "loaded", report.message
    assert len(report.warnings) == 1 and "no risks sheet" in report.warnings[0]
    plan = load_programme(engine, la_code="351")
    assert list(plan["actions"]["ref"]) == ["A1"]  # replaced
    assert list(plan["risks"]["ref"]) == ["R1", "R2"]  # kept


def test_measure_keys_are_checked_only_when_given(sqlite_engine, tmp_path):
    rows = [*GOOD_ACTIONS, ("A4", "W", "C", "x", "L", None, None, "red", None, None, "no_such_measure")]
    path = good(tmp_path, Actions=(ACTIONS, rows))
    unchecked = run_import(sqlite_engine, path, la_code="351")
    assert unchecked.status == "loaded" and unchecked.rejections == []
    assert "A4" in set(load_programme(sqlite_engine, la_code="351")["actions"]["ref"])
    checked = run_import(sqlite_engine, path, la_code="352", measure_keys=KEYS)  # another LA: not 'unchanged'
    assert checked.status == "loaded", checked.message
    assert [(r.row, r.column) for r in checked.rejections] == [(5, "measure")]
    assert "not a measure key" in checked.rejections[0].reason
    assert "A4" not in set(load_programme(sqlite_engine, la_code="352")["actions"]["ref"])


def test_one_csv_is_one_table(sqlite_engine, tmp_path):
    path = tmp_path / "risks.csv"
    path.write_text(",".join(RISKS) + ",la_code\nR1,W,EP,5,4,Locums,3,3,PEP,open,351\n")
    assert detect_kind(path, path.read_bytes()) == "programme"
    report = run_import(sqlite_engine, path)
    assert report.status == "loaded", report.message
    assert list(load_programme(sqlite_engine, la_code="351")["risks"]["ref"]) == ["R1"]


def test_a_workbook_with_no_programme_sheet_or_no_rows_is_refused(sqlite_engine, tmp_path):
    empty = workbook(tmp_path / "empty.xlsx", {"actions": (ACTIONS, [])})
    report = run_import(sqlite_engine, empty, kind="programme", la_code="351")
    assert report.status == "rejected" and "no data rows" in report.message
    other = workbook(tmp_path / "other.xlsx", {"Sheet2": (("a", "b"), [(1, 2)])})
    report = run_import(sqlite_engine, other, kind="programme", la_code="351")
    assert report.status == "rejected" and "none of the programme's sheets" in report.message


def test_the_template_has_the_four_sheets_and_their_headers():
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    assert wb.sheetnames == ["README", "actions", "milestones", "risks", "decisions"]
    for sheet, kinds in PROGRAMME_FRAMES.items():
        assert [c.value for c in wb[sheet][1]] == list(kinds)
        assert wb[sheet].max_row == 1
    assert any("purple" in str(dv.formula1) for dv in wb["actions"].data_validations.dataValidation)
    assert template_bytes() == template_bytes()


def test_the_sample_plan_round_trips_and_names_catalogue_measures(engine, tmp_path):
    from dashboard.measures.catalogue import BY_KEY

    report = run_import(engine, SAMPLE / "programme.xlsx", measure_keys=set(BY_KEY))
    assert report.status == "loaded", report.message
    assert report.rejections == [] and report.warnings == []
    first = _plain(load_programme(engine, la_code="351"))
    assert {k: len(v) for k, v in first.items()} == {"actions": 30, "milestones": 10, "risks": 10, "decisions": 8}
    assert first["actions"]["condition"].nunique() == 5 and first["actions"]["workstream"].nunique() == 6
    assert set(first["actions"]["status"]) == {"purple", "red", "amber", "green", "blue"}
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(export_bytes(engine, la_code="351"))
    again = run_import(engine, exported, measure_keys=set(BY_KEY))
    assert again.status == "loaded", again.message
    second = _plain(load_programme(engine, la_code="351"))
    for sheet in first:
        pd.testing.assert_frame_equal(first[sheet], second[sheet])
    (tmp_path / "export2.xlsx").write_bytes(export_bytes(engine, la_code="351"))
    assert (tmp_path / "export2.xlsx").read_bytes() == exported.read_bytes()


def test_an_export_carries_the_edits_and_a_reimport_keeps_them_and_their_history(engine, tmp_path):
    assert run_import(engine, good(tmp_path), la_code="351").status == "loaded"
    edit_programme(engine, la_code="351", table="actions", ref="A3", changes={"status": "red", "progress": "Late"},
                   expected_version=1, edited_by="lead@example.org")
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(export_bytes(engine, la_code="351"))
    wb = openpyxl.load_workbook(exported)
    assert [c.value for c in wb["edit_history"][1]][:3] == ["table", "ref", "field"]
    assert wb["edit_history"].max_row == 3
    assert run_import(engine, exported).status == "loaded"
    a = load_programme(engine, la_code="351")["actions"].set_index("ref")
    assert (a.loc["A3", "status"], a.loc["A3", "progress"]) == ("red", "Late")
    assert len(load_edits(engine, la_code="351")) == 2  # the import kept the history
