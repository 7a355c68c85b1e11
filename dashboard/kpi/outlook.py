"""The KPI object's ``forecast`` and ``finance`` blocks (SPEC section 3), from the forecast engine and the
finance engine, and the finance coverage end.

``forecast`` is :func:`dashboard.kpi.forecast.project`'s result with the methods laid out for the catalogue
(``methods[]`` one row per method with its backtest, ``method_years[]`` one row per January with each
method's total). ``finance`` is :func:`dashboard.kpi.finance.finance_block` with ``projected``: the balance
the forecast's plans would give at today's cost per placement (:func:`dashboard.kpi.finance.projected_balance`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import pandas as pd

from dashboard.kpi.ehcps import january_dates
from dashboard.kpi.finance import finance_block, january_of, projected_balance
from dashboard.kpi.forecast import ForecastInputs, forecast_inputs, project
from dashboard.kpi.forecast_history import plans_by_line
from dashboard.kpi.forecast_scenario import Scenario
from dashboard.kpi.records import prepare
from frames.finance import FINANCE_FRAMES

EMPTY_FORECAST = {"base_year": None, "base_date": None, "years": [], "backtest": None, "methods": [],
                  "method_years": [], "inputs": [], "history": [], "base": None, "scenario": None}


def finance_frames(frames: dict) -> dict[str, pd.DataFrame]:
    """The three finance frames from the read path's frames (``finance_budget``...; empty when not loaded)."""
    out = {}
    for name, cols in FINANCE_FRAMES.items():
        df = frames.get(f"finance_{name}")
        out[name] = df if df is not None else pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    return out


def lay_out(block: dict) -> dict:
    """The forecast engine's block with its methods flattened for the catalogue (one list level per path)."""
    if not block or not block.get("years"):
        return {**EMPTY_FORECAST, "history": (block or {}).get("history", [])}
    methods = block.get("methods") or []
    rows = []
    for m in methods:
        bt = m.get("backtest") or {}
        rows.append({"key": m["key"], "label": m["label"], "from_year": bt.get("from_year"),
                     "to_year": bt.get("to_year"), "predicted": bt.get("predicted"), "actual": bt.get("actual"),
                     "error_pct": bt.get("error_pct")})
    years: dict[int, dict] = {}
    for m in methods:
        for y in m.get("years") or []:
            years.setdefault(int(y["year"]), {"year": int(y["year"])})[m["key"]] = y["total"]
    return {**{k: v for k, v in block.items() if k != "methods"}, "methods": rows,
            "method_years": [years[y] for y in sorted(years)]}


def forecast_object(inputs: ForecastInputs, *, scenario: Scenario | None = None,
                    age_bands: Iterable[str] = ()) -> dict:
    """The ``forecast`` block for cached model inputs (the light part: a scenario change re-runs only this)."""
    return lay_out(project(inputs, scenario=scenario, age_bands=tuple(age_bands)))


def finance_base(frames: dict, records: pd.DataFrame, placements: pd.DataFrame | None, *, as_at: dt.date,
                 baseline: dict | None = None) -> dict:
    """The ``finance`` block without the forecast's cost: balances, lines, savings and cost per placement.

    A financial year's plans by line are those at its January; for the year in progress, whose January is
    still ahead of the as-at date, the ``baseline`` forecast's for that January (without one: the latest
    January's). The baseline, not a scenario: a scenario changes the years ahead, not today's unit costs."""
    fin = finance_frames(frames)
    records = prepare(records)
    januaries = dict(january_dates(records, as_at=as_at))
    years = sorted(set(fin["budget"]["financial_year"].dropna().astype(str)) |
                   set(fin["agreement"]["financial_year"].dropna().astype(str)))
    ahead = _by_line(baseline)

    def plans_at(year: int) -> dict[str, int] | None:
        if year in januaries:
            return plans_by_line(records, placements, on=januaries[year])
        if januaries and year > max(januaries):
            return ahead.get(year) or plans_by_line(records, placements, on=januaries[max(januaries)])
        return None

    # counted only for the January finance_block asks for (the current year's): one placed_at, not one a year
    wanted = {january_of(fy) for fy in years}
    plans = _Lazy(lambda year: plans_at(year) if year in wanted else None)
    block = finance_block(fin["budget"], fin["agreement"], fin["savings"], plans_by_line=plans, as_at=as_at)
    return {**block, "shown": True, "projected": []}


class _Lazy(dict):
    """A dict whose ``get`` computes a missing key's value once (None: no value for that key)."""

    def __init__(self, compute: Callable[[int], dict[str, int] | None]) -> None:
        super().__init__()
        self._compute = compute

    def get(self, key, default=None):  # type: ignore[override]
        if key not in self:
            value = self._compute(key)
            if value is None:
                return default
            self[key] = value
        return self[key]


def with_projection(block: dict, forecast: dict | None) -> dict:
    """``block`` with ``projected``: the balance the forecast's plans would give at today's cost per placement."""
    by_line = _by_line(forecast)
    return {**block, "projected": projected_balance(block, forecast_by_line=by_line) if by_line else []}


def _by_line(forecast: dict | None) -> dict[int, dict[str, int]]:
    return {int(y["year"]): y.get("by_line") or {} for y in (forecast or {}).get("years") or []}


def finance_object(frames: dict, records: pd.DataFrame, placements: pd.DataFrame | None, *, as_at: dt.date,
                   baseline: dict | None = None, forecast: dict | None = None) -> dict:
    """The ``finance`` block with the cost of ``forecast`` (a scenario's; None: the baseline's)."""
    block = finance_base(frames, records, placements, as_at=as_at, baseline=baseline)
    return with_projection(block, forecast if forecast is not None else baseline)


def outlook(frames: dict, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = (),
            scenario: Scenario | None = None) -> dict:
    """``{"forecast": ..., "finance": ...}`` for the read path's frames (the CLI's and the briefing's object)."""
    records, placements = prepare(frames["records"]), frames.get("placements")
    needs, age_bands = tuple(needs), tuple(age_bands)
    inputs = forecast_inputs(records, placements, as_at=as_at)
    baseline = forecast_object(inputs)
    every = forecast_object(inputs, scenario=scenario) if scenario else baseline
    fc = forecast_object(forecast_inputs(records, placements, as_at=as_at, needs=needs), scenario=scenario,
                         age_bands=age_bands) if (needs or age_bands) else every
    # the money is the whole high-needs block's: its forecast cost is that of every child's plan, whatever the filters
    return {"forecast": fc, "finance": finance_object(frames, records, placements, as_at=as_at, baseline=baseline,
                                                      forecast=every)}
