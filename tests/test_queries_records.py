"""The records frame (docs/architecture.md): source choice, joins, dtypes, columns; available LAs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import insert, select

from data_access import queries
from data_access.importers import run_import
from data_access.schema import Person, PhaseTransfer, Plan, Request, Review
from frames.records import RECORD_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures"

# the pandas dtype of each kind of column (frames.records)
KIND_DTYPES = {"int64": "int64", "Int64": "Int64", "str": "object", "date": "datetime64[ns]", "boolean": "boolean",
               "bool": "bool"}
DTYPES = {c: KIND_DTYPES[k] for c, k in RECORD_COLUMNS.items()}
# docs/architecture.md's words for the kinds
DOC_KINDS = {"int": "int64", "Int64": "Int64", "str": "str", "date": "date", "boolean": "boolean", "bool": "bool"}
ARCHITECTURE = Path(__file__).parents[1] / "docs" / "architecture.md"


def _dtypes(df: pd.DataFrame) -> dict[str, str]:
    return {c: str(t) for c, t in df.dtypes.items()}


def _sen2(tmp_path, reference_dir, *, la: str = "999", year: int = 2025, edit=None) -> Path:
    text = (reference_dir / "sen2-mock.xml").read_text(encoding="utf-8")
    text = text.replace("<LEA>999</LEA>", f"<LEA>{la}</LEA>").replace("<Year>2025</Year>", f"<Year>{year}</Year>")
    if edit:
        text = edit(text)
    path = tmp_path / f"sen2_{la}_{year}.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_documented_table_is_the_declaration():
    """docs/architecture.md's records-frame table lists the declared columns, in order, with their kinds."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    table = text[text.index("### The records frame"):text.index("### Other frames")]
    documented: dict[str, str] = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            for name in cells[0].split(","):
                documented[name.strip().strip("`")] = DOC_KINDS[cells[1]]
    assert list(documented.items()) == list(RECORD_COLUMNS.items())


def test_empty_database_gives_an_empty_frame_with_every_column(engine):
    rec = queries.load_records(engine)
    assert rec.empty and list(rec.columns) == list(DTYPES)
    assert _dtypes(rec) == DTYPES
    assert queries.available_las(engine) == []
    assert queries.last_import(engine) is None
    assert list(queries.load_records(engine, columns=["la_code", "received_date"]).columns) == [
        "la_code", "received_date"]


def test_dtypes_of_a_loaded_frame(engine, reference_dir):
    run_import(engine, reference_dir / "sen2-mock.xml")
    run_import(engine, FIXTURES / "casework_uk_dates.csv")
    assert _dtypes(queries.load_records(engine, la_code="999")) == DTYPES
    assert _dtypes(queries.load_records(engine, la_code="351")) == DTYPES


def test_which_la_and_which_source(engine, tmp_path, reference_dir):
    run_import(engine, _sen2(tmp_path, reference_dir, la="352", year=2025))
    assert queries.load_records(engine)["la_code"].unique().tolist() == ["352"]  # the only LA
    run_import(engine, _sen2(tmp_path, reference_dir, la="352", year=2024))
    run_import(engine, _sen2(tmp_path, reference_dir, la="351", year=2025))
    assert queries.available_las(engine) == ["351", "352"]
    # no LA asked for: the first by code; an LA with only SEN2 returns: all of its returns
    assert queries.load_records(engine)["la_code"].unique().tolist() == ["351"]
    rec352 = queries.load_records(engine, la_code="352")
    assert rec352.groupby("collection_year").size().to_dict() == {2024: 4, 2025: 4}
    assert set(rec352["source"]) == {"sen2"}
    # once LA 351 has a casework snapshot, that is its source; 352 keeps its returns
    run_import(engine, FIXTURES / "casework_uk_dates.csv")
    rec351 = queries.load_records(engine, la_code="351")
    assert rec351["source"].unique().tolist() == ["casework"] and len(rec351) == 5
    assert len(queries.load_records(engine, la_code="352")) == 8
    # parameterised: a hostile code is just an LA with no data
    assert queries.load_records(engine, la_code="351' OR '1'='1").empty
    last = queries.last_import(engine)
    assert (last["file_name"], last["kind"], last["target"], last["rows_loaded"]) == (
        "casework_uk_dates.csv", "casework", "casework:351", 5)


