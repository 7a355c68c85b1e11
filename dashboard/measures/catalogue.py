"""The measure catalogue: one entry per measure, and the ties between their counts.

The KPI object's viewer protection (:mod:`dashboard.disclosure`), the Overview tiles and the briefing's
headline rows (:mod:`dashboard.measures.headlines`), table labels and ``docs/measures.md`` all read this
list. A count that is not declared here never reaches a viewer. See :mod:`dashboard.measures.model` for
the path syntax of ``at``.
"""

from __future__ import annotations

from dashboard.measures import forecast, journey
from dashboard.measures.model import Breakdown, Flow, Measure, Periods, Sum, Tie

M = Measure
TL, RQ, EH, OA = "timeliness", "requests", "ehcps", "timeliness.open_assessments"

MEASURES: tuple[Measure, ...] = (
    # 20-week timeliness
    M("plans_issued", "EHC plans issued", "count", at=(f"{TL}.by_year[year].issued", f"{TL}.by_month[month].issued"),
      published="plans_issued",
      about="timeliness", note="Final plans issued in the period, after a request with a received date, not "
      "transferred in."),
    M("plans_within", "EHC plans issued within 20 weeks", "count",
      at=(f"{TL}.by_year[year].within", f"{TL}.by_month[month].within"), about="timeliness",
      published="plans_within",
      note="Of those, issued no more than 140 days after the request."),
    M("plans_issued_ex", "EHC plans issued, excluding exceptions", "count",
      at=(f"{TL}.by_year[year].issued_ex", f"{TL}.by_month[month].issued_ex"), about="timeliness",
      published="plans_issued_ex"),
    M("plans_within_ex", "EHC plans issued within 20 weeks, excluding exceptions", "count",
      at=(f"{TL}.by_year[year].within_ex", f"{TL}.by_month[month].within_ex"), about="timeliness",
      published="plans_within_ex"),
    M("timeliness_pct", "EHC plans issued within 20 weeks (all plans)", "pct", "rate",
      at=(f"{TL}.by_year[year].pct", f"{TL}.by_month[month].pct"), parts=("plans_within", "plans_issued"),
      better="higher", benchmark="timeliness_pct", about="timeliness", glossary="20-week limit"),
    M("timeliness_pct_ex", "Plans issued within 20 weeks (excluding exceptions)", "pct", "rate",
      at=(f"{TL}.by_year[year].pct_ex", f"{TL}.by_month[month].pct_ex"), parts=("plans_within_ex", "plans_issued_ex"),
      better="higher", target="target_timeliness_pct", benchmark="timeliness_pct_ex", about="timeliness",
      glossary="20-week limit", note="The DfE's headline measure."),
    M("median_weeks", "Median weeks to issue", "weeks", "stat",
      at=(f"{TL}.by_year[year].median_weeks", f"{TL}.by_month[month].median_weeks"), parts=("plans_issued",),
      better="lower", about="weeks_to_issue", note="Hidden with the plans it describes."),
    M("plans_by_weeks", "EHC plans issued, by weeks from request to plan", "count",
      at=(f"{TL}.weeks_distribution[year].bands{{}}",), about="weeks_to_issue"),
    # assessments still open
    M("open_assessments", "Open assessments", "count", at=(f"{OA}.total",), about="open_assessments"),
    M("open_by_weeks", "Open assessments, by weeks since the request", "count",
      at=(f"{OA}.by_weeks{{}}", f"{TL}.open_over_20_weeks#over 20 weeks", f"{OA}.over_20_weeks#over 20 weeks",
          f"{OA}.weeks_16_to_20#16-20 weeks"), about="open_assessments"),
    M("open_over_20_weeks", "Open assessments over 20 weeks", "count", at=(f"{OA}.by_team[:team].over_20_weeks",),
      better="lower", about="open_assessments", note="By team; the all-teams figure is the 'over 20 weeks' band."),
    M("open_16_to_20_weeks", "Open assessments at 16-20 weeks", "count", at=(f"{OA}.by_team[:team].weeks_16_to_20",),
      about="open_assessments"),
    M("open_at_risk", "Open assessments at 16 weeks or more", "count",
      at=(f"{OA}.by_team[:team].total", f"{OA}.at_risk_total"),
      about="open_assessments"),
    # requests and 6-week decisions
    M("requests", "Requests for an EHC needs assessment", "count",
      at=(f"{RQ}.by_year[year].received", f"{RQ}.by_month[month].received"), about="requests",
      published="requests"),
    M("requests_growth_pct", "Change in requests on the year before", "signed_pct", "growth",
      at=(f"{RQ}.by_year[year].growth_pct",), parts=("requests",), about="requests"),
    M("requests_decided", "Decisions to assess or not", "count", at=(f"{RQ}.by_year[year].decided",),
      about="decision_6_weeks"),
    M("requests_decided_6_weeks", "Requests decided within 6 weeks", "count",
      at=(f"{RQ}.by_year[year].decided_within_6_weeks",), about="decision_6_weeks",
      published="requests_decided_6_weeks"),
    M("decided_within_6_weeks_pct", "Share of requests decided within 6 weeks", "pct", "rate",
      at=(f"{RQ}.by_year[year].decided_within_6_weeks_pct",), parts=("requests_decided_6_weeks", "requests_decided"),
      better="higher", target="target_decision_6_weeks_pct", benchmark="decided_within_6_weeks_pct",
      about="decision_6_weeks", glossary="6-week decision"),
    M("requests_mediation", "Requests that went to mediation", "count", at=(f"{RQ}.by_year[year].mediation",),
      about="requests", published="requests_mediation", benchmark="requests_mediation", glossary="Mediation", note="Requests received in the year whose family took up mediation (SEN2 RequestMediation)."),
    M("requests_tribunal", "Requests appealed to the tribunal", "count", at=(f"{RQ}.by_year[year].tribunal",),
      about="requests", published="requests_tribunal", benchmark="requests_tribunal", glossary="Tribunal", note="Requests received in the year that went to the SEND tribunal (SEN2 RequestTribunal)."),
    # plans maintained (a stock: the period is the date it is counted on)
    M("plans_maintained", "EHC plans maintained", "count",
      at=(f"{EH}.maintained", f"{EH}.january[date].count", f"{EH}.maintained_by_month[date].maintained"),
      about="ehcps_maintained", glossary="EHCP / EHC plan", published="plans_january"),
    M("plans_growth_pct", "Growth in EHC plans on the January before", "signed_pct", "growth",
      at=(f"{EH}.january[date].growth_pct",), parts=("plans_maintained",), benchmark="plans_growth_pct",
      about="ehcps_january"),
    M("plans_by_age_band", "EHC plans maintained, by age band", "count", at=(f"{EH}.by_age_band{{}}",),
      about="age_sex"),
    M("plans_by_sex", "EHC plans maintained, by sex", "count", at=(f"{EH}.by_sex{{}}",), about="age_sex"),
    M("plans_by_need", "EHC plans maintained, by primary need", "count", at=(f"{EH}.by_need{{}}",),
      about="primary_need"),
    M("plans_need_share", "Share of EHC plans, by primary need", "pct", "rate", at=(f"{EH}.by_need_pct{{}}",),
      parts=("plans_by_need", "plans_maintained"), about="primary_need"),
    M("plans_by_setting", "EHC plans maintained, by setting", "count", at=(f"{EH}.by_setting{{}}",), about="setting"),
    M("plans_by_area", "EHC plans maintained, in or out of the area", "count", at=(f"{EH}.in_area{{}}",),
      about="setting"),
    M("plans_new", "New EHC plans", "count", at=(f"{EH}.plans_by_month[month].new", f"{EH}.plans_by_year[year].new"),
      about="new_ceased_plans"),
    M("plans_ceased", "EHC plans ceased", "count",
      at=(f"{EH}.plans_by_month[month].ceased", f"{EH}.plans_by_year[year].ceased"), about="new_ceased_plans"),
    # phase transfers (the period is the due date)
    M("transfers_due", "Phase transfers due", "count", at=("transitions[due_date].due",), about="transitions"),
    M("transfers_on_time", "Phase transfers finalised on time", "count", at=("transitions[due_date].final_on_time",),
      about="transitions"),
    M("transfers_late", "Phase transfers finalised late", "count", at=("transitions[due_date].final_late",),
      about="transitions"),
    M("transfers_outstanding", "Phase transfers outstanding", "count", at=("transitions[due_date].outstanding",),
      about="transitions"),
    M("transfers_on_time_pct", "Share of phase transfers finalised on time", "pct", "rate",
      at=("transitions[due_date].pct_on_time",), parts=("transfers_on_time", "transfers_due"), better="higher",
      target="target_transfers_on_time_pct", about="transitions", glossary="Phase transfer"),
    M("transfers_finalised_pct", "Phase transfers finalised so far", "pct", "rate",
      at=("transitions[due_date].pct_finalised",), parts=("transfers_outstanding", "transfers_due"), about="transitions",
      note="Finalised = due - outstanding: hidden with either."),
    # school census (counts of pupils on census day)
    M("census_pupils", "Pupils on roll", "count", at=("census.by_date[census_date].pupils",), about="census"),
    M("census_ehcp", "Pupils with an EHC plan", "count", at=("census.by_date[census_date].ehcp",), about="census"),
    M("census_sen_support", "Pupils on SEN support", "count", at=("census.by_date[census_date].sen_support",),
      about="census", glossary="SEN support"),
    M("census_pct_ehcp", "Share of pupils on roll with an EHC plan", "pct", "rate",
      at=("census.by_date[census_date].pct_ehcp",), parts=("census_ehcp", "census_pupils"), about="census"),
    M("census_pct_sen_support", "Share of pupils on roll receiving SEN support", "pct", "rate",
      at=("census.by_date[census_date].pct_sen_support",), parts=("census_sen_support", "census_pupils"),
      about="census"),
    M("census_pct_all_sen", "Pupils with any SEN", "pct", "rate", at=("census.by_date[census_date].pct_all_sen",),
      parts=("census_ehcp", "census_sen_support", "census_pupils"), about="census"),
    M("census_ehcp_by_need", "Pupils with an EHC plan, by primary need", "count",
      at=("census.by_date[census_date].ehcp_by_need{}",), about="census"),
    M("census_sen_support_by_need", "Pupils on SEN support, by primary need", "count",
      at=("census.by_date[census_date].sen_support_by_need{}",), about="census"),
    M("census_ehcp_need_share", "Share of pupils with an EHC plan, by need", "pct", "rate",
      at=("census.by_date[census_date].ehcp_need_pct{}",), parts=("census_ehcp_by_need", "census_ehcp"), about="census"),
    M("census_sen_support_need_share", "Share of pupils on SEN support, by need", "pct", "rate",
      at=("census.by_date[census_date].sen_support_need_pct{}",), parts=("census_sen_support_by_need",
                                                                         "census_sen_support"), about="census"),
)

