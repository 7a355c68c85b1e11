"""Benchmark KPIs: a small hand-made long frame, then the real DfE files read directly with pandas."""

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from dashboard.kpi.benchmarks import (
    BLOCK_KEYS,
    COUNT_KEYS,
    benchmark_block,
    growth_pct,
    series,
    statistical_neighbours,
)

COLUMNS = ["source", "measure", "time_period", "year", "geographic_level", "area_code", "area_name",
           "region_code", "breakdown_topic", "breakdown", "value"]
TL, TLALL = "timeliness_20_week", "All EHC plans issued"
CL, NEEDS, NEWP, RQ = "caseload", "sen_needs_all_plans", "sen_need_newplans", "requests"
AREAS = {  # area_code -> (level, name, region)
    "E92000001": ("National", "England", None),
    "E12000002": ("Regional", "North West", None),
    "351": ("Local authority", "Bury", "E12000002"),
    "888": ("Local authority", "Lancashire", "E12000002"),
    "908": ("Local authority", "Cornwall", "E12000009"),
}
DATA = [  # source, measure, year, area, breakdown, value
    (TL, "pc_plans_issued_20_weeks_ex", 2019, "E92000001", TLALL, 60.4),
    (TL, "pc_plans_issued_20_weeks_ex", 2020, "E92000001", TLALL, 58.0),
    (TL, "pc_plans_issued_within_20_weeks", 2019, "E92000001", TLALL, 58.7),
    (TL, "pc_plans_issued_within_20_weeks", 2020, "E92000001", TLALL, 56.1),
    ("sen2_mi", "noexc20weekrate", 2018, "E92000001", None, 64.9),
    ("sen2_mi", "noexc20weekrate", 2019, "E92000001", None, 99.9),  # the 2025 release wins for 2019
    # the importer also stores the old series under the 2025 names; the release running later wins
    ("sen2_mi", "pc_plans_issued_20_weeks_ex", 2017, "E92000001", TLALL, 65.0),
    ("sen2_mi", "pc_plans_issued_20_weeks_ex", 2019, "E92000001", TLALL, 11.0),
    ("sen2_age_caseload", "ehcplans", 2022, "E92000001", "All EHC plans", 473255),
    ("sen2_age_caseload", "ehcplans", 2023, "E92000001", "All EHC plans", 999),
    (CL, "ehcplans", 2023, "E92000001", "All EHC plans", 517048),
    (CL, "ehcplans", 2024, "E92000001", "All EHC plans", 576474),
    (CL, "ehcplans", 2025, "E92000001", "All EHC plans", 638745),
    (RQ, "requests_received_in_year", 2023, "E92000001", "All requests for EHC needs assessments", 138242),
    (RQ, "requests_received_in_year", 2024, "E92000001", "All requests for EHC needs assessments", 154489),
    (RQ, "request_outcome_six_weeks_pc", 2023, "E92000001", "All requests for EHC needs assessments", None),
    (RQ, "request_outcome_six_weeks_pc", 2024, "E92000001", "All requests for EHC needs assessments", 84.8),
    (NEEDS, "asd_pc", 2025, "E92000001", "All EHC plans", 31.5),
    (NEEDS, "semh_pc", 2025, "E92000001", "All EHC plans", 20.7),
    (NEEDS, "unknown_pc", 2025, "E92000001", "All EHC plans", 0.8),
    (TL, "pc_plans_issued_20_weeks_ex", 2019, "E12000002", TLALL, 60.1),
    (TL, "pc_plans_issued_20_weeks_ex", 2020, "E12000002", TLALL, 62.5),
    (TL, "pc_plans_issued_20_weeks_ex", 2019, "351", TLALL, 78.9),
    (TL, "pc_plans_issued_20_weeks_ex", 2020, "351", TLALL, 27.4),
    (TL, "pc_plans_issued_20_weeks_ex", 2019, "351", "Age under 5", 11.1),  # not a whole-population row
    (TL, "pc_plans_issued_within_20_weeks", 2019, "351", TLALL, 78.9),
    (TL, "pc_plans_issued_within_20_weeks", 2020, "351", TLALL, 27.2),
    (CL, "ehcplans", 2023, "351", "All EHC plans", 2241),
    (CL, "ehcplans", 2024, "351", "All EHC plans", 2686),
    (CL, "ehcplans", 2025, "351", "All EHC plans", 2804),
    (RQ, "requests_received_in_year", 2024, "351", "All requests for EHC needs assessments", 560),
    (RQ, "request_outcome_six_weeks_pc", 2024, "351", "All requests for EHC needs assessments", 94.9),
    (NEEDS, "asd_pc", 2025, "351", "All EHC plans", 23.3),
    (NEEDS, "semh_pc", 2025, "351", "All EHC plans", 24.5),
    (NEEDS, "unknown_pc", 2025, "351", "All EHC plans", 0.1),
    (NEWP, "asd_pc", 2024, "351", "All EHC plans", 50.0),  # new plans, not all plans: never a need share
    (TL, "pc_plans_issued_20_weeks_ex", 2019, "888", TLALL, None),  # published as x
    (TL, "pc_plans_issued_20_weeks_ex", 2020, "888", TLALL, 40.0),
    (CL, "ehcplans", 2024, "888", "All EHC plans", 9000),
    (CL, "ehcplans", 2025, "888", "All EHC plans", 10000),
    (NEEDS, "asd_pc", 2025, "888", "All EHC plans", 30.0),
    (NEEDS, "semh_pc", 2025, "888", "All EHC plans", 20.0),
    (TL, "pc_plans_issued_20_weeks_ex", 2019, "908", TLALL, 50.0),
    (TL, "pc_plans_issued_20_weeks_ex", 2020, "908", TLALL, 45.5),
    (CL, "ehcplans", 2024, "908", "All EHC plans", 5000),
    (CL, "ehcplans", 2025, "908", "All EHC plans", 5500),
    (NEEDS, "asd_pc", 2025, "908", "All EHC plans", 25.0),
    (NEEDS, "semh_pc", 2025, "908", "All EHC plans", None),  # published as c
    (NEEDS, "unknown_pc", 2025, "908", "All EHC plans", 1.0),
]


