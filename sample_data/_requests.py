"""Requests for assessment, decisions and plans issued, built to reproduce the published flow exactly.

SYNTHETIC SAMPLE DATA — not real children. Plans are generated per issue year with the published
counts (issued, within 20 weeks, exceptions); how many of them come from requests received the year
before is solved from the published requests per receipt year (see :func:`prior_year_counts`), so the
requests received, decided to assess and not to assess per year come out exact as well.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data._common import (
    DECISIONS_OVER_6_WEEKS,
    NAT,
    NO_PLAN,
    NOT_TO_ASSESS,
    OVER_6_WEEKS_SHARE,
    PRIOR_2019,
    REQUESTS,
    SNAPSHOT,
    TIMELINESS,
    UNDECIDED,
    WITHDRAWN,
    day,
    days,
    exact_choice,
    randint,
    uniform_days,
    year_of,
)

YEARS = tuple(range(2019, 2025))
# spread of waits over 20 weeks per issue year (days beyond 140, gamma scale): 2020-21 were the slow years
OVER_SCALE = {2019: 35, 2020: 70, 2021: 70, 2022: 55, 2023: 45, 2024: 15, 2025: 30}
GT_ONE_YEAR = {2023: 2}  # timeliness_20_week.csv plans_issued_gt_1_year for LA 351
# 2025 to the snapshot: (plans issued from 2025 requests, of which over 20 weeks), open assessments by
# age at the snapshot, assessments ending without a plan, not to assess, withdrawn, awaiting decision
PLANS_2025, OVER_2025 = 126, 12
OPEN_2025 = (("2025-04-01", "2025-06-12", 12), ("2025-06-13", "2025-07-10", 40), ("2025-07-11", "2025-09-15", 98))
NO_PLAN_2025, NOT_2025, WITHDRAWN_2025, AWAITING_2025 = 4, 130, 8, 30
PRIOR_2025_WITHIN = 0.9


def prior_year_counts() -> dict[int, int]:
    """Plans issued in year Y from requests received in Y-1, for Y = 2019..2025.

    Requests received in y that lead to a plan = plans issued in y from y's requests + plans issued in
    y+1 from y's requests = (issued_y - prior_y) + prior_{y+1}; it must equal received - not to assess -
    withdrawn - assessed without a plan.
    """
    prior = {2019: PRIOR_2019}
    for y in YEARS:
        with_plan = REQUESTS[y] - NOT_TO_ASSESS[y] - WITHDRAWN[y] - UNDECIDED.get(y, 0) - NO_PLAN[y]
        prior[y + 1] = prior[y] + with_plan - TIMELINESS[y][0]
        if not 0 <= prior[y + 1]:
            raise ValueError(f"inconsistent flow for {y}")
    return prior


def _waits(rng, year: int, n: int, n_within: int) -> np.ndarray:
    within = 56 + np.rint(84 * rng.beta(4.0, 1.6, n_within)).astype(int)
    n_over = n - n_within
    over = 141 + np.rint(rng.gamma(1.5, OVER_SCALE[year], n_over)).astype(int)
    over = np.minimum(over, 364)
    gt = GT_ONE_YEAR.get(year, 0)
    if gt:
        over[:gt] = randint(rng, 366, 400, gt)
    return np.concatenate([within, over])


def _issued_in(rng, year: int, n: int, n_within: int, ex_within: int, ex_over: int, n_prior: int,
               end: np.datetime64) -> pd.DataFrame:
    """Plans issued in ``year`` (up to ``end``): waits, issue dates, receipt dates, exceptions."""
    wait = _waits(rng, year, n, n_within)
    forced = wait >= 366
    if end < day(f"{year}-12-31"):  # a part year: only requests of the year before (2025)
        forced |= True
    prior = forced.copy()
    free = np.flatnonzero(~forced)
    pick = exact_choice(rng, len(free), n_prior - int(forced.sum()), weights=wait[free])
    prior[free[pick]] = True
    jan1, jan1_before = day(f"{year}-01-01"), day(f"{year - 1}-01-01")
    dec31_before = day(f"{year - 1}-12-31")
    lo = np.where(prior, np.maximum(jan1, jan1_before + days(wait)), jan1 + days(wait))
    hi = np.where(prior, np.minimum(end, dec31_before + days(wait)), end)
    issued = uniform_days(rng, lo, hi)
    week20 = np.zeros(n, dtype=int)
    week20[:n_within][exact_choice(rng, n_within, ex_within)] = 1
    week20[n_within:][exact_choice(rng, n - n_within, ex_over)] = 1
    return pd.DataFrame({"received": issued - days(wait), "plan_start": issued, "week20": week20,
                         "group": "plan"})


def _others(rng, group: str, n: int, lo: str, hi: str) -> pd.DataFrame:
    received = uniform_days(rng, np.full(n, day(lo)), np.full(n, day(hi)))
    return pd.DataFrame({"received": received, "plan_start": np.full(n, NAT), "week20": 0, "group": group})


def _year_2025(rng) -> list[pd.DataFrame]:
    out = []
    received = uniform_days(rng, np.full(PLANS_2025, day("2025-01-02")), np.full(PLANS_2025, day("2025-06-12")))
    over = exact_choice(rng, PLANS_2025, OVER_2025)
    wait = np.where(over, randint(rng, 141, (SNAPSHOT - received).astype(int).clip(141, 170), PLANS_2025),
                    56 + np.rint(84 * rng.beta(4.0, 1.6, PLANS_2025)).astype(int))
    week20 = np.zeros(PLANS_2025, dtype=int)
    week20[np.flatnonzero(over)[:2]] = 1
    week20[np.flatnonzero(~over)[:1]] = 1
    out.append(pd.DataFrame({"received": received, "plan_start": received + days(wait), "week20": week20,
                             "group": "plan"}))
    for lo, hi, n in OPEN_2025:
        out.append(_others(rng, "open", n, lo, hi))
    out.append(_others(rng, "noplan", NO_PLAN_2025, "2025-01-02", "2025-05-31"))
    out.append(_others(rng, "N", NOT_2025, "2025-01-02", "2025-09-19"))
    out.append(_others(rng, "W", WITHDRAWN_2025, "2025-01-02", "2025-09-30"))
    out.append(_others(rng, "A", AWAITING_2025, "2025-09-20", "2025-10-31"))
    return out


def _decisions(rng, df: pd.DataFrame) -> np.ndarray:
    """Days from receipt to the decision to assess or not, with the over-6-week counts per year."""
    dec = np.zeros(len(df), dtype=int)
    received = df["received"].to_numpy().astype("datetime64[D]")
    wait = (df["plan_start"] - df["received"]).dt.days.to_numpy(dtype=float, na_value=np.nan)
    room = (SNAPSHOT - received).astype(int)
    cap = np.where(np.isnan(wait), np.minimum(112, room), np.minimum(112, np.nan_to_num(wait) - 28)).astype(int)
    decided = df["group"].isin(["plan", "noplan", "N", "open"]).to_numpy()
    years = year_of(received)
    for y in np.unique(years[decided]):
        idx = np.flatnonzero(decided & (years == y))
        n_over = DECISIONS_OVER_6_WEEKS.get(int(y), round(OVER_6_WEEKS_SHARE.get(int(y), 0.1) * len(idx)))
        can = idx[cap[idx] >= 43]
        over = can[exact_choice(rng, len(can), n_over)]
        dec[idx] = randint(rng, 21, np.minimum(42, cap[idx]), len(idx))
        dec[over] = randint(rng, 43, cap[over], len(over))
    return dec


def build_requests(rng: np.random.Generator) -> pd.DataFrame:
    """Every request received from 2018 on (the 2018 ones only where their plan was issued in 2019)."""
    prior = prior_year_counts()
    parts = []
    for y in YEARS:
        n, within, n_ex, within_ex = TIMELINESS[y]
        ex_within = within - within_ex
        parts.append(_issued_in(rng, y, n, within, ex_within, (n - n_ex) - ex_within, prior[y], day(f"{y}-12-31")))
        parts.append(_others(rng, "N", NOT_TO_ASSESS[y], f"{y}-01-01", f"{y}-12-31"))
        parts.append(_others(rng, "W", WITHDRAWN[y], f"{y}-01-01", f"{y}-12-31"))
        parts.append(_others(rng, "noplan", NO_PLAN[y], f"{y}-01-01", f"{y}-09-30"))
        parts.append(_others(rng, "A", UNDECIDED.get(y, 0), f"{y}-01-01", f"{y}-12-31"))
    n25 = prior[2025]
    within25 = round(PRIOR_2025_WITHIN * n25)
    parts.append(_issued_in(rng, 2025, n25, within25, 1, 2, n25, SNAPSHOT))
    parts += _year_2025(rng)
    df = pd.concat(parts, ignore_index=True)
    df["received"] = df["received"].astype("datetime64[s]")
    df["plan_start"] = df["plan_start"].astype("datetime64[s]")
    return _outcomes(rng, df)


def _outcomes(rng, df: pd.DataFrame) -> pd.DataFrame:
    n = len(df)
    received = df["received"].to_numpy().astype("datetime64[D]")
    start = df["plan_start"].to_numpy().astype("datetime64[D]")
    group = df["group"].to_numpy()
    dec_date = received + days(_decisions(rng, df))
    outcome = np.select([group == "N", group == "W", group == "A"], ["N", "W", "A"], "Y").astype(object)
    w_date = np.minimum(received + days(randint(rng, 7, 60, n)), SNAPSHOT)
    dec_date = np.where(group == "W", w_date, np.where(group == "A", NAT, dec_date))
    a_out = np.select([group == "plan", group == "noplan", group == "open"], ["Y", "N", "A"], "").astype(object)
    a_out[(group == "open") & (rng.random(n) < 0.4)] = ""
    plan_aod = np.maximum(start - days(randint(rng, 7, 35, n)), dec_date + days(14))
    noplan_aod = np.minimum(dec_date + days(randint(rng, 40, 100, n)), SNAPSHOT)
    aod = np.where(group == "plan", plan_aod, np.where(group == "noplan", noplan_aod, NAT))
    out = pd.DataFrame({
        "received_date": received, "request_outcome": outcome, "request_outcome_date": dec_date,
        "assessment_outcome": a_out, "assessment_outcome_date": aod,
        "week20_exception": np.where(np.isin(group, ["plan", "noplan", "open"]), df["week20"].to_numpy(), -1),
        "plan_start_date": start, "group": group,
    })
    out["assessment_outcome"] = out["assessment_outcome"].replace("", None)
    return out
