"""The forecast's arithmetic: the cohort-flow model's rates and projection, two simple methods, backtests.

Rates "seen over the last three years" are pooled over the three latest transitions ending at or before a
January (fewer when there are fewer, at least one): continuation at age a = sum of continuers / sum of plans
aged a; new plans at age a = the mean of the yearly counts. The low-high range takes the per-age minimum and
maximum of the yearly rates. An age with no plans in those years takes the continuation rate of the nearest
age that had some (the lower on a tie); nobody continues past 25.

The simple methods work on totals: ``linear`` = the least-squares line through the last five Januaries
(``numpy.polyfit``, degree 1, at least two), extrapolated; ``growth`` = the mean of the last three
year-on-year growth rates (at least one), compounded. A backtest runs a method from the January three
years before the base year, using only the Januaries up to then, and compares its total for the base
year with the actual one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dashboard.kpi.forecast_history import MAX_AGE, N_AGES, History
from dashboard.kpi.rounding import round1

WINDOW, TREND_JANUARIES, BACKTEST_YEARS = 3, 5, 3
CEASE_AGES = slice(16, 20)  # ages 16..19


@dataclass
class Rates:
    """Per age (0..25): continuation (pooled, low, high, all with the nearest-age fallback), whether the
    pooled rate was seen, new plans a year (mean, low, high), the joiners' need mix (A x K)."""

    continuation: np.ndarray
    continuation_low: np.ndarray
    continuation_high: np.ndarray
    seen: np.ndarray
    new: np.ndarray
    new_low: np.ndarray
    new_high: np.ndarray
    new_need_mix: np.ndarray
    transitions: int