@pytest.fixture
def bench() -> pd.DataFrame:
    rows = []
    for source, measure, year, area, breakdown, value in DATA:
        level, name, region = AREAS[area]
        period = f"{year - 1}{year % 100:02d}" if source in (CL, NEEDS) else str(year)
        rows.append((source, measure, period, year, level, area, name, region, breakdown, breakdown, value))
    return pd.DataFrame(rows, columns=COLUMNS)


def test_growth_pct():
    assert growth_pct(1617, 1727) == 6.8
    assert growth_pct(1727, 1935) == 12.0
    assert growth_pct(200, 150) == -25.0
    assert growth_pct(None, 5) is None
    assert growth_pct(0, 5) is None
    assert growth_pct(5, None) is None


def test_series_whole_population_rows_missing_values_and_breakdown(bench):
    assert series(bench, measure="pc_plans_issued_20_weeks_ex", area_code="351") == {2019: 78.9, 2020: 27.4}
    assert series(bench, measure="PC_plans_issued_20_weeks_ex", area_code="351",
                  breakdown="age under 5") == {2019: 11.1}
    assert series(bench, measure="pc_plans_issued_20_weeks_ex", area_code="888") == {2019: None, 2020: 40.0}
    assert series(bench, measure="asd_pc", area_code="351", source="sen_needs_all_plans") == {2025: 23.3}
    assert series(bench, measure="asd_pc", area_code="351") == {2024: 50.0, 2025: 23.3}
    assert series(bench, measure="no_such_measure", area_code="351") == {}
    assert series(bench, measure="ehcplans", area_code="999") == {}


def _region(bench, la_code):
    region = benchmark_block(bench, la_code=la_code, comparators=[], years=[])["region"]
    return (region["code"], region["name"])


def test_the_region_of_the_block(bench):
    assert _region(bench, "351") == ("E12000002", "North West")
    assert _region(bench, "908") == ("E12000009", "E12000009")  # no regional rows: the code stands in
    assert _region(bench, "123") == (None, None)


EMPTY = {"timeliness_pct_ex": {}, "timeliness_pct": {}, "plans_january": {}, "requests": {},
         "decided_within_6_weeks_pct": {}, "plans_growth_pct": {}, "need_shares": {}}
NEW = {key: {} for key in BLOCK_KEYS if key not in EMPTY}  # issue 12's journey and placements series
EMPTY |= NEW


