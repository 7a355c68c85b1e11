"""Issue 12 inputs: SEN2 placements classed by the establishments list (SPEC 1.6, 2.1), the GIAS file as
downloaded, the two-column form, and a casework LA's placement history file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from dbsnap import count

from data_access import queries
from data_access.importers import run_import
from data_access.importers.base import Rejection
from frames.placements import PLACEMENT_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures"
GIAS = FIXTURES / "gias_establishments_cp1252.csv"


def _placement(urn="", ukprn="", setting="", rank=1, entry="", leaving="", unit=0, resourced=0) -> str:
    return (f"<PlacementDetail><URN>{urn}</URN><UKPRN>{ukprn}</UKPRN><SENSetting>{setting}</SENSetting>"
            f"<PlacementRank>{rank}</PlacementRank><EntryDate>{entry}</EntryDate><LeavingDate>{leaving}</LeavingDate>"
            f"<SENunitIndicator>{unit}</SENunitIndicator>"
            f"<ResourcedProvisionIndicator>{resourced}</ResourcedProvisionIndicator></PlacementDetail>")


@pytest.fixture
def sen2_file(tmp_path, reference_dir):
    """The mock return with: P1 at URN 100001 (a listed voluntary aided school in LA 999) in its SEN unit,
    mediation and a tribunal on its assessment; P2 at 100003 (independent special, LA 888) since May 2024
    after an unlisted URN 777777; P4 home educated (SENSetting EHE), its LastReview the decision date."""
    text = (reference_dir / "sen2-mock.xml").read_text(encoding="utf-8")
    blocks = text.split("<PlacementDetail>")
    assert len(blocks) == 4
    ends = [b.split("</PlacementDetail>", 1)[1] for b in blocks[1:]]
    text = (blocks[0] + _placement("100001", entry="2024-09-04", unit=1) + ends[0]
            + _placement("100003", entry="2024-05-04", resourced=1)
            + _placement("777777", rank=2, entry="2023-09-01", leaving="2024-05-01") + ends[1]
            + _placement(setting="EHE", entry="2024-09-02") + ends[2])
    text = text.replace("<AssessmentMediation>0</AssessmentMediation><AssessmentTribunal>0</AssessmentTribunal>",
                        "<AssessmentMediation>1</AssessmentMediation><AssessmentTribunal>true</AssessmentTribunal>",
                        1)
    path = tmp_path / "sen2-placements.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_gias_file_as_downloaded_in_cp1252(engine):
    report = run_import(engine, GIAS)
    assert (report.status, report.kind) == ("loaded", "establishments")
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (7, 5, 2)
    assert report.rejections == [Rejection(6, "urn", "'urn' is required but empty"),
                                 Rejection(7, "urn", "'urn' is not a number")]
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT urn, name, la_code, setting_type, status, ukprn FROM establishment "
                                    "ORDER BY urn").all()
    assert [tuple(r) for r in rows] == [
        ("100001", "St Mary\u2019s Church of England Primary School", "999", "mainstream", "Open", "10000001"),
        ("100002", "Brook Special School", "999", "special_maintained", "Open", None),
        ("100003", "Hill House School", "888", "independent_special", "Open", "10000003"),
        ("100004", "Riverside Pupil Referral Unit", "888", "alternative_provision", "Closed", None),
        ("100005", "Mystery Place", "999", "unknown", "Open", None),
    ]
    assert run_import(engine, GIAS).status == "unchanged"


def test_two_column_list_replaces_the_previous_one_whole(engine, tmp_path):
    run_import(engine, GIAS)
    report = run_import(engine, FIXTURES / "establishments_two_column.csv")
    assert (report.status, report.kind, report.rows_loaded) == ("loaded", "establishments", 2)
    assert report.rejections == [Rejection(4, "setting_type", report.rejections[0].reason)]
    assert report.rejections[0].reason.startswith("'setting_type' has an unknown value (allowed: the setting codes")
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT urn, setting_type, la_code FROM establishment ORDER BY urn").all()
    assert [tuple(r) for r in rows] == [("100001", "mainstream", None), ("100009", "independent_special", None)]
    gias_utf8 = tmp_path / "gias-utf8.csv"
    gias_utf8.write_bytes(b"\xef\xbb\xbf" + GIAS.read_bytes().decode("cp1252").encode("utf-8"))
    assert run_import(engine, gias_utf8).rows_loaded == 5
    assert count(engine, "establishment") == 5


def test_sen2_placements_are_classed_when_read(engine, sen2_file):
    assert run_import(engine, sen2_file).status == "loaded"
    rec = queries.load_records(engine)
    assert rec["setting_type"].tolist() == ["unknown", "unknown", None, "home_education"]  # no list loaded yet
    assert rec["assessment_mediation"].astype(object).fillna("NA").tolist() == [True, False, "NA", "NA"]
    assert rec["assessment_tribunal"].astype(object).fillna("NA").tolist() == [True, False, "NA", "NA"]
    assert rec["review_decision_date"].iloc[3] == pd.Timestamp("2024-11-12")
    assert run_import(engine, GIAS).status == "loaded"  # loading the list after the return reclasses it
    rec = queries.load_records(engine)
    assert rec["setting_type"].tolist() == ["sen_unit", "independent_special", None, "home_education"]
    assert rec["setting_in_la"].tolist()[:2] == [True, False]
    pl = queries.load_placements(engine)
    assert list(pl.columns) == list(PLACEMENT_COLUMNS)
    assert pl[["request_ref", "placement_rank", "urn", "setting_type"]].values.tolist() == [
        ["P1-R1", 1, "100001", "sen_unit"], ["P2-R1", 1, "100003", "independent_special"],
        ["P2-R1", 2, "777777", "unknown"], ["P4-R1", 1, None, "home_education"]]
    assert pl["leaving_date"].iloc[2] == pd.Timestamp("2024-05-01")
    assert pl["setting_in_la"].iloc[2] is pd.NA and pl["setting_in_la"].iloc[1] == False  # noqa: E712
    assert str(pl["entry_date"].dtype) == "datetime64[ns]" and str(pl["setting_in_la"].dtype) == "boolean"
    unknown = queries.load_unknown_urns(engine)
    assert unknown.to_dict("records") == [{"urn": "777777", "placements": 1}]
    assert queries.load_unknown_urns(engine, placements=pl).equals(unknown)  # the frame a caller already holds


def test_casework_placement_history(engine, tmp_path):
    case = tmp_path / "casework.csv"
    case.write_text("person_id,birth_date,sex,request_id,received_date,request_outcome,request_outcome_date,"
                    "plan_start_date,setting_type,setting_in_la,assessment_mediation,assessment_tribunal,"
                    "review_decision_date,primary_need,la_code\n"
                    "C1,2012-03-01,M,R1,2022-01-10,Y,2022-02-10,2022-06-01,special_maintained,1,1,0,2024-03-01,ASD,999\n"
                    "C2,2014-05-01,F,R2,2023-02-10,Y,2023-03-10,,,,,,,SEMH,999\n"
                    "C3,2015-05-01,F,R3,2022-02-10,Y,2022-03-10,2022-07-01,home_education,1,no,yes,,MLD,999\n")
    assert run_import(engine, case).status == "loaded"
    rec = queries.load_records(engine)
    assert rec["assessment_mediation"].astype(object).fillna("NA").tolist() == [True, "NA", False]
    assert rec["assessment_tribunal"].astype(object).fillna("NA").tolist() == [False, "NA", True]
    assert rec["review_decision_date"].iloc[0] == pd.Timestamp("2024-03-01")
    pl = queries.load_placements(engine)  # no history: one row per plan, its own setting, no dates
    assert pl[["request_ref", "setting_type"]].values.tolist() == [["R1", "special_maintained"],
                                                                   ["R3", "home_education"]]
    assert pl["entry_date"].isna().all() and pl["setting_in_la"].tolist() == [True, True]
    run_import(engine, GIAS)
    report = run_import(engine, FIXTURES / "casework_placements.csv")
    assert (report.status, report.kind, report.target) == ("loaded", "placements", "placements:999")
    assert (report.rows_read, report.rows_loaded) == (6, 3)
    assert [(r.row, r.column) for r in report.rejections] == [(4, "leaving_date"), (6, "entry_date"),
                                                               (7, "setting_type")]
    assert report.rejections[0].reason == "leaving_date is before entry_date"
    pl = queries.load_placements(engine)
    ds_id = int(rec["dataset_id"].iloc[0])
    assert pl[["request_ref", "person_ref", "placement_rank", "setting_type"]].values.tolist() == [
        ["R1", "C1", 1, "mainstream"], ["R1", "C1", 2, "special_maintained"], ["R3", "C3", 1, "home_education"]]
    assert pl["dataset_id"].tolist() == [ds_id] * 3 and pl["source"].tolist() == ["casework"] * 3
    assert pl["setting_in_la"].tolist() == [True, True, True]  # URN 100002 is in LA 999
    assert pl["entry_date"].tolist()[:2] == [pd.Timestamp("2022-09-01"), pd.Timestamp("2024-09-01")]
    assert pl["leaving_date"].iloc[0] == pd.Timestamp(dt.date(2024, 7, 20))
    assert count(engine, "casework_placement") == 3
    again = tmp_path / "placements-again.csv"
    again.write_text("request_id,entry_date,setting_type,la_code\nR9,2024-01-01,post16,999\n")
    assert run_import(engine, again).rows_loaded == 1  # replaces the history; R9 is not in the snapshot: kept
    pl = queries.load_placements(engine)
    assert pl[["request_ref", "person_ref", "setting_type"]].values.tolist() == [["R9", None, "post16"]]
