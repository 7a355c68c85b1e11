"""The published series of the statutory journey and placements (issue 12), for :mod:`dashboard.kpi.benchmarks`.

Block key -> (source, [published measures tried in order]); the measures are the lower-cased columns of the
DfE 2025 release (``timeliness_20_week``, ``requests``, ``assessments``, ``annual_reviews``, ``ceased_plans``,
``caseload``, ``newplans``) and of its supporting file (``send_tribunals``), as the benchmark importer keeps
them, typos and all (``pc_decsion_4weeks``, ``outcome_maintan``). Calendar years are the ``time_period``;
caseload's academic years are their January (202425 -> 2025). These are the whole-population figures only:
for a view filtered by need or age band their ``scope`` is "all children".

:func:`derived` adds the figures computed from published counts: the independent settings' count and share of
the plans at January, each cease reason's share of the plans ceased, and the reviews decided.
"""

from __future__ import annotations

from collections.abc import Callable

from dashboard.kpi.rounding import pct

Series = dict[int, float | None]
# the SPEC 2.1 setting groups -> caseload.csv / newplans.csv column (its share is the column + "_pc")
GROUPS = {"mainstream": "mainstream_total", "special": "special_total", "ap_pru": "ap_pru_total",
          "post16": "fe_total", "early_years": "nm_early_years", "elsewhere": "ed_elsewhere",
          "unknown": "placement_unknown"}
INDEPENDENT = ("mainstream_independent", "special_independent", "special_non_maintained")
# SEN2 CeaseReason codes 1..9 -> ceased_plans.csv column
CEASE_REASONS = ("max_age", "needs_met", "he", "employ", "transfer", "no_engage", "moved_outside_eng", "deceased",
                 "other")
TL, RQ, AS, AR, CP, CL, NP, TR = ("timeliness_20_week", "requests", "assessments", "annual_reviews",
                                  "ceased_plans", "caseload", "newplans", "send_tribunals")

# published for every area: England, the region, the LA and its comparators
SERIES: dict[str, tuple[str, list[str]]] = {
    "timeliness_over_20_within_year_pct": (TL, ["pc_plans_issued_gt20weeks_ltyear"]),
    "timeliness_over_year_pct": (TL, ["pc_plans_issued_gt_1_year"]),
    "assess_pct": (RQ, ["request_assess_pc"]),
    "refused_pct": (RQ, ["request_not_assess_pc"]),
    "withdrawn_pct": (RQ, ["request_withdrawn_pc"]),
    "not_decided_pct": (RQ, ["request_outstanding_pc"]),
    "not_issued_within_16_weeks_pct": (AS, ["outcome_decision_within_time_pc"]),
    "reviews_within_4_weeks_pct": (AR, ["pc_decsion_4weeks"]),
    **{f"placements_{g}_pct": (CL, [f"{m}_pc"]) for g, m in GROUPS.items()},
    **{f"new_{g}_pct": (NP, [f"{m}_pc"]) for g, m in GROUPS.items()},
    "tribunal_appeal_rate": (TR, ["tribunal_appeal_rate"]),
    "requests_mediation": (RQ, ["mediation_related_request"]),
    "requests_tribunal": (RQ, ["tribunal_related_request"]),
    "ceased_total": (CP, ["total_ceased"]),
}
DERIVED_KEYS = ("independent_pct", *(f"ceased_reason_{n}_pct" for n in range(1, 10)))