def test_benchmark_block(bench):
    block = benchmark_block(bench, la_code="351", comparators=["888", "908", "999"], years=[])
    assert block["england"] == {
        "timeliness_pct_ex": {2017: 65.0, 2018: 64.9, 2019: 60.4, 2020: 58.0},
        "timeliness_pct": {2019: 58.7, 2020: 56.1},
        "plans_january": {2022: 473255.0, 2023: 517048.0, 2024: 576474.0, 2025: 638745.0},
        "requests": {2023: 138242.0, 2024: 154489.0},
        "decided_within_6_weeks_pct": {2023: None, 2024: 84.8},
        # 43,793 / 473,255; 59,426 / 517,048; 62,271 / 576,474
        "plans_growth_pct": {2023: 9.3, 2024: 11.5, 2025: 10.8},
        "need_shares": {"ASD": 31.5, "SEMH": 20.7, "UNKNOWN": 0.8},
        **NEW,
    }
    assert block["region"] == {**EMPTY, "code": "E12000002", "name": "North West",
                               "timeliness_pct_ex": {2019: 60.1, 2020: 62.5}}
    la = block["la_published"]
    assert la["timeliness_pct_ex"] == {2019: 78.9, 2020: 27.4}
    assert la["plans_growth_pct"] == {2024: 19.9, 2025: 4.4}  # 445 / 2,241; 118 / 2,686
    assert la["need_shares"] == {"ASD": 23.3, "SEMH": 24.5, "UNKNOWN": 0.1}
    assert [(c["la_code"], c["la_name"]) for c in block["comparators"]] == [
        ("888", "Lancashire"), ("908", "Cornwall"), ("999", None)]
    assert block["comparators"][2] == {"la_code": "999", "la_name": None, **EMPTY}
    assert block["comparators"][1]["need_shares"] == {"ASD": 25.0, "UNKNOWN": 1.0}  # SEMH was c
    assert block["comparator_mean"] == {
        "timeliness_pct_ex": {2019: 50.0, 2020: 42.8},  # 2019: Lancashire x, so Cornwall alone; 42.75 up
        "timeliness_pct": {},
        "plans_january": {2024: 7000.0, 2025: 7750.0},
        "requests": {},
        "decided_within_6_weeks_pct": {},
        "plans_growth_pct": {2025: 10.6},  # (11.1 + 10.0) / 2 = 10.55
        "need_shares": {"ASD": 27.5, "SEMH": 20.0, "UNKNOWN": 1.0},
        **NEW,
    }


def test_benchmark_block_years_and_missing_region(bench):
    block = benchmark_block(bench, la_code="351", comparators=["888"], years=[2020, 2025])
    assert block["la_published"]["timeliness_pct_ex"] == {2020: 27.4}
    assert block["la_published"]["plans_january"] == {2025: 2804.0}
    assert block["la_published"]["plans_growth_pct"] == {2025: 4.4}  # growth uses 2024, outside years
    assert block["comparator_mean"]["timeliness_pct_ex"] == {2020: 40.0}
    only_2024 = benchmark_block(bench, la_code="351", comparators=[], years=[2024])
    assert only_2024["la_published"]["need_shares"] == {}  # all-plans needs only published for 2025
    assert only_2024["comparators"] == [] and only_2024["comparator_mean"] == EMPTY
    unknown = benchmark_block(bench, la_code="123", comparators=[], years=[])
    assert unknown["region"] == {"code": None, "name": None, **EMPTY}
    assert unknown["la_published"] == EMPTY | {key: {} for key in COUNT_KEYS}  # and its published counts


def test_statistical_neighbours_name_matching(bench):
    las = pd.DataFrame(
        [("Local authority", code, name, "E12000002")
         for code, name in [("351", "Bury"), ("342", "St. Helens"), ("801", "Bristol, City of"),
                            ("840", "County Durham"), ("822", "Bedford")]],
        columns=["geographic_level", "area_code", "area_name", "region_code"]).assign(year=2025)
    neighbours = pd.DataFrame({
        "LA_Name": ["Bury"] * 5 + ["Bolton"],
        "Rank": [3, 1, 2, 4, 5, 1],
        "Neighbour_LA_Name": ["Durham", "St Helens", "Bristol", "Bedford Borough", "Atlantis", "Bury"]})
    assert statistical_neighbours(neighbours, las, la_code="351") == ["342", "801", "840", "822"]
    assert statistical_neighbours(neighbours, las, la_code="999") == []


# --- the real published files -------------------------------------------------------------------
ZIP = Path("/work/shared/reference/ees/ehcp-plans-release-2025.zip")
NEIGHBOURS = Path("/work/shared/reference/statistical-neighbours.csv")
NOT_AVAILABLE = {"x", "c", "z", "low", ""}


