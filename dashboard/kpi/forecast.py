"""The forecast of EHC plans (SPEC section 2 "Forecast", section 3's ``forecast`` key): January counts for
the next five years from a cohort-flow model by single year of age, with a low-high range, a backtest,
two simple methods beside it and scenarios.

The work is split for the app's cache: :func:`forecast_inputs` is the heavy part (the January snapshots
as count arrays, the rates and the setting mixes; picklable), :func:`project` the light part re-run on every
scenario or age-band change (a few small numpy arrays; well under 50 ms). :func:`forecast_block` does both.

Model (see :mod:`dashboard.kpi.forecast_methods` for the rates): from the base January (the latest January
snapshot on or before as-at) each year's plans age one year and continue at the age-specific rate, and are
joined by new plans at the age-specific rate, both seen over the last three years. The need mix is carried
with the cohort (joiners take the need mix of the joiners at their age); the finance line and setting group
mixes by age are the last three Januaries' shares of plans at each age (children move setting as they age;
an age with no plans there takes the nearest age's mix). The range runs the model with the per-age minimum
(low) and maximum (high) of the three yearly rates. Counts are persons with a plan, ages 0..25. Totals are
rounded half up; each breakdown is rounded by largest remainder to add up to its year's total.
A scenario's moves between finance lines shift the setting mix of every age in proportion (the moved plans
keep their ages and take the destination line's setting codes in its current proportions).

``methods`` lists each method's *baseline* totals (no scenario) and its backtest; ``backtest`` is the cohort
model's. They are computed by :func:`project`, not cached, because an age-band restriction changes the
totals they run on (a few microseconds of numpy each).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.kpi.dates import AGE_BANDS, BAND_LIMITS
from dashboard.kpi.forecast_history import (
    AGES,
    CODE_GROUP,
    CODE_LINE,
    N_AGES,
    SETTING_CODES,
    UNKNOWN_CODE,
    History,
    build_history,
)
from dashboard.kpi.forecast_methods import (
    BACKTEST_YEARS,
    WINDOW,
    Rates,
    backtest,
    backtest_sentence,
    cohort_totals,
    growth_totals,
    half_up,
    largest_remainder,
    linear_totals,
    rates_at,
    run_cohort,
    with_cease,
)
from dashboard.kpi.forecast_scenario import Scenario
from dashboard.kpi.records import band_mask, check_age_bands, clean_needs
from frames.finance import PLACEMENT_LINES
from frames.placements import GROUPS

HORIZON = 5
METHODS: tuple[tuple[str, str, str], ...] = (  # key, label, subject of the backtest sentence
    ("cohort", "Cohort-flow model", "The model"),
    ("linear", "Linear trend of the last five Januaries", "The linear trend"),
    ("growth", "Average growth of the last three years", "The average growth"),
)


@dataclass
class ForecastInputs:
    """What :func:`project` needs: the history, the base January's rates and the setting mix by age (A x S)."""

    as_at: dt.date
    needs: tuple[str, ...]
    history: History
    base: int | None
    rates: Rates | None
    code_mix: np.ndarray


def _code_mix(history: History, base: int) -> np.ndarray:
    """Share of plans at each age in each setting code over the last three Januaries (nearest age when none)."""
    counts = history.by_code[max(0, base - WINDOW + 1):base + 1].sum(axis=0)
    total = counts.sum(axis=1)
    seen = np.flatnonzero(total > 0)
    if not len(seen):
        mix = np.zeros_like(counts)
        mix[:, UNKNOWN_CODE] = 1.0
        return mix
    nearest = seen[np.abs(AGES[:, None] - seen[None, :]).argmin(axis=1)]
    return counts[nearest] / total[nearest, None]


def forecast_inputs(
    records: pd.DataFrame, placements: pd.DataFrame | None, *, as_at: dt.date, needs: Iterable[str] = ()
) -> ForecastInputs:
    """The heavy part of the forecast for the plans with the selected needs (empty ``needs``: all)."""
    history = build_history(records, placements, as_at=as_at, needs=needs)
    base = len(history.years) - 1 if history.years else None
    rates = rates_at(history, base) if base is not None else None
    mix = _code_mix(history, base) if base is not None else np.zeros((N_AGES, len(SETTING_CODES)))
    return ForecastInputs(as_at=as_at, needs=clean_needs(needs), history=history, base=base, rates=rates,
                          code_mix=mix)


