"""The briefing's forecast paragraph and, where the council shows finance to viewers, the high-needs balance
against the agreement. Reads the protected KPI object only (``forecast`` and ``finance`` blocks)."""

from __future__ import annotations

from dashboard.briefing.model import fmt
from dashboard.kpi.forecast_methods import backtest_sentence


def _count(value: object) -> str:
    return fmt(value, "count")


def _pounds(value: object) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "not known"
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value) / 1e6:,.1f}m"


def forecast_sentence(p: dict) -> str | None:
    """Plans forecast for next January with the range, the fifth year, and the model's backtest."""
    fc = p.get("forecast") or {}
    years = fc.get("years") or []
    if not years:
        return None
    first, last = years[0], years[-1]
    s = (f"The forecast is {_count(first['total'])} EHC plans in January {first['year']} (range "
         f"{_count(first['low'])} to {_count(first['high'])}) and {_count(last['total'])} in January {last['year']}")
    bt = fc.get("backtest")
    if bt and isinstance(bt.get("predicted"), int) and isinstance(bt.get("actual"), int):
        words = backtest_sentence(bt)
        s += "; as a check, " + words[0].lower() + words[1:]
    else:
        s += "."
    return s if s.endswith(".") else s + "."


def finance_sentence(p: dict) -> str | None:
    """The current year's in-year balance and the cumulative balance against the agreement (finance shown only)."""
    fin = p.get("finance") or {}
    if not fin.get("shown") or not fin.get("years"):
        return None
    years = {y["financial_year"]: y for y in fin["years"]}
    now = years.get(fin.get("current_year")) or fin["years"][-1]
    s = (f"High-needs block {now['financial_year']}: a forecast in-year balance of {_pounds(now.get('in_year_balance'))} "
         f"and a cumulative balance of {_pounds(now.get('cumulative_balance'))}")
    planned = now.get("planned_cumulative_balance")
    if isinstance(planned, int | float):
        gap = now["cumulative_balance"] - planned
        side = "ahead of" if gap >= 0 else "behind"
        s += f", against {_pounds(planned)} planned in the agreement ({_pounds(abs(gap))} {side} it)"
    return s + " (negative = deficit)."


def sentences(p: dict) -> list[str]:
    return [s for s in (forecast_sentence(p), finance_sentence(p)) if s]
