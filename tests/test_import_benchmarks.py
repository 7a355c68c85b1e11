"""DfE Explore Education Statistics benchmarks (SPEC 1.5): the real releases and the shipped copy."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from sqlalchemy import func, select

from data_access.importers import run_import
from data_access.queries import load_benchmarks
from data_access.reference import shipped_benchmark_files, statistical_neighbours
from data_access.schema import Benchmark, ImportLog

ENGLAND, NORTH_WEST = "E92000001", "E12000002"


def _series(engine, measure: str, area: str, *, source: str | None = None, breakdown: str | None = None) -> dict:
    df = load_benchmarks(engine, measures=[measure], area_codes=[area], sources=[source] if source else None)
    df = df[df["breakdown"].str.startswith("All ")] if breakdown is None else df[df["breakdown"] == breakdown]
    assert not df.duplicated("year").any()
    return {int(y): (None if pd.isna(v) else float(v)) for y, v in zip(df["year"], df["value"], strict=True)}


def _sub(series: dict, years) -> list:
    return [series.get(y) for y in years]


def assert_published_facts(engine) -> None:
    pct_ex = "pc_plans_issued_20_weeks_ex"
    years = range(2019, 2025)
    assert _sub(_series(engine, pct_ex, ENGLAND, source="timeliness_20_week"), years) == [
        60.4, 58.0, 59.9, 49.2, 50.3, 46.4]
    assert _sub(_series(engine, pct_ex, NORTH_WEST, source="timeliness_20_week"), years) == [
        60.1, 62.5, 66.5, 62.7, 56.7, 50.5]
    assert _sub(_series(engine, "ehcplans", ENGLAND, source="caseload"), range(2019, 2026)) == [
        353995, 390109, 430697, 473255, 517048, 576474, 638745]
    facts_351 = {
        "plans_issued_den": (302, 263), "plans_issued_within_20_weeks": (82, 90),
        "plans_issued_den_ex": (274, 259), "plans_issued_20_weeks_ex": (75, 90),
        "pc_plans_issued_within_20_weeks": (27.2, 34.2), "pc_plans_issued_20_weeks_ex": (27.4, 34.7),
    }
    for measure, expected in facts_351.items():
        assert tuple(_sub(_series(engine, measure, "351", source="timeliness_20_week"), (2020, 2021))) == expected
    assert _sub(_series(engine, "requests_received_in_year", "351"), (2019, 2020, 2021)) == [336, 370, 477]
    assert _sub(_series(engine, "ehcplans", "351", source="caseload"), (2019, 2020, 2021)) == [1617, 1727, 1935]
    # 'x' in the published file is "not available": None, never 0
    assert _series(engine, "requests_decided_to_assess", "351")[2019] is None
    assert _series(engine, "requests_decided_not_to_assess", "351")[2019] == 89
    row = load_benchmarks(engine, measures=["ehcplans"], area_codes=["351"], sources=["caseload"])
    row = row[(row["breakdown"] == "All EHC plans") & (row["year"] == 2019)].iloc[0]
    assert (row.time_period, row.geographic_level, row.area_name, row.region_code) == (
        "201819", "Local authority", "Bury", NORTH_WEST)
    # a breakdown the dashboard uses: plans at January 2025 by sex, England
    by_sex = load_benchmarks(engine, measures=["ehcplans"], area_codes=[ENGLAND], sources=["caseload"])
    by_sex = by_sex[(by_sex["breakdown_topic"] == "Sex") & (by_sex["year"] == 2025)]
    assert by_sex["value"].sum() == pytest.approx(638745, abs=50)  # male + female (+ unknown if given)


def test_real_2025_release_zip(engine, reference_dir):
    report = run_import(engine, reference_dir / "ees" / "ehcp-plans-release-2025.zip", kind="benchmarks")
    assert report.status == "loaded", report.message
    assert report.rows_rejected == 0
    assert report.target == ("benchmarks:annual_reviews,assessments,caseload,ceased_plans,newplans,requests,"
                             "sen_needs_all_plans,send_tribunals,timeliness_20_week")
    assert_published_facts(engine)
    needs = load_benchmarks(engine, measures=["number_asd", "asd_pc"], area_codes=[ENGLAND])
    needs = needs[(needs["breakdown"] == "All EHC plans") & (needs["year"] == 2025)].set_index("measure")
    assert needs.loc["number_asd", "value"] == 201183 and needs.loc["asd_pc", "value"] == 31.5


def test_real_2022_release_joins_the_series(engine, reference_dir):
    for name in ("ehcp-plans-release-2022.zip", "ehcp-plans-release-2025.zip"):
        report = run_import(engine, reference_dir / "ees" / name, kind="benchmarks")
        assert report.status == "loaded", report.message
    mi = {m: _series(engine, m, "351", source="sen2_mi")
          for m in ("totincexcehc", "incexc20weekehc", "totnoexcehc", "noexc20weekehc", "plans_issued_den",
                    "plans_issued_within_20_weeks", "plans_issued_den_ex", "plans_issued_20_weeks_ex",
                    "incexc20weekrate", "pc_plans_issued_within_20_weeks", "noexc20weekrate",
                    "pc_plans_issued_20_weeks_ex")}
    assert [mi[m][2020] for m in mi] == [302, 82, 274, 75, 302, 82, 274, 75, 27.2, 27.2, 27.4, 27.4]
    assert [mi["plans_issued_den"][2021], mi["plans_issued_20_weeks_ex"][2021]] == [263, 90]
    assert set(range(2015, 2022)) <= set(mi["plans_issued_den_ex"])
    # one series across both releases; where both give a year the 2025 release's row is the one returned
    merged = load_benchmarks(engine, measures=["pc_plans_issued_20_weeks_ex"], area_codes=[ENGLAND])
    merged = merged[merged["breakdown"] == "All EHC plans issued"]
    assert list(merged["year"]) == list(range(2014, 2025))
    assert set(merged.loc[merged["year"] >= 2019, "source"]) == {"timeliness_20_week"}
    assert dict(zip(merged["year"], merged["value"], strict=True))[2018] == 60.1
    plans = _series(engine, "ehcplans", ENGLAND)
    assert _sub(plans, (2019, 2022, 2025)) == [353995, 473255, 638745]
    assert plans[2016] == 74209  # January 2016, from sen2_age_caseload
    assert_published_facts(engine)


def test_shipped_copy_gives_the_same_figures(engine):
    files = shipped_benchmark_files()
    assert [f.name for f in files] == ["ehcp-plans-release-2022.zip", "ehcp-plans-release-2025.zip"]
    assert sum(f.stat().st_size for f in files) < 3_000_000
    for path in files:
        report = run_import(engine, path, kind="benchmarks")
        assert report.status == "loaded" and report.rows_rejected == 0, report.message
    assert_published_facts(engine)
    assert _series(engine, "plans_issued_den", "351", source="sen2_mi")[2015] == 28
    sn = statistical_neighbours()
    assert list(sn.columns) == ["la_name", "rank", "neighbour_la_name"]
    assert list(sn[sn["la_name"] == "Bury"]["neighbour_la_name"]) == [
        "Lancashire", "Cornwall", "North Tyneside", "Kent", "Dudley", "Nottinghamshire", "Stockton-on-Tees",
        "Norfolk", "Medway", "Bexley"]


SYNTHETIC = (
    "Time_Period,time_identifier,GEOGRAPHIC_LEVEL,country_code,country_name,region_code,region_name,"
    "new_la_code,old_la_code,la_name,breakdown_topic,breakdown,Plans_Issued_Den,plans_issued_den_ex,"
    "PLANS_ISSUED_WITHIN_20_WEEKS,plans_issued_20_weeks_ex,pc_plans_issued_within_20_weeks,"
    "PC_plans_issued_20_weeks_ex,plans_issued_gt_1_year\n"
    "2024,Calendar year,National,E92000001,England,,,,,,All EHC plans issued,All EHC plans issued,"
    "100,90,c,45,low,50.0,7\n"
    "2024,Calendar year,Regional,E92000001,England,E12000002,North West,,,,All EHC plans issued,"
    "All EHC plans issued,10,z,,5,x,12.5,1\n"
    "2024,Calendar year,Local authority,E92000001,England,E12000002,North West,E08000002,351,Bury,"
    "All EHC plans issued,All EHC plans issued,20,18,9,9,45.0,50.0,0\n"
    "2024,Calendar year,Local authority,E92000001,England,E12000002,North West,E08000001,350,Bolton,"
    "All EHC plans issued,All EHC plans issued,abc,18,9,9,45.0,50.0,0\n"
    "2024,Calendar year,Local authority district,E92000001,England,E12000002,North West,E1,999,Town,"
    "All EHC plans issued,All EHC plans issued,1,1,1,1,100,100,0\n"
    "2024,Calendar year,Local authority,E92000001,England,E12000002,North West,E08000002,351,Bury,"
    "Ethnicity,White - Irish,1,1,1,1,100,100,0\n"
)


def _file(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_synthetic_file_values_case_and_rejected_row(engine, tmp_path):
    # not named like a published file: recognised by its columns, whatever their case
    report = run_import(engine, _file(tmp_path, "download (3).csv", SYNTHETIC), kind="benchmarks")
    assert report.status == "loaded", report.message
    assert (report.rows_read, report.rows_rejected) == (6, 1)
    assert [(r.row, r.column) for r in report.rejections] == [(5, "plans_issued_den")]
    df = load_benchmarks(engine)
    assert len(df) == 21 and set(df["source"]) == {"timeliness_20_week"}  # 3 areas x 7 measures
    got = {(r.area_code, r.measure): (None if pd.isna(r.value) else r.value) for r in df.itertuples()}
    assert got[(ENGLAND, "plans_issued_den")] == 100
    assert got[(ENGLAND, "plans_issued_within_20_weeks")] is None  # c
    assert got[(ENGLAND, "pc_plans_issued_within_20_weeks")] is None  # low
    assert got[(NORTH_WEST, "plans_issued_den_ex")] is None  # z
    assert got[(NORTH_WEST, "plans_issued_within_20_weeks")] is None  # blank
    assert got[(NORTH_WEST, "pc_plans_issued_20_weeks_ex")] == 12.5
    assert got[("351", "pc_plans_issued_20_weeks_ex")] == 50.0
    assert [got[(a, "plans_issued_gt_1_year")] for a in (ENGLAND, NORTH_WEST, "351")] == [7, 1, 0]  # a band
    # importing the source again replaces its rows, and leaves other sources alone
    requests = ("time_period,geographic_level,country_code,region_code,old_la_code,la_name,breakdown_topic,"
                "breakdown,requests_received_in_year\n2024,National,E92000001,,,,All requests,All requests,99\n")
    assert run_import(engine, _file(tmp_path, "requests.csv", requests), kind="benchmarks").ok
    smaller = "\n".join(SYNTHETIC.splitlines()[:2]) + "\n"
    assert run_import(engine, _file(tmp_path, "timeliness_20_week.csv", smaller), kind="benchmarks").ok
    df = load_benchmarks(engine)
    assert df.groupby("source").size().to_dict() == {"requests": 1, "timeliness_20_week": 7}


def _zip(entries: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in entries.items():
            zf.writestr(name, text)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("timeliness_20_week.csv", "a,b\n1,2\n", "is not the published DfE timeliness_20_week.csv"),
        ("complaints.csv", "record_id,received_date\nA,2024-01-01\n", "not one of the DfE"),
        ("release.zip", _zip({"README.txt": "hello", "data/other.csv": "a,b\n1,2\n"}), "holds none of the DfE"),
        ("evil.zip", _zip({"data/timeliness_20_week.csv": SYNTHETIC, "../evil.csv": SYNTHETIC}), "unsafe path"),
        ("abs.zip", _zip({"/etc/timeliness_20_week.csv": SYNTHETIC}), "unsafe path"),
        ("broken.zip", b"PK\x03\x04 not really a zip", "not a readable zip"),
        ("all_bad.csv", SYNTHETIC.splitlines()[0] + "\n2024,Calendar year,National,E92000001,England,,,,,,"
         "All EHC plans issued,All EHC plans issued,abc,1,1,1,1,1,1\n", "row 2, column 'plans_issued_den'"),
    ],
)
def test_bad_benchmark_files_are_rejected_and_change_nothing(engine, tmp_path, name, content, words):
    assert run_import(engine, _file(tmp_path, "timeliness_20_week.csv", SYNTHETIC), kind="benchmarks").ok
    before = load_benchmarks(engine)
    with engine.connect() as conn:
        logs = conn.execute(select(func.count()).select_from(ImportLog)).scalar()
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    report = run_import(engine, path, kind="benchmarks")
    assert report.status == "rejected"
    assert words in report.message and name in report.message, report.message
    pd.testing.assert_frame_equal(load_benchmarks(engine), before)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ImportLog)).scalar() == logs
        assert conn.execute(select(func.count()).select_from(Benchmark)).scalar() == 21
