"""The casework extract (SPEC 1.2): one row per request, built from the pieces and formatted as text.

SYNTHETIC SAMPLE DATA — not real children.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data._common import LA_CODE, SEED
from sample_data._details import (
    add_casework_fields,
    add_needs,
    add_phase_transfers,
    add_reviews,
    add_settings,
)
from sample_data._journey import add_journey, tune_reviews
from sample_data._people import add_people, link_re_requests
from sample_data._placements import build_placements, latest
from sample_data._requests import build_requests
from sample_data._stock import build_stock

# SPEC 1.2, in its order, named as it names them
COLUMNS = (
    "person_id", "birth_date", "sex", "ethnicity", "request_id", "received_date", "request_source", "rya",
    "request_outcome", "request_outcome_date", "assessment_outcome", "assessment_outcome_date",
    "week20_exception", "plan_start_date", "plan_cease_date", "cease_reason", "transfer_la", "primary_need",
    "secondary_need", "setting_type", "setting_in_la", "review_meeting_date", "review_outcome",
    "last_review_date", "review_draft_date", "phase_transfer_due_date", "phase_transfer_final_date",
    "request_mediation", "request_tribunal", "assessment_mediation", "assessment_tribunal", "review_decision_date",
    "caseworker", "team", "la_code",
)
DATE_COLUMNS = tuple(c for c in COLUMNS if c.endswith("_date"))
FLAG_COLUMNS = ("rya", "week20_exception", "setting_in_la", "request_mediation", "request_tribunal",
                "assessment_mediation", "assessment_tribunal")  # -1 = not recorded


def _rng(part: int) -> np.random.Generator:
    """One independent stream per part, so changing one part does not reshuffle the others."""
    return np.random.default_rng([SEED, part])


def build_casework() -> pd.DataFrame:
    """The whole synthetic casework snapshot as typed columns (dates datetime64, flags -1/0/1)."""
    return build_all()[0]


def build_all() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The casework snapshot and its placement history (one row per placement of each plan)."""
    df = build_requests(_rng(1))
    df = add_people(_rng(2), df)
    df = link_re_requests(_rng(3), df)
    df = build_stock(_rng(4), df)
    df = add_needs(_rng(5), df)
    df = add_settings(_rng(6), df)
    df = add_reviews(_rng(7), df)
    df = add_phase_transfers(_rng(8), df)
    df = add_casework_fields(_rng(9), df)
    df = add_journey(_rng(12), df)
    df["review_decision_date"] = df["last_review_date"]
    df = tune_reviews(_rng(14), df)
    when = df["received_date"].fillna(df["plan_start_date"])
    df = df.assign(_when=when).sort_values(["_when", "group", "person_key"], kind="stable")
    df = df.reset_index(drop=True)
    codes, _ = pd.factorize(df["person_key"])
    df["person_id"] = [f"P{c + 1:06d}" for c in codes]
    df["request_id"] = [f"R{i + 1:06d}" for i in range(len(df))]
    df["la_code"] = LA_CODE
    places = build_placements(_rng(13), df)
    last = latest(places).reindex(df["request_id"])
    df["setting_type"] = last["setting_type"].to_numpy()
    df["setting_in_la"] = last["setting_in_la"].fillna(-1).astype(int).to_numpy()
    return df, places


PLACEMENT_COLUMNS = ("request_id", "entry_date", "leaving_date", "setting_type", "setting_in_la", "urn")


def placements_as_text(places: pd.DataFrame) -> pd.DataFrame:
    """The placement history as written: ISO dates, empty leaving date while the placement goes on."""
    out = pd.DataFrame({"request_id": places["request_id"]})
    for col in ("entry_date", "leaving_date"):
        out[col] = pd.to_datetime(places[col]).dt.strftime("%Y-%m-%d").fillna("")
    out["setting_type"] = places["setting_type"]
    v = places["setting_in_la"].to_numpy()
    out["setting_in_la"] = np.where(v < 0, "", v.astype(str))
    out["urn"] = places["urn"].map(lambda x: "" if pd.isna(x) else str(int(x)))
    return out.sort_values(["request_id", "entry_date"], kind="stable").reset_index(drop=True)


def as_text(df: pd.DataFrame) -> pd.DataFrame:
    """The extract as written: ISO dates, 0/1 flags, empty cells for 'not recorded'."""
    out = pd.DataFrame(index=df.index)
    for col in COLUMNS:
        s = df[col] if col in df else pd.Series(None, index=df.index, dtype=object)
        if col in DATE_COLUMNS:
            out[col] = pd.to_datetime(s).dt.strftime("%Y-%m-%d").fillna("")
        elif col in FLAG_COLUMNS:
            v = s.to_numpy()
            out[col] = np.where(v < 0, "", v.astype(str))
        else:
            out[col] = s.astype(object).where(s.notna(), "").astype(str)
    return out
