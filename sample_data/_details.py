"""Needs, settings, reviews, phase transfers, request sources and caseworkers of the sample plans.

SYNTHETIC SAMPLE DATA — not real children. The primary needs of the plans maintained at January 2025
are the published counts exactly; everything else is drawn to look like an English LA's casework.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data._common import (
    NAT,
    NEEDS,
    NEEDS_2025,
    SNAPSHOT,
    TEAMS,
    choose,
    day,
    days,
    exact_choice,
    randint,
    spec_age,
    third_thursday,
    uniform_days,
    year_of,
    ymd,
)
from sample_data._stock import maintained

UNKNOWN = "UNK"
# need multipliers by age band (SPEC age): the young are more often SLCN, the older SEMH / MLD
_AGE_NEED = {
    "young": {"SLCN": 2.5, "ASD": 1.2, "SEMH": 0.3, "MLD": 0.4, "SPLD": 0.1},
    "primary": {"SLCN": 1.3, "SEMH": 0.9},
    "secondary": {"SLCN": 0.6, "SEMH": 1.3, "MLD": 1.2},
    "post16": {"SLCN": 0.5, "SEMH": 1.1, "MLD": 1.5, "SLD": 1.3},
}
SETTINGS = {  # setting_type weights by SPEC age band at the snapshot (or when the plan ceased)
    "young": {"early_years": 55, "mainstream": 35, "special_maintained": 5, "unknown": 5},
    "school": {"mainstream": 50, "resourced_provision": 5, "special_maintained": 10, "special_academy_free": 20,
               "independent_special": 6, "independent_mainstream": 2, "alternative_provision": 3,
               "other_arrangements": 2.5, "not_in_education": 0.5, "unknown": 1},
    "post16": {"post16": 50, "special_academy_free": 12, "special_maintained": 4, "independent_special": 8,
               "mainstream": 10, "other_arrangements": 4, "not_in_education": 9, "unknown": 3},
    "adult": {"post16": 55, "not_in_education": 25, "other_arrangements": 10, "independent_special": 5,
              "unknown": 5},
}
IN_LA = {"independent_special": 0.3, "independent_mainstream": 0.5, "post16": 0.75}


def _band(age: np.ndarray) -> np.ndarray:
    return np.select([age <= 4, age <= 10, age <= 15], ["young", "primary", "secondary"], "post16")


def _draw_needs(rng, age: np.ndarray) -> np.ndarray:
    base = {k: float(v) for k, v in NEEDS_2025.items() if k is not None}
    out = np.empty(len(age), dtype=object)
    band = _band(age)
    for b, mult in _AGE_NEED.items():
        m = band == b
        w = [base[k] * mult.get(k, 1.0) for k in NEEDS]
        out[m] = choose(rng, NEEDS, w, int(m.sum()))
    return out


def _repair(rng, needs: np.ndarray, target: dict[str, int]) -> np.ndarray:
    """Move as few rows as needed so the counts per need are exactly ``target``."""
    needs = needs.copy()
    freed = []
    for k in sorted(set(needs) | set(target)):
        idx = np.flatnonzero(needs == k)
        extra = len(idx) - target.get(k, 0)
        if extra > 0:
            freed.append(idx[exact_choice(rng, len(idx), extra)])
    freed_idx = rng.permutation(np.concatenate(freed)) if freed else np.array([], dtype=int)
    labels = [k for k in sorted(target) for _ in range(max(0, target[k] - int((needs == k).sum())))]
    if len(labels) != len(freed_idx):
        raise ValueError("need counts cannot be repaired")
    needs[freed_idx] = labels
    return needs


def add_needs(rng: np.random.Generator, df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    start = out["plan_start_date"].to_numpy().astype("datetime64[D]")
    birth = out["birth_date"].to_numpy().astype("datetime64[D]")
    has_plan = ~np.isnat(start)
    jan = third_thursday(2025)
    at = np.where(start <= jan, jan, start)
    needs = np.where(has_plan, _draw_needs(rng, spec_age(birth, np.where(has_plan, at, SNAPSHOT))), None)
    stock = np.flatnonzero(maintained(out, jan))
    target = {(k if k is not None else UNKNOWN): v for k, v in NEEDS_2025.items()}
    needs[stock] = _repair(rng, needs[stock], target)
    late = np.flatnonzero(has_plan & (start > jan))
    needs[late[:3]] = "DS"  # Down syndrome is an SEN2 need type from 2025
    needs = np.where(needs == UNKNOWN, None, needs)
    second = _draw_needs(rng, spec_age(birth, np.where(has_plan, at, SNAPSHOT)))
    keep = has_plan & (rng.random(len(out)) < 0.55) & (second != needs) & pd.notna(needs)
    out["primary_need"] = needs
    out["secondary_need"] = np.where(keep, second, None)
    return out


def _effective(df: pd.DataFrame) -> np.ndarray:
    """The date a plan's current facts describe: the snapshot, or the day before it ceased."""
    cease = df["plan_cease_date"].to_numpy().astype("datetime64[D]")
    return np.where(np.isnat(cease), SNAPSHOT, cease - days(1))