def _ages(age_bands: tuple[str, ...]) -> np.ndarray:
    return band_mask(AGES.astype(np.float64), age_bands) if age_bands else np.ones(N_AGES, dtype=bool)


def _by_band(by_age: np.ndarray, ages: np.ndarray) -> np.ndarray:
    return np.array([by_age[lo:hi + 1][ages[lo:hi + 1]].sum() for lo, hi in BAND_LIMITS])


def _lines_groups(by_code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return (np.bincount(CODE_LINE, weights=by_code, minlength=len(PLACEMENT_LINES)),
            np.bincount(CODE_GROUP, weights=by_code, minlength=len(GROUPS)))


def _move(by_age_code: np.ndarray, moves: tuple, k: int) -> np.ndarray:
    """The A x S setting counts after year k's moves (``k * plans`` each, at most what the line holds)."""
    m = by_age_code.copy()
    for source, target, plans in moves:
        src, dst = CODE_LINE == PLACEMENT_LINES.index(source), CODE_LINE == PLACEMENT_LINES.index(target)
        held = m[:, src].sum()
        moved = min(plans * k, held)
        if moved <= 0:
            continue
        taken = m[:, src] * (moved / held)
        m[:, src] -= taken
        dst_codes = m[:, dst].sum(axis=0)
        split = dst_codes / dst_codes.sum() if dst_codes.sum() > 0 else np.eye(int(dst.sum()))[0]
        m[:, dst] += taken.sum(axis=1)[:, None] * split[None, :]
    return m


def _dicts(total: int, by_need: np.ndarray, by_band: np.ndarray, by_code: np.ndarray, needs: tuple[str, ...],
           *, exact: bool = False) -> dict:
    """The four breakdowns; ``exact`` counts are cast, projected ones rounded to add up to ``total``."""
    lines, groups = _lines_groups(by_code)

    def whole(values: np.ndarray) -> list[int]:
        return [int(v) for v in (np.rint(values) if exact else largest_remainder(values, total))]

    return {"by_need": dict(zip(needs, whole(by_need), strict=True)),
            "by_age_band": dict(zip(AGE_BANDS, whole(by_band), strict=True)),
            "by_group": dict(zip(GROUPS, whole(groups), strict=True)),
            "by_line": dict(zip(PLACEMENT_LINES, whole(lines), strict=True))}


def _year(year: int, k: int, state: np.ndarray, low: float, high: float, inputs: ForecastInputs,
          ages: np.ndarray, scenario: Scenario | None) -> dict:
    """One projected year: ``state`` is the central run's A x K (needs)."""
    by_age = state.sum(axis=1)
    by_age_code = by_age[:, None] * inputs.code_mix
    if scenario is not None and scenario.moves:
        by_age_code = _move(by_age_code, scenario.moves, k)
    total = half_up(float(by_age[ages].sum()))
    return {"year": year, "total": total, "low": half_up(low), "high": half_up(high),
            **_dicts(total, state[ages].sum(axis=0), _by_band(by_age, ages), by_age_code[ages].sum(axis=0),
                     inputs.history.needs)}


def _rate(value: float, seen: bool) -> float | None:
    return round(float(value), 4) if seen else None


def _input_rows(inputs: ForecastInputs, continuation_used: np.ndarray) -> list[dict]:
    r, plans = inputs.rates, inputs.history.plans[inputs.base]
    assert r is not None
    seen = r.seen | (AGES == AGES[-1])  # at 25 the rate is the rule (0: nobody continues past 25)
    return [{"age": int(a), "plans": int(plans[a]), "continuation_rate": _rate(r.continuation[a], seen[a]),
             "continuation_low": _rate(r.continuation_low[a], seen[a]),
             "continuation_high": _rate(r.continuation_high[a], seen[a]),
             "continuation_used": round(float(continuation_used[a]), 4),
             "new_plans": round(float(r.new[a]), 2), "new_low": round(float(r.new_low[a]), 2),
             "new_high": round(float(r.new_high[a]), 2)} for a in AGES]


def _methods(inputs: ForecastInputs, ages: np.ndarray, horizon: int, cohort: np.ndarray) -> list[dict]:
    """The three methods' baseline totals and backtests, over the ages selected."""
    h, base = inputs.history, inputs.base
    assert base is not None
    totals = h.plans[:, ages].sum(axis=1)

    def cohort_from(start: int, years: int) -> np.ndarray | None:
        rates = rates_at(h, start)  # the transitions up to that January only
        return None if rates is None else cohort_totals(h, rates, start, years, ages)

    runs = {"cohort": cohort_from,
            "linear": lambda start, years: linear_totals(h.years, totals, start, years),
            "growth": lambda start, years: growth_totals(h.linked, totals, start, years)}
    out = []
    for key, label, subject in METHODS:
        run = runs[key]
        projection = cohort if key == "cohort" else run(base, horizon)
        test = backtest(h.years, totals, base, lambda start, run=run: run(start, BACKTEST_YEARS))
        years = [] if projection is None else [
            {"year": h.years[base] + k + 1, "total": half_up(float(v))} for k, v in enumerate(projection)]
        out.append({"key": key, "label": label, "years": years, "backtest": test,
                    "sentence": backtest_sentence(test, subject=subject)})
    return out


def project(
    inputs: ForecastInputs, *, scenario: Scenario | None = None, age_bands: Iterable[str] = (),
    horizon: int = HORIZON,
) -> dict:
    """The forecast object (SPEC section 3's ``forecast`` key and more; plain JSON types only)."""
    bands = check_age_bands(age_bands)
    if horizon < 0:
        raise ValueError(f"The forecast horizon must be 0 years or more, not {horizon}.")
    ages = _ages(bands)
    h, base, rates = inputs.history, inputs.base, inputs.rates
    history = [{"year": y, "date": d.isoformat(), "total": int(h.plans[j, ages].sum())}
               for j, (y, d) in enumerate(zip(h.years, h.dates, strict=True))]
    out = {"base_year": None, "base_date": None, "history": history, "base": None, "years": [], "inputs": [],
           "methods": [{"key": key, "label": label, "years": [], "backtest": None,
                        "sentence": backtest_sentence(None, subject=subject)} for key, label, subject in METHODS],
           "backtest": None, "scenario": scenario.to_dict() if scenario is not None else None}
    if base is None or rates is None:  # no transition between two Januaries: nothing to learn from
        return out
    growth = scenario.request_growth_pct if scenario else 0.0
    cease = scenario.cease_16_19_pct if scenario else 0.0
    cont = with_cease(rates.continuation, cease)
    central = run_cohort(h.by_need[base], cont, rates.new, rates.new_need_mix, horizon, growth)
    ones, stock = np.ones((N_AGES, 1)), h.plans[base][:, None]
    low = run_cohort(stock, with_cease(rates.continuation_low, cease), rates.new_low, ones, horizon, growth)
    high = run_cohort(stock, with_cease(rates.continuation_high, cease), rates.new_high, ones, horizon, growth)
    lows, highs = low[:, ages, 0].sum(axis=1), high[:, ages, 0].sum(axis=1)
    base_year = h.years[base]
    years = [_year(base_year + k + 1, k + 1, central[k], float(lows[k]), float(highs[k]), inputs, ages, scenario)
             for k in range(horizon)]
    baseline = central[:, ages].sum(axis=(1, 2))
    if scenario is not None and not scenario.is_baseline:
        baseline = cohort_totals(h, rates, base, horizon, ages)
    plans_by_code = h.by_code[base]
    base_total = int(h.plans[base, ages].sum())
    out.update({
        "base_year": base_year, "base_date": h.dates[base].isoformat(),
        "base": {"total": base_total, **_dicts(base_total, h.by_need[base][ages].sum(axis=0),
                                               _by_band(h.plans[base], ages), plans_by_code[ages].sum(axis=0),
                                               h.needs, exact=True)},
        "years": years, "inputs": _input_rows(inputs, cont),
        "methods": _methods(inputs, ages, horizon, baseline),
    })
    out["backtest"] = out["methods"][0]["backtest"]
    return out


def forecast_block(
    records: pd.DataFrame, placements: pd.DataFrame | None, *, as_at: dt.date, needs: Iterable[str] = (),
    age_bands: Iterable[str] = (), scenario: Scenario | None = None,
) -> dict:
    """``project(forecast_inputs(...))``: the whole forecast object at once."""
    check_age_bands(age_bands)
    return project(forecast_inputs(records, placements, as_at=as_at, needs=needs), scenario=scenario,
                   age_bands=age_bands)