_C = ("complaints.by_month[month].", "complaints.by_quarter[quarter].")
COMPLAINTS: tuple[Measure, ...] = (
    M("complaints", "Complaints received", "count", at=tuple(p + "received" for p in _C), about="complaints",
      glossary="LGSCO / Ombudsman"),
    M("complaints_responded", "Complaints answered", "count", at=tuple(p + "responded" for p in _C),
      about="complaints"),
    M("complaints_on_time", "Complaints answered on time", "count", at=tuple(p + "responded_on_time" for p in _C),
      about="complaints"),
    M("complaints_judged", "Complaints that can be judged on time or late", "count",
      at=tuple(p + "judged" for p in _C), about="complaints",
      note="Answered by the as-at date, or past their due date unanswered."),
    M("complaints_on_time_pct", "Share of complaints answered on time", "pct", "rate",
      at=tuple(p + "responded_on_time_pct" for p in _C), parts=("complaints_on_time", "complaints_judged"),
      better="higher", target="target_complaints_on_time_pct", about="complaints"),
    M("compliments", "Compliments received", "count", at=tuple(p + "compliments" for p in _C), about="complaints"),
    M("complaints_stage_1", "Complaints at stage 1", "count", at=tuple(p + "stage_1" for p in _C), about="complaints"),
    M("complaints_stage_2", "Complaints at stage 2", "count", at=tuple(p + "stage_2" for p in _C), about="complaints"),
    M("complaints_ombudsman", "Complaints referred to the Ombudsman", "count", at=tuple(p + "ombudsman" for p in _C),
      about="complaints"),
    M("complaints_open", "Complaints not yet answered", "count", at=tuple(p + "open" for p in _C), about="complaints"),
)

