"""Catalogue entries of the forecast and of high-needs finance (issue 14), with their ties and labels.

The forecast's figures are modelled numbers of plans, not counts of children, but a forecast for a small
group is close to the real count, so they go through the same disclosure control: counts of 1 to
threshold-1 are hidden, and the breakdowns of each year's total (by need, age band, setting group and
finance line) are tied to it so a hidden one cannot be worked out by subtraction. The model's inputs by
single year of age, the base January's actual mix and the history are for leads (not declared: a viewer
gets none of them).

Finance figures are money, not counts of children: they are labels here (passed unchanged). The finance
block reaches a viewer only when the ``show_finance_to_viewers`` setting is on (``dashboard.read``), and
its plans by line and cost per placement (outturn / plans, so a count by division) never do.
:mod:`dashboard.measures.catalogue` adds :data:`MEASURES`, :data:`TIES` and :data:`LABELS` to its own.
"""

from __future__ import annotations

from dashboard.measures.model import Breakdown, Measure, Tie
from frames.finance import STATUSES

M = Measure
FY, FM = "forecast.years[year]", "forecast.methods[:key]"
METHODS = ("cohort", "linear", "growth")
BREAKDOWNS = {"by_need": "need", "by_age_band": "age band", "by_group": "setting group", "by_line": "finance line"}

MEASURES: tuple[Measure, ...] = (
    M("forecast_plans", "EHC plans forecast for January", "count", at=(f"{FY}.total",), about="forecast",
      note="Cohort-flow model by single year of age, from the base January (SPEC 2 Forecast)."),
    M("forecast_low", "EHC plans forecast for January, low", "count", at=(f"{FY}.low",), about="forecast",
      note="The model run with each age's lowest continuation and new-plan rates of the last three years."),
    M("forecast_high", "EHC plans forecast for January, high", "count", at=(f"{FY}.high",), about="forecast",
      note="The model run with each age's highest rates of the last three years."),
    *(M(f"forecast_{b}", f"EHC plans forecast for January, by {w}", "count", at=(f"{FY}.{b}{{}}",), about="forecast")
      for b, w in BREAKDOWNS.items()),
    M("forecast_method_plans", "EHC plans forecast for January, by method", "count",
      at=tuple(f"forecast.method_years[year].{m}#{m}" for m in METHODS), about="forecast_methods",
      note="The cohort-flow model, the linear trend of the last five Januaries and the average growth of the last three years."),
    M("forecast_backtest_predicted", "Backtest: plans predicted for the base January", "count",
      at=("forecast.backtest.predicted", f"{FM}.predicted"), about="forecast_methods",
      note="Each method run from the January three years before the base year."),
    M("forecast_backtest_actual", "Backtest: plans maintained at the base January", "count",
      at=("forecast.backtest.actual", f"{FM}.actual"), about="forecast_methods"),
    # plans by finance line: a count with no place in the object a viewer gets, so the cost per placement
    # (outturn / plans: the count by division) is always hidden from viewers
    M("finance_line_plans", "EHC plans paid from a finance line at the January of the financial year", "count",
      about="finance", note="Leads only."),
    M("finance_cost_per_placement", "Cost per placement", "pounds", "stat",
      at=("finance.by_line[:line].cost_per_placement", "finance.cost_per_placement{}"), parts=("finance_line_plans",),
      better="lower", about="finance", note="Forecast outturn of the line / its plans at the January in the year; leads only."),
    M("forecast_backtest_error_pct", "Backtest error", "signed_pct", "rate",
      at=("forecast.backtest.error_pct", f"{FM}.error_pct"),
      parts=("forecast_backtest_predicted", "forecast_backtest_actual"), better=None, about="forecast_methods",
      note="(predicted - actual) / actual, in %: negative = the method predicted too few."),
)

TIES: tuple[Tie, ...] = tuple(Breakdown("forecast_plans", f"forecast_{b}") for b in BREAKDOWNS)

_SCENARIO = ("name", "request_growth_pct", "moves", "cease_16_19_pct")
_LINE_FIELDS = ("label", "budget", "forecast_outturn", "actual_to_date", "variance", "variance_pct")
_SAVINGS = ("target", "delivered", "delivered_pct")
LABELS: tuple[str, ...] = (
    "forecast.base_year", "forecast.base_date", "forecast.backtest.from_year", "forecast.backtest.to_year",
    *(f"forecast.methods[key].{f}" for f in ("label", "from_year", "to_year")),
    *(f"forecast.scenario.{f}" for f in _SCENARIO),
    # money (pounds), not counts of children
    "finance.loaded", "finance.shown", "finance.current_year", "finance.years", "finance.projected",
    *(f"finance.by_line[line].{f}" for f in _LINE_FIELDS),
    *(f"finance.savings.{f}" for f in _SAVINGS), "finance.savings.by_workstream",
    *(f"finance.savings.by_status.{s}.{f}" for s in STATUSES for f in ("count", "target", "delivered")),
)
# figures for leads only: not declared, so a viewer gets "c" (numbers) or [] (lists) in their place
LEADS_ONLY = ("finance.by_line[line].plans", "forecast.inputs", "forecast.history", "forecast.base")
