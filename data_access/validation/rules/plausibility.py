"""Plausibility rules: figures of the return's own history that are possible but unlikely (PL01..), all queries.

Each is about an aggregate, so a finding has person_ref and request_ref None (at most one per rule). The
definitions follow SPEC section 2: plans issued in a period are requests with a received date whose plan
started in it, not transferred in; 20 weeks is 140 days from receipt to plan start; a plan is maintained at D
when it started on or before D and has not ceased by D; age is on the 31 August strictly before the date.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from data_access.validation.model import KEYS, Return
from data_access.validation.registry import rule

EXCEPTION_SHARE = 0.10  # PL01: Week20 exceptions above this share of plans issued
JUMP = 0.25  # PL02: change in plans at January above this share of the year before
JUMP_BASE = 20  # ... when the year before had at least this many
SWING = 0.5  # PL03: a band's count falls to half or less (or doubles) from one month to the next
SWING_BASE = 20  # ... when the larger of the two counts is at least this
EXTREME_BASE = 20  # PL04: timeliness of 0% or 100% on more than this many plans
WITHIN_DAYS = 140
BANDS = ((0, 4), (5, 10), (11, 15), (16, 19), (20, 25))  # Under 5, 5-10, 11-15, 16-19, 20-25


def _finding(found: bool) -> pd.DataFrame:
    return pd.DataFrame({k: pd.Series([None] if found else [], dtype=object) for k in KEYS})


def _issued(r: Return) -> pd.DataFrame:
    """Plans issued in the collection period (SPEC 2, 20-week timeliness)."""
    q = r.requests
    start = q["plan_start_date"]
    return q.loc[q["received_date"].notna() & start.ge(pd.Timestamp(r.period_start))
                 & start.le(pd.Timestamp(r.period_end)) & q["transfer_la"].isna()]


def _third_thursday(year: int) -> pd.Timestamp:
    first = dt.date(year, 1, 1)
    return pd.Timestamp(dt.date(year, 1, 1 + (3 - first.weekday()) % 7 + 14))


def _maintained(r: Return, dates: list[pd.Timestamp]) -> tuple[pd.DataFrame, np.ndarray]:
    """The plans, and a (plans x dates) bool array of which were maintained at each date. A plan with no start
    date (an old or transferred-in plan in SEN2) is taken to have started before the collection period."""
    p = r.plans()
    start = p["plan_start_date"].fillna(pd.Timestamp(r.period_start) - pd.Timedelta(days=1)).to_numpy()
    cease = p["plan_cease_date"].to_numpy()
    d = np.array(dates, dtype="datetime64[ns]")[None, :]
    on = (start[:, None] <= d) & (np.isnat(cease)[:, None] | (cease[:, None] > d))
    if r.source == "sen2":  # a plan neither in ActivePlans nor ceased is not maintained (ActivePlans are)
        on &= ~(~p["plan_active"].fillna(False).astype(bool).to_numpy() & np.isnat(cease))[:, None]
    return p, on


@rule("PL01", "query", "Week20 exceptions apply to more than a tenth of the plans issued in the collection period.",
      fields=("Week20",))
def many_exceptions(r: Return) -> pd.DataFrame:
    issued = _issued(r)
    n = len(issued)
    return _finding(n > 0 and issued["week20"].fillna(False).astype(bool).sum() > EXCEPTION_SHARE * n)


@rule("PL02", "query", "Plans maintained at the January census date changed by more than a quarter on the year "
      "before.", fields=("StartDate", "CeaseDate"))
def january_jump(r: Return) -> pd.DataFrame:
    """January of the reference year against January of the year before, counted from the plans' start and
    cease dates (SEN2: the ActivePlans at the reference date); only when the earlier count is at least 20. An
    extract taken before that January's census date compares the two Januaries before it."""
    year = r.reference_date.year
    if r.reference < _third_thursday(year):
        year -= 1
    _, on = _maintained(r, [_third_thursday(year - 1), _third_thursday(year)])
    before, now = on.sum(axis=0)
    return _finding(bool(before >= JUMP_BASE and abs(now - before) > JUMP * before))


def _month_ends(r: Return) -> list[pd.Timestamp]:
    ends = pd.date_range(pd.Timestamp(r.period_start), pd.Timestamp(r.period_end), freq="ME")
    return [e for e in ends if e <= r.reference]


@rule("PL03", "query", "An age band's count of active plans halves or doubles from one month end to the next "
      "within the collection period.", fields=("PersonBirthDate", "StartDate", "CeaseDate"))
def age_band_swing(r: Return) -> pd.DataFrame:
    """Month-end counts by age band (Under 5, 5-10, 11-15, 16-19, 20-25; age on the 31 August before). Both
    months of a pair are banded by the age of the later one, so the yearly move of every child up a year on
    1 September (which empties most of the Under 5 band) is not a swing; only plans starting, ceasing or
    changing age in the data are. Reported when the larger count is at least 20."""
    ends = _month_ends(r)
    if len(ends) < 2:
        return _finding(False)
    p, on = _maintained(r, ends)
    birth = p["birth_date"]
    aug_year = np.array([e.year if e.month > 8 else e.year - 1 for e in ends])
    # completed years on 31 August of aug_year: one less when the birthday falls after 31 August
    born = birth.dt.year.to_numpy(dtype="float64") + (birth.dt.month > 8).to_numpy()
    age = aug_year[None, 1:] - born[:, None]  # the age at each later month end of a pair
    swing = False
    for low, high in BANDS:
        band = (age >= low) & (age <= high)
        earlier = (on[:, :-1] & band).sum(axis=0)
        later = (on[:, 1:] & band).sum(axis=0)
        big, small = np.maximum(earlier, later), np.minimum(earlier, later)
        swing |= bool(((big >= SWING_BASE) & (small <= SWING * big)).any())
    return _finding(swing)


@rule("PL04", "query", "Either all or none of more than 20 plans issued in the collection period were issued "
      "within 20 weeks.", fields=("ReceivedDate", "StartDate"))
def extreme_timeliness(r: Return) -> pd.DataFrame:
    """The all-plans figure (Week20 exceptions counted): 140 days or fewer from receipt to plan start."""
    issued = _issued(r)
    if len(issued) <= EXTREME_BASE:
        return _finding(False)
    within = ((issued["plan_start_date"] - issued["received_date"]).dt.days <= WITHIN_DAYS).to_numpy()
    return _finding(bool(within.all() or not within.any()))
