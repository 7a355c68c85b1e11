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


TRIBUNAL_CSV = "SEND Tribunals and appeal rate 2014-2024.csv"


def _tribunal_bytes(reference_dir) -> bytes:
    with zipfile.ZipFile(reference_dir / "ees" / "ehcp-plans-release-2025.zip") as zf:
        return zf.read(f"supporting-files/{TRIBUNAL_CSV}")


def _tribunal(engine, area: str) -> dict:
    df = load_benchmarks(engine, sources=["send_tribunals"], area_codes=[area])
    return {(r.measure, int(r.year)): (None if pd.isna(r.value) else r.value) for r in df.itertuples()}


def test_tribunal_appeal_rate_file_loose_and_in_the_zip_read_the_same(engine, reference_dir, tmp_path):
    from data_access.importers import benchmarks

    data = _tribunal_bytes(reference_dir)
    loose = benchmarks.parse_published(tmp_path / TRIBUNAL_CSV, data)
    renamed = benchmarks.parse_published(tmp_path / "download.csv", data)  # known by its title and heading
    zipped = benchmarks.parse_published(tmp_path / "release.zip", _zip({
        f"supporting-files/{TRIBUNAL_CSV}": data.decode("utf-8-sig")}))
    columns = [c for c in loose.payload.columns if c != "release"]
    assert loose.payload[columns].equals(zipped.payload[columns])
    assert loose.payload[columns].equals(renamed.payload[columns])
    assert loose.target == zipped.target == "benchmarks:send_tribunals"
    # 155 LAs with a code and England (the rows of Bournemouth and Poole before 2019 have no code), x 11 years
    assert (loose.report.rows_read, loose.report.rows_rejected) == (156, 0)
    assert len(loose.payload) == 156 * 11 * 3


def test_tribunal_appeal_rate_published_figures(engine, reference_dir, tmp_path):
    path = tmp_path / TRIBUNAL_CSV
    path.write_bytes(_tribunal_bytes(reference_dir))
    report = run_import(engine, path, kind="benchmarks")
    assert report.status == "loaded", report.message
    # Bury,351,10,"1,328",0.80%, ... ,65,"3,046",2.10%,"1,546",4.20% (the last two "In development": not kept)
    bury = _tribunal(engine, "351")
    assert [bury[(m, 2024)] for m in ("tribunal_appeals", "tribunal_appealable_decisions",
                                      "tribunal_appeal_rate")] == [65, 3046, 2.1]
    assert [bury[(m, 2014)] for m in ("tribunal_appeals", "tribunal_appealable_decisions",
                                      "tribunal_appeal_rate")] == [10, 1328, 0.8]
    # Darlington,841, - ,450,0.00%, ...: " - " is no appeals registered
    darlington = _tribunal(engine, "841")
    assert [darlington[(m, 2014)] for m in ("tribunal_appeals", "tribunal_appealable_decisions",
                                            "tribunal_appeal_rate")] == [0, 450, 0.0]
    # "England Total4,9",,"4,108","251,096",1.60%, ... ,"22,276","689,739",3.20%
    england = _tribunal(engine, ENGLAND)
    assert [england[(m, 2024)] for m in ("tribunal_appeals", "tribunal_appealable_decisions",
                                         "tribunal_appeal_rate")] == [22276, 689739, 3.2]
    assert england[("tribunal_appeals", 2014)] == 4108
    rows = load_benchmarks(engine, sources=["send_tribunals"], area_codes=["351", ENGLAND])
    assert set(zip(rows["area_code"], rows["region_code"].fillna("-"), rows["area_name"], strict=True)) == {
        ("351", NORTH_WEST, "Bury"), (ENGLAND, "-", "England")}  # Bury sits under the NORTH WEST heading
    # footnote marks are not part of the name: "Dorset6" -> Dorset
    assert set(load_benchmarks(engine, sources=["send_tribunals"], area_codes=["838"])["area_name"]) == {"Dorset"}


def test_tribunal_file_bad_cell_is_named(engine, reference_dir, tmp_path):
    text = _tribunal_bytes(reference_dir).decode("utf-8-sig").replace('Bury,351,10,"1,328"', 'Bury,351,ten,"1,328"')
    path = tmp_path / TRIBUNAL_CSV
    path.write_text(text, encoding="utf-8")
    report = run_import(engine, path, kind="benchmarks")
    assert report.status == "loaded" and report.rows_rejected == 1
    [rejection] = report.rejections
    assert (rejection.row, rejection.column) == (23, "2014 tribunal_appeals")
    assert "'ten' is not a number" in rejection.reason and TRIBUNAL_CSV in rejection.reason
    assert _tribunal(engine, "351") == {} and _tribunal(engine, "841")[("tribunal_appeals", 2015)] == 2


def test_release_zip_keeps_the_journey_measures(engine, reference_dir):
    report = run_import(engine, reference_dir / "ees" / "ehcp-plans-release-2025.zip", kind="benchmarks")
    assert report.status == "loaded" and report.rows_rejected == 0, report.message
    # annual_reviews.csv, 2024, Bury: number_decsion_4weeks 1055, pc_decsion_4weeks 49.8, outcome_maintan 1169
    assert _series(engine, "number_decsion_4weeks", "351") == {2024: 1055}
    assert _series(engine, "pc_decsion_4weeks", "351") == {2024: 49.8}
    assert _series(engine, "outcome_maintan", "351") == {2024: 1169}
    # assessments.csv, 2024, Bury: assess_in_year 357; ceased_plans.csv: total_ceased 217; newplans.csv 361
    assert _series(engine, "assess_in_year", "351")[2024] == 357
    assert _series(engine, "total_ceased", "351")[2024] == 217
    new = load_benchmarks(engine, measures=["new_ehc_plans"], area_codes=["351"], headline_only=True)
    assert dict(zip(new["year"], new["value"], strict=True))[2024] == 361
    assert set(new["breakdown"]) == {"All new EHC plans"}
    # requests.csv by age keeps what it kept (received), not the measures new in issue 12
    by_age = load_benchmarks(engine, measures=["requests_received_in_year", "mediation_related_request"],
                             area_codes=[ENGLAND], sources=["requests"])
    by_age = by_age[by_age["breakdown_topic"] == "Child or young persons age"]
    assert set(by_age["measure"]) == {"requests_received_in_year"}
    # the supporting file inside the zip: Bury's 2024 appeal rate 2.1%
    assert _tribunal(engine, "351")[("tribunal_appeal_rate", 2024)] == 2.1