def add_settings(rng: np.random.Generator, df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    has_plan = out["plan_start_date"].notna().to_numpy()
    age = spec_age(out["birth_date"].to_numpy().astype("datetime64[D]"), _effective(out))
    band = np.select([age <= 4, age <= 15, age <= 19], ["young", "school", "post16"], "adult")
    setting = np.empty(len(out), dtype=object)
    for b, weights in SETTINGS.items():
        m = band == b
        setting[m] = choose(rng, list(weights), list(weights.values()), int(m.sum()))
    p_in = np.array([IN_LA.get(s, 0.92) for s in setting])
    in_la = np.where(rng.random(len(out)) < p_in, 1, 0)
    in_la = np.where(np.isin(setting, ["unknown", "not_in_education"]), -1, in_la)
    out["setting_type"] = np.where(has_plan, setting, None)
    out["setting_in_la"] = np.where(has_plan, in_la, -1)
    return out


def add_reviews(rng: np.random.Generator, df: pd.DataFrame) -> pd.DataFrame:
    """The latest annual review: meeting before each anniversary, decision, outcome, draft if amended."""
    out = df.copy()
    n = len(out)
    start = out["plan_start_date"].to_numpy().astype("datetime64[D]")
    end = _effective(out)
    span = np.where(np.isnat(start), -1, (end - start).astype("timedelta64[D]").astype(int))
    years = np.floor(span / 365.25).astype(int)
    years = years - ((rng.random(n) < 0.10) & (years >= 1)).astype(int)  # some reviews overdue
    due = start + days(np.rint(np.maximum(years, 0) * 365.25))
    meeting = np.maximum(due - days(randint(rng, 0, 42, n)), start + days(300))
    has = (years >= 1) & ~np.isnat(start) & (meeting <= end)
    decided = meeting + days(np.where(rng.random(n) < 0.5, randint(rng, 2, 28, n), randint(rng, 29, 70, n)))
    known = has & (decided <= end)
    outcome = choose(rng, ["A", "M"], [45, 55], n)
    ceased = out["plan_cease_date"].notna().to_numpy()
    outcome = np.where(ceased & (rng.random(n) < 0.4), "C", outcome)
    draft = meeting + days(randint(rng, 7, 35, n))
    out["review_meeting_date"] = np.where(has, meeting, NAT)
    out["review_outcome"] = np.where(known, outcome, None)
    out["last_review_date"] = np.where(known, decided, NAT)
    out["review_draft_date"] = np.where(known & (outcome == "A") & (draft <= end), draft, NAT)
    return out


def add_phase_transfers(rng: np.random.Generator, df: pd.DataFrame) -> pd.DataFrame:
    """Each plan's latest phase transfer (due 15 February, or 31 March to post-16) in 2019..2026."""
    out = df.copy()
    n = len(out)
    birth = out["birth_date"].to_numpy().astype("datetime64[D]")
    start = out["plan_start_date"].to_numpy().astype("datetime64[D]")
    cease = out["plan_cease_date"].to_numpy().astype("datetime64[D]")
    cohort = year_of(birth) + ((birth.astype("datetime64[M]").astype(int) % 12) + 1 > 8).astype(int)
    infant = rng.random(n) < 0.4  # Year 2 -> 3 only where the child is at an infant school
    best = np.full(n, NAT)
    for age, month, mday, only in ((3, 2, 15, None), (6, 2, 15, infant), (10, 2, 15, None), (15, 3, 31, None)):
        year = cohort + age + 1
        ok = (year >= 2019) & (year <= 2026) & ~np.isnat(start)
        if only is not None:
            ok &= only
        due = ymd(np.clip(year, 1971, 2100), month, mday)
        alive = np.where(due <= SNAPSHOT, (start <= due - days(60)) & (np.isnat(cease) | (cease > due)),
                         (start <= SNAPSHOT - days(30)) & np.isnat(cease))
        ok &= alive
        best = np.where(ok & (np.isnat(best) | (due > best)), due, best)
    has = ~np.isnat(best)
    past = has & (best <= SNAPSHOT)
    kind = rng.random(n)
    on_time = best - days(randint(rng, 0, 45, n))
    late = np.minimum(best + days(randint(rng, 1, 75, n)), SNAPSHOT)
    final = np.where(past & (kind < 0.82), on_time, np.where(past & (kind < 0.94), late, NAT))
    early = uniform_days(rng, np.full(n, day("2025-09-15")), np.full(n, SNAPSHOT))
    final = np.where(has & ~past & (kind < 0.08), early, final)
    out["phase_transfer_due_date"] = best
    out["phase_transfer_final_date"] = final
    return out


def add_casework_fields(rng: np.random.Generator, df: pd.DataFrame) -> pd.DataFrame:
    """Request source, RYA, caseworker and team."""
    out = df.copy()
    n = len(out)
    received = out["received_date"].to_numpy().astype("datetime64[D]")
    birth = out["birth_date"].to_numpy().astype("datetime64[D]")
    has_received = ~np.isnat(received)
    source = choose(rng, ["1", "2", "3", "4", "5"], [45, 42, 6, 4, 3], n)
    out["request_source"] = np.where(has_received, source, None)
    age_in = spec_age(birth, np.where(has_received, received, SNAPSHOT))
    out["rya"] = np.where(has_received, ((age_in >= 16) & (rng.random(n) < 0.03)).astype(int), -1)
    start = out["plan_start_date"].to_numpy().astype("datetime64[D]")
    when = np.where(np.isnat(start), np.where(has_received, received, SNAPSHOT), _effective(out))
    age = spec_age(birth, when)
    area = rng.integers(0, 4, n)
    team = np.where(age >= 16, TEAMS[4], np.array(TEAMS[:4], dtype=object)[area])
    worker = np.where(age >= 16, 13 + rng.integers(0, 2, n), 1 + area * 3 + rng.integers(0, 3, n))
    out["team"] = team
    out["caseworker"] = np.char.add("CW", np.char.zfill(worker.astype(str), 2)).astype(object)
    return out
