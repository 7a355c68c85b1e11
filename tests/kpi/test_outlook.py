"""The KPI object's forecast layout for the catalogue, and the finance coverage end."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.kpi.coverage import finance_end
from dashboard.kpi.outlook import lay_out


def _budget(rows):
    return pd.DataFrame(rows, columns=["financial_year", "period", "line", "budget", "forecast_outturn",
                                       "actual_to_date"])


def test_finance_end_is_the_last_day_of_the_latest_month_loaded():
    # period 7 of 2025-26 = October 2025; period 12 of 2024-25 = March 2025; period 10 of 2023-24 = January 2024
    b = _budget([("2024-25", 12, "income", 1, 1, 1), ("2025-26", 7, "income", 1, 1, 1), ("2025-26", 3, "other", 1, 1, 1)])
    assert finance_end(b) == dt.date(2025, 10, 31)
    assert finance_end(_budget([("2024-25", 12, "income", 1, 1, 1)])) == dt.date(2025, 3, 31)
    assert finance_end(_budget([("2023-24", 10, "income", 1, 1, 1)])) == dt.date(2024, 1, 31)
    assert finance_end(_budget([("2023-24", 9, "income", 1, 1, 1)])) == dt.date(2023, 12, 31)
    assert finance_end(_budget([])) is None and finance_end(None) is None


def test_lay_out_gives_one_row_per_method_and_one_per_january():
    block = {"base_year": 2025, "years": [{"year": 2026, "total": 10, "low": 9, "high": 11}],
             "methods": [{"key": "cohort", "label": "Model", "years": [{"year": 2026, "total": 10}],
                          "backtest": {"from_year": 2022, "to_year": 2025, "predicted": 90, "actual": 100,
                                       "error_pct": -10.0}},
                         {"key": "linear", "label": "Trend", "years": [{"year": 2026, "total": 12},
                                                                        {"year": 2027, "total": 13}],
                          "backtest": None}]}
    out = lay_out(block)
    assert out["methods"] == [
        {"key": "cohort", "label": "Model", "from_year": 2022, "to_year": 2025, "predicted": 90, "actual": 100,
         "error_pct": -10.0},
        {"key": "linear", "label": "Trend", "from_year": None, "to_year": None, "predicted": None, "actual": None,
         "error_pct": None}]
    assert out["method_years"] == [{"year": 2026, "cohort": 10, "linear": 12}, {"year": 2027, "linear": 13}]
    assert out["years"] == block["years"] and out["base_year"] == 2025


def test_lay_out_of_no_forecast_is_the_empty_block():
    out = lay_out({"base_year": None, "years": [], "history": [{"year": 2025, "total": 3}]})
    assert out["years"] == [] and out["methods"] == [] and out["backtest"] is None
    assert out["history"] == [{"year": 2025, "total": 3}]
