"""Catalogue entries of the statutory journey and placements (issue 12): timeliness bands, request outcomes
and sources, assessments, ceased plans, annual reviews and placements, with their ties.

:mod:`dashboard.measures.catalogue` adds :data:`MEASURES` to the catalogue and :data:`TIES` to its ties.
"""

from __future__ import annotations

from dashboard.measures.categories import CEASE_NAMES
from dashboard.measures.model import Breakdown, Measure, Periods, Sum, Tie
from frames.placements import GROUPS

M = Measure
TL, TM = "timeliness.by_year[year]", "timeliness.by_month[month]"
RQ, AS, CE = "requests.by_year[year]", "assessments.by_year[year]", "ceased.by_year[year]"
RV, RM, PL = "reviews.by_year[year]", "reviews.by_month[month]", "placements"
REASONS = (*(str(n) for n in range(1, 10)), "unknown")
GROUP_LABELS = {"mainstream": "mainstream schools", "special": "special schools", "ap_pru": "alternative provision "
                "or a pupil referral unit", "post16": "further education and post-16", "early_years": "early years "
                "settings", "elsewhere": "educated elsewhere (home, other arrangements, not in education)",
                "unknown": "a setting not known"}


def _reason(code: str) -> str:
    """"reason 5: moved to another LA" (SEN2 CeaseReason in words), "reason not recorded"."""
    words = CEASE_NAMES[code]
    return "reason not recorded" if code == "unknown" else f"reason {code}: {words[0].lower()}{words[1:]}"


_TIMELINESS = (
    M("timeliness_over_20_within_year", "EHC plans issued after 20 weeks but within a year", "count",
      at=(f"{TL}.over_20_weeks_within_year",), published="timeliness_over_20_within_year", about="timeliness_bands",
      note="Issued 141 to 365 days after the request (all plans)."),
    M("timeliness_over_year", "EHC plans issued more than a year after the request", "count",
      at=(f"{TL}.over_a_year",), published="timeliness_over_year", about="timeliness_bands",
      note="Issued more than 365 days after the request (all plans)."),
    M("timeliness_over_20_within_year_pct", "Share of EHC plans issued after 20 weeks but within a year", "pct", "rate",
      at=(f"{TL}.over_20_weeks_within_year_pct",), parts=("timeliness_over_20_within_year", "plans_issued"),
      better="lower", benchmark="timeliness_over_20_within_year_pct", about="timeliness_bands"),
    M("timeliness_over_year_pct", "Share of EHC plans issued more than a year after the request", "pct", "rate",
      at=(f"{TL}.over_a_year_pct",), parts=("timeliness_over_year", "plans_issued"), better="lower",
      benchmark="timeliness_over_year_pct", about="timeliness_bands"),
)

