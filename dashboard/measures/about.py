"""The "About this indicator" text shown under each chart or tile: one plain-English paragraph per KPI.

Keys are KPI ids the pages pass to ``dashboard.ui.components.about``.
"""

from __future__ import annotations

_SOURCE = (
    "The figures come from the council's casework extract when one has been loaded (the live feed), "
    "otherwise from its SEN2 returns to the Department for Education (DfE); each SEN2 return adds only "
    "the events dated in its own calendar year, so several years' returns are never counted twice."
)
_FILTERS = (
    "The need filter uses the primary need on the plan; the age-band filter uses the child's age on "
    "the 31 August before the date the figure is measured at."
)
_BENCH = (
    "England and regional figures (North West for a council in that region) are the DfE's published "
    "statistics (Education, health and care plans, Explore Education Statistics), not calculated from "
    "this council's data."
)

ABOUT: dict[str, str] = {
    "timeliness": (
        "The share of new EHC plans issued within the 20-week legal time limit. A plan counts in the "
        "month or year its final plan was issued, if the request for assessment has a received date and "
        "the plan was not transferred in from another council; it is on time when it was issued no more "
        "than 140 days after the request was received. 'Excluding exceptions' leaves out plans where one "
        "of the exceptions in regulation 13(3) of the SEND Regulations 2014 applied (for example the "
        "family asked for a delay); that is the DfE's headline measure. A request recorded as historical "
        "(H) in an SEN2 return still counts when its plan was issued in the year. " + _SOURCE + " "
        + _FILTERS + " " + _BENCH
    ),
    "weeks_to_issue": (
        "How long new EHC plans took from the request for assessment to the final plan: the median "
        "number of weeks (half of plans took longer, half less) and how many plans fell in each band "
        "of weeks. Plans transferred in from another council are left out. " + _SOURCE
    ),
    "open_assessments": (
        "Requests the council has agreed to assess where no final plan has been issued and no decision "
        "not to issue one has been made, as at the chosen date, with the weeks since the request was "
        "received. Those over 20 weeks are already past the legal time limit; those at 16 to 20 weeks "
        "are at risk of missing it. The age-band filter uses the age when the request was received. "
        + _SOURCE
    ),
    "requests": (
        "Requests for an EHC needs assessment received in each calendar year (by the date the request "
        "was received), and the percentage change on the year before. " + _SOURCE + " " + _FILTERS
        + " " + _BENCH
    ),
    "decision_6_weeks": (
        "Of the requests received in the year on which the council decided whether to assess (yes or "
        "no), the share decided within 6 weeks (42 days) of receipt, the legal time limit for that "
        "decision. Requests still awaiting a decision or withdrawn are left out. " + _SOURCE + " " + _FILTERS
    ),
    "ehcps_maintained": (
        "The number of EHC plans the council maintains on the chosen date: plans issued on or before "
        "that date that had not ceased by it (a plan ceasing on the date is no longer counted). From an "
        "SEN2 return, the plans listed as active at its January reference date are counted even where "
        "the return gives no start date, for example plans transferred in. " + _SOURCE + " " + _FILTERS
    ),
    "ehcps_january": (
        "EHC plans maintained at each January snapshot (the third Thursday of January, the DfE's "
        "reference date) and the percentage growth on the January before; the DfE publishes the same "
        "count for every council. " + _SOURCE + " " + _BENCH
    ),
    "primary_need": (
        "EHC plans maintained on the chosen date by the child's primary type of need as recorded on the "
        "plan (SEN2 codes such as ASD, SEMH, SLCN). Plans with no need recorded are shown as 'unknown' "
        "rather than left out. " + _FILTERS + " " + _BENCH
    ),
    "age_sex": (
        "EHC plans maintained on the chosen date by age band (age on the 31 August before that date, as "
        "the DfE counts it) and by sex (M, F, or U where not known or not recorded). " + _SOURCE
    ),
    "setting": (
        "EHC plans maintained on the chosen date by the type of school or setting the child attends, and "
        "whether that setting is inside the council's own area. Plans with no placement recorded are "
        "shown as unknown. " + _SOURCE
    ),
    "new_ceased_plans": (
        "New EHC plans issued (not counting plans transferred in from another council) and plans ceased "
        "in each month or year, by the date of issue or cessation. " + _SOURCE + " " + _FILTERS
    ),
    "transitions": (
        "Phase transfers: children moving between school phases must have their amended EHC plan "
        "finalised by 15 February of the year of transfer, and young people moving from secondary school "
        "to post-16 by 31 March. For each due date, how many transfers were due, finalised on or before "
        "the due date (on time), finalised after it (late), or not finalised as at the chosen date "
        "(outstanding). The share on time is given once the due date has passed; for a deadline still "
        "ahead, the share finalised so far shows the progress. " + _FILTERS
    ),
    "census": (
        "From the spring school census (third Thursday of January): pupils on roll in the council's "
        "schools, how many have an EHC plan (provision E) and how many receive SEN support (K), and "
        "their shares of all pupils. Only counts are kept, never pupil records. The need filter narrows "
        "the EHC plan and SEN support counts; the age-band filter narrows every count. England's figures "
        "are the DfE's published headline figures (Special educational needs in England, January of each "
        "year), not calculated from this council's data. Regional census figures are not shipped with the "
        "dashboard, so no regional line is drawn."
    ),
    "complaints": (
        "Complaints about the SEND service received each month and quarter, by stage (1, 2, or referred "
        "to the Ombudsman) and by category, and the share answered on time, that is by the due date "
        "(20 working days after receipt unless another date was set). Compliments received are counted "
        "separately. Taken from the council's complaints and compliments log."
    ),
    "benchmarks": (
        "Comparisons with England, the council's region (for example North West), the council's own published figures and its "
        "comparator councils (by default its ten statistical neighbours). " + _BENCH + " Published "
        "figures shown by the DfE as suppressed or not available are left blank, never shown as zero."
    ),
}
