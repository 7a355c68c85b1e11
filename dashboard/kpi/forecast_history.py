"""The January snapshots the forecast learns from: persons with a plan, by single year of age (SPEC section 2).

At each January snapshot (:func:`dashboard.kpi.ehcps.january_dates`) the plans maintained there
(:func:`dashboard.kpi.ehcps.maintained_mask`, and the need filter) are counted as **persons**: a person
with two plan rows at one January counts once (the row with the latest ``plan_start_date`` gives the age,
need and setting). Per person: the age on the 31 August before the January (ages 0..25; a child not yet
born on that 31 August counts as 0, an age over 25 or unknown is outside the model), the need (``_need``)
and the setting code of the placement at the January (:func:`dashboard.kpi.placements.placed_at`; blank
or not a SPEC 2.1 code: ``unknown``), from which the finance line (:data:`frames.finance.SETTING_LINE`)
and the setting group follow. Leading Januaries with no plans are dropped.

A transition is a pair of consecutive Januaries one year apart. For it, per age a at the first January:
*continued* = persons there aged a who still have a plan at the second; *joined* (by age at the second
January) = persons there who had none at the first. Everything is held as numpy count arrays, so the
model's rates and mixes are a few array sums.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.kpi.dates import last_31_august_before
from dashboard.kpi.ehcps import january_dates, maintained_mask
from dashboard.kpi.placements import placed_at
from dashboard.kpi.records import AGE_BASE, NEED, UNKNOWN_NEED, blank, filter_mask, prepare
from frames.finance import PLACEMENT_LINES, SETTING_LINE
from frames.placements import GROUPS, SETTING_GROUPS

MAX_AGE = 25
AGES = np.arange(MAX_AGE + 1)
N_AGES = len(AGES)
SETTING_CODES: tuple[str, ...] = tuple(SETTING_GROUPS)  # SPEC 2.1's codes, "unknown" last
UNKNOWN_CODE = SETTING_CODES.index("unknown")
# per setting code: the index of its finance line in PLACEMENT_LINES and of its group in GROUPS
CODE_LINE = np.array([PLACEMENT_LINES.index(SETTING_LINE[c]) for c in SETTING_CODES])
CODE_GROUP = np.array([GROUPS.index(SETTING_GROUPS[c]) for c in SETTING_CODES])
_CODE_INDEX = {c: i for i, c in enumerate(SETTING_CODES)}


@dataclass
class History:
    """Counts of persons with a plan at each January (J Januaries, A = 26 ages, K needs, S setting codes).

    ``plans`` J x A; ``by_need`` J x A x K; ``by_code`` J x A x S; per transition t (January t to t+1,
    T = J - 1): ``linked[t]`` (the two Januaries are one year apart), ``continued`` T x A (by age at t),
    ``joined`` T x A and ``joined_need`` T x A x K (by age at t+1). ``excluded`` J: persons at each January
    left out of the model (age unknown or over 25).
    """

    years: list[int]
    dates: list[dt.date]
    needs: tuple[str, ...]
    plans: np.ndarray
    by_need: np.ndarray
    by_code: np.ndarray
    linked: np.ndarray
    continued: np.ndarray
    joined: np.ndarray
    joined_need: np.ndarray
    excluded: np.ndarray


def empty_history() -> History:
    z = np.zeros
    return History(years=[], dates=[], needs=(), plans=z((0, N_AGES)), by_need=z((0, N_AGES, 0)),
                   by_code=z((0, N_AGES, len(SETTING_CODES))), linked=z(0, dtype=bool), continued=z((0, N_AGES)),
                   joined=z((0, N_AGES)), joined_need=z((0, N_AGES, 0)), excluded=z(0, dtype=np.int64))


def setting_index(settings: pd.Series) -> np.ndarray:
    """The index in SETTING_CODES of each setting code (blank or not a SPEC 2.1 code: unknown)."""
    codes = settings.astype(object).where(~blank(settings), "unknown").astype(str).str.strip()
    return codes.map(_CODE_INDEX).fillna(UNKNOWN_CODE).to_numpy(dtype=np.int64)


def _person_keys(plans: pd.DataFrame) -> np.ndarray:
    """person_ref, or the plan's own id where it has none (such a plan cannot be linked to another)."""
    own = "plan:" + plans["dataset_id"].astype(str) + ":" + plans["request_ref"].astype(str)
    return plans["person_ref"].astype(object).where(~blank(plans["person_ref"]), own).astype(str).to_numpy()


def _stacked(df: pd.DataFrame, snapshots: list[tuple[int, dt.date]], keep: np.ndarray) -> tuple[pd.DataFrame, list]:
    """One row per (January, plan maintained there), leading Januaries with no plans dropped."""
    rows, which = [], []
    for j, (_, when) in enumerate(snapshots):
        idx = np.flatnonzero(maintained_mask(df, on=when) & keep)
        rows.append(idx)
        which.append(np.full(len(idx), j, dtype=np.int64))
    first = next((j for j, r in enumerate(rows) if len(r)), len(rows))
    snapshots = snapshots[first:]
    if not snapshots:
        return df.iloc[:0].assign(_j=np.zeros(0, dtype=np.int64)), []
    idx, jan = np.concatenate(rows[first:]), np.concatenate(which[first:]) - first
    cols = ["person_ref", "request_ref", "dataset_id", "setting_type", "setting_in_la", "plan_start_date", NEED,
            AGE_BASE]
    return df[cols].iloc[idx].reset_index(drop=True).assign(_j=jan), snapshots