def _published_long(stem: str) -> pd.DataFrame:
    """One EES CSV from the release zip as the long benchmark frame, built here with plain pandas."""
    with zipfile.ZipFile(ZIP) as z:
        wide = pd.read_csv(io.BytesIO(z.read(f"data/{stem}.csv")), dtype=str, keep_default_na=False,
                           encoding="utf-8-sig")
    wide.columns = [c.lower() for c in wide.columns]
    level = wide["geographic_level"].str.lower()
    wide["area_code"] = wide["country_code"].where(
        level == "national", wide["region_code"].where(level == "regional", wide["old_la_code"]))
    wide["area_name"] = wide["country_name"].where(
        level == "national", wide["region_name"].where(level == "regional", wide["la_name"]))
    period = wide["time_period"]
    wide["year"] = period.str[:4].astype(int) + (period.str.len() == 6).astype(int)
    ids = ["time_period", "geographic_level", "area_code", "area_name", "region_code", "breakdown_topic",
           "breakdown", "year"]
    measures = [c for c in wide.columns[wide.columns.get_loc("breakdown") + 1:] if c not in ids]
    long = wide.melt(id_vars=ids, value_vars=measures, var_name="measure", value_name="raw")
    raw = long.pop("raw").str.strip()
    long["value"] = pd.to_numeric(raw.where(~raw.str.lower().isin(NOT_AVAILABLE)), errors="coerce")
    long["region_code"] = long["region_code"].replace("", None)
    return long.assign(source=stem)[COLUMNS]


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    if not ZIP.exists():
        pytest.skip(f"{ZIP} is not available")
    return pd.concat([_published_long("timeliness_20_week"), _published_long("caseload")], ignore_index=True)


def test_real_published_timeliness_england_and_north_west(published):
    ex = "pc_plans_issued_20_weeks_ex"
    assert series(published, measure=ex, area_code="E92000001") == {
        2019: 60.4, 2020: 58.0, 2021: 59.9, 2022: 49.2, 2023: 50.3, 2024: 46.4}
    assert series(published, measure=ex, area_code="E12000002") == {
        2019: 60.1, 2020: 62.5, 2021: 66.5, 2022: 62.7, 2023: 56.7, 2024: 50.5}
    assert _region(published, "351") == ("E12000002", "North West")
    block = benchmark_block(published, la_code="351", comparators=[], years=[2019, 2020, 2021])
    la = block["la_published"]
    assert la["timeliness_pct_ex"] == {2019: 78.9, 2020: 27.4, 2021: 34.7}
    assert la["timeliness_pct"] == {2019: 78.9, 2020: 27.2, 2021: 34.2}
    assert la["plans_january"] == {2019: 1617.0, 2020: 1727.0, 2021: 1935.0}
    assert la["plans_growth_pct"] == {2020: 6.8, 2021: 12.0}
    assert block["england"]["plans_january"] == {2019: 353995.0, 2020: 390109.0, 2021: 430697.0}


def test_real_statistical_neighbours_of_bury(published):
    if not NEIGHBOURS.exists():
        pytest.skip(f"{NEIGHBOURS} is not available")
    caseload = published[published["source"] == "caseload"]
    codes = statistical_neighbours(pd.read_csv(NEIGHBOURS), caseload, la_code="351")
    las = caseload[caseload["geographic_level"] == "Local authority"].drop_duplicates("area_code")
    name_of = dict(zip(las["area_code"], las["area_name"], strict=True))
    assert [name_of[c] for c in codes] == ["Lancashire", "Cornwall", "North Tyneside", "Kent", "Dudley",
                                           "Nottinghamshire", "Stockton-on-Tees", "Norfolk", "Medway",
                                           "Bexley"]
    assert codes == ["888", "908", "392", "886", "332", "891", "808", "926", "887", "303"]
    # every LA's list resolves, whatever the spelling ("St. Helens", "Bristol, City of", "Durham", ...)
    neighbours = pd.read_csv(NEIGHBOURS)
    for code, name in [("342", "St. Helens"), ("801", "Bristol, City of"), ("840", "County Durham")]:
        assert len(statistical_neighbours(neighbours, caseload, la_code=code)) == 10, name


@pytest.fixture(scope="module")
def journey() -> pd.DataFrame:
    if not ZIP.exists():
        pytest.skip(f"{ZIP} is not available")
    stems = ("timeliness_20_week", "requests", "assessments", "annual_reviews", "ceased_plans", "caseload", "newplans")
    return pd.concat([_published_long(stem) for stem in stems], ignore_index=True)


