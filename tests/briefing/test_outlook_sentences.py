"""The briefing's forecast paragraph and the high-needs balance sentence (shown only where finance is shown)."""

from __future__ import annotations

from dashboard.briefing.outlook import finance_sentence, forecast_sentence, sentences
from dashboard.disclosure.kpis import withhold_finance

FORECAST = {"years": [{"year": 2026, "total": 2950, "low": 2890, "high": 3010},
                      {"year": 2027, "total": 3050, "low": 2950, "high": 3150},
                      {"year": 2030, "total": 3400, "low": 3100, "high": 3700}],
            "backtest": {"from_year": 2022, "to_year": 2025, "predicted": 2710, "actual": 2804, "error_pct": -3.4}}
FINANCE = {"shown": True, "loaded": True, "current_year": "2025-26",
           "years": [{"financial_year": "2024-25", "in_year_balance": 2_000_000.0, "cumulative_balance": -1_000_000.0,
                      "planned_cumulative_balance": 0.0},
                     {"financial_year": "2025-26", "in_year_balance": -1_250_000.0, "cumulative_balance": -2_250_000.0,
                      "planned_cumulative_balance": 0.0}]}


def test_forecast_sentence_gives_next_january_with_its_range_the_fifth_year_and_the_backtest():
    s = forecast_sentence({"forecast": FORECAST})
    assert s.startswith("The forecast is 2,950 EHC plans in January 2026 (range 2,890 to 3,010) and 3,400 in "
                        "January 2030; as a check, the model run from January 2022 predicted 2,710 plans for January 2025")
    assert "2,804" in s and "3.4% under" in s and s.endswith(".")


def test_no_forecast_no_sentence():
    assert forecast_sentence({"forecast": {"years": []}}) is None and forecast_sentence({}) is None


def test_finance_sentence_sets_the_current_year_against_the_agreement():
    s = finance_sentence({"finance": FINANCE})
    assert s == ("High-needs block 2025-26: a forecast in-year balance of -£1.2m and a cumulative balance of -£2.2m, "
                 "against £0.0m planned in the agreement (£2.2m behind it) (negative = deficit).")


def test_withheld_finance_gives_no_money_sentence():
    p = withhold_finance({"as_at": "2025-10-31", "finance": FINANCE, "forecast": FORECAST})
    assert p["finance"]["years"] == [] and p["finance"]["shown"] is False and p["finance"]["loaded"] is True
    assert finance_sentence(p) is None
    assert len(sentences(p)) == 1
