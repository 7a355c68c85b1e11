"""The cohort-flow forecast on hand-built histories; every expected number is worked out by hand."""

import json
import pickle
from datetime import date

import pytest

from dashboard.kpi.forecast import forecast_block, forecast_inputs, project
from tests.kpi.fixtures import casework, empty, frame, placements, sen2
from tests.kpi.forecast_cases import AS_AT, check_sums, linear, nonzero, people, totals


def test_a_closed_cohort_ages_out_after_25():
    # 10 plans aged 20 at January 2022, all still there at 2025 (aged 23): continuation 1 at 20, 21, 22
    records = casework(people(10, 20, 2022, primary_need="SLD"))
    block = forecast_block(records, None, as_at=AS_AT)
    assert (block["base_year"], block["base_date"]) == (2025, "2025-01-16")
    assert block["history"] == [{"year": y, "date": d, "total": 10} for y, d in (
        (2022, "2022-01-20"), (2023, "2023-01-19"), (2024, "2024-01-18"), (2025, "2025-01-16"))]
    # aged 24 in 2026, 25 in 2027, then gone
    assert [y["year"] for y in block["years"]] == [2026, 2027, 2028, 2029, 2030]
    assert totals(block) == [10, 10, 0, 0, 0]
    assert [(y["low"], y["high"]) for y in block["years"]] == [(10, 10), (10, 10), (0, 0), (0, 0), (0, 0)]
    assert block["years"][0]["by_need"] == {"SLD": 10} and block["years"][2]["by_need"] == {"SLD": 0}
    assert nonzero(block["years"][1]["by_age_band"]) == {"20-25": 10}
    rows = {r["age"]: r for r in block["inputs"]}
    assert len(block["inputs"]) == 26 and rows[23]["plans"] == 10
    assert [rows[a]["continuation_rate"] for a in (20, 21, 22, 23, 24, 25)] == [1.0, 1.0, 1.0, None, None, 0.0]
    # an age never seen takes the nearest seen age's rate; nobody continues past 25
    assert [rows[a]["continuation_used"] for a in (19, 23, 24, 25)] == [1.0, 1.0, 1.0, 0.0]
    assert all(r["new_plans"] == 0 for r in block["inputs"])
    check_sums(block)