CATALOGUE: tuple[Measure, ...] = MEASURES + journey.MEASURES + COMPLAINTS + forecast.MEASURES
BY_KEY: dict[str, Measure] = {m.key: m for m in CATALOGUE}

_WITHIN = ("up to 6 weeks", "6-12 weeks", "12-16 weeks", "16-20 weeks")
TIES: tuple[Tie, ...] = (
    Sum("plans_issued", ("plans_within",), rest="plans_late"),
    Sum("plans_issued", ("plans_issued_ex",), rest="plans_with_exception"),
    Sum("plans_issued_ex", ("plans_within_ex",), rest="plans_late_ex"),
    Sum("plans_within", ("plans_within_ex",), rest="plans_within_with_exception"),
    Breakdown("plans_issued", "plans_by_weeks"),
    Breakdown("plans_within", "plans_by_weeks", only=_WITHIN),
    Breakdown("open_assessments", "open_by_weeks", rest=True),
    Sum("open_at_risk", ("open_16_to_20_weeks", "open_over_20_weeks")),
    Breakdown("open_at_risk", "open_at_risk"),
    Breakdown("open_at_risk", "open_by_weeks", only=("16-20 weeks", "over 20 weeks")),
    Breakdown("open_by_weeks", "open_over_20_weeks", total_category="over 20 weeks"),
    Breakdown("open_by_weeks", "open_16_to_20_weeks", total_category="16-20 weeks"),
    Sum("requests", ("requests_decided",), rest="requests_undecided"),
    Sum("requests_decided", ("requests_decided_6_weeks",), rest="requests_decided_late"),
    Sum("requests", ("requests_mediation",), rest="requests_without_mediation"),
    Sum("requests", ("requests_tribunal",), rest="requests_without_tribunal"),
    Breakdown("plans_maintained", "plans_by_age_band", rest=True),
    Breakdown("plans_maintained", "plans_by_sex"),
    Breakdown("plans_maintained", "plans_by_need"),
    Breakdown("plans_maintained", "plans_by_setting"),
    Breakdown("plans_maintained", "plans_by_area"),
    Flow("plans_maintained", "plans_new", "plans_ceased", by=f"{EH}.maintained_by_month[date].month"),
    Sum("transfers_due", ("transfers_on_time", "transfers_late", "transfers_outstanding")),
    Sum("census_pupils", ("census_ehcp", "census_sen_support"), rest="census_no_sen"),
    Breakdown("census_ehcp", "census_ehcp_by_need"),
    Breakdown("census_sen_support", "census_sen_support_by_need"),
    Sum("complaints", ("complaints_stage_1", "complaints_stage_2", "complaints_ombudsman")),
    Sum("complaints", ("complaints_responded", "complaints_open"), rest="complaints_withdrawn"),
    Sum("complaints_judged", ("complaints_responded",), rest="complaints_overdue"),
    Sum("complaints_responded", ("complaints_on_time",), rest="complaints_late"),
    *(Periods(m) for m in ("plans_issued", "plans_within", "plans_issued_ex", "plans_within_ex", "requests",
                           "plans_new", "plans_ceased")),
    *(Periods(m.key, coarse="quarter") for m in COMPLAINTS if m.kind == "count"),
    *journey.TIES,
    *forecast.TIES,
)

# Leaves that are not counts: labels, the as-at date, the filters, the sources' coverage, and DfE's published figures (public).
LABELS: tuple[str, ...] = (
    "as_at", "la_code", "filters.need", "filters.age_band", "next_phase_transfer_deadline.date",
    "next_phase_transfer_deadline.kind", "next_phase_transfer_deadline.days", "suppressed.threshold",
    f"{EH}.january[date].year", f"{EH}.maintained_by_month[date].month", "transitions[due_date].due_date",
    # what each source covers (ISO dates or null) and the measures whose input column no loaded file had
    *(f"coverage.{s}" for s in ("casework", "sen2", "complaints", "census", "finance")), "not_recorded",
    *journey.LABELS,
    *forecast.LABELS,
    # the improvement plan's counts (actions, milestones, risks): about the plan, not about children
    *(f"programme.actions.{f}" for f in ("total", "overdue")),
    *(f"programme.actions.by_status.{s}" for s in ("purple", "red", "amber", "green", "blue")),
    "programme.milestones_next_quarter", "programme.risks.open", "programme.risks.high",
)
PUBLISHED = "benchmarks"
