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
    values, uniques = pd.factorize(settings)  # a missing code is -1, the lookup's last entry
    lookup = [_CODE_INDEX.get(str(u).strip(), UNKNOWN_CODE) for u in uniques]
    return np.array([*lookup, UNKNOWN_CODE], dtype=np.int64)[values]


def _person_codes(df: pd.DataFrame) -> np.ndarray:
    """An integer per person_ref; a plan with no person_ref is a person of its own (never linked)."""
    missing = blank(df["person_ref"]).to_numpy(dtype=bool)
    codes = pd.factorize(df["person_ref"])[0].astype(np.int64)
    if missing.any():
        codes[missing] = codes.max(initial=-1) + 1 + np.arange(int(missing.sum()))
    return codes


def _snapshot_rows(df: pd.DataFrame, snapshots: list[tuple[int, dt.date]], keep: np.ndarray) -> tuple:
    """(row, January) of each plan maintained at each January, leading Januaries with no plans dropped."""
    rows = [np.flatnonzero(maintained_mask(df, on=when) & keep) for _, when in snapshots]
    first = next((j for j, r in enumerate(rows) if len(r)), len(rows))
    rows, snapshots = rows[first:], snapshots[first:]
    if not snapshots:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), []
    jan = np.concatenate([np.full(len(r), j, dtype=np.int64) for j, r in enumerate(rows)])
    return np.concatenate(rows), jan, snapshots


def _latest_per_person(start: np.ndarray, person: np.ndarray, jan: np.ndarray) -> np.ndarray:
    """Positions keeping one row per (January, person): the plan with the latest start (NaT last)."""
    when = start.astype("datetime64[ns]").view(np.int64).copy()
    when[np.isnat(start)] = np.iinfo(np.int64).min + 1
    order = np.lexsort((-when, person, jan))
    first = np.ones(len(order), dtype=bool)
    first[1:] = (jan[order][1:] != jan[order][:-1]) | (person[order][1:] != person[order][:-1])
    return np.sort(order[first])


def _counts(flat: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    return np.bincount(flat, minlength=int(np.prod(shape))).reshape(shape).astype(np.float64)


def build_history(
    records: pd.DataFrame, placements: pd.DataFrame | None, *, as_at: dt.date, needs: Iterable[str] = ()
) -> History:
    """The January snapshots on or before ``as_at`` as count arrays (see :class:`History`)."""
    df = prepare(records)
    keep = filter_mask(df, needs=needs, on=as_at)  # the need filter does not depend on the date
    idx, jan, snapshots = _snapshot_rows(df, january_dates(df, as_at=as_at), keep)
    if not snapshots:
        return empty_history()
    n_jan = len(snapshots)
    person_all = _person_codes(df)
    kept = _latest_per_person(df["plan_start_date"].to_numpy()[idx], person_all[idx], jan)
    idx, jan = idx[kept], jan[kept]
    ref_year = np.array([last_31_august_before(d).year for _, d in snapshots], dtype=np.float64)
    age = ref_year[jan] - df[AGE_BASE].to_numpy(dtype=np.float64)[idx]
    modelled = ~np.isnan(age) & (age <= MAX_AGE)
    excluded = np.bincount(jan[~modelled], minlength=n_jan)
    idx, jan = idx[modelled], jan[modelled]
    age = np.clip(age[modelled], 0, MAX_AGE).astype(np.int64)

    need_all, need_names = pd.factorize(df[NEED])
    present_needs = set(need_names[np.unique(need_all[idx])]) if len(idx) else set()
    needs_seen = tuple(sorted(present_needs - {UNKNOWN_NEED})) + (
        (UNKNOWN_NEED,) if UNKNOWN_NEED in present_needs else ())
    position = {n: i for i, n in enumerate(needs_seen)}
    need = np.array([position.get(n, 0) for n in need_names], dtype=np.int64)[need_all[idx]] if len(idx) else idx
    plans = df[["dataset_id", "request_ref", "setting_type", "setting_in_la"]].iloc[idx].reset_index(drop=True)
    stamps = pd.Series([pd.Timestamp(d) for _, d in snapshots]).to_numpy()
    placed = placed_at(plans, placements, pd.Series(stamps[jan], index=plans.index))
    code = setting_index(placed["setting_type"])
    n_k, n_s = len(needs_seen), len(SETTING_CODES)

    person = person_all[idx]
    present = np.zeros((n_jan, int(person_all.max()) + 1 if len(person_all) else 0), dtype=bool)
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