def test_a_constant_new_plan_rate_reaches_its_steady_state():
    # 80 new plans at age 0 each January 2022..2025; half of every cohort continues each year
    rows = []
    for year in (2022, 2023, 2024, 2025):
        size = 80
        for last in range(year, 2025):
            rows += people(size // 2, 0, year, last)  # these end after January `last`
            size //= 2
        rows += people(size, 0, year)  # still open
    block = forecast_block(casework(rows), None, as_at=AS_AT)
    assert block["base"]["total"] == 80 + 40 + 20 + 10
    rows_in = {r["age"]: r for r in block["inputs"]}
    assert [rows_in[a]["continuation_rate"] for a in (0, 1, 2, 3)] == [0.5, 0.5, 0.5, None]
    assert rows_in[0]["new_plans"] == 80 and rows_in[1]["new_plans"] == 0
    # 2026: 80 + 40 + 20 + 10 + 5 = 155; then + 2.5 (157.5), + 1.25 (158.75), 159.375, 159.6875
    assert totals(block) == [155, 158, 159, 159, 160]
    assert nonzero(block["years"][4]["by_age_band"]) == {"Under 5": 155, "5-10": 5}  # 4.6875 takes the spare
    # the steady state: 80 * (1 + 1/2 + ... + 1/2**25) = 160 * (1 - 2**-26), i.e. 160
    long = project(forecast_inputs(casework(rows), None, as_at=AS_AT), horizon=40)
    assert [y["total"] for y in long["years"][25:]] == [160] * 15
    check_sums(block)


def test_the_range_comes_from_the_spread_of_the_yearly_rates():
    # new plans at age 5: 10 (2022 -> 2023), 20 (2023 -> 2024), 30 (2024 -> 2025); nobody leaves
    records = casework(people(10, 5, 2022) + people(10, 5, 2023) + people(20, 5, 2024) + people(30, 5, 2025))
    block = forecast_block(records, None, as_at=AS_AT)
    assert [r["total"] for r in block["history"]] == [10, 20, 40, 70]
    age5 = block["inputs"][5]
    assert (age5["new_plans"], age5["new_low"], age5["new_high"]) == (20.0, 10.0, 30.0)
    assert totals(block) == [90, 110, 130, 150, 170]
    assert [y["low"] for y in block["years"]] == [80, 90, 100, 110, 120]
    assert [y["high"] for y in block["years"]] == [100, 130, 160, 190, 220]
    check_sums(block)


def test_continuation_spread_gives_the_range_too():
    # plans aged 10 join each January: 4 in 2022, 2 in 2023, 4 in 2024, 4 in 2025; of the first three
    # cohorts 2, 2 and 3 are still there a year on (aged 11), and then they end
    rows = people(2, 10, 2022, 2022) + people(2, 10, 2022, 2023)
    rows += people(2, 10, 2023, 2024)
    rows += people(1, 10, 2024, 2024) + people(3, 10, 2024, 2025)
    rows += people(4, 10, 2025)
    block = forecast_block(casework(rows), None, as_at=AS_AT)
    age10 = block["inputs"][10]
    # pooled (2 + 2 + 3) / (4 + 2 + 4) = 0.7 (not the mean of the yearly rates 0.5, 1.0, 0.75)
    assert (age10["continuation_rate"], age10["continuation_low"], age10["continuation_high"]) == (0.7, 0.5, 1.0)
    # new plans at 10: 2, 4, 4 a year; aged 11 at January t: 2 in 2023 and 2 in 2024, all ended: continuation 0
    assert (age10["new_plans"], age10["new_low"], age10["new_high"]) == (3.33, 2.0, 4.0)
    assert block["inputs"][11]["continuation_rate"] == 0.0
    # base 2025: 4 aged 10, 3 aged 11. 2026: 10/3 new + 4 * 0.7 = 6.13 (low 2 + 4 * 0.5 = 4, high 4 + 4 = 8)
    first = block["years"][0]
    assert (first["total"], first["low"], first["high"]) == (6, 4, 8)
    check_sums(block)


def test_the_need_mix_goes_with_the_cohort_and_joiners_take_theirs():
    # 10 SLD plans aged 20 at 2022 (never end); 8 ASD plans join at age 5 every January 2022..2025
    rows = people(10, 20, 2022, primary_need="SLD")
    for year in (2022, 2023, 2024, 2025):
        rows += people(8, 5, year, primary_need="ASD")
    block = forecast_block(casework(rows), None, as_at=AS_AT)
    assert block["base"]["by_need"] == {"ASD": 32, "SLD": 10}
    assert [y["by_need"] for y in block["years"]] == [
        {"ASD": 40, "SLD": 10}, {"ASD": 48, "SLD": 10}, {"ASD": 56, "SLD": 0}, {"ASD": 64, "SLD": 0},
        {"ASD": 72, "SLD": 0}]
    check_sums(block)


def test_the_need_filter_forecasts_the_selected_needs_only():
    records = casework(linear(6, primary_need="ASD") + linear(4, primary_need="SLCN"))
    everyone = forecast_block(records, None, as_at=AS_AT)
    assert totals(everyone) == [110, 120, 130, 140, 150]
    assert everyone["years"][0]["by_need"] == {"ASD": 66, "SLCN": 44}
    asd = forecast_block(records, None, as_at=AS_AT, needs=["asd"])
    assert totals(asd) == [66, 72, 78, 84, 90]
    assert asd["base"]["total"] == 60 and asd["years"][0]["by_need"] == {"ASD": 66}
    assert [r["total"] for r in asd["history"]] == [6, 12, 18, 24, 30, 36, 42, 48, 54, 60]
    check_sums(asd)


def test_age_bands_restrict_every_figure_to_those_ages():
    # ages 5..14 at January 2025, 10 plans each; 10 join at 5 every year
    inputs = forecast_inputs(casework(linear()), None, as_at=AS_AT)
    block = project(inputs, age_bands=["11-15"])
    assert block["base"]["total"] == 40 and totals(block) == [50, 50, 50, 50, 50]
    assert nonzero(block["years"][0]["by_age_band"]) == {"11-15": 50}
    assert [r["total"] for r in block["history"]] == [0, 0, 0, 0, 0, 0, 10, 20, 30, 40]
    # backtest over those ages: the model from 2022 (10 aged 11) predicts ages 11..14 in 2025 = 40
    assert block["backtest"] == {"from_year": 2022, "to_year": 2025, "predicted": 40, "actual": 40, "error_pct": 0.0}
    # the line through 0, 0, 0, 0, 10 (2018..2022) is 6 + 2x at 2022 + x: 12 in 2025
    linear_test = block["methods"][1]["backtest"]
    assert (linear_test["predicted"], linear_test["error_pct"]) == (12, -70.0)
    both = project(inputs, age_bands=["5-10", "16-19"])
    assert totals(both) == [60, 70, 80, 90, 100]  # 2026: 5..10 and 15 -> 16 is the first 16-19 in 2027
    with pytest.raises(ValueError, match="not an age band"):
        project(inputs, age_bands=["5-11"])
    check_sums(block)


def test_a_person_with_two_plan_rows_counts_once():
    rows = people(3, 8, 2023) + [{**people(1, 8, 2023)[0], "person_ref": "TWIN", "request_ref": f"T{i}"}
                                 for i in (1, 2)]
    block = forecast_block(casework(rows), None, as_at=AS_AT)
    assert [r["total"] for r in block["history"]] == [4, 4, 4]
    # plans with no person_ref are each a person of their own
    nobody = forecast_block(casework(people(2, 8, 2023, person_ref=None) + people(1, 8, 2023, person_ref=" ")),
                            None, as_at=AS_AT)
    assert [r["total"] for r in nobody["history"]] == [3, 3, 3] and nobody["inputs"][8]["continuation_rate"] == 1.0


def test_sen2_returns_give_the_same_forecast_as_casework():
    # the closed cohort again, as four returns listing the same 10 persons under ActivePlans
    returns = [sen2(year, [{"active": True, "person_ref": f"C{i}", "request_ref": f"Q{i}", "birth_date": "2001-05-01",
                            "primary_need": "SLD"} for i in range(10)]) for year in (2022, 2023, 2024, 2025)]
    block = forecast_block(frame(*returns), None, as_at=AS_AT)
    assert block["base_year"] == 2025 and totals(block) == [10, 10, 0, 0, 0]
    assert block["inputs"][20]["continuation_rate"] == 1.0
    # a child only in the last return joined; one missing from it ended
    returns[3] = sen2(2025, [{"active": True, "person_ref": f"C{i}", "request_ref": f"Q{i}", "birth_date": "2001-05-01"}
                             for i in range(1, 10)] + [{"active": True, "person_ref": "NEW", "birth_date": "2012-05-01"}])
    block = forecast_block(frame(*returns), None, as_at=AS_AT)
    rows = {r["age"]: r for r in block["inputs"]}
    assert rows[22]["continuation_rate"] == 0.9  # aged 22 only at January 2024: 9 of 10 in 2025
    assert rows[12]["new_plans"] == round(1 / 3, 2)


def test_placements_give_the_line_and_group_mix_by_age():
    rows = people(4, 10, 2023) + people(4, 15, 2023)
    records = casework(rows)
    refs = list(records["request_ref"])
    pl = placements([{"request_ref": r, "setting_type": "mainstream"} for r in refs[:4]]
                    + [{"request_ref": r, "setting_type": "independent_special"} for r in refs[4:]])
    block = forecast_block(records, pl, as_at=AS_AT)
    assert nonzero(block["base"]["by_line"]) == {"mainstream_top_ups": 4, "special_independent": 4}
    assert nonzero(block["base"]["by_group"]) == {"mainstream": 4, "special": 4}
    # 2026: aged 13 and 18, never seen: they take the mix of the nearest ages seen, 12 and 17
    assert nonzero(block["years"][0]["by_line"]) == {"mainstream_top_ups": 4, "special_independent": 4}
    check_sums(block)


@pytest.mark.parametrize("records", [empty(), casework(people(5, 7, 2025)),
                                     sen2(2025, [{"active": True, "person_ref": "A"}])])
def test_no_transition_gives_an_empty_forecast(records):
    block = forecast_block(records, None, as_at=AS_AT, age_bands=["5-10"])
    assert (block["base_year"], block["years"], block["backtest"], block["inputs"]) == (None, [], None, [])
    assert [m["key"] for m in block["methods"]] == ["cohort", "linear", "growth"]
    assert all(m["years"] == [] and m["backtest"] is None for m in block["methods"])
    json.dumps(block)


def test_the_output_is_plain_json_and_the_inputs_pickle():
    records = casework(linear())
    inputs = forecast_inputs(records, None, as_at=date(2025, 10, 31))
    again = pickle.loads(pickle.dumps(inputs))
    assert project(again) == project(inputs)
    block = project(inputs)
    assert json.loads(json.dumps(block)) == block
    assert block["scenario"] is None


def test_januaries_more_than_a_year_apart_are_not_a_transition():
    # returns for 2019, 2021, 2022, 2023 (none for 2020); 5 children aged 10 first appear in 2021
    cohort = [{"active": True, "person_ref": f"C{i}", "request_ref": f"Q{i}", "birth_date": "2001-05-01"}
              for i in range(10)]
    late = [{"active": True, "person_ref": f"J{i}", "request_ref": f"J{i}", "birth_date": "2010-05-01"} for i in range(5)]
    records = frame(sen2(2019, cohort), *(sen2(y, cohort + late) for y in (2021, 2022, 2023)))
    block = forecast_block(records, None, as_at=date(2023, 3, 31))
    assert block["base_year"] == 2023 and [r["year"] for r in block["history"]] == [2019, 2021, 2022, 2023]
    rows = {r["age"]: r for r in block["inputs"]}
    # only 2021 -> 2022 and 2022 -> 2023 count: nobody new at 10, nothing learnt at 17 (2019)
    assert rows[10]["new_plans"] == 0.0 and rows[10]["continuation_rate"] == 1.0
    assert rows[17]["continuation_rate"] is None and rows[19]["continuation_rate"] == 1.0
    assert block["backtest"] is None  # no January 2020 to run it from
