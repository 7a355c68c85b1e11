"""The simple methods beside the model, the backtests and their sentences, plans by finance line."""

from datetime import date

from dashboard.kpi.forecast import forecast_block
from dashboard.kpi.forecast_history import plans_by_line
from dashboard.kpi.forecast_methods import backtest_sentence, largest_remainder
from tests.kpi.fixtures import casework, placements, plan
from tests.kpi.forecast_cases import AS_AT, linear, people


def _methods(block):
    return {m["key"]: m for m in block["methods"]}


def test_on_a_linear_history_the_model_and_the_trend_backtest_to_zero():
    # 10 plans join at age 5 each January 2016..2025 and never end: 10, 20, ..., 100
    block = forecast_block(casework(linear()), None, as_at=AS_AT)
    methods = _methods(block)
    assert [m["label"] for m in block["methods"]] == [
        "Cohort-flow model", "Linear trend of the last five Januaries", "Average growth of the last three years"]
    assert [y["total"] for y in methods["cohort"]["years"]] == [110, 120, 130, 140, 150]
    assert [y["total"] for y in methods["linear"]["years"]] == [110, 120, 130, 140, 150]
    # growth: 100 * (1 + (1/7 + 1/8 + 1/9) / 3) = 112.63, then 126.86
    assert [y["total"] for y in methods["growth"]["years"]][:2] == [113, 127]
    exact = {"from_year": 2022, "to_year": 2025, "predicted": 100, "actual": 100, "error_pct": 0.0}
    assert block["backtest"] == exact == methods["cohort"]["backtest"] == methods["linear"]["backtest"]
    # from 2022 (70): growths 50/40, 60/50, 70/60 -> mean 0.205556; 70 * 1.205556**3 = 122.65 -> 123
    assert methods["growth"]["backtest"] == {**exact, "predicted": 123, "error_pct": 23.0}
    assert methods["cohort"]["sentence"] == (
        "The model run from January 2022 predicted 100 plans for January 2025; there were 100 (exactly right).")
    assert methods["growth"]["sentence"] == ("The average growth run from January 2022 predicted 123 plans for "
                                             "January 2025; there were 100 (23.0% over).")


def test_on_a_geometric_history_the_growth_method_backtests_to_zero():
    # nobody leaves; 5 plans in 2019, then the total doubles every January: 5, 10, 20, 40, 80, 160, 320
    rows = people(5, 5, 2019)
    for year, n in ((2020, 5), (2021, 10), (2022, 20), (2023, 40), (2024, 80), (2025, 160)):
        rows += people(n, 5, year)
    methods = _methods(forecast_block(casework(rows), None, as_at=AS_AT))
    assert methods["growth"]["backtest"]["predicted"] == 320 and methods["growth"]["backtest"]["error_pct"] == 0.0
    assert [y["total"] for y in methods["growth"]["years"]] == [640, 1280, 2560, 5120, 10240]
    # the model from 2022 (40): new plans 5, 10, 20 a year -> 40 + 3 * 35/3 = 75; (75 - 320) / 320 = -76.6%
    assert methods["cohort"]["backtest"]["predicted"] == 75 and methods["cohort"]["backtest"]["error_pct"] == -76.6
    # the line through 5, 10, 20, 40 (2019..2022): slope 11.5, 36 at 2022 -> 70.5 -> 71 in 2025; -77.8%
    assert methods["linear"]["backtest"]["predicted"] == 71 and methods["linear"]["backtest"]["error_pct"] == -77.8
    # the cohort model's own forecast from 2025: new plans (40 + 80 + 160) / 3 a year
    assert methods["cohort"]["years"][0]["total"] == round(320 + 280 / 3)


def test_the_backtest_needs_the_january_three_years_back_and_a_transition_before_it():
    # Januaries 2023, 2024, 2025: no January 2022 -> no backtest for any method
    block = forecast_block(casework(people(10, 5, 2023) + people(10, 5, 2024)), None, as_at=AS_AT)
    assert block["base_year"] == 2025 and block["backtest"] is None
    assert all(m["backtest"] is None for m in block["methods"])
    assert _methods(block)["linear"]["sentence"] == (
        "The linear trend cannot be backtested: there are not enough Januaries before the base year.")
    # Januaries 2022..2025: the January 2022 is the first, with no transition (nor growth) before it
    block = forecast_block(casework(people(10, 5, 2022) + people(10, 5, 2023)), None, as_at=AS_AT)
    methods = _methods(block)
    assert methods["cohort"]["backtest"] is None and methods["growth"]["backtest"] is None
    assert methods["linear"]["backtest"] is None  # one January is not a line
    # fewer than five Januaries: the line through 10, 20, 20, 20 (2022..2025) is 22 + 3x from 2025
    assert [y["total"] for y in methods["linear"]["years"]] == [25, 28, 31, 34, 37]


def test_the_sentence_says_over_under_and_exactly():
    bt = {"from_year": 2022, "to_year": 2025, "predicted": 2710, "actual": 2804, "error_pct": -3.4}
    assert backtest_sentence(bt) == (
        "The model run from January 2022 predicted 2,710 plans for January 2025; there were 2,804 (3.4% under).")
    over = {**bt, "predicted": 2900, "error_pct": 3.4}
    assert backtest_sentence(over, subject="The linear trend").endswith("predicted 2,900 plans for January 2025; "
                                                                       "there were 2,804 (3.4% over).")
    assert backtest_sentence({**bt, "predicted": 2804, "error_pct": 0.0}).endswith("(exactly right).")
    assert backtest_sentence({**bt, "predicted": 2805, "error_pct": 0.0}).endswith("(less than 0.1% over).")


def test_largest_remainder_adds_up_to_the_total():
    assert list(largest_remainder([1.5, 1.5, 1.0], 4)) == [2, 1, 1]
    assert list(largest_remainder([0.4, 0.3, 0.3], 1)) == [1, 0, 0]
    assert list(largest_remainder([2.2, 3.7, 4.1], 10)) == [2, 4, 4]


def test_plans_by_line_counts_plan_rows_at_a_date_in_every_line():
    records = casework([plan("2023-01-01", "2023-05-01", request_ref=f"R{i}") for i in range(1, 7)]
                       + [plan("2023-01-01", "2023-05-01", request_ref="R7", plan_cease_date="2024-06-01")])
    pl = placements([
        {"request_ref": "R1", "setting_type": "mainstream"},
        {"request_ref": "R2", "setting_type": "sen_unit"},
        {"request_ref": "R3", "setting_type": "independent_mainstream"},  # paid from the independent line
        {"request_ref": "R4", "setting_type": "non_maintained_special"},
        {"request_ref": "R5", "setting_type": "boarding_school"},  # not a SPEC code: other
        {"request_ref": "R7", "setting_type": "post16"},  # ceased before the date
    ])
    lines = plans_by_line(records, pl, on=date(2025, 1, 16))
    assert lines == {"mainstream_top_ups": 1, "resourced_provision": 1, "special_maintained": 0,
                     "special_independent": 2, "alternative_provision": 0, "post16": 0, "early_years": 0, "other": 2}
    assert sum(lines.values()) == 6
    assert sum(plans_by_line(records, None, on=date(2024, 1, 18)).values()) == 7
    assert plans_by_line(records.iloc[:0], pl, on=date(2025, 1, 16))["other"] == 0
