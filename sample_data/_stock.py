"""Plans maintained at each January: plans from before 2019, plans transferred in, and ceased plans.

SYNTHETIC SAMPLE DATA — not real children. Between two January reference dates the stock changes by
the plans that start (issued here or transferred in) minus the plans that cease; the number of plans
ceased in each window is solved so the stock at every January 2019..2025 is the published figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data._common import (
    AUG31,
    CEASED_AFTER_JAN_2025,
    JANUARY_STOCK,
    MIN_CEASED_PER_YEAR,
    NAT,
    SNAPSHOT,
    STOCK_AGE,
    TRANSFER_LAS,
    TRANSFERS_IN_AFTER_JAN_2025,
    TRANSFERS_IN_BASE,
    choose,
    day,
    days,
    exact_choice,
    randint,
    spec_age,
    third_thursday,
    uniform_days,
    year_of,
)
from sample_data._people import add_people

JANUARIES = {y: third_thursday(y) for y in JANUARY_STOCK}
FIRST_EHCP = day("2014-09-01")  # EHC plans replaced statements from September 2014
LAST_HISTORICAL = day("2018-12-31")


def _empty(n: int, group: str) -> pd.DataFrame:
    nat = np.full(n, NAT)
    return pd.DataFrame({
        "received_date": nat, "request_outcome": "H", "request_outcome_date": nat,
        "assessment_outcome": None, "assessment_outcome_date": nat, "week20_exception": -1,
        "plan_start_date": nat, "group": group,
    })


def _stock_ages(rng, n: int) -> np.ndarray:
    w = STOCK_AGE.copy()
    w[:2] = 0
    return rng.choice(len(w), size=n, p=w / w.sum())


def historical(rng: np.random.Generator, plans_before_jan_2019: int) -> pd.DataFrame:
    """Plans issued before 2019 and still maintained at January 2019 (outcome H: decided before the data)."""
    n = JANUARY_STOCK[2019] - plans_before_jan_2019
    jan = JANUARIES[2019]
    df = add_people(rng, _empty(n, "hist"), ages=_stock_ages(rng, n), at=np.full(n, jan))
    birth = df["birth_date"].to_numpy().astype("datetime64[D]")
    lo = np.maximum(FIRST_EHCP, birth + days(500))
    lo = np.minimum(lo, LAST_HISTORICAL - days(30))
    start = uniform_days(rng, lo, np.full(n, LAST_HISTORICAL))
    known = (start >= day("2015-03-01")) & (rng.random(n) < 0.75)
    received = np.where(known, start - days(randint(rng, 70, 140, n)), NAT)
    decided = np.where(known, received + days(randint(rng, 21, 42, n)), NAT)
    df["plan_start_date"] = start
    df["received_date"] = received
    df["request_outcome_date"] = decided
    df["assessment_outcome"] = np.where(known, "Y", None)
    df["assessment_outcome_date"] = np.where(known, start - days(randint(rng, 7, 20, n)), NAT)
    df["week20_exception"] = np.where(known, 0, -1)
    return df


def transfers_in(rng: np.random.Generator, lo: np.datetime64, hi: np.datetime64, n: int) -> pd.DataFrame:
    """Plans transferred in from another LA in (lo, hi]: outcome H, no receipt, start = transfer date."""
    start = uniform_days(rng, np.full(n, lo + days(1)), np.full(n, hi))
    df = add_people(rng, _empty(n, "ti"), ages=_stock_ages(rng, n), at=start)
    df["plan_start_date"] = start
    df["transfer_la"] = choose(rng, TRANSFER_LAS, np.ones(len(TRANSFER_LAS)), n)
    return df


def _age_out(birth: np.ndarray) -> np.ndarray:
    """The last day a plan can be maintained: the day before the 31 August the person is 26 on."""
    cohort = year_of(birth) + ((birth.astype("datetime64[M]").astype(int) % 12) + 1 > 8).astype(int)
    return AUG31[cohort + 26 - 1900] - days(1)


def _cease_weight(age: np.ndarray) -> np.ndarray:
    return np.select([age <= 4, age <= 10, age <= 15, age == 16, age == 17, age == 18, age <= 21],
                     [0.15, 0.2, 0.35, 1.2, 2.0, 3.0, 4.0], 6.0)


def _reasons(rng, age: np.ndarray, forced: np.ndarray) -> np.ndarray:
    n = len(age)
    young = choose(rng, ["2", "5", "7", "8", "9"], [45, 45, 4, 1, 5], n)
    adult = choose(rng, ["2", "3", "4", "5", "6", "9"], [25, 15, 20, 20, 15, 5], n)
    oldest = choose(rng, ["1", "4", "6"], [70, 15, 15], n)
    return np.where(forced, "1", np.where(age >= 22, oldest, np.where(age >= 18, adult, young)))


def cease_plans(rng: np.random.Generator, df: pd.DataFrame, windows: list[tuple]) -> pd.DataFrame:
    """Cease ``count`` plans maintained at each window's start, with a cease date inside the window."""
    out = df.copy()
    start = out["plan_start_date"].to_numpy().astype("datetime64[D]")
    birth = out["birth_date"].to_numpy().astype("datetime64[D]")
    cease = np.full(len(out), NAT)
    reason = np.full(len(out), None, dtype=object)
    limit = _age_out(birth)
    for lo, hi, count in windows:
        alive = np.flatnonzero((start <= lo) & np.isnat(cease))
        forced = np.flatnonzero((start <= hi) & np.isnat(cease) & (limit <= hi))
        rest = alive[limit[alive] > hi]
        if len(forced) > count:
            raise ValueError(f"{len(forced)} plans age out in ({lo}, {hi}] but only {count} cease")
        age = spec_age(birth[rest], np.full(len(rest), lo))
        picked = rest[exact_choice(rng, len(rest), count - len(forced), weights=_cease_weight(age))]
        idx = np.concatenate([forced, picked])
        is_forced = np.isin(idx, forced)
        age = spec_age(birth[idx], np.full(len(idx), lo))
        summer_lo = np.maximum(lo + days(1), day(f"{year_of(np.array([lo]))[0]}-07-01"))
        summer_hi = np.minimum(hi, summer_lo + days(61))
        when = uniform_days(rng, np.full(len(idx), lo + days(1)), np.full(len(idx), hi))
        summer = uniform_days(rng, np.full(len(idx), summer_lo), np.full(len(idx), summer_hi))
        when = np.where((age >= 16) & (rng.random(len(idx)) < 0.6), summer, when)
        when = np.where(is_forced, np.minimum(np.maximum(limit[idx] - days(randint(rng, 0, 60, len(idx))),
                                                         lo + days(1)), hi), when)
        cease[idx] = np.maximum(when, start[idx] + days(1))
        reason[idx] = _reasons(rng, age, is_forced)
    out["plan_cease_date"] = cease
    out["cease_reason"] = reason
    return out