# the LA's own published counts (``la_published`` only)
COUNT_SERIES: dict[str, tuple[str, list[str]]] = {
    "requests_assess": (RQ, ["requests_decided_to_assess"]),
    "requests_not_assess": (RQ, ["requests_decided_not_to_assess"]),
    "requests_not_decided": (RQ, ["requests_decision_not_made"]),
    "requests_withdrawn": (RQ, ["requests_withdrawn"]),
    "requests_mediation": (RQ, ["mediation_related_request"]),
    "requests_tribunal": (RQ, ["tribunal_related_request"]),
    "assessments_completed": (AS, ["assess_in_year"]),
    "assessments_issued": (AS, ["assess_issued"]),
    "assessments_not_issued": (AS, ["assess_not_issued"]),
    "assessments_withdrawn": (AS, ["assess_withdrawn"]),
    "assessments_not_issued_16_weeks": (AS, ["outcome_decision_within_time"]),
    "assessments_mediation": (AS, ["number_assess_mediation"]),
    "assessments_tribunal": (AS, ["number_assess_tribunal"]),
    "ceased_total": (CP, ["total_ceased"]),
    **{f"ceased_reason_{n}": (CP, [m]) for n, m in enumerate(CEASE_REASONS, start=1)},
    "reviews_due": (AR, ["review_expected"]),
    "reviews_meetings": (AR, ["total_review_meeting"]),
    "reviews_within_4_weeks": (AR, ["number_decsion_4weeks"]),
    "reviews_amend": (AR, ["outcome_amend"]),
    "reviews_cease": (AR, ["outcome_cease"]),
    "reviews_maintain": (AR, ["outcome_maintan"]),
    "placements_total": (CL, ["ehcplans"]),
    **{f"placements_{g}": (CL, [m]) for g, m in GROUPS.items()},
    "new_total": (NP, ["new_ehc_plans"]),
    **{f"new_{g}": (NP, [m]) for g, m in GROUPS.items()},
    "timeliness_over_20_within_year": (TL, ["plans_issued_gt20weeks_ltyear"]),
    "timeliness_over_year": (TL, ["plans_issued_gt_1_year"]),
    "tribunal_appeals": (TR, ["tribunal_appeals"]),
    "tribunal_appealable_decisions": (TR, ["tribunal_appealable_decisions"]),
}
DERIVED_COUNT_KEYS = ("reviews_decided", "independent")
# published measures read only to compute the derived figures
INPUTS: dict[str, tuple[str, list[str]]] = {
    **{m: (CL, [m]) for m in (*INDEPENDENT, "ehcplans")},
    **{m: (CP, [m]) for m in (*CEASE_REASONS, "total_ceased")},
    **{m: (AR, [m]) for m in ("number_decsion_4weeks", "number_decision_gt_4weeks")},
}


def measures() -> list[str]:
    """Every published measure these series read."""
    return sorted({m for table in (SERIES, COUNT_SERIES, INPUTS) for _, ms in table.values() for m in ms})


def _total(parts: list[Series]) -> Series:
    """Year by year, the sum of the parts published for that year; None where any part is suppressed."""
    out: Series = {}
    for y in sorted(set(parts[0]).intersection(*parts[1:]) if parts else ()):
        values = [p[y] for p in parts]
        out[y] = None if any(v is None for v in values) else float(sum(v for v in values if v is not None))
    return out


def _share(part: Series, whole: Series) -> Series:
    return {y: pct(v, whole.get(y)) for y, v in part.items() if y in whole}


def derived(get: Callable[[str, str], Series], *, counts: bool) -> dict[str, Series]:
    """The computed keys from ``get(source, measure) -> {year: value}``: shares for every area, and with
    ``counts`` also the LA's derived counts (reviews decided = within 4 weeks + later; independent)."""
    independent = _total([get(CL, m) for m in INDEPENDENT])
    ceased = get(CP, "total_ceased")
    out: dict[str, Series] = {"independent_pct": _share(independent, get(CL, "ehcplans"))}
    for n, measure in enumerate(CEASE_REASONS, start=1):
        out[f"ceased_reason_{n}_pct"] = _share(get(CP, measure), ceased)
    if counts:
        out["reviews_decided"] = _total([get(AR, "number_decsion_4weeks"), get(AR, "number_decision_gt_4weeks")])
        out["independent"] = independent
    return out
