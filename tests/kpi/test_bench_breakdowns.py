"""England's and the region's figures for a filtered view: the DfE's own breakdown, summed by hand here."""

from __future__ import annotations

import pandas as pd

from dashboard.kpi.bench_breakdowns import age_of, matched
from dashboard.kpi.benchmarks import ENGLAND, benchmark_block

AGE = "Child or young persons age"


def _row(measure, year, breakdown, value, topic=AGE, area=ENGLAND, source="timeliness_20_week"):
    return {"source": source, "measure": measure, "time_period": f"{year}", "year": year,
            "geographic_level": "National", "area_code": area, "area_name": "England", "region_code": None,
            "breakdown_topic": topic, "breakdown": breakdown, "value": value}


def _frame() -> pd.DataFrame:
    rows = []
    # 2024 timeliness by age: within / issued (excluding exceptions)
    for age, within, issued in (("age 4", 50, 100), ("age 5", 30, 40), ("age 10", 20, 60), ("age 11", 1, 1)):
        rows += [_row("plans_issued_20_weeks_ex", 2024, age, within), _row("plans_issued_den_ex", 2024, age, issued)]
    # plans each January by age
    for year, n5, n9, n11 in ((2024, 100, 50, 7), (2025, 120, 60, 9)):
        rows += [_row("ehcplans", year, "age 5", n5, source="caseload"), _row("ehcplans", year, "age 9", n9, source="caseload"),
                 _row("ehcplans", year, "age 11", n11, source="caseload")]
    rows += [_row("ehcplans", 2025, "under 3", 4, source="caseload"),
             _row("ehcplans", 2025, "age 3", 6, source="caseload")]
    # plans by need, all EHC plans, 2025 only
    rows += [_row("number_asd", 2025, "All EHC plans", 300, topic="All EHC plans", source="sen_needs_all_plans"),
             _row("number_mld", 2025, "All EHC plans", 100, topic="All EHC plans", source="sen_needs_all_plans")]
    return pd.DataFrame(rows)


def test_dfe_age_labels_map_to_ages():
    assert [age_of(x) for x in ("age 7", "Aged 12", "under 3", "Aged 2 and under", "age 20 and over",
                                "Age unknown")] == [7, 12, 2, 2, 20, None]


def test_an_age_band_is_compared_with_the_dfe_figures_summed_over_its_ages():
    got = matched(_frame(), area=ENGLAND, needs=[], age_bands=["5-10"])
    # ages 5 and 10 (not 4 or 11): (30 + 20) / (40 + 60) = 50.0%
    assert got["timeliness_pct_ex"] == ({2024: 50.0}, "ages 5-10")
    # January plans aged 5-10: 150 then 180, so growth +20.0%
    assert got["plans_january"] == ({2024: 150.0, 2025: 180.0}, "ages 5-10")
    assert got["plans_growth_pct"] == ({2025: 20.0}, "ages 5-10")
    under5 = matched(_frame(), area=ENGLAND, needs=[], age_bands=["Under 5"])
    assert under5["plans_january"][0] == {2025: 10.0}  # "under 3" + "age 3" (no age-4 caseload row here)
    assert "timeliness_pct" not in got  # not in the frame: the caller keeps the all-children series


def test_a_need_is_compared_with_the_dfe_plans_for_that_need_and_both_filters_with_nothing():
    got = matched(_frame(), area=ENGLAND, needs=["ASD", "MLD"], age_bands=[])
    assert got == {"plans_january": ({2025: 400.0}, "primary need ASD, MLD")}  # one year: no growth
    assert matched(_frame(), area=ENGLAND, needs=["ASD"], age_bands=["5-10"]) == {}
    assert matched(_frame(), area=ENGLAND, needs=[], age_bands=[]) == {}


def test_the_block_says_which_breakdown_each_series_is():
    allrows = pd.DataFrame([_row("pc_plans_issued_20_weeks_ex", 2024, "All EHC plans issued", 46.4,
                                 topic="All EHC plans issued")])
    plain = benchmark_block(allrows, la_code="351", comparators=[], years=[2024])
    assert plain["scope"] == {} and plain["england"]["timeliness_pct_ex"] == {2024: 46.4}
    band = benchmark_block(allrows, la_code="351", comparators=[], years=[2024], age_bands=["5-10"],
                           breakdowns=_frame())
    assert band["england"]["timeliness_pct_ex"] == {2024: 50.0}
    assert band["scope"]["timeliness_pct_ex"] == "ages 5-10"
    assert band["scope"]["timeliness_pct"] == "all children"  # no breakdown: everyone's figure, said so
    assert band["la_published"]["timeliness_pct_ex"] == {}  # the LA's own: never swapped