_REQUESTS = (
    M("requests_assess", "Requests agreed for assessment", "count", at=(f"{RQ}.assess",), published="requests_assess",
      about="request_outcomes", note="Requests received in the year decided 'assess' by the as-at date (RequestOutcome Y)."),
    M("requests_refused", "Requests refused an assessment", "count", at=(f"{RQ}.not_assess",),
      published="requests_not_assess", about="request_outcomes",
      note="Requests received in the year decided 'not to assess' by the as-at date (RequestOutcome N)."),
    M("requests_withdrawn", "Requests withdrawn", "count", at=(f"{RQ}.withdrawn",), published="requests_withdrawn",
      about="request_outcomes", note="RequestOutcome W."),
    M("requests_not_decided", "Requests not yet decided", "count", at=(f"{RQ}.not_decided",),
      published="requests_not_decided", about="request_outcomes",
      note="RequestOutcome A, or a decision dated after the as-at date."),
    M("requests_plan_issued", "Requests agreed for assessment that now have a plan", "count",
      at=(f"{RQ}.plan_issued",), about="request_outcomes", note="Of the year's requests agreed for assessment: a final "
      "plan issued by the as-at date (the journey funnel)."),
    M("requests_no_plan", "Requests assessed with a decision not to issue a plan", "count", at=(f"{RQ}.no_plan",),
      about="request_outcomes", note="Agreed for assessment, then AssessmentOutcome N, no plan."),
    M("requests_assessment_withdrawn", "Requests whose assessment was withdrawn", "count",
      at=(f"{RQ}.assessment_withdrawn",), about="request_outcomes", note="Agreed for assessment, then AssessmentOutcome W."),
    M("requests_assessing", "Requests still being assessed", "count", at=(f"{RQ}.assessing",), about="request_outcomes",
      note="Agreed for assessment, no plan and no assessment outcome yet by the as-at date."),
    M("assess_pct", "Share of requests agreed for assessment", "pct", "rate", at=(f"{RQ}.assess_pct",),
      parts=("requests_assess", "requests"), benchmark="assess_pct", about="request_outcomes"),
    M("refusal_pct", "Share of requests refused an assessment", "pct", "rate", at=(f"{RQ}.not_assess_pct",),
      parts=("requests_refused", "requests"), benchmark="refused_pct", about="request_outcomes",
      note="Of the requests received in the year."),
    M("withdrawn_pct", "Share of requests withdrawn", "pct", "rate", at=(f"{RQ}.withdrawn_pct",),
      parts=("requests_withdrawn", "requests"), benchmark="withdrawn_pct", about="request_outcomes"),
    M("not_decided_pct", "Share of requests not yet decided", "pct", "rate", at=(f"{RQ}.not_decided_pct",),
      parts=("requests_not_decided", "requests"), better="lower", benchmark="not_decided_pct",
      about="request_outcomes"),
    M("requests_by_source", "Requests for an EHC needs assessment, by who made them", "count",
      at=(f"{RQ}.by_source{{}}",), about="request_sources"),
)

_ASSESSMENTS = (
    M("assessments_completed", "EHC needs assessments completed", "count", at=(f"{AS}.completed",),
      published="assessments_completed", about="assessments",
      note="Assessment outcome dated in the year: Y, N or W (SEN2 AssessmentOutcome, AssessmentOutcomeDate)."),
    M("assessments_issued", "Assessments ending in a decision to issue a plan", "count", at=(f"{AS}.issued",),
      published="assessments_issued", about="assessments"),
    M("assessments_not_issued", "Assessments ending in a decision not to issue a plan", "count",
      at=(f"{AS}.not_issued",), published="assessments_not_issued", about="assessments"),
    M("assessments_withdrawn", "Assessments withdrawn", "count", at=(f"{AS}.withdrawn",),
      published="assessments_withdrawn", about="assessments"),
    M("assessments_not_issued_16_weeks", "Decisions not to issue a plan made within 16 weeks", "count",
      at=(f"{AS}.not_issued_within_16_weeks",), published="assessments_not_issued_16_weeks", about="assessments",
      note="No more than 112 days after the request was received."),
    M("not_issued_within_16_weeks_pct", "Share of decisions not to issue a plan made within 16 weeks", "pct", "rate",
      at=(f"{AS}.not_issued_within_16_weeks_pct",), parts=("assessments_not_issued_16_weeks", "assessments_not_issued"),
      better="higher", benchmark="not_issued_within_16_weeks_pct", about="assessments"),
    M("assessments_mediation", "Assessment decisions that went to mediation", "count", at=(f"{AS}.mediation",),
      published="assessments_mediation", about="assessments", glossary="Mediation",
      note="Completed assessments with SEN2 AssessmentMediation = 1."),
    M("assessments_tribunal", "Assessment decisions appealed to the tribunal", "count", at=(f"{AS}.tribunal",),
      published="assessments_tribunal", about="assessments", glossary="Tribunal",
      note="Completed assessments with SEN2 AssessmentTribunal = 1."),
)

