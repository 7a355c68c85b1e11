"""Shared constants, the published targets and date helpers of the sample-data generator.

SYNTHETIC SAMPLE DATA — not real children. Dates are handled as numpy ``datetime64[D]`` arrays.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

SEED = 351
LA_CODE = "351"
SNAPSHOT = np.datetime64("2025-10-31")
LABEL = "SYNTHETIC SAMPLE DATA — not real children"
NAT = np.datetime64("NaT", "D")

# ---------------------------------------------------------------------------------------------------
# Published figures of LA 351 (Bury) that the synthetic casework reproduces exactly. Source: DfE
# "Education, health and care plans" release 2025 (Explore Education Statistics, OGL), rows with
# old_la_code = 351 (tests/test_sample_data.py re-reads them from ../shared/reference/ees/).

# timeliness_20_week.csv, breakdown "All EHC plans issued": plans_issued_den,
# plans_issued_within_20_weeks, plans_issued_den_ex, plans_issued_20_weeks_ex. 2019-2021 are the same in
# the 2022 release's sen2_mi.csv (TotIncExcEHC, IncExc20weekEHC, TotNoExcEHC, NoExc20weekEHC).
TIMELINESS: dict[int, tuple[int, int, int, int]] = {
    2019: (213, 168, 213, 168),
    2020: (302, 82, 274, 75),
    2021: (263, 90, 259, 90),
    2022: (429, 219, 429, 219),
    2023: (436, 323, 436, 323),
    2024: (296, 293, 296, 293),
}
# requests.csv, breakdown "All requests for EHC needs assessments": requests_received_in_year
REQUESTS: dict[int, int] = {2019: 336, 2020: 370, 2021: 477, 2022: 610, 2023: 675, 2024: 560}
# requests.csv: requests_decided_not_to_assess (2019-2024) and requests_decided_to_assess (2023-2024;
# 'x' before 2023)
NOT_TO_ASSESS: dict[int, int] = {2019: 89, 2020: 56, 2021: 121, 2022: 140, 2023: 247, 2024: 184}
TO_ASSESS: dict[int, int] = {2023: 418, 2024: 358}
# requests.csv: request_outcome_six_weeks / request_outcome_over_6_weeks (2023: 668 / 4, 99.4%;
# 2024: 535 / 29, 94.9%). SPEC 2 counts Y and N decisions only, so the sample has 4 (99.4%) and
# 28 (94.8%) decisions over 6 weeks among them.
DECISIONS_OVER_6_WEEKS: dict[int, int] = {2023: 4, 2024: 28}
PUBLISHED_SIX_WEEKS_PCT: dict[int, float] = {2023: 99.4, 2024: 94.9}
# caseload.csv, breakdown "All EHC plans": ehcplans for 201819..202425 = plans at January 2019..2025
JANUARY_STOCK: dict[int, int] = {2019: 1617, 2020: 1727, 2021: 1935, 2022: 2087, 2023: 2241, 2024: 2686, 2025: 2804}
# sen_needs_all_plans.csv, 202425, "All EHC plans": number_<need> (number_need_unknown -> None)
# ceased_plans.csv, "All ceased EHC plans": plans ceased in the calendar year by cease reason 1..9
# (max_age, needs_met, he, employ, transfer, no_engage, moved_outside_eng, deceased, not_rec)
CEASE_REASONS: dict[int, dict[str, int]] = {
    y: dict(zip("123456789", v, strict=True)) for y, v in {
        2022: (3, 5, 13, 44, 47, 75, 2, 3, 0), 2023: (5, 15, 12, 15, 36, 85, 0, 3, 0),
        2024: (1, 48, 13, 35, 66, 49, 2, 3, 0)}.items()}
CEASED: dict[int, int] = {y: sum(v.values()) for y, v in CEASE_REASONS.items()}
NEEDS_2025: dict[str | None, int] = {
    "ASD": 654, "HI": 41, "MLD": 325, "MSI": 6, "OTH": 3, "PD": 132, "PMLD": 48, "SEMH": 686,
    "SLCN": 812, "SLD": 52, "SPLD": 28, "VI": 15, None: 2,
}

# ---------------------------------------------------------------------------------------------------
# Choices of the synthetic LA (not published): per receipt year, requests withdrawn before a decision
# and assessments that ended without a plan; plans issued in 2019 from requests received in 2018.
WITHDRAWN: dict[int, int] = {2019: 4, 2020: 5, 2021: 12, 2022: 12, 2023: 1, 2024: 0}
# requests.csv requests_decision_not_made (2023, 2024; published) and requests_withdrawn above for 2023-24:
# requests still awaiting a decision (outcome A) at the snapshot
UNDECIDED: dict[int, int] = {2023: 9, 2024: 18}
NO_PLAN: dict[int, int] = {2019: 1, 2020: 2, 2021: 12, 2022: 5, 2023: 11, 2024: 10}
PRIOR_2019 = 40
# share of Y/N decisions over 6 weeks in years without a published figure
OVER_6_WEEKS_SHARE: dict[int, float] = {2018: 0.10, 2019: 0.15, 2020: 0.25, 2021: 0.20, 2022: 0.10, 2025: 0.05}
# plans transferred in from other LAs per January-to-January window (at least this many)
TRANSFERS_IN_BASE = 30
MIN_CEASED_PER_YEAR = 150
CEASED_AFTER_JAN_2025 = 180
TRANSFERS_IN_AFTER_JAN_2025 = 25

NEEDS = ("ASD", "HI", "MLD", "MSI", "OTH", "PD", "PMLD", "SEMH", "SLCN", "SLD", "SPLD", "VI")
ETHNICITY = {
    "WBRI": 74.0, "WIRI": 1.0, "WOTH": 3.0, "MWBC": 1.5, "MWBA": 0.5, "MWAS": 1.5, "MOTH": 1.5, "AIND": 1.0,
    "APKN": 7.0, "ABAN": 1.0, "AOTH": 1.0, "BCRB": 0.5, "BAFR": 1.5, "BOTH": 0.5, "CHNE": 0.3, "OOTH": 1.0,
    "REFU": 1.0, "NOBT": 1.2,
}
TEAMS = ("North", "South", "East", "West", "Post-16")
TRANSFER_LAS = ("350", "352", "353", "354", "355", "356", "357", "358", "359", "888", "330", "340")
# SPEC 2 age (completed years on the 31 August before) when a new plan starts, 0..25
NEW_PLAN_AGE = np.array([0.3, 0.6, 2.5, 7, 9, 8.5, 8, 7.5, 7, 6.5, 6, 6, 5, 4.5, 4, 3.5, 3, 2, 1.2, 0.7,
                         0.4, 0.2, 0.1, 0.1, 0.05, 0.05])
# age of the plans maintained at January (caseload.csv, LA 351, 202425 by age), ages 0..25
STOCK_AGE = np.array([0, 1, 4, 31, 115, 147, 147, 163, 179, 144, 179, 151, 220, 189, 202, 239, 212, 166,
                      118, 81, 68, 32, 13, 5, 3, 0], dtype=float)


def third_thursday(year: int) -> np.datetime64:
    """The SEN2 reference date / spring census date: the third Thursday of January."""
    first = dt.date(year, 1, 1)
    offset = (3 - first.weekday()) % 7  # Thursday is weekday 3
    return np.datetime64(first + dt.timedelta(days=offset + 14))


def ymd(year, month: int, mday: int) -> np.ndarray:
    """Dates from an array of years and a fixed month and day, vectorised."""
    first = (np.asarray(year) - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (month - 1)
    return first.astype("datetime64[D]") + np.timedelta64(mday - 1, "D")


def day(text: str) -> np.datetime64:
    return np.datetime64(text, "D")


def year_of(d: np.ndarray) -> np.ndarray:
    return d.astype("datetime64[Y]").astype(int) + 1970


def month_of(d: np.ndarray) -> np.ndarray:
    return d.astype("datetime64[M]").astype(int) % 12 + 1


AUG31 = np.array([np.datetime64(f"{y}-08-31") for y in range(1900, 2101)])


def _ref_year(at: np.ndarray) -> np.ndarray:
    """The year of the 31 August on or before each date."""
    y = year_of(at)
    return y - (at < AUG31[np.clip(y - 1900, 0, len(AUG31) - 1)]).astype(int)


def spec_age(birth: np.ndarray, at: np.ndarray) -> np.ndarray:
    """SPEC 2 age: completed years on the 31 August on or before ``at``."""
    at = np.asarray(at, dtype="datetime64[D]")
    birth = np.asarray(birth, dtype="datetime64[D]")
    cohort = year_of(birth) + (month_of(birth) > 8).astype(int)
    return _ref_year(at) - cohort


def birth_for_age(rng: np.random.Generator, at: np.ndarray, ages: np.ndarray) -> np.ndarray:
    """Random birth dates giving SPEC age ``ages`` at dates ``at`` (never on or after ``at``)."""
    at = np.asarray(at, dtype="datetime64[D]")
    cohort = _ref_year(at) - np.asarray(ages)
    lo = AUG31[cohort - 1 - 1900] + np.timedelta64(1, "D")  # 1 September of cohort - 1
    span = (AUG31[cohort - 1900] - lo).astype(int) + 1
    born = lo + (rng.random(len(at)) * span).astype(int).astype("timedelta64[D]")
    return np.minimum(born, at - np.timedelta64(1, "D"))


def uniform_days(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A random day in [lo, hi] (inclusive), element-wise."""
    lo = np.asarray(lo, dtype="datetime64[D]")
    hi = np.asarray(hi, dtype="datetime64[D]")
    span = (hi - lo).astype(int) + 1
    if (span < 1).any():
        raise ValueError("empty date interval")
    return lo + (rng.random(len(lo)) * span).astype(int).astype("timedelta64[D]")


def randint(rng: np.random.Generator, lo, hi, n: int) -> np.ndarray:
    """Integers in [lo, hi] inclusive (lo/hi may be arrays)."""
    lo = np.broadcast_to(np.asarray(lo), (n,))
    hi = np.broadcast_to(np.asarray(hi), (n,))
    return lo + (rng.random(n) * (hi - lo + 1)).astype(int)


def choose(rng: np.random.Generator, codes, weights, n: int) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return np.asarray(codes, dtype=object)[rng.choice(len(w), size=n, p=w / w.sum())]


def exact_choice(rng: np.random.Generator, n_total: int, n_pick: int, weights=None) -> np.ndarray:
    """A boolean mask with exactly ``n_pick`` True, picked without replacement (optionally weighted)."""
    if n_pick > n_total or n_pick < 0:
        raise ValueError(f"cannot pick {n_pick} of {n_total}")
    mask = np.zeros(n_total, dtype=bool)
    if n_pick:
        p = None if weights is None else np.asarray(weights, float) / np.sum(weights)
        mask[rng.choice(n_total, size=n_pick, replace=False, p=p)] = True
    return mask


def days(n) -> np.ndarray:
    return np.asarray(n).astype(int).astype("timedelta64[D]")
