"""Assessment completion dates, decisions not to issue within 16 weeks, mediation and tribunal flags.

SYNTHETIC SAMPLE DATA — not real children. Run after the stock is built: it moves assessment outcome
dates across year ends (never past the plan's issue date, never before the request decision + 14 days)
so the assessments completed per calendar year are LA 351's published figures (assessments.csv), and
draws the mediation and tribunal flags with the published counts (requests.csv, assessments.csv).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data._common import day, days, exact_choice, uniform_days, year_of

# assessments.csv, LA 351 "All EHC needs assessments": assess_issued, assess_not_issued,
# outcome_decision_within_time (decisions not to issue within 16 weeks)
ASSESS_ISSUED: dict[int, int] = {2023: 446, 2024: 347}
NOT_ISSUED_WITHIN_16: dict[int, int] = {2023: 10, 2024: 8}
# requests.csv mediation_related_request / tribunal_related_request; assessments.csv
# number_assess_mediation / number_assess_tribunal. Other years: the synthetic LA's choice.
REQUEST_MEDIATION: dict[int, int] = {2019: 12, 2020: 10, 2021: 20, 2022: 25, 2023: 40, 2024: 80, 2025: 30}
REQUEST_TRIBUNAL: dict[int, int] = {2019: 2, 2020: 2, 2021: 3, 2022: 4, 2023: 6, 2024: 7, 2025: 3}
ASSESSMENT_MEDIATION: dict[int, int] = {2019: 1, 2020: 1, 2021: 2, 2022: 2, 2023: 2, 2024: 3, 2025: 1}
ASSESSMENT_TRIBUNAL: dict[int, int] = {2019: 1, 2020: 1, 2021: 1, 2022: 2, 2023: 3, 2024: 1, 2025: 1}


def _d(df: pd.DataFrame, col: str) -> np.ndarray:
    return df[col].to_numpy().astype("datetime64[D]")


def _not_issued(rng, df: pd.DataFrame) -> np.ndarray:
    """Decisions not to issue dated in the receipt year, with the published number within 16 weeks."""
    received, decided = _d(df, "received_date"), _d(df, "request_outcome_date")
    aod = _d(df, "assessment_outcome_date").copy()
    no = (df["assessment_outcome"] == "N").to_numpy() & ~np.isnat(received)
    years = year_of(received)
    for y in range(2019, 2025):
        idx = np.flatnonzero(no & (years == y))
        dec31 = day(f"{y}-12-31")
        n_fast = NOT_ISSUED_WITHIN_16.get(y, len(idx) - round(0.1 * len(idx)))
        can_slow = idx[received[idx] + days(113) <= dec31 - days(5)]
        can_fast = idx[decided[idx] + days(14) <= np.minimum(received[idx] + days(112), dec31)]
        slow = can_slow[exact_choice(rng, len(can_slow), len(idx) - n_fast)]
        fast = np.setdiff1d(idx, slow)
        if not np.isin(fast, can_fast).all():
            raise ValueError(f"decisions not to issue of {y} cannot all be dated within 16 weeks")
        aod[fast] = uniform_days(rng, decided[fast] + days(14), np.minimum(received[fast] + days(112), dec31))
        aod[slow] = uniform_days(rng, received[slow] + days(113), np.minimum(received[slow] + days(200), dec31))
    return aod


def _issued(rng, df: pd.DataFrame, aod: np.ndarray) -> np.ndarray:
    """Move 'plan to be issued' decisions across the year end so the published count per year holds."""
    aod = aod.copy()
    start, decided = _d(df, "plan_start_date"), _d(df, "request_outcome_date")
    yes = (df["assessment_outcome"] == "Y").to_numpy()
    for y, target in sorted(ASSESS_ISSUED.items()):
        dec31 = day(f"{y}-12-31")
        diff = target - int((yes & (year_of(aod) == y)).sum())
        if diff > 0:  # bring decisions of plans issued early next year back into December
            cand = np.flatnonzero(yes & (year_of(aod) == y + 1) & (year_of(start) == y + 1)
                                  & (decided + days(14) <= dec31) & (start - dec31 <= np.timedelta64(75, "D")))
            if len(cand) < diff:
                raise ValueError(f"cannot date {diff} more assessments in {y}")
            pick = cand[np.argsort(start[cand], kind="stable")[:diff]]
            lo = np.maximum(decided[pick] + days(14), dec31 - days(20))
            aod[pick] = uniform_days(rng, lo, np.full(len(pick), dec31))
        elif diff < 0:  # push December decisions of plans issued next year into January
            cand = np.flatnonzero(yes & (year_of(aod) == y) & (year_of(start) == y + 1))
            if len(cand) < -diff:
                raise ValueError(f"cannot date {-diff} fewer assessments in {y}")
            pick = cand[np.argsort(aod[cand], kind="stable")[::-1][:-diff]]
            aod[pick] = uniform_days(rng, np.full(len(pick), dec31 + days(1)), start[pick] - days(1))
    return aod


def _flags(rng, years: np.ndarray, eligible: np.ndarray, targets: dict[int, int],
           weights: np.ndarray, given: np.ndarray | None = None) -> np.ndarray:
    flag = np.zeros(len(years), dtype=int)
    for y, n in targets.items():
        idx = np.flatnonzero(eligible & (years == y))
        w = weights[idx] * (1.0 if given is None else np.where(given[idx] == 1, 4.0, 1.0))
        flag[idx[exact_choice(rng, len(idx), min(n, len(idx)), weights=w)]] = 1
    return flag


def add_journey(rng: np.random.Generator, df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    aod = _issued(rng, out, _not_issued(rng, out))
    out["assessment_outcome_date"] = aod.astype("datetime64[s]")
    received = _d(out, "received_date")
    r_years = np.where(np.isnat(received), 0, year_of(received))
    refused = (out["request_outcome"] == "N").to_numpy()
    w = np.ones(len(out))
    out["request_mediation"] = _flags(rng, r_years, refused, REQUEST_MEDIATION, w)
    out["request_tribunal"] = _flags(rng, r_years, refused, REQUEST_TRIBUNAL, w, out["request_mediation"].to_numpy())
    a_years = np.where(np.isnat(aod), 0, year_of(aod))
    done = out["assessment_outcome"].isin(["Y", "N"]).to_numpy() & ~np.isnat(received)
    w = np.where((out["assessment_outcome"] == "N").to_numpy(), 20.0, 1.0)
    out["assessment_mediation"] = _flags(rng, a_years, done, ASSESSMENT_MEDIATION, w)
    out["assessment_tribunal"] = _flags(rng, a_years, done, ASSESSMENT_TRIBUNAL, w,
                                        out["assessment_mediation"].to_numpy())
    return out


# annual_reviews.csv 2024, LA 351: number_decsion_4weeks / (+ number_decision_gt_4weeks) and
# outcome_amend / outcome_maintan. The extract holds each plan's latest review only, so the sample keeps
# the published shares (not the counts) among its 2024 meetings.
REVIEWS_2024 = {"within_4_weeks": (1055, 1064 + 1055), "amend": (953, 953 + 1169)}


def tune_reviews(rng: np.random.Generator, df: pd.DataFrame) -> pd.DataFrame:
    """Make the 2024 meetings' decided-within-4-weeks and amend/maintain shares the published ones."""
    out = df.copy()
    meeting, decided = _d(out, "review_meeting_date"), _d(out, "review_decision_date")
    end = np.where(np.isnat(_d(out, "plan_cease_date")), day("2025-10-31"), _d(out, "plan_cease_date") - days(1))
    m24 = ~np.isnat(meeting) & (year_of(meeting) == 2024) & ~np.isnat(decided)
    fast = m24 & (decided - meeting <= np.timedelta64(28, "D"))
    num, den = REVIEWS_2024["within_4_weeks"]
    diff = int(fast.sum()) - round(num / den * int(m24.sum()))
    if diff > 0:  # some quick decisions become slow ones
        cand = np.flatnonzero(fast & (end >= meeting + days(29)))
        pick = cand[exact_choice(rng, len(cand), diff)]
        decided[pick] = uniform_days(rng, meeting[pick] + days(29), np.minimum(meeting[pick] + days(60), end[pick]))
    elif diff < 0:
        cand = np.flatnonzero(m24 & ~fast)
        pick = cand[exact_choice(rng, len(cand), -diff)]
        decided[pick] = uniform_days(rng, meeting[pick] + days(2), meeting[pick] + days(28))
    outcome = out["review_outcome"].to_numpy().copy()
    am = np.flatnonzero(m24 & np.isin(outcome, ["A", "M"]))
    num, den = REVIEWS_2024["amend"]
    diff = int((outcome[am] == "A").sum()) - round(num / den * len(am))
    src, dst = ("A", "M") if diff > 0 else ("M", "A")
    cand = am[outcome[am] == src]
    outcome[cand[exact_choice(rng, len(cand), abs(diff))]] = dst
    draft = _d(out, "review_draft_date")
    draft = np.where(outcome == "A", draft, np.datetime64("NaT"))
    out["review_outcome"] = outcome
    out["review_decision_date"] = decided.astype("datetime64[s]")
    out["last_review_date"] = decided.astype("datetime64[s]")
    out["review_draft_date"] = draft.astype("datetime64[s]")
    return out