_CEASED = (
    M("ceased_total", "EHC plans ceased, all reasons", "count", at=(f"{CE}.total",), published="ceased_total",
      benchmark="ceased_total", about="ceased", note="Plans whose cease date falls in the year (SEN2 CeaseDate)."),
    *(M(f"ceased_reason_{r}", f"EHC plans ceased, {_reason(r)}", "count", at=(f"{CE}.by_reason.{r}",),
        published=f"ceased_reason_{r}", about="ceased") for r in REASONS),
    *(M(f"ceased_reason_{r}_pct", f"Share of ceased plans, {_reason(r)}", "pct", "rate",
        at=(f"{CE}.by_reason_pct.{r}",),
        parts=(f"ceased_reason_{r}", "ceased_total"), benchmark=f"ceased_reason_{r}_pct", about="ceased")
      for r in REASONS),
)

_REVIEWS = (
    M("reviews_due", "Annual reviews due", "count", at=(f"{RV}.due",), published="reviews_due",
      about="annual_reviews", glossary="Annual review",
      note="Plans maintained on 31 December (or the as-at date) that started at least 365 days before."),
    M("reviews_meetings", "Annual review meetings held", "count", at=(f"{RV}.meetings", f"{RM}.meetings"),
      published="reviews_meetings", about="annual_reviews", note="Latest review meeting dated in the period."),
    M("reviews_decided", "Annual reviews with a decision sent", "count", at=(f"{RV}.decided", f"{RM}.decided"),
      published="reviews_decided", about="annual_reviews"),
    M("reviews_within_4_weeks", "Annual reviews decided within 4 weeks", "count",
      at=(f"{RV}.within_4_weeks", f"{RM}.within_4_weeks"), published="reviews_within_4_weeks",
      about="annual_reviews", note="Decision sent no more than 28 days after the meeting."),
    M("reviews_within_4_weeks_pct", "Share of annual reviews decided within 4 weeks", "pct", "rate",
      at=(f"{RV}.within_4_weeks_pct", f"{RM}.within_4_weeks_pct"), parts=("reviews_within_4_weeks", "reviews_decided"),
      better="higher", benchmark="reviews_within_4_weeks_pct", about="annual_reviews", glossary="Annual review"),
    M("reviews_amend", "Annual reviews deciding to amend the plan", "count", at=(f"{RV}.outcomes.A",),
      published="reviews_amend", about="annual_reviews"),
    M("reviews_cease", "Annual reviews deciding to cease the plan", "count", at=(f"{RV}.outcomes.C",),
      published="reviews_cease", about="annual_reviews"),
    M("reviews_maintain", "Annual reviews deciding to keep the plan as it is", "count", at=(f"{RV}.outcomes.M",),
      published="reviews_maintain", about="annual_reviews"),
    M("reviews_overdue", "Annual reviews overdue", "count", at=("reviews.overdue",), better="lower",
      about="annual_reviews", note="Plans maintained at the as-at date with no review (or start) in the last 365 days."),
    M("reviews_overdue_by_team", "Annual reviews overdue, by team", "count", at=("reviews.overdue_by_team{}",),
      about="annual_reviews"),
    M("reviews_overdue_by_caseworker", "Annual reviews overdue, by caseworker", "count",
      at=("reviews.overdue_by_caseworker{}",), about="annual_reviews"),
)

