"""A parsed SEN2 return or casework extract as a :class:`~data_access.validation.model.Return` (no database).

SEN2: the reader's SEN2-shaped tables (local ids; at most one assessment and one plan per request, one review
and one phase transfer per plan) joined into one row per request, plus the identifier checks and Week20 as the
file has it. Casework: the checked rows are already one per request; needs are its primary (rank 1) and
secondary (rank 2) need, the placement its setting; it has no UPN, ULN or empty Week20 to check.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from data_access.importers.base import Rejection
from data_access.validation.model import (
    NEED_COLUMNS,
    PERSON_COLUMNS,
    PLACEMENT_COLUMNS,
    REQUEST_COLUMNS,
    Return,
    frame,
)


def _one(df: pd.DataFrame, key: str, rename: dict[str, str]) -> pd.DataFrame:
    return df[[key, *rename]].rename(columns=rename).drop_duplicates(key)


def from_sen2(tables: dict[str, pd.DataFrame], checks: dict[str, pd.DataFrame], dataset: dict, *,
              file_name: str, rejections: list[Rejection] = (),  # type: ignore[assignment]
              establishments: frozenset[str] | None = None) -> Return:
    person, request = tables["person"], tables["request"]
    req = request.merge(person[["id", "person_ref", "birth_date", "sex"]].rename(columns={"id": "person_id"}),
                        on="person_id", how="left")
    a = _one(tables["assessment"].assign(has_assessment=True), "request_id", {
        "has_assessment": "has_assessment", "assessment_outcome": "assessment_outcome",
        "assessment_outcome_date": "assessment_outcome_date"})
    req = req.merge(a, left_on="id", right_on="request_id", how="left", suffixes=("", "_a")).drop(columns="request_id_a",
                                                                                                   errors="ignore")
    plan = tables["plan"].rename(columns={"id": "plan_id", "start_date": "plan_start_date",
                                          "cease_date": "plan_cease_date", "active": "plan_active"})
    plan = plan.merge(_one(tables["review"], "plan_id", {
        "review_meeting_date": "review_meeting_date", "review_outcome": "review_outcome",
        "last_review_date": "last_review_date", "review_draft_date": "review_draft_date"}), on="plan_id", how="left")
    plan = plan.merge(_one(tables["phase_transfer"], "plan_id", {
        "due_date": "phase_transfer_due_date", "final_date": "phase_transfer_final_date"}), on="plan_id", how="left")
    plan = plan.drop_duplicates("request_id").assign(has_plan=True)
    req = req.drop(columns=[c for c in ("request_id",) if c in req]).merge(
        plan, left_on="id", right_on="request_id", how="left")
    week20 = checks.get("week20")
    if week20 is not None and len(week20):
        req = req.merge(week20.drop_duplicates("request_ref"), on="request_ref", how="left")
    req["has_assessment"] = req["has_assessment"].fillna(False).astype(bool)
    req["has_plan"] = req["has_plan"].fillna(False).astype(bool)
    req["plan_active"] = req["plan_active"].fillna(False).astype(bool)
    plan_refs = req.loc[req["has_plan"], ["plan_id", "person_ref", "request_ref"]]
    needs = tables["need"].merge(plan_refs, on="plan_id", how="inner")
    places = tables["placement"].merge(plan_refs, on="plan_id", how="inner")
    identity = checks.get("identity")
    people = person[["person_ref", "birth_date", "sex"]]
    if identity is not None and len(identity):
        people = people.merge(identity, on="person_ref", how="left")
    return Return(source="sen2", file_name=file_name, la_code=str(dataset["la_code"]),
                  reference_date=dataset["reference_date"], period_start=dataset["period_start"],
                  period_end=dataset["period_end"], requests=frame(REQUEST_COLUMNS, req),
                  persons=frame(PERSON_COLUMNS, people), needs=frame(NEED_COLUMNS, needs),
                  placements=frame(PLACEMENT_COLUMNS, places), rejections=list(rejections),
                  establishments=establishments)


def from_casework(rows: pd.DataFrame, dataset: dict, *, file_name: str, rejections: list[Rejection] = (),  # type: ignore[assignment]
                  establishments: frozenset[str] | None = None) -> Return:
    """``rows``: the ``casework_record`` rows the casework parser made (one per request)."""
    req = rows.copy()
    req["has_assessment"] = req["assessment_outcome"].notna() | req["assessment_outcome_date"].notna()
    req["has_plan"] = req["plan_start_date"].notna() | req["plan_cease_date"].notna()
    req["plan_active"] = req["plan_start_date"].notna() & req["plan_cease_date"].isna()
    req["week20"] = req["week20_exception"].astype(object)
    needs = pd.concat([req.loc[req["primary_need"].notna(), ["person_ref", "request_ref", "primary_need"]]
                       .rename(columns={"primary_need": "sen_type"}).assign(rank=1),
                       req.loc[req["secondary_need"].notna(), ["person_ref", "request_ref", "secondary_need"]]
                       .rename(columns={"secondary_need": "sen_type"}).assign(rank=2)], ignore_index=True)
    places = req.loc[req["setting_type"].notna(), ["person_ref", "request_ref", "setting_type"]]
    people = req.drop_duplicates("person_ref")[["person_ref", "birth_date", "sex"]]
    reference = dataset.get("reference_date") or _latest(req)
    return Return(source="casework", file_name=file_name, la_code=str(dataset["la_code"]),
                  reference_date=reference, period_start=dataset.get("period_start") or dt.date(reference.year - 1, 1, 1),
                  period_end=dataset.get("period_end") or reference, requests=frame(REQUEST_COLUMNS, req),
                  persons=frame(PERSON_COLUMNS, people), needs=frame(NEED_COLUMNS, needs),
                  placements=frame(PLACEMENT_COLUMNS, places), rejections=list(rejections),
                  establishments=establishments)


def _latest(req: pd.DataFrame) -> dt.date:
    dates = [pd.to_datetime(req[c], errors="coerce").max() for c in req if c.endswith("_date") and c != "birth_date"]
    dates = [d for d in dates if pd.notna(d)]
    return max(dates).date() if dates else dt.date.today()
