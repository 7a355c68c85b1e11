"""SEN2 XML import, against the real-structure mock return in ../shared/reference (made-up people)."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from dbsnap import all_text, count, snapshot
from sqlalchemy import select

from data_access import queries
from data_access.importers import run_import
from data_access.importers.base import Rejection
from data_access.importers.codes import setting_type_from_sen2
from data_access.schema import Dataset, Person, Plan, Request


@pytest.fixture
def mock(reference_dir):
    return (reference_dir / "sen2-mock.xml").read_text(encoding="utf-8")


def write(tmp_path, name: str, text: str | bytes):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_mock_return_loads_with_exact_counts(engine, reference_dir):
    report = run_import(engine, reference_dir / "sen2-mock.xml")
    assert (report.status, report.kind, report.la_code, report.target) == ("loaded", "sen2", "999", "sen2:999:2025")
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (4, 4, 0)
    # Persons Alpha..Delta, one request each; Alpha and Bravo have a named plan and an active plan,
    # Charlie was refused (no plan), Delta's plan was transferred in (active, no NamedPlan).
    assert count(engine, "person") == 4
    assert count(engine, "request") == 4
    assert count(engine, "assessment") == 2
    assert count(engine, "plan") == 3
    assert count(engine, "need") == 4  # ASD + SLCN, SEMH, MLD
    assert count(engine, "placement") == 3
    assert count(engine, "review") == 1
    assert count(engine, "phase_transfer") == 1
    with engine.connect() as conn:
        assert len(conn.execute(select(Plan.id).where(Plan.active.is_(True))).all()) == 3
        ds = conn.execute(select(Dataset.__table__)).one()
        refs = conn.execute(select(Person.person_ref).order_by(Person.id)).scalars().all()
        reqs = conn.execute(select(Request.request_ref).order_by(Request.id)).scalars().all()
    assert (ds.kind, ds.la_code, ds.key, ds.collection_year) == ("sen2", "999", "2025", 2025)
    assert (ds.reference_date, ds.period_start, ds.period_end) == (
        dt.date(2025, 1, 16), dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert refs == ["P1", "P2", "P3", "P4"]
    assert reqs == ["P1-R1", "P2-R1", "P3-R1", "P4-R1"]


def test_mock_return_values_in_the_records_frame(engine, reference_dir):
    run_import(engine, reference_dir / "sen2-mock.xml")
    rec = queries.load_records(engine)
    assert len(rec) == 4
    assert rec["source"].tolist() == ["sen2"] * 4
    assert rec["sex"].tolist() == ["M", "F", "M", "F"]
    assert rec["ethnicity"].tolist() == ["WBRI", "APKN", "WBRI", "BAFR"]
    assert rec["request_outcome"].tolist() == ["Y", "H", "N", "H"]
    # the file's comments: Alpha's plan issued on day 133, Bravo's on day 180 with an exception
    days = (rec["plan_start_date"] - rec["received_date"]).dt.days
    assert days.iloc[0] == 133 and days.iloc[1] == 180
    assert rec["week20_exception"].tolist() == [False, True, False, False]
    assert rec["active"].tolist() == [True, True, False, True]
    assert rec["transfer_la"].tolist() == [None, None, None, "888"]
    assert pd.isna(rec.loc[3, "plan_start_date"]) and pd.isna(rec.loc[3, "received_date"])
    assert rec["primary_need"].tolist() == ["ASD", "SEMH", None, "MLD"]
    assert rec["secondary_need"].tolist() == ["SLCN", None, None, None]
    # no establishments list loaded: a URN is unknown (its indicator counts only on a listed mainstream school)
    assert rec["setting_type"].tolist() == ["unknown", "unknown", None, "post16"]
    assert rec["request_mediation"].tolist() == [False, False, True, False]
    assert rec["request_source"].tolist() == ["1", None, "2", None]
    assert rec.loc[3, "review_outcome"] == "M"
    assert rec.loc[3, "review_meeting_date"] == pd.Timestamp("2024-11-12")
    assert rec.loc[1, "phase_transfer_due_date"] == pd.Timestamp("2025-02-15")
    assert pd.isna(rec.loc[1, "phase_transfer_final_date"])


def test_no_name_upn_uln_or_postcode_is_stored(engine, reference_dir):
    run_import(engine, reference_dir / "sen2-mock.xml")
    stored = all_text(engine)
    assert "P1-R1" in stored  # the dump does see the loaded text
    for secret in ("Mockname", "Alpha", "Bravo", "Charlie", "Delta", "A123456789012", "B123456789012",
                   "D123456789012", "ZZ99", "9ZZ", "1234567890", "UN2"):
        assert secret not in stored


def test_same_file_twice_is_unchanged(engine, reference_dir):
    path = reference_dir / "sen2-mock.xml"
    assert run_import(engine, path).status == "loaded"
    before = snapshot(engine)
    again = run_import(engine, path)
    assert again.status == "unchanged"
    assert snapshot(engine) == before


def test_two_years_coexist_and_reimporting_a_year_replaces_only_it(engine, tmp_path, mock):
    y2024 = mock.replace("<Year>2025</Year>", "<Year>2024</Year>").replace(
        "<ReferenceDate>2025-01-16</ReferenceDate>", "<ReferenceDate>2024-01-18</ReferenceDate>")
    run_import(engine, write(tmp_path, "sen2_2025.xml", mock))
    run_import(engine, write(tmp_path, "sen2_2024.xml", y2024))
    rec = queries.load_records(engine, la_code="999")
    assert rec.groupby("collection_year").size().to_dict() == {2024: 4, 2025: 4}
    with engine.connect() as conn:
        ds2025 = conn.execute(select(Dataset.id).where(Dataset.key == "2025")).scalar_one()
    before_2025 = rec[rec["dataset_id"] == ds2025].reset_index(drop=True)

    # the 2024 return again, now without Charlie (the third Person)
    charlie = re.search(r"<!-- Refused request -->.*?</Person>", y2024, re.S).group(0)
    report = run_import(engine, write(tmp_path, "sen2_2024.xml", y2024.replace(charlie, "")))
    assert report.status == "loaded" and report.target == "sen2:999:2024"
    rec = queries.load_records(engine, la_code="999")
    assert rec.groupby("collection_year").size().to_dict() == {2024: 3, 2025: 4}
    pd.testing.assert_frame_equal(rec[rec["dataset_id"] == ds2025].reset_index(drop=True), before_2025)
    assert count(engine, "dataset") == 2
    assert count(engine, "person") == 7


def test_unknown_code_rejects_only_that_person(engine, tmp_path, mock):
    text = mock.replace("<RequestOutcome>N</RequestOutcome>", "<RequestOutcome>Q</RequestOutcome>")
    report = run_import(engine, write(tmp_path, "bad_code.xml", text))
    assert report.status == "loaded"
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (4, 3, 1)
    assert report.rejections == [
        Rejection(3, "RequestOutcome", "Person 3: unknown RequestOutcome code (allowed: A, H, N, W, Y)")]
    assert queries.load_records(engine)["person_ref"].tolist() == ["P1", "P2", "P4"]


@pytest.mark.parametrize(("old", "new", "row", "column", "reason"), [
    ("<PersonBirthDate>2012-11-20</PersonBirthDate>", "<PersonBirthDate>2012-02-30</PersonBirthDate>", 2,
     "PersonBirthDate", "PersonBirthDate is not a possible date"),
    ("<SENtype>ASD</SENtype>", "<SENtype>AUT</SENtype>", 1, "SENtype",
     "unknown SENtype code (allowed: ASD, DS, HI, MLD, MSI, OTH, PD, PMLD, SEMH, SLCN, SLD, SPLD, VI)"),
    ("<ReviewOutcome>M</ReviewOutcome>", "<ReviewOutcome>X</ReviewOutcome>", 4, "ReviewOutcome",
     "unknown ReviewOutcome code (allowed: A, C, M)"),
    ("<Week20>1</Week20>", "<Week20>maybe</Week20>", 2, "Week20", "Week20 must be 0/1 or true/false"),
    ("<TransferLA>888</TransferLA>", "<TransferLA>88</TransferLA>", 4, "TransferLA",
     "TransferLA is not a 3-digit LA code"),
    ("<ReceivedDate>2024-09-09</ReceivedDate>", "<ReceivedDate>09/09/2024</ReceivedDate>", 3, "ReceivedDate",
     "ReceivedDate is not a date (expected YYYY-MM-DD)"),
    # impossible orders of dates: they would count as a plan issued in no time, or a negative age
    ("<PersonBirthDate>2019-01-30</PersonBirthDate>", "<PersonBirthDate>2099-01-30</PersonBirthDate>", 3,
     "PersonBirthDate", "PersonBirthDate is in the future"),
    ("<PersonBirthDate>2019-01-30</PersonBirthDate>", "<PersonBirthDate>2024-09-10</PersonBirthDate>", 3,
     "PersonBirthDate", "PersonBirthDate is after the ReceivedDate of one of the Person's requests"),
    ("<StartDate>2024-07-15</StartDate>", "<StartDate>2024-03-03</StartDate>", 1, "StartDate",
     "StartDate is before the request's ReceivedDate"),
    ("<RequestOutcomeDate>2024-10-14</RequestOutcomeDate>", "<RequestOutcomeDate>2024-09-01</RequestOutcomeDate>",
     3, "RequestOutcomeDate", "RequestOutcomeDate is before the ReceivedDate of the same request"),
])
def test_bad_value_rejects_that_person(engine, tmp_path, mock, old, new, row, column, reason):
    assert mock.count(old) == 1
    report = run_import(engine, write(tmp_path, "bad.xml", mock.replace(old, new)))
    assert report.status == "loaded" and report.rows_loaded == 3
    assert report.rejections == [Rejection(row, column, f"Person {row}: {reason}")]
    assert count(engine, "person") == 3


def test_yes_no_as_true_false_and_numeric_sex(engine, tmp_path, mock):
    text = mock.replace("<Sex>M</Sex>", "<Sex>1</Sex>", 1).replace("<Sex>F</Sex>", "<Sex>2</Sex>", 1)
    text = text.replace("<RYA>0</RYA>", "<RYA>true</RYA>", 1).replace(
        "<RequestMediation>1</RequestMediation>", "<RequestMediation>false</RequestMediation>")
    report = run_import(engine, write(tmp_path, "flags.xml", text))
    assert report.rows_loaded == 4
    rec = queries.load_records(engine)
    assert rec["sex"].tolist() == ["M", "F", "M", "F"]
    assert rec["rya"].tolist() == [True, False, False, False]
    assert rec["request_mediation"].tolist() == [False, False, False, False]


def test_missing_lea_falls_back_to_the_la_argument(engine, tmp_path, mock):
    path = write(tmp_path, "nolea.xml", mock.replace("<LEA>999</LEA>", ""))
    report = run_import(engine, path, la_code="351")
    assert (report.status, report.la_code, report.target) == ("loaded", "351", "sen2:351:2025")
    rejected = run_import(engine, write(tmp_path, "nolea2.xml", mock.replace("<LEA>999</LEA>", "<LEA></LEA>")))
    assert rejected.message == "nolea2.xml does not say which LA it is for (no Header/Source/LEA); pass --la."


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Message><Header><CollectionDetails><Collection>SEN2</Collection><Year>2025</Year>
<ReferenceDate>2025-01-16</ReferenceDate></CollectionDetails><Source><LEA>999</LEA></Source></Header>
<Persons><Person><PersonBirthDate>2016-05-02</PersonBirthDate><Sex>M</Sex><Ethnicity>&lol2;</Ethnicity></Person></Persons>
</Message>"""