_J, _N = f"{PL}.january[date]", f"{PL}.new_by_year[year]"
_PLACEMENTS = (
    M("placements_total", "EHC plans maintained (placements)", "count", at=(f"{_J}.total", f"{PL}.at_as_at.total"),
      published="placements_total", about="placements", note="The same plans as EHC plans maintained."),
    *(M(f"placements_{g}", f"EHC plans: {GROUP_LABELS[g]}", "count", at=(f"{_J}.{g}", f"{PL}.at_as_at.{g}"),
        published=f"placements_{g}", about="placements") for g in GROUPS),
    *(M(f"placements_{g}_pct", f"Share of EHC plans: {GROUP_LABELS[g]}", "pct", "rate",
        at=(f"{_J}.{g}_pct", f"{PL}.at_as_at.{g}_pct"), parts=(f"placements_{g}", "placements_total"),
        benchmark=f"placements_{g}_pct", about="placements") for g in GROUPS),
    M("independent", "EHC plans in independent or non-maintained schools", "count",
      at=(f"{_J}.independent", f"{PL}.at_as_at.independent"), published="independent", better="lower",
      about="placements", glossary="Independent special school",
      note="Independent mainstream, independent special and non-maintained special schools."),
    M("independent_pct", "Share of EHC plans in independent or non-maintained schools", "pct", "rate",
      at=(f"{_J}.independent_pct", f"{PL}.at_as_at.independent_pct"), parts=("independent", "placements_total"),
      better="lower", benchmark="independent_pct", about="placements", glossary="Non-maintained special school"),
    M("out_of_area", "EHC plans placed outside the area", "count", at=(f"{_J}.out_of_area", f"{PL}.at_as_at.out_of_area"),
      better="lower", about="placements", glossary="Out of area", note="Setting outside the LA (setting_in_la = 0)."),
    M("out_of_area_pct", "Share of EHC plans placed outside the area", "pct", "rate",
      at=(f"{_J}.out_of_area_pct", f"{PL}.at_as_at.out_of_area_pct"), parts=("out_of_area", "placements_total"),
      better="lower", about="placements", glossary="Out of area"),
    M("new_total", "New EHC plans, transfers in included", "count", at=(f"{_N}.total",), published="new_total",
      about="new_placements", note="Plan start date in the year, transferred in included."),
    *(M(f"new_{g}", f"New EHC plans: {GROUP_LABELS[g]}", "count", at=(f"{_N}.{g}",), published=f"new_{g}",
        about="new_placements") for g in GROUPS),
    *(M(f"new_{g}_pct", f"Share of new EHC plans: {GROUP_LABELS[g]}", "pct", "rate", at=(f"{_N}.{g}_pct",),
        parts=(f"new_{g}", "new_total"), benchmark=f"new_{g}_pct", about="new_placements") for g in GROUPS),
)

MEASURES: tuple[Measure, ...] = _TIMELINESS + _REQUESTS + _ASSESSMENTS + _CEASED + _REVIEWS + _PLACEMENTS

TIES: tuple[Tie, ...] = (
    Sum("plans_issued", ("plans_within", "timeliness_over_20_within_year", "timeliness_over_year")),
    Sum("requests", ("requests_assess", "requests_refused", "requests_withdrawn", "requests_not_decided"),
        rest="requests_other_outcome"),
    Sum("requests_decided", ("requests_assess", "requests_refused")),
    Sum("requests_assess", ("requests_plan_issued", "requests_no_plan", "requests_assessment_withdrawn",
                            "requests_assessing")),
    Breakdown("requests", "requests_by_source"),
    Sum("assessments_completed", ("assessments_issued", "assessments_not_issued", "assessments_withdrawn")),
    Sum("assessments_not_issued", ("assessments_not_issued_16_weeks",), rest="assessments_not_issued_late"),
    Sum("assessments_completed", ("assessments_mediation",), rest="assessments_without_mediation"),
    Sum("assessments_completed", ("assessments_tribunal",), rest="assessments_without_tribunal"),
    Sum("ceased_total", tuple(f"ceased_reason_{r}" for r in REASONS)),
    Sum("plans_ceased", ("ceased_total",)),  # the same plans, counted twice in the object
    Sum("reviews_meetings", ("reviews_decided",), rest="reviews_not_decided"),
    Sum("reviews_decided", ("reviews_within_4_weeks",), rest="reviews_decided_late"),
    Sum("reviews_meetings", ("reviews_amend", "reviews_cease", "reviews_maintain"), rest="reviews_other_outcome"),
    Breakdown("reviews_overdue", "reviews_overdue_by_team"),
    Breakdown("reviews_overdue", "reviews_overdue_by_caseworker"),
    *(Periods(m) for m in ("reviews_meetings", "reviews_decided", "reviews_within_4_weeks")),
    Sum("plans_maintained", ("placements_total",)),  # the same plans, counted twice in the object
    Sum("placements_total", tuple(f"placements_{g}" for g in GROUPS)),
    Sum("placements_total", ("independent",), rest="not_independent"),
    Sum("placements_total", ("out_of_area",), rest="not_out_of_area"),
    Sum("new_total", tuple(f"new_{g}" for g in GROUPS)),
)

LABELS: tuple[str, ...] = (f"{_J}.year",)
