"""The casework extract's checked columns -> one DataFrame per table, with local 0-based ids.

All vectorised: persons by factorising person_id, child rows by boolean masks over the request rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def _obj(s: pd.Series) -> np.ndarray:
    return s.astype(object).where(s.notna(), None).to_numpy()


def _given(*series: pd.Series) -> np.ndarray:
    out = np.zeros(len(series[0]), dtype=bool)
    for s in series:
        out |= s.notna().to_numpy()
    return out


def build_tables(cols: dict[str, pd.Series], valid: np.ndarray) -> dict[str, pd.DataFrame]:
    c = {k: s[valid].reset_index(drop=True) for k, s in cols.items()}
    n = len(c["request_id"])
    person_codes, person_refs = pd.factorize(c["person_id"])
    first = ~c["person_id"].duplicated().to_numpy()
    person = pd.DataFrame({
        "id": person_codes[first],
        "person_ref": np.asarray(person_refs, dtype=object)[person_codes[first]],
        "birth_date": c["birth_date"][first].to_numpy(),
        "sex": _obj(c["sex"][first]),
        "ethnicity": _obj(c["ethnicity"][first]),
    })
    req_ids = np.arange(n)
    request = pd.DataFrame({
        "id": req_ids,
        "person_id": person_codes,
        "request_ref": _obj(c["request_id"]),
        "received_date": c["received_date"].to_numpy(),
        "request_source": _obj(c["request_source"]),
        "rya": _obj(c["rya"]),
        "request_outcome": _obj(c["request_outcome"]),
        "request_outcome_date": c["request_outcome_date"].to_numpy(),
        "request_mediation": _obj(c["request_mediation"]),
        "request_tribunal": _obj(c["request_tribunal"]),
        "caseworker": _obj(c["caseworker"]),
        "team": _obj(c["team"]),
    })
    has_assessment = _given(c["assessment_outcome"], c["assessment_outcome_date"], c["week20_exception"])
    week20 = c["week20_exception"][has_assessment]
    assessment = pd.DataFrame({
        "id": np.arange(int(has_assessment.sum())),
        "request_id": req_ids[has_assessment],
        "assessment_outcome": _obj(c["assessment_outcome"][has_assessment]),
        "assessment_outcome_date": c["assessment_outcome_date"][has_assessment].to_numpy(),
        "week20_exception": (week20 == True).to_numpy(dtype=bool),  # noqa: E712 - None/NaN -> False
    })
    has_placement = _given(c["setting_type"], c["setting_in_la"])
    has_review = _given(c["review_meeting_date"], c["review_outcome"], c["last_review_date"],
                        c["review_draft_date"])
    has_phase = _given(c["phase_transfer_due_date"])
    has_plan = (
        _given(c["plan_start_date"], c["plan_cease_date"], c["cease_reason"], c["transfer_la"],
               c["primary_need"], c["secondary_need"])
        | has_placement | has_review | has_phase | (c["request_outcome"] == "H").to_numpy(dtype=bool)
    )
    plan_of = np.full(n, -1, dtype=np.int64)
    plan_of[has_plan] = np.arange(int(has_plan.sum()))
    plan = pd.DataFrame({
        "id": plan_of[has_plan],
        "request_id": req_ids[has_plan],
        "start_date": c["plan_start_date"][has_plan].to_numpy(),
        "cease_date": c["plan_cease_date"][has_plan].to_numpy(),
        "cease_reason": _obj(c["cease_reason"][has_plan]),
        "transfer_la": _obj(c["transfer_la"][has_plan]),
        "active": np.full(int(has_plan.sum()), None, dtype=object),
    })
    placement = pd.DataFrame({
        "id": np.arange(int(has_placement.sum())),
        "plan_id": plan_of[has_placement],
        "placement_rank": 1,
        "setting_type": _obj(c["setting_type"][has_placement]),
        "setting_in_la": _obj(c["setting_in_la"][has_placement]),
    })
    needs = []
    for col, rank in (("primary_need", 1), ("secondary_need", 2)):
        m = c[col].notna().to_numpy()
        needs.append(pd.DataFrame({"plan_id": plan_of[m], "sen_type": _obj(c[col][m]), "rank": rank}))
    need = pd.concat(needs, ignore_index=True)
    need.insert(0, "id", np.arange(len(need)))
    review = pd.DataFrame({
        "id": np.arange(int(has_review.sum())),
        "plan_id": plan_of[has_review],
        "review_meeting_date": c["review_meeting_date"][has_review].to_numpy(),
        "review_outcome": _obj(c["review_outcome"][has_review]),
        "last_review_date": c["last_review_date"][has_review].to_numpy(),
        "review_draft_date": c["review_draft_date"][has_review].to_numpy(),
    })
    phase = pd.DataFrame({
        "id": np.arange(int(has_phase.sum())),
        "plan_id": plan_of[has_phase],
        "due_date": c["phase_transfer_due_date"][has_phase].to_numpy(),
        "final_date": c["phase_transfer_final_date"][has_phase].to_numpy(),
    })
    return {"person": person, "request": request, "assessment": assessment, "plan": plan,
            "placement": placement, "need": need, "review": review, "phase_transfer": phase}