XXE = BILLION_LAUGHS.replace(
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>',
    '<!DOCTYPE m [<!ENTITY lol2 SYSTEM "file:///etc/passwd">]>')


def _bad_files(mock: str) -> list[tuple[str, str | bytes, str | None, str]]:
    data = mock.encode("utf-8")
    cut = len(data) // 2
    line = data[:cut].count(b"\n") + 1
    all_bad_sex = re.sub(r"<Sex>[MF]</Sex>", "<Sex>X</Sex>", mock)
    return [
        ("truncated.xml", data[:cut], None,
         rf"truncated\.xml is not well-formed XML \(line {line}, column \d+\): [^\n]+\."),
        ("laughs.xml", BILLION_LAUGHS, "sen2", re.escape(
            "laughs.xml contains a DOCTYPE or ENTITY declaration, which is refused for safety "
            "(SEN2 returns have none), so nothing was imported.")),
        ("laughs2.xml", BILLION_LAUGHS, None, re.escape(
            "laughs2.xml contains a DOCTYPE or ENTITY declaration, which is refused for safety "
            "(SEN2 returns have none), so nothing was imported.")),
        ("xxe.xml", XXE, "sen2", r"xxe\.xml contains a DOCTYPE or ENTITY declaration, which is refused .*"),
        ("cin.xml", mock.replace("<Collection>SEN2</Collection>", "<Collection>CIN</Collection>"), "sen2",
         re.escape("cin.xml is not an SEN2 return: its Header/CollectionDetails/Collection is not SEN2.")),
        ("root.xml", mock.replace("<Message>", "<Return>").replace("</Message>", "</Return>"), "sen2",
         re.escape("root.xml is not an SEN2 return: its root element is <Return>, not <Message>.")),
        ("noyear.xml", mock.replace("<Year>2025</Year>", ""), "sen2",
         re.escape("noyear.xml has no collection Year in Header/CollectionDetails.")),
        ("badref.xml", mock.replace("2025-01-16</ReferenceDate>", "2025-13-16</ReferenceDate>"), "sen2",
         re.escape("badref.xml has a bad Header/CollectionDetails/ReferenceDate: ReferenceDate "
                   "is not a possible date.")),
        ("allbad.xml", all_bad_sex, None, re.escape(
            "allbad.xml was not imported because no Person record could be loaded "
            "(Person 1, Sex: unknown Sex code (allowed: F, M, U)).")),
        ("nopersons.xml", re.sub(r"<Persons>.*</Persons>", "<Persons></Persons>", mock, flags=re.S), None,
         re.escape("nopersons.xml has no Persons/Person records, so nothing was imported.")),
        ("Blade-Export_2022-09-28_requests.csv", "persontableid,requeststableid,receiveddate\n1,1,2022-Sep-28 00:00:00\n",
         "sen2", r"Blade-Export_2022-09-28_requests\.csv looks like a DfE COLLECT \"Blade\" CSV export of SEN2, "
         r"which cannot be imported yet; .*"),
    ]


def test_unreadable_files_are_rejected_whole_and_change_nothing(engine, tmp_path, mock, reference_dir):
    assert run_import(engine, reference_dir / "sen2-mock.xml").status == "loaded"
    before = snapshot(engine)
    for name, content, kind, pattern in _bad_files(mock):
        report = run_import(engine, write(tmp_path, name, content), kind=kind)
        assert report.status == "rejected", name
        assert re.fullmatch(pattern, report.message), report.message
        assert ". " not in report.message, report.message  # one sentence
        assert snapshot(engine) == before, name
    assert "root:" not in all_text(engine)


@pytest.mark.parametrize(("urn", "ukprn", "setting", "expected"), [
    (None, None, "EYP", "early_years"),
    (None, None, "EHE", "home_education"),
    (None, None, "OLA", "other_arrangements"),
    (None, None, "NEET", "not_in_education"),
    (None, None, "NIEC", "not_in_education"),
    ("100001", None, None, None),  # a URN is classed at read time by the establishments list
    ("100001", None, "EHE", None),
    (None, "10001234", None, "post16"),
    (None, None, None, None),
])
def test_setting_type_stored_from_what_sen2_records(urn, ukprn, setting, expected):
    assert setting_type_from_sen2(urn, ukprn, setting) == expected