def _counts(flat: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    return np.bincount(flat, minlength=int(np.prod(shape))).reshape(shape).astype(np.float64)


def build_history(
    records: pd.DataFrame, placements: pd.DataFrame | None, *, as_at: dt.date, needs: Iterable[str] = ()
) -> History:
    """The January snapshots on or before ``as_at`` as count arrays (see :class:`History`)."""
    df = prepare(records)
    keep = filter_mask(df, needs=needs, on=as_at)  # the need filter does not depend on the date
    stacked, snapshots = _stacked(df, january_dates(df, as_at=as_at), keep)
    if not snapshots:
        return empty_history()
    n_jan = len(snapshots)
    # one row per person and January: the plan that started last
    stacked = stacked.assign(_person=_person_keys(stacked))
    stacked = stacked.sort_values(["_j", "_person", "plan_start_date"], ascending=[True, True, False],
                                  na_position="last", kind="stable")
    stacked = stacked[~stacked.duplicated(["_j", "_person"])].reset_index(drop=True)
    jan = stacked["_j"].to_numpy()
    ref_year = np.array([last_31_august_before(d).year for _, d in snapshots], dtype=np.float64)
    age = ref_year[jan] - stacked[AGE_BASE].to_numpy(dtype=np.float64)
    modelled = ~np.isnan(age) & (age <= MAX_AGE)
    excluded = np.bincount(jan[~modelled], minlength=n_jan)
    stacked, jan = stacked[modelled].reset_index(drop=True), jan[modelled]
    age = np.clip(age[modelled], 0, MAX_AGE).astype(np.int64)

    need_codes = set(stacked[NEED])
    needs_seen = tuple(sorted(need_codes - {UNKNOWN_NEED})) + ((UNKNOWN_NEED,) if UNKNOWN_NEED in need_codes else ())
    need = stacked[NEED].map({n: i for i, n in enumerate(needs_seen)}).to_numpy(dtype=np.int64)
    stamps = pd.Series([pd.Timestamp(d) for _, d in snapshots]).to_numpy()
    placed = placed_at(stacked, placements, pd.Series(stamps[jan], index=stacked.index))
    code = setting_index(placed["setting_type"])
    n_k, n_s = len(needs_seen), len(SETTING_CODES)

    person = pd.factorize(stacked["_person"])[0]
    present = np.zeros((n_jan, int(person.max()) + 1 if len(person) else 0), dtype=bool)
    present[jan, person] = True
    years = [y for y, _ in snapshots]
    linked = np.array([b == a + 1 for a, b in zip(years[:-1], years[1:], strict=True)], dtype=bool)

    n_t = n_jan - 1
    at_t = jan < n_t  # rows at a January that starts a transition
    cont = np.zeros(len(jan), dtype=bool)
    cont[at_t] = present[jan[at_t] + 1, person[at_t]] & linked[jan[at_t]]
    at_next = jan >= 1
    new = np.zeros(len(jan), dtype=bool)
    new[at_next] = ~present[jan[at_next] - 1, person[at_next]] & linked[jan[at_next] - 1]
    return History(
        years=years, dates=[d for _, d in snapshots], needs=needs_seen,
        plans=_counts(jan * N_AGES + age, (n_jan, N_AGES)),
        by_need=_counts((jan * N_AGES + age) * n_k + need, (n_jan, N_AGES, n_k)),
        by_code=_counts((jan * N_AGES + age) * n_s + code, (n_jan, N_AGES, n_s)),
        linked=linked,
        continued=_counts(jan[cont] * N_AGES + age[cont], (n_t, N_AGES)),
        joined=_counts((jan[new] - 1) * N_AGES + age[new], (n_t, N_AGES)),
        joined_need=_counts(((jan[new] - 1) * N_AGES + age[new]) * n_k + need[new], (n_t, N_AGES, n_k)),
        excluded=excluded,
    )


def plans_by_line(
    records: pd.DataFrame, placements: pd.DataFrame | None, *, on: dt.date, needs: Iterable[str] = ()
) -> dict[str, int]:
    """Plans maintained at ``on`` (plan rows, as ``ehcps`` counts them) by finance line, every line of
    PLACEMENT_LINES present; the lines add up to plans maintained (an unknown setting is ``other``)."""
    df = prepare(records)
    plans = df.loc[maintained_mask(df, on=on) & filter_mask(df, needs=needs, on=on)]
    placed = placed_at(plans, placements, pd.Series(pd.Timestamp(on), index=plans.index))
    lines = np.bincount(CODE_LINE[setting_index(placed["setting_type"])], minlength=len(PLACEMENT_LINES))
    return {line: int(n) for line, n in zip(PLACEMENT_LINES, lines, strict=True)}
