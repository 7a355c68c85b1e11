"""Consistency rules: facts of one record (or one child) that cannot all be true (CN01..).

SEN2 semantics the rules lean on (DfE SEN2 guide): ``RequestOutcome`` H marks a request decided before the
collection period or a plan transferred in from another LA; ``TransferLA`` is the LA the plan came from; the
plans under ``ActivePlans`` are those maintained at the reference date.
"""

from __future__ import annotations

import pandas as pd

from data_access.validation.model import Return
from data_access.validation.registry import hits, person_hits, rule

SEN2 = ("sen2",)


def _flag(s: pd.Series) -> pd.Series:
    """A True/False/None column as bool (None is False); ``~`` on an object column of bools is not a not."""
    return s.fillna(False).astype(bool)


@rule("CN01", "error", "Two persons have the same birth date, sex and UPN, so one child is entered twice.",
      fields=("UPN", "PersonBirthDate", "Sex"), sources=SEN2)
def same_child_twice(r: Return) -> pd.DataFrame:
    """Each person of the pair (or more) is reported; a person with no UPN has no match key and is not compared."""
    p = r.persons
    key = p["match_key"]
    return person_hits(p, key.notna() & key.duplicated(keep=False))


@rule("CN02", "error", "A plan ceased on or before the reference date is still in ActivePlans.",
      fields=("CeaseDate", "ActivePlans"), sources=SEN2)
def ceased_yet_active(r: Return) -> pd.DataFrame:
    q = r.requests
    return hits(q, _flag(q["plan_active"]) & q["plan_cease_date"].le(r.reference))


@rule("CN03", "query", "A plan that looks transferred in from another LA has no TransferLA.",
      fields=("RequestOutcome", "StartDate", "Assessment", "TransferLA"))
def transferred_in_without_la(r: Return) -> pd.DataFrame:
    """What the data can show: a historical request (H) whose plan started on or after the collection period
    began, with no assessment and no TransferLA. A plan the LA issued itself in the period comes with the
    assessment that led to it (the return holds every request with a plan issued in the period, an H one
    included), and an older plan of its own started before the period; so a plan starting in the period with
    no assessment behind it is one taken over from another LA, which TransferLA must name. An H plan with no
    start date (an old plan, or a transfer recorded without one) cannot be told apart and is not reported."""
    q = r.requests
    started = q["plan_start_date"].ge(pd.Timestamp(r.period_start))
    return hits(q, q["request_outcome"].eq("H") & _flag(q["has_plan"]) & started
                & ~_flag(q["has_assessment"]) & q["transfer_la"].isna())


@rule("CN04", "error", "A plan's TransferLA is the return's own LA.", fields=("TransferLA",))
def transferred_from_itself(r: Return) -> pd.DataFrame:
    q = r.requests
    return hits(q, q["transfer_la"].astype(str).str.strip().eq(str(r.la_code)) & q["transfer_la"].notna())


@rule("CN05", "error", "One person has two or more active plans.", fields=("ActivePlans",))
def two_active_plans(r: Return) -> pd.DataFrame:
    """Every active plan of such a person is reported."""
    a = r.active_plans()
    return hits(a, a["person_ref"].duplicated(keep=False))


@rule("CN06", "error", "A plan has a StartDate though its request was not decided to assess "
      "(RequestOutcome A, N or W).", fields=("RequestOutcome", "StartDate"))
def plan_without_decision(r: Return) -> pd.DataFrame:
    q = r.requests
    return hits(q, q["request_outcome"].isin(["A", "N", "W"]) & q["plan_start_date"].notna())


@rule("CN07", "query", "A plan has a StartDate though its assessment's outcome is not to issue one, withdrawn "
      "or not yet decided.", fields=("AssessmentOutcome", "StartDate"))
def plan_against_assessment(r: Return) -> pd.DataFrame:
    """A query: a plan issued after a decision not to issue (N) may follow a tribunal order."""
    q = r.requests
    return hits(q, q["assessment_outcome"].isin(["A", "N", "W"]) & q["plan_start_date"].notna())


