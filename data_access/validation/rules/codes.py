"""Codes rules: SEN2 codes the reader refused, and codes that do not fit the rest of the record (CD01..).

Rejections: the SEN2 reader refuses a whole Person for an unknown code (the casework reader refuses the row),
so those rules only report what ``Return.rejections`` already holds, under the element (SEN2) or column
(casework) name. The other rules read the flat frames of :mod:`data_access.validation.model`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data_access.validation.model import KEYS, Return
from data_access.validation.registry import blank, hits, rejected, rule

SEN2 = ("sen2",)
# the statutory phase-transfer deadlines (SEND Regulations 2014, reg. 18): (month, day)
PHASE_TRANSFER_DAYS = ((2, 15), (3, 31))
# yes/no elements (SEN2) and columns (casework) whose value the reader could not read as 0/1
FLAGS = ("RYA", "RequestMediation", "RequestTribunal", "Week20", "AssessmentMediation", "AssessmentTribunal",
         "SENunitIndicator", "ResourcedProvisionIndicator", "rya", "request_mediation", "request_tribunal",
         "week20_exception", "assessment_mediation", "assessment_tribunal", "setting_in_la")


def of_plans(rows: pd.DataFrame, other: pd.DataFrame) -> np.ndarray:
    """Where a row of ``rows`` has a (person_ref, request_ref) that some row of ``other`` has (a missing ref
    matches a missing ref)."""
    if not len(rows) or not len(other):
        return np.zeros(len(rows), dtype=bool)
    both = pd.concat([rows[KEYS], other[KEYS]], ignore_index=True)
    person, _ = pd.factorize(both["person_ref"])  # each pair as one integer: no string per row
    request, requests = pd.factorize(both["request_ref"])
    key = (person.astype(np.int64) + 1) * (len(requests) + 1) + request + 1
    return np.isin(key[:len(rows)], key[len(rows):])


@rule("CD01", "error", "A record was refused because a SENtype is not one of the SEN2 need codes.",
      fields=("SENtype",))
def unknown_sen_type(r: Return) -> pd.DataFrame:
    return rejected(r, "SENtype", "primary_need", "secondary_need")


@rule("CD02", "error", "Two needs of one plan have the same SENtypeRank.", fields=("SENtypeRank",))
def duplicate_need_rank(r: Return) -> pd.DataFrame:
    n = r.needs
    rank = pd.to_numeric(n["rank"], errors="coerce")
    dup = n.assign(rank=rank).duplicated([*KEYS, "rank"], keep="first") & rank.notna()
    return hits(n, dup).drop_duplicates(KEYS).reset_index(drop=True)


@rule("CD03", "query", "An active plan has no need of SENtypeRank 1 (its primary need).",
      fields=("SENtype", "SENtypeRank"))
def no_primary_need(r: Return) -> pd.DataFrame:
    n = r.needs
    primary = n.loc[pd.to_numeric(n["rank"], errors="coerce").eq(1) & n["sen_type"].notna()]
    active = r.active_plans()
    return hits(active, ~of_plans(active, primary))


@rule("CD04", "error", "Week20 is empty on an assessment that led to an issued plan.",
      fields=("Week20", "AssessmentOutcome", "StartDate"), sources=SEN2)
def week20_missing(r: Return) -> pd.DataFrame:
    q = r.requests
    return hits(q, q["has_assessment"].fillna(False).astype(bool) & q["assessment_outcome"].eq("Y")
                & q["plan_start_date"].notna() & q["week20"].isna())


@rule("CD05", "error", "A request decided to assess (RequestOutcome Y) has no assessment.",
      fields=("RequestOutcome", "Assessment"), sources=SEN2)
def assess_without_assessment(r: Return) -> pd.DataFrame:
    """SEN2 needs an Assessment (AssessmentOutcome A while it is under way) under every Y request; a casework
    extract leaves the assessment columns empty until there is something to record, so it is not checked."""
    q = r.requests
    return hits(q, q["request_outcome"].eq("Y") & ~q["has_assessment"].fillna(False).astype(bool))


@rule("CD06", "error", "A request not yet decided (RequestOutcome A) has a RequestOutcomeDate.",
      fields=("RequestOutcome", "RequestOutcomeDate"))
def awaiting_request_dated(r: Return) -> pd.DataFrame:
    q = r.requests
    return hits(q, q["request_outcome"].eq("A") & q["request_outcome_date"].notna())


@rule("CD07", "error", "An assessment not yet decided (AssessmentOutcome A) has an AssessmentOutcomeDate.",
      fields=("AssessmentOutcome", "AssessmentOutcomeDate"))
def awaiting_assessment_dated(r: Return) -> pd.DataFrame:
    q = r.requests
    return hits(q, q["assessment_outcome"].eq("A") & q["assessment_outcome_date"].notna())


@rule("CD08", "error", "A request decided not to assess or withdrawn (RequestOutcome N or W) has an assessment.",
      fields=("RequestOutcome", "Assessment"))
def refused_with_assessment(r: Return) -> pd.DataFrame:
    q = r.requests
    return hits(q, q["request_outcome"].isin(["N", "W"]) & q["has_assessment"].fillna(False).astype(bool))


@rule("CD09", "query", "An active plan has no placement.", fields=("PlacementDetail",))
def active_plan_unplaced(r: Return) -> pd.DataFrame:
    """A query, not an error: DfE publishes plans whose placement is unknown (caseload.csv's placement_unknown)."""
    active = r.active_plans()
    return hits(active, ~of_plans(active, r.placements))


@rule("CD10", "query", "A placement has neither a URN, a UKPRN nor a SENSetting.",
      fields=("URN", "UKPRN", "SENSetting"), sources=SEN2)
def placement_names_nothing(r: Return) -> pd.DataFrame:
    """The placement is unknown (counted as placement_unknown); a query, as for CD09."""
    p = r.placements
    return hits(p, blank(p["urn"]) & blank(p["ukprn"]) & blank(p["sen_setting"]))


@rule("CD11", "query", "A placement's URN is not in the loaded establishments list.", fields=("URN",))
def urn_not_in_establishments(r: Return) -> pd.DataFrame:
    p = r.placements
    if r.establishments is None:
        return hits(p, np.zeros(len(p), dtype=bool))
    urn = p["urn"].astype(str).str.strip()
    return hits(p, ~blank(p["urn"]) & ~urn.isin(r.establishments))


@rule("CD12", "error", "A PhaseTransferDueDate is neither 15 February nor 31 March.",
      fields=("PhaseTransferDueDate",))
def phase_transfer_not_statutory(r: Return) -> pd.DataFrame:
    """The due date is a statutory deadline (15 February between school phases, 31 March to post-16)."""
    due = r.requests["phase_transfer_due_date"]
    statutory = np.zeros(len(due), dtype=bool)
    for month, day in PHASE_TRANSFER_DAYS:
        statutory |= (due.dt.month.eq(month) & due.dt.day.eq(day)).to_numpy()
    return hits(r.requests, due.notna().to_numpy() & ~statutory)


@rule("CD13", "error", "A record was refused because a RequestSource, RequestOutcome or AssessmentOutcome "
      "is not a SEN2 code.", fields=("RequestSource", "RequestOutcome", "AssessmentOutcome"))
def unknown_request_code(r: Return) -> pd.DataFrame:
    return rejected(r, "RequestSource", "RequestOutcome", "AssessmentOutcome", "request_source",
                    "request_outcome", "assessment_outcome")


@rule("CD14", "error", "A record was refused because a CeaseReason or ReviewOutcome is not a SEN2 code, "
      "or a TransferLA is not a 3-digit LA code.", fields=("CeaseReason", "ReviewOutcome", "TransferLA"))
def unknown_plan_code(r: Return) -> pd.DataFrame:
    return rejected(r, "CeaseReason", "ReviewOutcome", "TransferLA", "cease_reason", "review_outcome",
                    "transfer_la")


@rule("CD15", "error", "A record was refused because a placement's SENSetting or setting type is not a known code.",
      fields=("SENSetting",))
def unknown_setting(r: Return) -> pd.DataFrame:
    return rejected(r, "SENSetting", "setting_type")


@rule("CD16", "error", "A record was refused because its Sex or Ethnicity is not a known code.",
      fields=("Sex", "Ethnicity"))
def unknown_person_code(r: Return) -> pd.DataFrame:
    return rejected(r, "Sex", "Ethnicity", "sex", "ethnicity")


@rule("CD17", "error", "A record was refused because a yes/no field is not 0/1 or true/false.", fields=FLAGS[:8])
def unreadable_flag(r: Return) -> pd.DataFrame:
    return rejected(r, *FLAGS)


@rule("CD18", "error", "A record was refused because a SENtypeRank or PlacementRank is not a whole number.",
      fields=("SENtypeRank", "PlacementRank"), sources=SEN2)
def unreadable_rank(r: Return) -> pd.DataFrame:
    return rejected(r, "SENtypeRank", "PlacementRank")
