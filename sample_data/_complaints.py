"""Complaints and compliments log (SPEC 1.3), 1 January 2022 to the snapshot.

SYNTHETIC SAMPLE DATA — not real children. About 120 complaints a year (mostly stage 1, some stage 2,
a few to the Ombudsman) and 40 compliments; stage 1 is due 20 working days after receipt (England and
Wales bank holidays), stage 2 in 25 working days, an Ombudsman enquiry in 28 days. Some stage 1 rows
leave due_date blank, so the importer's default (20 working days) is used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data_access.importers.working_days import add_working_days
from sample_data._common import SNAPSHOT, TEAMS, choose, day, days, randint, uniform_days

COLUMNS = ("record_id", "kind", "received_date", "stage", "category", "due_date", "responded_date", "outcome",
           "team")
FIRST = day("2022-01-01")
COMPLAINTS_PER_YEAR, COMPLIMENTS_PER_YEAR = 120, 40
CATEGORIES = {"decision": 25, "process": 15, "communication": 20, "timeliness": 25, "provision": 8,
              "staff_conduct": 4, "other": 3}
OUTCOMES = {"upheld": 20, "partly_upheld": 30, "not_upheld": 45, "withdrawn": 5}


def build_complaints(rng: np.random.Generator) -> pd.DataFrame:
    years = (SNAPSHOT - FIRST).astype(int) / 365.25
    n_c, n_k = round(COMPLAINTS_PER_YEAR * years), round(COMPLIMENTS_PER_YEAR * years)
    n = n_c + n_k
    kind = np.array(["complaint"] * n_c + ["compliment"] * n_k, dtype=object)
    received = uniform_days(rng, np.full(n, FIRST), np.full(n, SNAPSHOT))
    stage = choose(rng, ["1", "2", "ombudsman"], [82, 14, 4], n)
    wd = np.where(stage == "2", 25, 20)
    due = np.empty(n, dtype="datetime64[D]")
    rec = pd.Series(received.astype("datetime64[s]"))
    for w in (20, 25):
        m = wd == w
        due[m] = add_working_days(rec[m], w).to_numpy().astype("datetime64[D]")
    due = np.where(stage == "ombudsman", received + days(28), due)
    span = (due - received).astype(int)
    on_time = received + days(randint(rng, 3, span, n))
    late = due + days(randint(rng, 1, 40, n))
    responded = np.where(rng.random(n) < 0.83, on_time, late)
    open_ = responded > SNAPSHOT
    outcome = choose(rng, list(OUTCOMES), list(OUTCOMES.values()), n)
    complaint = kind == "complaint"
    blank_due = complaint & (stage == "1") & (rng.random(n) < 0.15)
    df = pd.DataFrame({
        "kind": kind,
        "received_date": received,
        "stage": np.where(complaint, stage, None),
        "category": np.where(complaint, choose(rng, list(CATEGORIES), list(CATEGORIES.values()), n), None),
        "due_date": np.where(complaint & ~blank_due, due, np.datetime64("NaT")),
        "responded_date": np.where(complaint & ~open_, responded, np.datetime64("NaT")),
        "outcome": np.where(complaint, np.where(open_, "open", outcome), None),
        "team": choose(rng, TEAMS, [22, 22, 22, 22, 12], n),
    })
    df = df.sort_values(["received_date", "kind"], kind="stable").reset_index(drop=True)
    year = df["received_date"].dt.year.astype(str)
    seq = df.groupby(year).cumcount() + 1
    df.insert(0, "record_id", "CC" + year + "-" + seq.map("{:04d}".format))
    return df


def as_text(df: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for col in COLUMNS:
        s = df[col]
        if col.endswith("_date"):
            out[col] = pd.to_datetime(s).dt.strftime("%Y-%m-%d").fillna("")
        else:
            out[col] = s.astype(object).where(s.notna(), "").astype(str)
    return out
