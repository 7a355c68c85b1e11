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
    CEASE_REASONS,
    CEASED,
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
    for lo, hi, count, tail in windows:
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
        if tail is not None:  # 'tail' ceases in the next January, the rest by 31 December
            dec31 = day(f"{year_of(np.array([lo]))[0]}-12-31")
            late = np.zeros(len(idx), dtype=bool)
            late[np.flatnonzero(~is_forced)[exact_choice(rng, int((~is_forced).sum()), tail)]] = True
            body = np.minimum(when, dec31)
            when = np.where(late, uniform_days(rng, np.full(len(idx), dec31 + days(1)), np.full(len(idx), hi)), body)
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
    need = {}  # plans that must cease in each window when none transfer in
    for prev, year in zip(years, years[1:], strict=False):
        lo, hi = JANUARIES[prev], JANUARIES[year]
        need[prev] = JANUARY_STOCK[prev] + int(((start > lo) & (start <= hi)).sum()) - JANUARY_STOCK[year]
    counts, tails = _window_counts(need)
    for prev, year in zip(years, years[1:], strict=False):
        lo, hi = JANUARIES[prev], JANUARIES[year]
        parts.append(transfers_in(rng, lo, hi, counts[prev] - need[prev]))
        windows.append((lo, hi, counts[prev], tails.get(prev, 0)))
    parts.append(transfers_in(rng, JANUARIES[years[-1]], SNAPSHOT, TRANSFERS_IN_AFTER_JAN_2025))
    windows.append((JANUARIES[years[-1]], SNAPSHOT, CEASED_AFTER_JAN_2025, None))
    offset = 0
    for part in parts:
        part["person_key"] = part["person_key"].to_numpy() + offset
        offset = int(part["person_key"].max()) + 1
    df = pd.concat(parts, ignore_index=True)
    for col in ("received_date", "request_outcome_date", "assessment_outcome_date", "plan_start_date", "birth_date"):
        df[col] = df[col].astype("datetime64[s]")
    return exact_reasons(rng, cease_plans(rng, df, windows))


def _window_counts(need: dict[int, int]) -> tuple[dict[int, int], dict[int, int]]:
    """Plans ceased per January-to-January window, and how many of them cease in the next January.

    A window's ceases fall in its own calendar year unless it has a tail: the published calendar-year
    totals (CEASED) force some of the 2023 ceases into 1..19 January 2023 (window 2022) because the
    stocks, the plans issued and 192 ceased in 2022 cannot otherwise add up.
    """
    counts = {y: max(n + TRANSFERS_IN_BASE, MIN_CEASED_PER_YEAR) for y, n in need.items()}
    t22 = max(0, need[2022] + 10 - CEASED[2022])
    t23 = max(0, need[2023] + TRANSFERS_IN_BASE - (CEASED[2023] - t22))
    counts[2022] = CEASED[2022] + t22
    counts[2023] = CEASED[2023] - t22 + t23
    counts[2024] = CEASED[2024] - t23
    if min(counts[y] - need[y] for y in counts) < 0:
        raise ValueError(f"the published ceased plans do not fit the stocks: {counts} vs {need}")
    return counts, {2022: t22, 2023: t23}


def exact_reasons(rng: np.random.Generator, df: pd.DataFrame) -> pd.DataFrame:
    """Cease reasons with the published counts per calendar year: the oldest get 1 (age), 6, 4, 3..."""
    out = df.copy()
    cease = out["plan_cease_date"].to_numpy().astype("datetime64[D]")
    birth = out["birth_date"].to_numpy().astype("datetime64[D]")
    reason = out["cease_reason"].to_numpy().copy()
    years = np.where(np.isnat(cease), 0, year_of(cease))
    order = ("5", "8", "7", "9", "2", "3", "4", "6", "1")  # from the youngest typical age to the oldest
    for y, by_reason in CEASE_REASONS.items():
        idx = np.flatnonzero(years == y)
        if len(idx) != sum(by_reason.values()):
            raise ValueError(f"{len(idx)} plans cease in {y}, published {sum(by_reason.values())}")
        age = spec_age(birth[idx], cease[idx]) + rng.normal(0, 2.5, len(idx))
        labels = [r for r in order for _ in range(by_reason.get(r, 0))]
        reason[idx[np.argsort(age, kind="stable")]] = labels
    out["cease_reason"] = reason
    return out


def maintained(df: pd.DataFrame, at: np.datetime64) -> np.ndarray:
    """SPEC 2: plan_start_date <= D and no plan_cease_date or one after D."""
    start = df["plan_start_date"].to_numpy().astype("datetime64[D]")
    cease = df["plan_cease_date"].to_numpy().astype("datetime64[D]")
    return (start <= at) & (np.isnat(cease) | (cease > at))
