"""Casework extract import: CSV (UK and COLLECT dates), XLSX, .csv.gz, mapping files, bad input."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from dbsnap import count, snapshot

from data_access import queries
from data_access.importers import run_import
from data_access.importers.base import ImportRejected, Rejection
from data_access.importers.codes import SETTING_TYPE_REASON
from data_access.importers.mapping import load_mapping

FIXTURES = Path(__file__).parent / "fixtures"
KNOWN = "(SEN2 XML, casework, complaints, census, DfE benchmark, establishments, placements, finance or programme file)"
NaT = pd.NaT


def ts(text: str | None):
    return pd.Timestamp(text) if text else NaT


def assert_fixture_records(rec: pd.DataFrame) -> None:
    """The five requests of casework_uk_dates.csv, worked out by hand from the file."""
    assert rec["person_ref"].tolist() == ["C001", "C002", "C003", "C004", "C002"]
    assert rec["request_ref"].tolist() == ["R001", "R002", "R003", "R004", "R005"]
    assert rec["source"].tolist() == ["casework"] * 5 and rec["la_code"].tolist() == ["351"] * 5
    assert rec["birth_date"].tolist() == [ts("2016-05-02"), ts("2012-11-20"), ts("2019-01-30"), ts("2008-07-01"),
                                          ts("2012-11-20")]
    assert rec["sex"].tolist() == ["M", "F", "M", "F", "F"]
    assert rec["ethnicity"].tolist() == ["WBRI", "APKN", None, "BAFR", "APKN"]
    assert rec["received_date"].tolist() == [ts("2024-03-04"), ts("2023-11-06"), ts("2024-09-09"), NaT,
                                             ts("2025-01-10")]
    assert rec["request_source"].tolist() == ["1", "2", "2", None, "1"]
    assert rec["request_outcome"].tolist() == ["Y", "Y", "N", "H", "A"]
    assert rec["request_outcome_date"].tolist() == [ts("2024-04-12"), ts("2023-12-14"), ts("2024-10-14"), NaT, NaT]
    assert rec["assessment_outcome"].tolist() == ["Y", "Y", None, None, None]
    assert rec["assessment_outcome_date"].tolist() == [ts("2024-06-28"), ts("2024-04-19"), NaT, NaT, NaT]
    assert rec["week20_exception"].tolist() == [False, True, False, False, False]
    assert rec["plan_start_date"].tolist() == [ts("2024-07-15"), ts("2024-05-04"), NaT, ts("2020-09-01"), NaT]
    assert rec["plan_cease_date"].tolist() == [NaT, NaT, NaT, ts("2024-08-31"), NaT]
    assert rec["cease_reason"].tolist() == [None, None, None, "5", None]
    assert rec["transfer_la"].tolist() == [None, None, None, "888", None]
    assert rec["active"].isna().all()
    assert rec["primary_need"].tolist() == ["ASD", "SEMH", None, "MLD", None]
    assert rec["secondary_need"].tolist() == ["SLCN", None, None, None, None]
    assert rec["setting_type"].tolist() == ["mainstream", "resourced_provision", None, "post16", None]
    assert rec["setting_in_la"].tolist() == [True, False, pd.NA, False, pd.NA]
    assert rec["review_meeting_date"].tolist() == [NaT, ts("2024-11-12"), NaT, NaT, NaT]
    assert rec["review_outcome"].tolist() == [None, "M", None, None, None]
    assert rec["phase_transfer_due_date"].tolist() == [NaT, ts("2025-02-15"), NaT, NaT, NaT]
    assert rec["phase_transfer_final_date"].tolist() == [NaT, ts("2025-02-10"), NaT, NaT, NaT]
    assert rec["caseworker"].tolist() == ["Case Worker A", "Case Worker B", None, None, None]
    assert rec["team"].tolist() == ["North", "South", None, None, None]
    assert rec["collection_year"].isna().all() and rec["period_start"].isna().all()
    # the snapshot date is the latest event in the file (due dates are deadlines and do not count)
    assert (rec["reference_date"] == ts("2025-02-10")).all()


def test_csv_with_uk_dates(engine):
    report = run_import(engine, FIXTURES / "casework_uk_dates.csv")
    assert (report.status, report.kind, report.la_code, report.target) == ("loaded", "casework", "351", "casework:351")
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (5, 5, 0)
    assert_fixture_records(queries.load_records(engine))
    # one flat row per request; the SEN2-shaped tables are for SEN2 returns
    assert count(engine, "casework_record") == 5
    assert {t: count(engine, t) for t in ("person", "request", "plan", "need")} == dict.fromkeys(
        ("person", "request", "plan", "need"), 0)


def test_csv_with_collect_dates_and_other_header_spellings(engine):
    report = run_import(engine, FIXTURES / "casework_collect_dates.csv")
    assert report.status == "loaded" and report.rows_loaded == 5
    assert_fixture_records(queries.load_records(engine))


def test_gzipped_csv(engine, tmp_path):
    path = tmp_path / "casework.csv.gz"
    path.write_bytes(gzip.compress((FIXTURES / "casework_uk_dates.csv").read_bytes()))
    assert run_import(engine, path).rows_loaded == 5
    assert_fixture_records(queries.load_records(engine))


def test_xlsx_with_date_cells_and_a_serial_number(engine, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Person ID", "Birth Date", "Sex", "Request ID", "Received Date", "Request Outcome",
               "Request Outcome Date", "Assessment Outcome", "Week 20 Exception", "Plan Start Date",
               "Transfer LA", "Primary Need", "LA Code"])
    ws.append([1001, dt.datetime(2016, 5, 2), "M", "R1", 45355, "Y", dt.datetime(2024, 4, 12), "Y", 1,
               dt.datetime(2024, 7, 15, 0, 0), None, "ASD", 351])
    ws.append([1002, dt.date(2012, 11, 20), "f", "R2", None, "H", None, None, None,
               dt.datetime(2021, 9, 1), 888, "semh", 351])
    path = tmp_path / "casework.xlsx"
    wb.save(path)
    report = run_import(engine, path)
    assert (report.status, report.kind, report.rows_loaded, report.la_code) == ("loaded", "casework", 2, "351")
    rec = queries.load_records(engine)
    assert rec["person_ref"].tolist() == ["1001", "1002"]
    assert rec["birth_date"].tolist() == [ts("2016-05-02"), ts("2012-11-20")]
    assert rec["received_date"].tolist() == [ts("2024-03-04"), NaT]  # Excel serial 45355
    assert rec["sex"].tolist() == ["M", "F"]
    assert rec["week20_exception"].tolist() == [True, False]
    assert rec["plan_start_date"].tolist() == [ts("2024-07-15"), ts("2021-09-01")]
    assert rec["transfer_la"].tolist() == [None, "888"]
    assert rec["primary_need"].tolist() == ["ASD", "SEMH"]


def test_mapping_file_renames_headers_and_codes(engine):
    mapping = load_mapping(FIXTURES / "casework_their_names.toml")
    assert mapping["la_code"] == "352" and mapping["values"]["sex"] == {"Male": "M", "Female": "F"}
    report = run_import(engine, FIXTURES / "casework_their_names.csv", kind="casework", la_code="351",
                        mapping=mapping)
    assert (report.status, report.la_code, report.rows_loaded) == ("loaded", "352", 3)
    rec = queries.load_records(engine, la_code="352")
    assert rec["person_ref"].tolist() == ["K-1", "K-2", "K-3"]
    assert rec["sex"].tolist() == ["M", "F", "M"]
    assert rec["request_outcome"].tolist() == ["Y", "Y", "N"]
    assert rec["plan_start_date"].tolist() == [ts("2024-07-15"), ts("2024-05-04"), NaT]
    assert rec["primary_need"].tolist() == ["ASD", "SEMH", None]
    assert count(engine, "casework_record") == 3


@pytest.mark.parametrize(("text", "message"), [
    ("[columns\n", "The mapping file bad.toml is not valid TOML"),
    ('columns = "x"\n', "The mapping file bad.toml must have [columns] as a table"),
    ('la_code = "35"\n', "The mapping file bad.toml has la_code '35'; it must be a 3-digit DfE LA code."),
    ('[columns]\n"A" = 3\n', "The mapping file bad.toml maps column 'A' to 3, which is not a column name."),
    ('[tabs]\nx = 1\n', "The mapping file bad.toml has an unknown entry 'tabs'"),
    ('[sheets]\nx = 1\n', "The mapping file bad.toml must have [sheets] as a table"),  # the finance workbook's
])
def test_bad_mapping_file_is_one_sentence(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ImportRejected) as exc:
        load_mapping(path)
    assert str(exc.value).startswith(message)


HEADER = ("person_id,birth_date,sex,request_id,received_date,request_outcome,request_outcome_date,"
          "plan_start_date,plan_cease_date,primary_need,setting_type,cease_reason,review_outcome,la_code\n")


def test_bad_rows_are_rejected_with_row_column_and_reason(engine, tmp_path):
    rows = [
        "P1,2015-01-01,M,R1,2024-01-10,Y,2024-02-01,2024-05-01,,ASD,mainstream,,,351",  # 2 good
        "P2,2015-01-01,M,R2,2023-02-30,Y,2024-02-01,,,,,,,351",  # 3 impossible date
        "P3,2015-01-01,X,R3,2024-01-10,N,2024-02-01,,,,,,,351",  # 4 unknown sex
        "P4,2015-01-01,F,R4,2024-01-10,Q,2024-02-01,,,,,,,351",  # 5 unknown outcome
        "P5,2015-01-01,F,R1,2024-01-10,N,2024-02-01,,,,,,,351",  # 6 duplicate request id
        "P6,2015-01-01,F,R6,2024-01-10,Y,2024-02-01,2024-05-01,,AUT,,,,351",  # 7 unknown need
        "P7,2015-01-01,F,R7,2024-01-10,Y,2024-02-01,2024-05-01,2024-04-01,,,,,351",  # 8 cease before start
        "P8,2015-01-01,F,R8,2024-01-10,Y,,,,,,,,351",  # 9 decided with no decision date
        "P9,2015-01-01,F,R9,2024-01-10,Y,2024-02-01,2024-05-01,,,hospital,,,351",  # 10 unknown setting
        "P10,2015-01-01,F,R10,,H,,2020-05-01,2024-05-01,,,12,,351",  # 11 unknown cease reason
        "P11,2015-01-01,F,R11,,H,,2020-05-01,,,,,Z,351",  # 12 unknown review outcome
        "P12,2015-01-01,F,R12,,N,2024-02-01,,,,,,,351",  # 13 not H but no received date
        "P13,2015-01-01,F,R13,,H,,2019-03-01,,SLD,,,,351",  # 14 good: H needs no received date
        "P14,,F,R14,2024-01-10,A,,,,,,,,351",  # 15 no birth date
    ]
    path = tmp_path / "mixed.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n")
    report = run_import(engine, path)
    assert (report.status, report.rows_read, report.rows_loaded, report.rows_rejected) == ("loaded", 14, 2, 12)
    assert report.rejections == [
        Rejection(3, "received_date", "'received_date' is not a valid date"),
        Rejection(4, "sex", "'sex' has an unknown code (allowed: F, M, U)"),
        Rejection(5, "request_outcome", "'request_outcome' has an unknown code (allowed: A, H, N, W, Y)"),
        Rejection(6, "request_id", "duplicate request_id (first seen on row 2)"),
        Rejection(7, "primary_need", "'primary_need' has an unknown code (allowed: ASD, DS, HI, MLD, MSI, OTH, "
                                     "PD, PMLD, SEMH, SLCN, SLD, SPLD, VI)"),
        Rejection(8, "plan_cease_date", "'plan_cease_date' is before 'plan_start_date'"),
        Rejection(9, "request_outcome_date", "'request_outcome_date' is required but empty"),
        Rejection(10, "setting_type", SETTING_TYPE_REASON),
        Rejection(11, "cease_reason", "'cease_reason' has an unknown code (allowed: 1, 2, 3, 4, 5, 6, 7, 8, 9)"),
        Rejection(12, "review_outcome", "'review_outcome' has an unknown code (allowed: A, C, M)"),
        Rejection(13, "received_date", "'received_date' is required but empty"),
        Rejection(15, "birth_date", "'birth_date' is required but empty"),
    ]
    rec = queries.load_records(engine)
    assert rec["request_ref"].tolist() == ["R1", "R13"]
    assert rec["primary_need"].tolist() == ["ASD", "SLD"]


def test_impossible_orders_of_dates_are_rejected(engine, tmp_path):
    """A plan issued before its request, a child born after it or in the future: each row refused."""
    rows = [
        "P1,2015-01-01,M,R1,2024-01-10,Y,2024-02-01,2024-05-01,,ASD,mainstream,,,351",  # 2 good
        "P2,2015-01-01,M,R2,2024-01-10,Y,2024-02-01,2023-05-20,,ASD,mainstream,,,351",  # 3 plan before request
        "P3,2024-02-01,F,R3,2024-01-10,Y,2024-02-20,,,,,,,351",  # 4 born after the request
        "P4,2099-08-31,F,R4,2024-01-10,A,,,,,,,,351",  # 5 born in the future
        "P5,2015-01-01,F,R5,2024-01-10,N,2024-01-09,,,,,,,351",  # 6 decided before received
        "P6,2015-01-01,F,R6,2021-01-10,H,,2019-03-01,,SLD,,,,351",  # 7 good: H keeps its original start
    ]
    path = tmp_path / "dates.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n")
    report = run_import(engine, path)
    assert (report.status, report.rows_loaded, report.rows_rejected) == ("loaded", 2, 4)
    assert report.rejections == [
        Rejection(3, "plan_start_date", "'plan_start_date' is before 'received_date' of the same request"),
        Rejection(4, "birth_date", "'birth_date' is after 'received_date'"),
        Rejection(5, "birth_date", "'birth_date' is in the future"),
        Rejection(6, "request_outcome_date", "'request_outcome_date' is before 'received_date'"),
    ]
    assert queries.load_records(engine)["request_ref"].tolist() == ["R1", "R6"]


def test_a_plan_transferred_in_may_start_before_the_request(engine, tmp_path):
    header = HEADER.rstrip("\n").replace(",la_code", ",transfer_la,la_code") + "\n"
    path = tmp_path / "transfer.csv"
    path.write_text(header + "P1,2015-01-01,M,R1,2024-01-10,Y,2024-02-01,2023-05-20,,ASD,mainstream,,,888,351\n")
    report = run_import(engine, path)
    assert (report.rows_loaded, report.rows_rejected) == (1, 0), report.rejections


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _bad_inputs() -> list[tuple[str, bytes, str | None, str | None, str]]:
    """(file name, content, kind, la_code, the one sentence expected)."""
    one = "P1,2015-01-01,M,R1,2024-01-10,Y,2024-02-01,,,,,,,351\n"
    return [
        ("empty.csv", b"", None, "351", "empty.csv is empty (0 bytes), so nothing was imported."),
        ("empty.xlsx", b"", "casework", "351", "empty.xlsx is empty (0 bytes), so nothing was imported."),
        ("picture.csv", PNG, None, "351", f"picture.csv is a PNG image, not a recognised extract {KNOWN}."),
        ("picture2.csv", PNG, "casework", "351", f"picture2.csv is a PNG image, not a recognised extract {KNOWN}."),
        ("report.csv", PDF, "casework", "351", f"report.csv is a PDF document, not a recognised extract {KNOWN}."),
        ("headeronly.csv", HEADER.encode(), None, "351",
         "headeronly.csv has a header but no data rows, so nothing was imported."),
        ("nosex.csv", HEADER.replace(",sex,", ",gender_identity,").encode() + one.encode(), None, "351",
         "nosex.csv has no 'sex' column, which this import needs."),
        ("noreceived.csv", HEADER.replace("received_date", "date_in").encode() + one.encode(), "casework", "351",
         "noreceived.csv has no 'received_date' column, which this import needs."),
        ("baddate.csv", HEADER.encode() + one.replace("2024-01-10", "2023-02-30").encode(), None, "351",
         "baddate.csv was not imported because no row could be loaded "
         "(row 2, column received_date: 'received_date' is not a valid date)."),
        ("badsex.csv", HEADER.encode() + (one * 2).replace("2015-01-01,M", "2015-01-01,Q").encode(), None, "351",
         "badsex.csv was not imported because no row could be loaded "
         "(row 2, column sex: 'sex' has an unknown code (allowed: F, M, U))."),
        ("twola.csv", HEADER.encode() + one.encode() + one.replace("R1", "R2").replace(",351", ",352").encode(),
         None, "351", "twola.csv has rows for more than one LA (la_code 351, 352); import one LA's extract at a time."),
        ("nola.csv", HEADER.replace(",la_code", "").encode() + one.replace(",351", "").encode(), None, None,
         "nola.csv does not say which LA it is for; add a la_code column or pass --la."),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 64, "casework", "351",
         "broken.xlsx is a damaged zip or Excel file and cannot be read."),
    ]


def test_unreadable_files_are_rejected_whole_and_change_nothing(engine, tmp_path):
    assert run_import(engine, FIXTURES / "casework_uk_dates.csv").status == "loaded"
    before = snapshot(engine)
    for name, content, kind, la, message in _bad_inputs():
        path = tmp_path / name
        path.write_bytes(content)
        report = run_import(engine, path, kind=kind, la_code=la)
        assert (report.status, report.message) == ("rejected", message), name
        assert snapshot(engine) == before, name


def test_same_file_twice_is_unchanged_and_new_content_replaces_the_snapshot(engine, tmp_path):
    path = FIXTURES / "casework_uk_dates.csv"
    assert run_import(engine, path).status == "loaded"
    before = snapshot(engine)
    assert run_import(engine, path).status == "unchanged"
    assert snapshot(engine) == before

    newer = tmp_path / "casework_next_day.csv"
    newer.write_text(HEADER + "N1,2015-01-01,M,S1,2024-01-10,Y,2024-02-01,2024-05-01,,HI,,,,351\n"
                     "N2,2016-01-01,F,S2,2024-02-10,A,,,,,,,,351\n")
    report = run_import(engine, newer)  # it lacks columns the first file had: refused, nothing changes
    assert report.status == "rejected" and "'ethnicity'" in report.message and "'caseworker'" in report.message
    assert snapshot(engine) == before
    report = run_import(engine, newer, allow_missing=["*"])  # they were left out on purpose
    assert (report.status, report.target) == ("loaded", "casework:351")
    assert "ethnicity" in report.missing_columns and "Loaded without" in report.summary()
    rec = queries.load_records(engine, la_code="351")
    assert rec["request_ref"].tolist() == ["S1", "S2"]
    assert rec["primary_need"].tolist() == ["HI", None]
    assert (count(engine, "dataset"), count(engine, "casework_record")) == (1, 2)  # the old snapshot is gone