def test_real_journey_and_placements_of_bury(journey):
    # requests.csv, 2024, Bury: received 560, rya 1, assess 358, not 184, not made 18, withdrawn 0, 63.9, 32.9,
    # 3.2, 0, ..., mediation 80, tribunal 7, tribunal after mediation 2
    block = benchmark_block(journey, la_code="351", comparators=[], years=[2024])
    la = block["la_published"]
    assert [la[k][2024] for k in ("requests_assess", "requests_not_assess", "requests_not_decided",
                                  "requests_withdrawn", "requests_mediation", "requests_tribunal")] == [
        358, 184, 18, 0, 80, 7]
    assert [la[k][2024] for k in ("assess_pct", "refused_pct", "not_decided_pct", "withdrawn_pct")] == [
        63.9, 32.9, 3.2, 0]
    # ceased_plans.csv, 2024, Bury: 1, 48, 13, 35, 66, 49, 2, 3, not_rec 0, other 0, total 217
    assert la["ceased_total"] == {2024: 217}
    assert [la[f"ceased_reason_{n}"][2024] for n in range(1, 10)] == [1, 48, 13, 35, 66, 49, 2, 3, 0]
    assert la["ceased_reason_2_pct"] == {2024: 22.1} and la["ceased_reason_5_pct"] == {2024: 30.4}  # 48, 66 / 217
    assert la["ceased_reason_9_pct"] == {2024: 0.0}
    # annual_reviews.csv, 2024, Bury: expected 2422, meetings 2135, amend 953, cease 0, maintain 1169,
    # decided within 4 weeks 1055, later 1064 (49.8%)
    assert [la[k][2024] for k in ("reviews_due", "reviews_meetings", "reviews_within_4_weeks", "reviews_decided",
                                  "reviews_amend", "reviews_cease", "reviews_maintain")] == [
        2422, 2135, 1055, 2119, 953, 0, 1169]
    assert la["reviews_within_4_weeks_pct"] == {2024: 49.8}
    # caseload.csv, 202425 (January 2025), Bury: 2804 plans; mainstream 1323, special 761, AP/PRU 56,
    # post-16 (fe_total) 265, early years 35, elsewhere 264, unknown 100; independent 47 + 172 + 26 = 245
    jan = benchmark_block(journey, la_code="351", comparators=[], years=[2025])
    la25 = jan["la_published"]
    groups = ("mainstream", "special", "ap_pru", "post16", "early_years", "elsewhere", "unknown")
    assert la25["placements_total"] == {2025: 2804}
    assert [la25[f"placements_{g}"][2025] for g in groups] == [1323, 761, 56, 265, 35, 264, 100]
    assert [la25[f"placements_{g}_pct"][2025] for g in groups] == [47.2, 27.1, 2.0, 9.5, 1.2, 9.4, 3.6]
    assert la25["independent"] == {2025: 245} and la25["independent_pct"] == {2025: 8.7}  # 245 / 2804
    # England, January 2025: 7174 + 29647 + 4381 = 41202 of 638745 = 6.45%; North West 995 + 3979 + 925 = 5899
    # of 92839 = 6.35%
    assert jan["england"]["independent_pct"] == {2025: 6.5} and jan["region"]["independent_pct"] == {2025: 6.4}
    # England 2024: reviews within 4 weeks 44.4 (North West 48.9); refused 25.2 (24); mediation 10507 (2094);
    # ceased because needs met 3955 of 44862 = 8.8%; North West transfer 2032 of 6761 = 30.1%
    eng, nw = block["england"], block["region"]
    assert (eng["reviews_within_4_weeks_pct"], nw["reviews_within_4_weeks_pct"]) == ({2024: 44.4}, {2024: 48.9})
    assert (eng["refused_pct"], nw["refused_pct"]) == ({2024: 25.2}, {2024: 24.0})
    assert (eng["requests_mediation"], nw["requests_mediation"]) == ({2024: 10507}, {2024: 2094})
    assert eng["ceased_reason_2_pct"] == {2024: 8.8} and nw["ceased_reason_5_pct"] == {2024: 30.1}
    assert "requests_assess" not in eng  # the LA's own counts are in la_published only


def test_journey_series_suppressed_groups_are_none_and_filtered_scope(journey):
    # caseload.csv, Bury, January 2019-2022: placement_unknown is x (suppressed), so its count is None
    la = benchmark_block(journey, la_code="351", comparators=[], years=[2022, 2025])["la_published"]
    assert la["placements_unknown"] == {2022: None, 2025: 100}
    filtered = benchmark_block(journey, la_code="351", comparators=[], years=[2024], age_bands=["5-10"],
                               breakdowns=journey)
    assert filtered["scope"]["refused_pct"] == "all children" and filtered["scope"]["independent_pct"] == "all children"
    assert filtered["england"]["refused_pct"] == {2024: 25.2}  # the all-children figure, said so by its scope