def build_stock(rng: np.random.Generator, requests: pd.DataFrame) -> pd.DataFrame:
    """Add pre-2019 plans, plans transferred in and cease dates so every January stock is exact."""
    start = requests["plan_start_date"].to_numpy().astype("datetime64[D]")
    years = sorted(JANUARIES)
    hist = historical(rng, int((start <= JANUARIES[years[0]]).sum()))
    parts = [requests, hist]
    windows = []
    for prev, year in zip(years, years[1:], strict=False):
        lo, hi = JANUARIES[prev], JANUARIES[year]
        issued = int(((start > lo) & (start <= hi)).sum())
        n_in = max(TRANSFERS_IN_BASE, MIN_CEASED_PER_YEAR + JANUARY_STOCK[year] - JANUARY_STOCK[prev] - issued)
        parts.append(transfers_in(rng, lo, hi, n_in))
        windows.append((lo, hi, JANUARY_STOCK[prev] + issued + n_in - JANUARY_STOCK[year]))
    parts.append(transfers_in(rng, JANUARIES[years[-1]], SNAPSHOT, TRANSFERS_IN_AFTER_JAN_2025))
    windows.append((JANUARIES[years[-1]], SNAPSHOT, CEASED_AFTER_JAN_2025))
    offset = 0
    for part in parts:
        part["person_key"] = part["person_key"].to_numpy() + offset
        offset = int(part["person_key"].max()) + 1
    df = pd.concat(parts, ignore_index=True)
    for col in ("received_date", "request_outcome_date", "assessment_outcome_date", "plan_start_date", "birth_date"):
        df[col] = df[col].astype("datetime64[s]")
    return cease_plans(rng, df, windows)


def maintained(df: pd.DataFrame, at: np.datetime64) -> np.ndarray:
    """SPEC 2: plan_start_date <= D and no plan_cease_date or one after D."""
    start = df["plan_start_date"].to_numpy().astype("datetime64[D]")
    cease = df["plan_cease_date"].to_numpy().astype("datetime64[D]")
    return (start <= at) & (np.isnat(cease) | (cease > at))
