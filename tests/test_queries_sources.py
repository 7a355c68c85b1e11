"""load_sources: what was loaded for an LA, file by file (the dates and columns coverage is read from)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from data_access.importers import run_import
from data_access.queries.sources import SOURCE_COLUMNS, load_sources

CASEWORK = ("person_id,birth_date,sex,request_id,received_date,request_outcome,request_outcome_date,plan_start_date,"
            "primary_need\nP1,2015-01-01,M,R1,2024-03-01,Y,2024-04-01,2024-07-01,ASD\n")
COMPLAINTS = ("record_id,kind,received_date,stage,category,due_date,responded_date,outcome,team\n"
              "C1,complaint,2024-11-04,1,process,,2024-12-02,upheld,North\n")


def test_empty_database_has_no_sources(engine):
    df = load_sources(engine, la_code="351")
    assert list(df.columns) == SOURCE_COLUMNS and df.empty


def test_each_loaded_file_with_its_dates_and_columns(engine, tmp_path):
    for name, text in (("casework.csv", CASEWORK), ("complaints.csv", COMPLAINTS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert run_import(engine, tmp_path / name, la_code="351").ok
    df = load_sources(engine, la_code="351")
    assert sorted(df["kind"]) == ["casework", "complaints"]
    cw = df[df["kind"] == "casework"].iloc[0]
    assert cw["reference_date"] == pd.Timestamp("2024-07-01")  # the snapshot date: its latest event
    assert cw["imported_at"].date() >= dt.date.today() - dt.timedelta(days=1)
    assert "plan_start_date" in cw["columns"] and "request_mediation" not in cw["columns"]
    complaints = df[df["kind"] == "complaints"].iloc[0]
    assert pd.isna(complaints["reference_date"]) and "responded_date" in complaints["columns"]
    assert load_sources(engine, la_code="999").empty
