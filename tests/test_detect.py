"""Recognising each kind of extract from its content, and refusing what is not one."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from data_access.importers import detect_kind, run_import
from data_access.importers.base import ImportRejected
from data_access.importers.detect import detect
from data_access.importers.mapping import load_mapping

FIXTURES = Path(__file__).parent / "fixtures"
KNOWN = "(SEN2 XML, casework, complaints, census, DfE benchmark, establishments, placements, finance or programme file)"


def _xlsx(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_sen2_return(reference_dir):
    path = reference_dir / "sen2-mock.xml"
    assert detect(path, path.read_bytes()) == "sen2"
    assert detect_kind(path, path.read_bytes()) == "sen2"  # the two-argument form run_import uses


@pytest.mark.parametrize(("name", "data", "kind"), [
    ("casework.csv", (FIXTURES / "casework_uk_dates.csv").read_bytes(), "casework"),
    ("collect.csv", (FIXTURES / "casework_collect_dates.csv").read_bytes(), "casework"),
    ("casework.xlsx", _xlsx([["Person ID", "Request ID", "Received Date"], ["P1", "R1", "2024-01-01"]]), "casework"),
    ("semi.csv", b"\xef\xbb\xbfperson_id;request-id;Received Date\nP1;R1;2024-01-01\n", "casework"),
    ("complaints.csv", b"record_id,kind,received_date,stage\nC1,complaint,2024-01-01,1\n", "complaints"),
    ("complaints.xlsx", _xlsx([["Record ID", "Kind", "Received date"], ["C1", "compliment", "2024-01-01"]]),
     "complaints"),
    ("census.csv", b"pupil_id,census_date,dob,gender,ncyearactual,senprovision\n1,2024-01-18,2015-01-01,M,3,K\n",
     "census"),
    ("census2.csv", b"pupil_id,census_date,SENprovision\n1,2024-01-18,E\n", "census"),
    ("timeliness.csv", b"time_period,time_identifier,Geographic_Level,country_code\n2024,Calendar year,National,E92\n",
     "benchmarks"),
    ("release.zip", _zip({"data/requests.csv": b"time_period,geographic_level\n2024,National\n"}), "benchmarks"),
])
def test_tables_by_their_headers(name, data, kind):
    assert detect(Path(name), data) == kind


def test_the_real_ees_release_zip(reference_dir):
    path = reference_dir / "ees" / "ehcp-plans-release-2025.zip"
    data = path.read_bytes()
    assert detect(path, data) == "benchmarks"
    member = zipfile.ZipFile(io.BytesIO(data)).read("data/timeliness_20_week.csv")
    assert detect(Path("timeliness_20_week.csv"), member) == "benchmarks"


def test_a_mapping_makes_renamed_headers_recognisable():
    data = (FIXTURES / "casework_their_names.csv").read_bytes()
    mapping = load_mapping(FIXTURES / "casework_their_names.toml")
    assert detect(Path("theirs.csv"), data, mapping) == "casework"
    with pytest.raises(ImportRejected) as exc:
        detect(Path("theirs.csv"), data)
    assert str(exc.value) == f"theirs.csv is not a recognised extract {KNOWN}; use --kind to say which."


@pytest.mark.parametrize(("name", "data", "message"), [
    ("notes.csv", b"a,b,c\n1,2,3\n", f"notes.csv is not a recognised extract {KNOWN}; use --kind to say which."),
    ("other.xml", b"<?xml version='1.0'?><Message><Header><CollectionDetails><Collection>CIN</Collection>"
                  b"</CollectionDetails></Header></Message>",
     f"other.xml is not a recognised extract {KNOWN}; use --kind to say which."),
    ("evil.xml", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><Message>&e;</Message>",
     "evil.xml contains a DOCTYPE or ENTITY declaration, which is refused for safety (SEN2 returns have none), "
     "so nothing was imported."),
    ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", f"photo.csv is a PNG image, not a recognised extract {KNOWN}."),
    ("scan.csv", b"%PDF-1.4\n1 0 obj\n", f"scan.csv is a PDF document, not a recognised extract {KNOWN}."),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32,
     f"old.xls is an old-style Office file (e.g. .xls; save it as .xlsx or CSV), not a recognised extract {KNOWN}."),
    ("pictures.zip", _zip({"a.png": b"\x89PNG"}),
     f"pictures.zip is a zip file with no CSV tables in it, not a recognised extract {KNOWN}."),
    ("cut.xlsx", b"PK\x03\x04" + b"\x00" * 40, "cut.xlsx is a damaged zip or Excel file and cannot be read."),
    ("blank.csv", b"\n\n  \n", "blank.csv is empty, so nothing was imported."),
    ("Blade-Export_2022-09-28_requests.csv",
     b"persontableid,requeststableid,receiveddate,requestoutcome\n1,1,2022-Sep-28 00:00:00,Y\n",
     'Blade-Export_2022-09-28_requests.csv looks like a DfE COLLECT "Blade" CSV export of SEN2, which cannot be '
     "imported yet; import the SEN2 XML return or a casework extract instead."),
    ("export.csv", b"persontableid,upn,personbirthdate\n1,X,2010-01-01\n",
     'export.csv looks like a DfE COLLECT "Blade" CSV export of SEN2, which cannot be imported yet; import the '
     "SEN2 XML return or a casework extract instead."),
])
def test_what_is_not_an_extract_is_refused_in_one_sentence(name, data, message):
    with pytest.raises(ImportRejected) as exc:
        detect(Path(name), data)
    assert str(exc.value) == message


def test_run_import_reports_an_unrecognised_file(sqlite_engine, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("colour,size\nred,3\n")
    report = run_import(sqlite_engine, path)
    assert (report.status, report.message) == (
        "rejected", f"notes.csv is not a recognised extract {KNOWN}; use --kind to say which.")