def _nearest_fill(values: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """``values`` with every unseen age given the value of the nearest seen age (0 when none is seen)."""
    idx = np.flatnonzero(seen)
    if not len(idx):
        return np.zeros_like(values)
    nearest = idx[np.abs(np.arange(len(values))[:, None] - idx[None, :]).argmin(axis=1)]
    return values[nearest]


def rates_at(history: History, end: int) -> Rates | None:
    """The rates of the (up to) three latest transitions ending at or before January ``end``; None if none."""
    ts = [t for t in range(min(end, len(history.linked))) if history.linked[t]][-WINDOW:]
    if not ts:
        return None
    plans, cont, joined = history.plans[ts], history.continued[ts], history.joined[ts]
    seen = plans.sum(axis=0) > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.where(seen, cont.sum(axis=0) / np.where(seen, plans.sum(axis=0), 1), 0.0)
        yearly = cont / np.where(plans > 0, plans, 1)
    low = np.where(plans > 0, yearly, np.inf).min(axis=0)
    high = np.where(plans > 0, yearly, -np.inf).max(axis=0)
    rates = [_nearest_fill(np.where(seen, r, 0.0), seen) for r in (pooled, low, high)]
    for r in rates:
        r[MAX_AGE] = 0.0  # nobody continues past 25
    need_counts = history.joined_need[ts].sum(axis=0)
    total = need_counts.sum(axis=1, keepdims=True)
    mix = np.divide(need_counts, total, out=np.zeros_like(need_counts), where=total > 0)
    return Rates(continuation=rates[0], continuation_low=rates[1], continuation_high=rates[2], seen=seen,
                 new=joined.mean(axis=0), new_low=joined.min(axis=0), new_high=joined.max(axis=0),
                 new_need_mix=mix, transitions=len(ts))


def with_cease(continuation: np.ndarray, cease_pct: float) -> np.ndarray:
    """Continuation with the leaving share at ages 16-19 scaled by ``1 + cease_pct/100`` (capped to [0, 1])."""
    if not cease_pct:
        return continuation
    out = continuation.copy()
    leaving = np.clip((1.0 - out[CEASE_AGES]) * (1.0 + cease_pct / 100.0), 0.0, 1.0)
    out[CEASE_AGES] = 1.0 - leaving
    return out


def run_cohort(
    stock: np.ndarray, continuation: np.ndarray, new: np.ndarray, new_mix: np.ndarray, horizon: int,
    growth_pct: float = 0.0,
) -> np.ndarray:
    """The cohort-flow projection: ``horizon`` x A x K from a stock A x K (K columns carried with the cohort,
    e.g. needs); each year ages one year at ``continuation`` and is joined by ``new * (1+g)**k`` split by
    ``new_mix`` (A x K)."""
    out = np.zeros((horizon, *stock.shape))
    state = stock.astype(np.float64)
    joiners = new[:, None] * new_mix
    for k in range(horizon):
        nxt = np.zeros_like(state)
        nxt[1:] = state[:-1] * continuation[:-1, None]
        state = nxt + joiners * (1.0 + growth_pct / 100.0) ** (k + 1)
        out[k] = state
    return out


def cohort_totals(history: History, rates: Rates, start: int, horizon: int, ages: np.ndarray) -> np.ndarray:
    """Baseline cohort totals (over the ages selected) for the ``horizon`` years after January ``start``."""
    ones = np.ones((N_AGES, 1))
    run = run_cohort(history.plans[start][:, None], rates.continuation, rates.new, ones, horizon)
    return run[:, ages, 0].sum(axis=1)


def linear_totals(years: list[int], totals: np.ndarray, start: int, horizon: int) -> np.ndarray | None:
    """The least-squares line through the last five Januaries up to ``start``, at the next years (>= 0)."""
    first = max(0, start - TREND_JANUARIES + 1)
    x = np.array(years[first:start + 1], dtype=np.float64) - years[start]
    if len(x) < 2:
        return None
    slope, intercept = np.polyfit(x, totals[first:start + 1], 1)
    return np.maximum(intercept + slope * np.arange(1, horizon + 1), 0.0)


def growth_totals(
    linked: np.ndarray, totals: np.ndarray, start: int, horizon: int
) -> np.ndarray | None:
    """The last January's total grown by the mean of the last three year-on-year growth rates."""
    ts = [t for t in range(start) if linked[t] and totals[t] > 0][-WINDOW:]
    if not ts:
        return None
    growth = float(np.mean([totals[t + 1] / totals[t] - 1.0 for t in ts]))
    return totals[start] * (1.0 + growth) ** np.arange(1, horizon + 1)


def half_up(value: float) -> int:
    """A count rounded to the nearest whole number, halves up."""
    return int(np.floor(value + 0.5 + 1e-9))


def largest_remainder(values: np.ndarray, total: int) -> np.ndarray:
    """Whole numbers near ``values`` that add up to ``total`` (largest remainders get the spare units)."""
    values = np.maximum(np.asarray(values, dtype=np.float64), 0.0)
    floors = np.floor(values + 1e-9)
    spare = int(np.clip(total - floors.sum(), 0, len(values)))
    order = np.argsort(-(values - floors), kind="stable")
    floors[order[:spare]] += 1
    return floors.astype(np.int64)


def backtest(
    years: list[int], actual_totals: np.ndarray, base: int, predict: Callable[[int], np.ndarray | None]
) -> dict | None:
    """``{"from_year", "to_year", "predicted", "actual", "error_pct"}``: ``predict(start)`` run from the
    January three years before the base year, against the base January; None without enough history."""
    from_year = years[base] - BACKTEST_YEARS
    if from_year not in years[:base]:
        return None
    start = years.index(from_year)
    predicted = predict(start)
    if predicted is None:
        return None
    value, actual = half_up(float(predicted[BACKTEST_YEARS - 1])), int(actual_totals[base])
    error = round1((value - actual) / actual * 100) if actual else None
    return {"from_year": from_year, "to_year": years[base], "predicted": value, "actual": actual,
            "error_pct": error}


def backtest_sentence(backtest: dict | None, *, subject: str = "The model") -> str:
    """The backtest in words, e.g. "The model run from January 2022 predicted 2,710 plans for January 2025;
    there were 2,804 (3.4% under).\""""
    if backtest is None:
        return f"{subject} cannot be backtested: there are not enough Januaries before the base year."
    error, over = backtest["error_pct"], backtest["predicted"] > backtest["actual"]
    if backtest["predicted"] == backtest["actual"]:
        verdict = "exactly right"
    elif error is None:
        verdict = "there were none to compare with"
    elif error == 0:
        verdict = f"less than 0.1% {'over' if over else 'under'}"
    else:
        verdict = f"{abs(error):.1f}% {'over' if over else 'under'}"
    return (f"{subject} run from January {backtest['from_year']} predicted {backtest['predicted']:,} plans for "
            f"January {backtest['to_year']}; there were {backtest['actual']:,} ({verdict}).")
