"""load_complaints, load_census and load_benchmarks: columns, types, filters, newer release wins."""

from __future__ import annotations

import pandas as pd

from data_access.importers import run_import
from data_access.queries.tables import (
    BENCHMARK_COLUMNS,
    CENSUS_COLUMNS,
    COMPLAINT_COLUMNS,
    load_benchmarks,
    load_census,
    load_complaints,
)

SEN2_MI = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,new_la_code,la_name,TotIncExcEHC,IncExc20weekEHC,IncExc20weekRate,TotNoExcEHC,NoExc20weekEHC,"
    "NoExc20weekRate,NewallEHC\n"
    "2018,Calendar year,Local authority,E92000001,England,E12000002,North West,351,E08000002,Bury,"
    "100,50,50.000000000000,90,45,50.000000000000,99\n"
    "2019,Calendar year,Local authority,E92000001,England,E12000002,North West,351,E08000002,Bury,"
    "200,100,50.0,180,90,50.0,99\n"
    "2019,Calendar year,National,E92000001,England,\"\",\"\",\"\",\"\",\"\",1000,600,60.0,900,540,60.0,99\n"
)
TIMELINESS = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "new_la_code,old_la_code,la_name,breakdown_topic,breakdown,plans_issued_den,plans_issued_den_ex,"
    "plans_issued_within_20_weeks,plans_issued_20_weeks_ex,pc_plans_issued_within_20_weeks,"
    "PC_plans_issued_20_weeks_ex\n"
    "2019,Calendar year,Local authority,E92000001,England,E12000002,North West,E08000002,351,Bury,"
    "All EHC plans issued,All EHC plans issued,210,190,105,100,50.0,52.6\n"
    "2020,Calendar year,Local authority,E92000001,England,E12000002,North West,E08000002,351,Bury,"
    "All EHC plans issued,All EHC plans issued,x,x,x,x,x,x\n"
)


def test_empty_database_gives_empty_frames_with_the_columns(engine):
    for fn, cols in ((load_complaints, COMPLAINT_COLUMNS), (load_census, CENSUS_COLUMNS),
                     (load_benchmarks, BENCHMARK_COLUMNS)):
        df = fn(engine)
        assert df.empty and list(df.columns) == cols
    assert list(load_benchmarks(engine, measures=["ehcplans"], area_codes=["351"], sources=["caseload"]).columns) \
        == BENCHMARK_COLUMNS


def _import(engine, tmp_path, name: str, text: str, **kw) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = run_import(engine, path, **kw)
    assert report.status == "loaded", report.message


def test_benchmarks_newer_release_wins_and_filters(engine, tmp_path):
    _import(engine, tmp_path, "sen2_mi.csv", SEN2_MI, kind="benchmarks")
    _import(engine, tmp_path, "timeliness_20_week.csv", TIMELINESS, kind="benchmarks")
    df = load_benchmarks(engine, measures=["plans_issued_den"], area_codes=["351"])
    assert list(zip(df["year"], df["source"], df["value"], strict=True))[:2] == [
        (2018, "sen2_mi", 100.0), (2019, "timeliness_20_week", 210.0)]
    assert df["year"].tolist() == [2018, 2019, 2020] and pd.isna(df["value"].iloc[2])
    assert df["year"].dtype == "int64" and df["value"].dtype == "float64"
    # asking for the older source alone still gives its own 2019 figure
    old = load_benchmarks(engine, measures="plans_issued_den", sources=["sen2_mi"])
    assert sorted(zip(old["area_code"], old["year"], old["value"], strict=True)) == [
        ("351", 2018, 100.0), ("351", 2019, 200.0), ("E92000001", 2019, 1000.0)]
    assert set(old["breakdown"]) == {"All EHC plans issued"}
    # the published sen2_mi names are kept as well (lower-cased); unused columns are not
    both = load_benchmarks(engine, measures=["noexc20weekrate", "newallehc"], area_codes=["E92000001"])
    assert both[["measure", "value"]].values.tolist() == [["noexc20weekrate", 60.0]]
    assert load_benchmarks(engine, area_codes=[]).empty
    assert load_benchmarks(engine, measures=["plans_issued_den'; DROP TABLE benchmark; --"]).empty
    assert len(load_benchmarks(engine)) == (3 * 12) + (2 * 6) - 6  # 2019 LA 351 duplicates resolved


def test_benchmark_releases_list_each_file_with_its_years(engine, tmp_path):
    from data_access.queries import benchmark_releases

    assert benchmark_releases(engine).empty
    _import(engine, tmp_path, "sen2_mi.csv", SEN2_MI, kind="benchmarks")
    _import(engine, tmp_path, "timeliness_20_week.csv", TIMELINESS, kind="benchmarks")
    got = benchmark_releases(engine)
    assert list(got.columns) == ["release", "source", "first_year", "last_year", "rows"]
    rows = {r.source: (r.first_year, r.last_year, r.rows) for r in got.itertuples()}
    # sen2_mi: 2018-2019, 3 published rows x 12 values (6 measures under today's names and the 6 as
    # published); timeliness: 2019-2020, 2 rows x 6 measures
    assert rows == {"sen2_mi": (2018, 2019, 36), "timeliness_20_week": (2019, 2020, 12)}


def test_complaints_and_census_frames(engine, tmp_path):
    _import(engine, tmp_path, "log.csv", "record_id,kind,received_date,responded_date\n"
            "R1,complaint,2024-01-02,2024-01-10\nR2,compliment,2024-02-03,\n", kind="complaints", la_code="351")
    _import(engine, tmp_path, "log2.csv", "record_id,received_date,responded_date\nR1,2024-05-05,\n",
            kind="complaints", la_code="352")
    df = load_complaints(engine, la_code="351")
    assert list(df.columns) == COMPLAINT_COLUMNS and df["record_id"].tolist() == ["R1", "R2"]
    for col in ("received_date", "due_date", "responded_date"):
        assert df[col].dtype == "datetime64[ns]"
    assert df["due_date"].iloc[0] == pd.Timestamp("2024-01-30")  # 20 working days after Tue 2 Jan 2024
    assert len(load_complaints(engine)) == 3
    assert load_complaints(engine, la_code="351' OR '1'='1").empty

    _import(engine, tmp_path, "census.csv", "upn,census_date,dob,sex,senprovision,primary_sen_type,fsmeligible\n"
            "U1,2024-01-18,2015-01-01,F,E,ASD,1\nU2,2024-01-18,2015-02-01,F,E,ASD,1\n",
            kind="census", la_code="351")
    census = load_census(engine, la_code="351")
    assert list(census.columns) == CENSUS_COLUMNS
    assert census.values.tolist() == [[pd.Timestamp("2024-01-18"), "E", "ASD", "5-10", "F", True, False,
                                       "Unknown", 2]]
    assert census["fsm"].dtype == bool and census["pupils"].dtype == "int64"
    assert load_census(engine, la_code="352").empty
