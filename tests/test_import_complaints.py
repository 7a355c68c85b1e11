"""Complaints and compliments log (SPEC 1.3): upsert, value variants, default due dates, bad rows."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import func, select

from data_access.importers import run_import
from data_access.importers.working_days import add_working_days, bank_holidays, easter_sunday
from data_access.queries import load_complaints
from data_access.schema import Complaint, ImportLog

HEADER = "record_id,kind,received_date,stage,category,due_date,responded_date,outcome,team\n"
FIRST = HEADER + (
    "C-001,complaint,2024-12-20,Stage 1,Staff conduct,,2025-01-10,Partly upheld,North\n"
    "C-002,Complaint,02/04/2024,stage 2,timeliness,2024-05-01,2024-04-30,Not Upheld,South\n"
    "C-003,compliment,2024-05-07,,,,,,North\n"
    "C-004,complaint,2024-06-03,Ombudsman,Decision,,,open,\n"
)


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _day(s: str) -> pd.Timestamp:
    return pd.Timestamp(s)


def test_csv_import_normalises_values_and_defaults_due_dates(engine, tmp_path):
    report = run_import(engine, _write(tmp_path, "complaints.csv", FIRST), kind="complaints", la_code="351")
    assert report.status == "loaded", report.message
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (4, 4, 0)
    assert report.target == "complaints:351"
    df = load_complaints(engine, la_code="351").set_index("record_id")
    assert len(df) == 4
    c1 = df.loc["C-001"]
    assert (c1.kind, c1.stage, c1.category, c1.outcome, c1.team) == (
        "complaint", "1", "staff_conduct", "partly_upheld", "North")
    # 20 working days after Fri 20 Dec 2024, skipping 25, 26 Dec and 1 Jan (worked by hand in
    # test_default_due_dates_over_bank_holidays): Wed 22 Jan 2025
    assert c1.due_date == _day("2025-01-22")
    assert c1.responded_date == _day("2025-01-10")
    c2 = df.loc["C-002"]
    assert (c2.kind, c2.stage, c2.category, c2.outcome) == ("complaint", "2", "timeliness", "not_upheld")
    assert c2.received_date == _day("2024-04-02")  # UK date 02/04/2024
    assert c2.due_date == _day("2024-05-01")  # given, so kept
    c3 = df.loc["C-003"]
    assert c3.kind == "compliment" and pd.isna(c3.due_date) and c3.stage is None
    c4 = df.loc["C-004"]
    assert (c4.stage, c4.category, c4.outcome) == ("ombudsman", "decision", "open")
    # Mon 3 Jun 2024 + 20 working days, no bank holiday in between: Mon 1 Jul 2024
    assert c4.due_date == _day("2024-07-01")
    assert str(df["received_date"].dtype) == "datetime64[ns]"


def test_reimport_upserts_by_record_id(engine, tmp_path):
    assert run_import(engine, _write(tmp_path, "a.csv", FIRST), kind="complaints", la_code="351").ok
    second = HEADER + (
        "C-001,complaint,2024-12-20,Stage 1,Staff conduct,,2025-01-10,Upheld,North\n"  # outcome changed
        "C-002,Complaint,02/04/2024,stage 2,timeliness,2024-05-01,2024-04-30,Not Upheld,South\n"  # same
        "C-005,complaint,2025-01-06,1,communication,,,,East\n"  # new
    )  # C-003 and C-004 are not in this file: they stay as they were
    report = run_import(engine, _write(tmp_path, "b.csv", second), kind="complaints", la_code="351")
    assert report.status == "loaded", report.message
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Complaint)).scalar() == 5
        first_id, second_id = conn.execute(select(ImportLog.id).order_by(ImportLog.id)).scalars().all()
        by_id = dict(conn.execute(select(Complaint.record_id, Complaint.import_id)).all())
    df = load_complaints(engine).set_index("record_id")
    assert df.loc["C-001", "outcome"] == "upheld"
    assert df.loc["C-004", "outcome"] == "open"
    assert by_id == {"C-001": second_id, "C-002": first_id, "C-003": first_id, "C-004": first_id,
                     "C-005": second_id}
    # same file again: nothing changes
    assert run_import(engine, tmp_path / "b.csv", kind="complaints", la_code="351").status == "unchanged"
    # another LA's log with the same record ids is kept apart
    other = run_import(engine, _write(tmp_path, "c.csv", "la_code," + HEADER + "352," + FIRST.splitlines()[1]),
                       kind="complaints")
    assert other.ok and other.la_code == "352"
    assert len(load_complaints(engine, la_code="351")) == 5
    assert len(load_complaints(engine, la_code="352")) == 1


def test_xlsx_with_date_cells(engine, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Record ID", "Kind", "Received Date", "Stage", "Category", "Due Date", "Responded Date", "Outcome",
               "Team", "LA Code"])
    ws.append(["X1", "Complaint", dt.datetime(2021, 12, 17), 1, "Process", None, dt.datetime(2022, 1, 20),
               "Withdrawn", "SEN North", 351])
    ws.append(["X2", "Compliment", dt.date(2024, 3, 28), None, None, None, None, None, "SEN South", 351])
    ws.append(["X3", "Complaint", dt.datetime(2024, 3, 28), "Stage 2", "Provision", None, None, None, None, 351])
    path = tmp_path / "log.xlsx"
    wb.save(path)
    report = run_import(engine, path, kind="complaints")
    assert report.status == "loaded", report.message
    assert report.la_code == "351" and report.rows_loaded == 3
    df = load_complaints(engine).set_index("record_id")
    assert df.loc["X1", "received_date"] == _day("2021-12-17")
    assert df.loc["X1", "stage"] == "1" and df.loc["X1", "outcome"] == "withdrawn"
    # Fri 17 Dec 2021: Christmas and Boxing Day on a weekend -> 27 and 28 Dec; 1 Jan 2022 a Saturday -> 3 Jan
    assert df.loc["X1", "due_date"] == _day("2022-01-19")
    assert df.loc["X2", "received_date"] == _day("2024-03-28") and pd.isna(df.loc["X2", "due_date"])
    # Thu 28 Mar 2024, before Good Friday 29 Mar and Easter Monday 1 Apr: Mon 29 Apr 2024
    assert df.loc["X3", "due_date"] == _day("2024-04-29")


def test_default_due_dates_over_bank_holidays():
    # Hand-worked: after Fri 20 Dec 2024 the working days are Mon 23 (1), Tue 24 (2), [25, 26 Dec
    # holidays], Fri 27 (3), Mon 30 (4), Tue 31 (5), [1 Jan holiday], Thu 2 Jan (6), Fri 3 (7),
    # 6-10 Jan (8-12), 13-17 Jan (13-17), Mon 20 (18), Tue 21 (19), Wed 22 Jan (20).
    received = pd.Series(pd.to_datetime(["2024-12-20", "2021-12-17", "2024-03-28", "2024-12-21", None]))
    due = add_working_days(received, 20)
    assert list(due[:4]) == [_day("2025-01-22"), _day("2022-01-19"), _day("2024-04-29"), _day("2025-01-22")]
    assert pd.isna(due[4])
    assert easter_sunday(2024) == dt.date(2024, 3, 31) and easter_sunday(2025) == dt.date(2025, 4, 20)
    # gov.uk's 2022 list: New Year substitute, Easter, early May, the moved spring holiday, the Platinum
    # Jubilee, summer, the Queen's funeral, Boxing Day and the Christmas substitute day
    assert [d.isoformat() for d in bank_holidays(2022)] == [
        "2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29",
        "2022-09-19", "2022-12-26", "2022-12-27"]
    assert dt.date(2020, 5, 8) in bank_holidays(2020) and dt.date(2020, 5, 4) not in bank_holidays(2020)
    assert dt.date(2023, 5, 8) in bank_holidays(2023)


def test_bad_rows_are_reported_with_row_and_column(engine, tmp_path):
    text = HEADER + (
        "B-1,complaint,2024-02-30,1,process,,,,\n"  # row 2: no 30 February
        "B-2,complaint,2024-03-01,3,process,,,,\n"  # row 3: unknown stage
        "B-3,complaint,2024-03-01,1,cake,,,,\n"  # row 4: unknown category
        "B-4,complaint,2024-03-10,1,process,,2024-03-01,upheld,\n"  # row 5: responded before received
        "B-5,complaint,2024-03-10,1,process,,,,\n"  # row 6: duplicate id (with row 7)
        "B-5,complaint,2024-03-11,1,process,,,,\n"  # row 7
        "B-6,complaint,2024-03-12,2,other,,2024-03-20,not upheld,\n"  # row 8: fine
        ",complaint,2024-03-12,2,other,,,,\n"  # row 9: no id
        "B-7,grumble,2024-03-12,2,other,,,,\n"  # row 10: unknown kind
    )
    report = run_import(engine, _write(tmp_path, "bad.csv", text), kind="complaints", la_code="351")
    assert report.status == "loaded", report.message
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (9, 1, 8)
    got = [(r.row, r.column) for r in report.rejections]
    assert got == [(2, "received_date"), (3, "stage"), (4, "category"), (5, "responded_date"),
                   (6, "record_id"), (7, "record_id"), (9, "record_id"), (10, "kind")]
    assert "before" in report.rejections[3].reason
    assert list(load_complaints(engine)["record_id"]) == ["B-6"]


@pytest.mark.parametrize(
    ("text", "la", "words"),
    [
        (FIRST, None, "no la_code column"),
        ("la_code," + HEADER + "351,A,complaint,2024-01-02,1,process,,,,\n352,B,complaint,2024-01-02,1,process,,,,\n",
         None, "more than one LA"),
        ("reference_number,opened\nA,2024-01-01\n", "351", "'record_id'"),
        (HEADER + "A,complaint,not a date,1,process,,,,\n", "351", "row 2, column 'received_date'"),
    ],
)
def test_unreadable_files_are_rejected_and_change_nothing(engine, tmp_path, text, la, words):
    assert run_import(engine, _write(tmp_path, "ok.csv", FIRST), kind="complaints", la_code="351").ok
    before = load_complaints(engine)
    with engine.connect() as conn:
        logs = conn.execute(select(func.count()).select_from(ImportLog)).scalar()
    report = run_import(engine, _write(tmp_path, "bad.csv", text), kind="complaints", la_code=la)
    assert report.status == "rejected"
    assert words in report.message and "bad.csv" in report.message
    pd.testing.assert_frame_equal(load_complaints(engine), before)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ImportLog)).scalar() == logs


def test_a_mistyped_year_is_a_bad_date_not_a_crash(engine, tmp_path):
    """3022 for 2022 (found by the mutation fuzz test): pandas parses it at a coarser unit than the
    nanosecond column it goes into; it must be a rejected row, in CSV and in an Excel date cell."""
    path = _write(tmp_path, "typo.csv", HEADER + "C-001,complaint,3022-01-12,1,process,,,,North\n"
                  "C-002,complaint,12/01/3022,1,process,,,,North\nC-003,complaint,2022-01-12,1,process,,,,North\n")
    report = run_import(engine, path, la_code="351")
    assert (report.status, report.rows_loaded, report.rows_rejected) == ("loaded", 1, 2), report.message
    assert {(r.row, r.column) for r in report.rejections} == {(2, "received_date"), (3, "received_date")}
    wb = openpyxl.Workbook()
    wb.active.append(["record_id", "kind", "received_date", "responded_date"])
    wb.active.append(["X1", "complaint", dt.datetime(2024, 3, 4), dt.datetime(9999, 12, 31)])
    wb.active.append(["X2", "complaint", dt.datetime(2024, 3, 5), None])
    wb.save(tmp_path / "typo.xlsx")
    report = run_import(engine, tmp_path / "typo.xlsx", kind="complaints", la_code="351")
    assert (report.rows_loaded, report.rows_rejected) == (1, 1), report.message
    assert report.rejections[0].column == "responded_date"