def _ranked(text: str) -> str:
    """Alpha's active plan with two placements and two needs listed out of rank order."""
    old_placement = text[text.index("<ActivePlans>"):text.index("<SENneed><SENtype>ASD")]
    new_placement = """<ActivePlans>
          <TransferLA></TransferLA>
          <PlacementDetail><URN>100009</URN><PlacementRank>2</PlacementRank></PlacementDetail>
          <PlacementDetail><URN></URN><SENSetting>EYP</SENSetting><PlacementRank>1</PlacementRank></PlacementDetail>
          """
    text = text.replace(old_placement, new_placement, 1)
    return text.replace(
        "<SENneed><SENtype>ASD</SENtype><SENtypeRank>1</SENtypeRank></SENneed>\n"
        "          <SENneed><SENtype>SLCN</SENtype><SENtypeRank>2</SENtypeRank></SENneed>",
        "<SENneed><SENtype>SLCN</SENtype><SENtypeRank>2</SENtypeRank></SENneed>"
        "<SENneed><SENtype>ASD</SENtype><SENtypeRank>1</SENtypeRank></SENneed>", 1)


def test_rank_one_need_first_placement_latest_review_and_phase_transfer(engine, tmp_path, reference_dir):
    report = run_import(engine, _sen2(tmp_path, reference_dir, edit=_ranked))
    assert report.rows_loaded == 4
    with engine.begin() as conn:
        plan_of = dict(conn.execute(
            select(Person.person_ref, Plan.id).join(Request, Request.person_id == Person.id)
            .join(Plan, Plan.request_id == Request.id)).all())
        # Delta (P4) has a review of 2024-11-12 (M); add an older one, an undated one and a newer one
        conn.execute(insert(Review), [
            {"plan_id": plan_of["P4"], "review_meeting_date": dt.date(2023, 11, 1), "review_outcome": "A"},
            {"plan_id": plan_of["P4"], "review_meeting_date": None, "review_outcome": "C"},
        ])
        # Bravo (P2) is due a phase transfer on 2025-02-15; add last year's, finalised
        conn.execute(insert(PhaseTransfer), [{"plan_id": plan_of["P2"], "due_date": dt.date(2024, 2, 15),
                                              "final_date": dt.date(2024, 2, 10)}])
    rec = queries.load_records(engine).set_index("person_ref")
    assert (rec.loc["P1", "primary_need"], rec.loc["P1", "secondary_need"]) == ("ASD", "SLCN")
    assert rec.loc["P1", "setting_type"] == "early_years"  # rank 1 (EYP), listed second
    assert rec.loc["P4", "review_outcome"] == "M" and rec.loc["P4", "review_meeting_date"] == pd.Timestamp("2024-11-12")
    assert rec.loc["P2", "phase_transfer_due_date"] == pd.Timestamp("2025-02-15")
    assert pd.isna(rec.loc["P2", "phase_transfer_final_date"])
    assert len(rec) == 4  # several reviews / transfers never multiply a request's row

    with engine.begin() as conn:
        conn.execute(insert(Review), [{"plan_id": plan_of["P4"], "last_review_date": dt.date(2025, 1, 5),
                                       "review_outcome": "C"}])
    rec = queries.load_records(engine).set_index("person_ref")
    assert rec.loc["P4", "review_outcome"] == "C" and rec.loc["P4", "last_review_date"] == pd.Timestamp("2025-01-05")


def test_columns_selects_fewer_columns_with_the_same_values(engine, reference_dir):
    run_import(engine, reference_dir / "sen2-mock.xml")
    full = queries.load_records(engine)
    cols = ["secondary_need", "request_ref", "plan_start_date", "active", "week20_exception"]
    part = queries.load_records(engine, columns=cols)
    assert list(part.columns) == cols
    pd.testing.assert_frame_equal(part, full[cols])
    with pytest.raises(ValueError, match="no column 'upn'"):
        queries.load_records(engine, columns=["upn"])
