"""Made-up children and young people: birth dates, sex, ethnicity, and people with several requests.

SYNTHETIC SAMPLE DATA — not real children.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data._common import (
    ETHNICITY,
    NEW_PLAN_AGE,
    birth_for_age,
    choose,
    days,
    spec_age,
)

RE_REQUESTS = 60  # people refused or withdrawn earlier who ask again later


def add_people(rng: np.random.Generator, df: pd.DataFrame, *, ages: np.ndarray | None = None,
               at: np.ndarray | None = None) -> pd.DataFrame:
    """Give each row its own made-up person: a birth date (age ``ages`` at ``at``), sex, ethnicity.

    By default the age is the age when the plan started (or when the request came in), drawn from the
    usual ages of new plans (mostly 2-15).
    """
    n = len(df)
    if at is None:
        start = df["plan_start_date"].to_numpy().astype("datetime64[D]")
        received = df["received_date"].to_numpy().astype("datetime64[D]")
        at = np.where(np.isnat(start), received, start)
    if ages is None:
        ages = rng.choice(len(NEW_PLAN_AGE), size=n, p=NEW_PLAN_AGE / NEW_PLAN_AGE.sum())
    out = df.copy()
    born = birth_for_age(rng, at, ages)
    # a baby's plan: born before the request for it was received, never after (an importer rejects that)
    received = df["received_date"].to_numpy().astype("datetime64[D]")
    before = received - np.timedelta64(1, "D")
    out["birth_date"] = np.where(~np.isnat(received) & (born > before), before, born)
    out["sex"] = np.where(rng.random(n) < 0.70, "M", "F")
    rng.random(n)  # once a 0.2% share of sex U; LA 351 publishes none, so the draw is kept only for the stream
    out["ethnicity"] = choose(rng, list(ETHNICITY), list(ETHNICITY.values()), n)
    out["person_key"] = np.arange(n)
    return out


def link_re_requests(rng: np.random.Generator, df: pd.DataFrame) -> pd.DataFrame:
    """Make some later requests belong to a person whose earlier request was refused or withdrawn.

    The later request takes the earlier person's key, birth date, sex and ethnicity; pairs whose later
    request would then start a plan outside ages 0-25 are skipped.
    """
    out = df.copy()
    received = out["received_date"].to_numpy().astype("datetime64[D]")
    start = out["plan_start_date"].to_numpy().astype("datetime64[D]")
    birth = out["birth_date"].to_numpy().astype("datetime64[D]")
    first_ids = np.flatnonzero(out["request_outcome"].isin(["N", "W"]).to_numpy()
                               & (received <= np.datetime64("2023-12-31"))
                               & (spec_age(birth, np.where(np.isnat(received), start, received)) <= 18))
    later_ids = np.flatnonzero(out["group"].isin(["plan", "open"]).to_numpy() & ~np.isnat(received))
    firsts = rng.choice(first_ids, size=min(RE_REQUESTS * 2, len(first_ids)), replace=False)
    used: set[int] = set()
    cols = ["person_key", "birth_date", "sex", "ethnicity"]
    pos = {c: out.columns.get_loc(c) for c in cols}
    made = 0
    for i in firsts:  # at most 120 tries: one small search each, no per-row DataFrame building
        ok = (received[later_ids] >= received[i] + days(180)) & (received[later_ids] <= received[i] + days(1100))
        cand = [j for j in later_ids[ok][:400] if j not in used]
        if not cand:
            continue
        j = int(rng.choice(cand))
        at = start[j] if not np.isnat(start[j]) else received[j]
        if not 0 <= spec_age(np.array([birth[i]]), np.array([at]))[0] <= 25:
            continue
        for c in cols:
            out.iat[j, pos[c]] = out.iat[i, pos[c]]
        used.add(j)
        made += 1
        if made == RE_REQUESTS:
            break
    return out
