"""Placement history of every plan: the placement spanning each January gives LA 351's published mix.

SYNTHETIC SAMPLE DATA — not real children. At each January 2019..2025 the plans maintained are given a
setting code so that the counts per code are the published ones (caseload.csv, see
``_placement_targets.py``), keeping a plan's setting from the January before where the quota allows and
choosing by age otherwise. Between two Januaries a change of setting (or of school, at the move to
secondary) is a new placement from 1 September. Schools are the made-up ones of ``_schools.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data._common import NAT, SNAPSHOT, day, days, exact_choice, spec_age, third_thursday, uniform_days
from sample_data._placement_targets import CODES, JANUARY_MIX
from sample_data._schools import IN_AREA_SHARE, school_for

GROUP = {"mainstream": "m", "resourced_provision": "m", "sen_unit": "m", "independent_mainstream": "m",
         "special_maintained": "s", "special_academy_free": "s", "independent_special": "s",
         "non_maintained_special": "s", "post16": "p", "specialist_post16": "p"}
_AGES = np.arange(26)


def _fit(code: str) -> np.ndarray:
    """How plausible each age 0..25 is for a setting code."""
    a = _AGES
    table = {
        "early_years": np.where(a <= 4, 10.0, 0.0),
        "post16": np.where(a >= 16, 10.0, 0.0), "specialist_post16": np.where(a >= 16, 10.0, 0.0),
        "not_in_education": np.where(a >= 16, 10.0, np.where(a >= 5, 0.3, 0.0)),
        "home_education": np.where((a >= 5) & (a <= 16), 10.0, 0.0),
        "alternative_provision": np.where((a >= 11) & (a <= 16), 10.0, np.where((a >= 6) & (a <= 10), 1.0, 0.0)),
        "other_arrangements": np.where(a >= 4, 3.0, 0.0), "unknown": np.full(26, 3.0),
    }
    school = np.where((a >= 4) & (a <= 15), 10.0, np.where(a == 16, 3.0, np.where(a <= 18, 1.0, 0.0)))
    special = np.where((a >= 3) & (a <= 18), 10.0, np.where(a == 19, 3.0, 0.0))
    return table.get(code, special if GROUP.get(code) == "s" else school) + 1e-9


FIT = {c: _fit(c) for c in CODES}
ORDER = ("early_years", "post16", "specialist_post16", "not_in_education", "home_education", "alternative_provision",
         "non_maintained_special", "independent_special", "special_academy_free", "special_maintained",
         "independent_mainstream", "sen_unit", "resourced_provision", "other_arrangements", "unknown")


def _allocate(rng, ages: np.ndarray, prev: np.ndarray, mix: dict[str, int]) -> np.ndarray:
    """Exactly ``mix[c]`` plans per code; the plans left over are mainstream."""
    code = np.full(len(ages), "mainstream", dtype=object)
    free = np.ones(len(ages), dtype=bool)
    age = np.clip(ages, 0, 25)
    prev_group = np.array([GROUP.get(p, p) for p in prev], dtype=object)
    for c in ORDER:
        idx = np.flatnonzero(free)
        w = FIT[c][age[idx]] * np.where(prev[idx] == c, 60.0, np.where(prev_group[idx] == GROUP.get(c, c), 15.0, 1.0))
        pick = idx[exact_choice(rng, len(idx), mix[c], weights=w)]
        code[pick] = c
        free[pick] = False
    if int(free.sum()) != mix["mainstream"]:
        raise ValueError("the January mix does not add up to the plans maintained")
    return code


def _phase(code: str, age: int) -> str:
    return ("p" if age <= 10 else "s") if GROUP.get(code) == "m" else ""


def build_placements(rng: np.random.Generator, df: pd.DataFrame) -> pd.DataFrame:
    """One row per placement of each plan: request_id, entry/leaving dates, setting code, in area, URN."""
    start = df["plan_start_date"].to_numpy().astype("datetime64[D]")
    cease = df["plan_cease_date"].to_numpy().astype("datetime64[D]")
    birth = df["birth_date"].to_numpy().astype("datetime64[D]")
    plan = np.flatnonzero(~np.isnat(start))
    years = sorted(JANUARY_MIX)
    at_jan = np.full((len(df), len(years)), None, dtype=object)
    prev = np.full(len(df), "", dtype=object)
    for k, y in enumerate(years):
        d = third_thursday(y)
        live = np.flatnonzero((start <= d) & (np.isnat(cease) | (cease > d)))
        ages = spec_age(birth[live], np.full(len(live), d))
        at_jan[live, k] = _allocate(rng, ages, prev[live], JANUARY_MIX[y])
        prev[:] = ""
        prev[live] = at_jan[live, k]
    lone_age = np.clip(spec_age(birth, np.where(np.isnat(start), SNAPSHOT, start)), 0, 25)
    rows: list[tuple] = []
    rid = df["request_id"].to_numpy()
    u = rng.random((len(df), len(years) + 1))
    for i in plan:
        seq = [(k, at_jan[i, k]) for k in range(len(years)) if at_jan[i, k] is not None]
        if not seq:  # no January in the plan's life: a setting for its age
            w = np.array([FIT[c][lone_age[i]] * (50 if c == "mainstream" else 1) for c in CODES])
            seq = [(None, CODES[int(np.searchsorted(np.cumsum(w) / w.sum(), u[i, 0]))])]
        cur = None
        for k, c in seq:
            d = third_thursday(years[k]) if k is not None else start[i]
            ph = _phase(c, int(spec_age(birth[i:i + 1], np.array([d]))[0]))
            if cur is not None and cur[1] == c and cur[2] == ph:
                continue
            if cur is None:
                entry = start[i]
            else:
                sept = day(f"{years[k] - 1}-09-01")
                lo = max(third_thursday(years[k] - 1) + days(1), start[i] + days(1))
                entry = sept if lo <= sept <= d else uniform_days(rng, np.array([lo]), np.array([d]))[0]
                rows[-1] = rows[-1][:2] + (entry - days(1),) + rows[-1][3:]
            in_la, urn = school_for(c, ph, float(rng.random()), int(i))
            rows.append((rid[i], entry, NAT, c, in_la, urn))
            cur = (entry, c, ph)
        if not np.isnat(cease[i]):
            rows[-1] = rows[-1][:2] + (max(cease[i] - days(1), rows[-1][1]),) + rows[-1][3:]  # last day maintained
    out = pd.DataFrame(rows, columns=["request_id", "entry_date", "leaving_date", "setting_type", "setting_in_la",
                                      "urn"])
    return out


def latest(placements: pd.DataFrame) -> pd.DataFrame:
    """Each plan's latest placement (the casework's setting_type / setting_in_la)."""
    last = placements.sort_values(["request_id", "entry_date"], kind="stable").groupby("request_id").tail(1)
    return last.set_index("request_id")[["setting_type", "setting_in_la"]]


__all__ = ["IN_AREA_SHARE", "build_placements", "latest"]
