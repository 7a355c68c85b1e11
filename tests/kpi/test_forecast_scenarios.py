"""Scenarios on hand-built histories: request growth, moves between finance lines, ceasing at 16-19."""

import json

import pytest

from dashboard.kpi.forecast import forecast_block, forecast_inputs, project
from dashboard.kpi.forecast_scenario import Scenario
from tests.kpi.fixtures import casework
from tests.kpi.forecast_cases import AS_AT, check_sums, linear, nonzero, people, totals


def _special_history():
    """10 plans join at age 5 every January 2016..2025, half of them independent special, half maintained."""
    return forecast_inputs(casework(linear(5, setting_type="independent_special")
                                    + linear(5, setting_type="special_maintained")), None, as_at=AS_AT)


def test_request_growth_compounds_on_the_new_plans():
    inputs = _special_history()
    assert totals(project(inputs)) == [110, 120, 130, 140, 150]
    block = project(inputs, scenario=Scenario(request_growth_pct=10, name="More requests"))
    # new plans 10 * 1.1**k: 100 + 11 = 111; + 12.1 = 123.1; + 13.31 = 136.41; + 14.641 = 151.05; + 16.1051 = 167.16
    assert totals(block) == [111, 123, 136, 151, 167]
    assert [(y["low"], y["high"]) for y in block["years"]] == [(t, t) for t in totals(block)]
    # the methods beside it stay the baseline; the backtest is the baseline's
    assert [y["total"] for y in block["methods"][0]["years"]] == [110, 120, 130, 140, 150]
    assert block["backtest"]["error_pct"] == 0.0
    assert block["scenario"] == {"name": "More requests", "request_growth_pct": 10.0, "moves": [],
                                 "cease_16_19_pct": 0.0}
    check_sums(block)


def test_a_move_shifts_k_plans_a_year_between_lines_and_keeps_the_total():
    inputs = _special_history()
    base = project(inputs)
    assert [nonzero(y["by_line"]) for y in base["years"]][0] == {"special_maintained": 55, "special_independent": 55}
    moved = project(inputs, scenario=Scenario(moves=(("special_independent", "special_maintained", 5),)))
    assert totals(moved) == totals(base)
    for k, (before, after) in enumerate(zip(base["years"], moved["years"], strict=True), start=1):
        assert after["by_line"]["special_independent"] == before["by_line"]["special_independent"] - 5 * k
        assert after["by_line"]["special_maintained"] == before["by_line"]["special_maintained"] + 5 * k
        assert after["by_group"] == before["by_group"] == {**after["by_group"], "special": after["total"]}
    # never more than the line holds: 40 a year empties it in the third year (55, 60, 65, 70, 75 held)
    capped = project(inputs, scenario=Scenario(moves=[("special_independent", "special_maintained", 40)]))
    assert [y["by_line"]["special_independent"] for y in capped["years"]] == [15, 0, 0, 0, 0]
    assert [y["by_line"]["special_maintained"] for y in capped["years"]] == [95, 120, 130, 140, 150]
    check_sums(capped)


def test_a_move_into_an_empty_line_changes_the_setting_group():
    inputs = _special_history()
    block = project(inputs, scenario=Scenario(moves=[("special_independent", "resourced_provision", 5)]))
    assert [y["by_line"]["resourced_provision"] for y in block["years"]] == [5, 10, 15, 20, 25]
    assert [nonzero(y["by_group"]) for y in block["years"]][:2] == [{"mainstream": 5, "special": 105},
                                                                    {"mainstream": 10, "special": 110}]
    check_sums(block)


def _sixteen_seventeen():
    """10 plans join at 16 every January 2022..2025; 5 of each 10 are there at 17, none at 18."""
    rows = people(5, 16, 2022, 2022) + people(5, 16, 2022, 2023)
    rows += people(5, 16, 2023, 2023) + people(5, 16, 2023, 2024)
    rows += people(5, 16, 2024, 2024) + people(5, 16, 2024)
    rows += people(10, 16, 2025)
    return forecast_inputs(casework(rows), None, as_at=AS_AT)


def test_more_plans_ending_at_16_19_lowers_the_forecast():
    inputs = _sixteen_seventeen()
    base = project(inputs)
    assert base["base"]["total"] == 15 and totals(base) == [15, 15, 15, 15, 15]
    assert [base["inputs"][a]["continuation_rate"] for a in (16, 17, 18)] == [0.5, 0.0, None]
    # +20%: the leaving share at 16 goes from 0.5 to 0.6 (continuation 0.4); at 17 it stays capped at 1
    more = project(inputs, scenario=Scenario(cease_16_19_pct=20))
    assert totals(more) == [14, 14, 14, 14, 14]  # 10 new + 10 * 0.4
    assert more["inputs"][16]["continuation_used"] == 0.4 and more["inputs"][16]["continuation_rate"] == 0.5
    # -100%: nobody leaves at 16-19; at 20 (rate of the nearest age seen, 17: 0) they all leave
    none = project(inputs, scenario=Scenario(cease_16_19_pct=-100))
    # 2026: 10 + 10 + 5 (aged 18); 2027: + 10 + 5; 2028: 10 + 10 + 10 + 10 + 5 (aged 20); then 50
    assert totals(none) == [25, 35, 45, 50, 50]
    check_sums(none)


def test_the_range_and_sums_hold_under_every_scenario_together():
    inputs = _special_history()
    scenario = Scenario(request_growth_pct=-20, moves=[("special_maintained", "post16", 3)], cease_16_19_pct=15,
                        name="All")
    block = project(inputs, scenario=scenario, age_bands=["5-10", "11-15"])
    check_sums(block)
    assert json.loads(json.dumps(block))["scenario"] == scenario.to_dict()


def test_scenarios_round_trip_as_json_and_reject_bad_settings():
    scenario = Scenario(request_growth_pct=2.5, moves=[["special_independent", "special_maintained", 5]],
                        cease_16_19_pct=-10, name="Safety valve")
    data = json.loads(json.dumps(scenario.to_dict()))
    assert Scenario.from_dict(data) == scenario
    assert scenario.moves == (("special_independent", "special_maintained", 5.0),)
    assert Scenario.from_dict({}) == Scenario() and Scenario().is_baseline and not scenario.is_baseline
    with pytest.raises(ValueError, match="'special_indie' is not a placement line; use one of mainstream_top_ups"):
        Scenario(moves=[("special_indie", "special_maintained", 5)])
    with pytest.raises(ValueError, match="cannot be negative"):
        Scenario(moves=[("special_independent", "special_maintained", -5)])
    with pytest.raises(ValueError, match="different lines"):
        Scenario(moves=[("post16", "post16", 5)])
    with pytest.raises(ValueError, match="more than 100%"):
        Scenario(request_growth_pct=-150)
    with pytest.raises(ValueError, match="must be a number"):
        Scenario(cease_16_19_pct="lots")
    with pytest.raises(ValueError, match="Unknown scenario setting 'growth'"):
        Scenario.from_dict({"growth": 3})


def test_forecast_block_takes_a_scenario_too():
    block = forecast_block(casework(linear()), None, as_at=AS_AT, scenario=Scenario(request_growth_pct=10))
    assert totals(block) == [111, 123, 136, 151, 167]
