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
    "timeliness_bands": (
        "How late the EHC plans issued in the year were: issued more than 20 weeks but no more than a year "
        "after the request (141 to 365 days), and more than a year after it (over 365 days), each as a count "
        "and a share of all plans issued in the year (exceptions included, as in 'all plans'). Plans "
        "transferred in from another council are left out. " + _SOURCE + " " + _BENCH
    ),
    "request_outcomes": (
        "What happened to the requests for an EHC needs assessment received in the year, as known at the "
        "as-at date: the council decided to assess (SEN2 RequestOutcome Y), decided not to assess (N), the "
        "request was withdrawn (W), or it is not yet decided (A, or a decision dated after the as-at date). "
        "Each is shown with its share of the requests received in the year. Requests recorded as historical "
        "or transferred in (H) are in none of them. " + _SOURCE + " " + _FILTERS + " " + _BENCH
    ),
    "request_sources": (
        "Who asked for the EHC needs assessment, for the requests received in the year (SEN2 RequestSource): "
        "1 the parent or young person, 2 a school or other setting, 3 health services, 4 social care, 5 "
        "someone else; 'unknown' when it is not recorded. " + _SOURCE
    ),
    "assessments": (
        "EHC needs assessments completed in the year, that is with an assessment outcome dated in the year "
        "(SEN2 AssessmentOutcome and AssessmentOutcomeDate): the council decided to issue a plan (Y), decided "
        "not to issue one (N), or the assessment was withdrawn (W). Decisions not to issue a plan should be "
        "made within 16 weeks of the request; the share counts those made no more than 112 days after it, "
        "out of all decisions not to issue. Mediation and tribunal count the completed assessments whose "
        "decision went to mediation or was appealed to the SEND Tribunal (AssessmentMediation, "
        "AssessmentTribunal). " + _SOURCE + " " + _FILTERS + " " + _BENCH
    ),
    "ceased": (
        "EHC plans that stopped in the year (SEN2 CeaseDate in the year), by the reason recorded (SEN2 "
        "CeaseReason, codes 1 to 9: for example the young person moved to another council, the needs are met "
        "without a plan, or they moved on to higher education or employment); 'unknown' when no valid reason "
        "is recorded. " + _SOURCE + " " + _BENCH
    ),
    "annual_reviews": (
        "Every EHC plan must be reviewed at least once a year. For each calendar year: reviews due are the "
        "plans maintained on 31 December (or the as-at date when earlier) that started at least 365 days "
        "before; meetings held are the review meetings dated in the year (SEN2 ReviewMeeting); the council "
        "must tell the family its decision within 4 weeks of the meeting, and 'decided within 4 weeks' counts "
        "the decisions sent no more than 28 days after it, as a share of the meetings with a decision date "
        "(casework review_decision_date); outcomes are amend, cease or keep the plan as it is (ReviewOutcome "
        "A, C, M). Overdue: plans maintained at the as-at date whose latest review meeting, or start when "
        "there has been none, is more than 365 days before. Only each plan's latest review is held, so a "
        "plan reviewed twice counts once, in the year of its latest meeting. " + _SOURCE + " " + _BENCH
    ),
    "placements": (
        "Where children and young people with an EHC plan are placed, at each January and at the as-at "
        "date, in the groups the DfE uses: mainstream schools (with resourced provision and SEN units), "
        "special schools, alternative provision and pupil referral units, further education and post-16, "
        "early years, educated elsewhere (at home, other arrangements or not in education) and not known. "
        "A plan's placement at a date is the one whose entry and leaving dates span it (SEN2 "
        "PlacementDetail, its school classed from the establishments list); a plan with none, or with a "
        "school not on the list, is 'not known'. Independent counts independent mainstream, independent "
        "special and non-maintained special schools; out of area counts settings outside the council's "
        "area. Both are Safety Valve measures. " + _SOURCE + " " + _FILTERS + " " + _BENCH
    ),
    "new_placements": (
        "Where the new EHC plans of the year were placed: plans that started in the year, including plans "
        "transferred in from another council, by their placement on the day the plan started, in the DfE's "
        "setting groups. " + _SOURCE + " " + _BENCH
    ),
    "forecast": (
        "How many EHC plans the council can expect to maintain each January for the next five years. The "
        "cohort-flow model works by single year of age: each January's plans grow a year older, continue at the "
        "rate seen at that age over the last three years (the share of plans at that age still maintained a "
        "year later), and are joined by new plans at the number a year seen at each age over the last three "
        "years. The low and high figures run the same model with each age's lowest and highest rates of those "
        "three years. Plans by need follow each cohort as it ages; plans by setting take the share of each "
        "age placed in each setting over the last three Januaries. These are modelled figures, not counts of "
        "children: they assume the next years behave like the last three. " + _SOURCE
    ),
    "forecast_methods": (
        "Two simple methods are shown beside the model, as a check: the straight-line trend of the last five "
        "Januaries, and the last three years' average growth carried forward. Each method's backtest runs it "
        "from the January three years before the latest one, using only what was known then, and compares its "
        "prediction with the plans actually maintained: the error is (predicted - actual) / actual, so a "
        "negative error means the method predicted too few."
    ),
    "finance": (
        "The high-needs block of the Dedicated Schools Grant as the council's finance team monitors it: budget, "
        "forecast outturn and spend to date by placement line, at the latest month loaded for each financial "
        "year (April to March). The in-year balance is the year's high-needs income less its forecast outturn "
        "(negative = overspend); the cumulative balance adds up the in-year balances of the loaded years, and "
        "is set against the trajectory agreed with the DfE (Safety Valve or DSG management plan). Cost per "
        "placement is a line's forecast outturn divided by the plans in that line's settings at the January of "
        "the year. The forecast's cost multiplies the forecast plans in each line by today's cost per placement "
        "and holds income at this year's level: a planning figure, not a budget."
    ),
}

# the glossary terms of the issue 12 measures (the catalogue's ``glossary``), for the briefing's glossary
GLOSSARY: dict[str, str] = {
    "Mediation": "An independent meeting, offered to the family, to settle a disagreement with the council "
                 "about a decision (for example not to assess, or not to issue a plan) before or instead of an "
                 "appeal.",
    "Tribunal": "The First-tier Tribunal (SEND), which hears families' appeals against the council's decisions "
                "about EHC needs assessments and plans.",
    "Annual review": "The review of an EHC plan that must take place at least every 12 months; the council must "
                     "tell the family within 4 weeks of the meeting whether it will keep, amend or cease the plan.",
    "Independent special school": "A special school run independently of the council and the state, paid for "
                                  "through fees; often the most costly placement.",
    "Non-maintained special school": "A special school run by a charity or other not-for-profit body, approved "
                                     "by the Secretary of State, not maintained by a council.",
    "Out of area": "A placement in a school or setting outside the council's own area.",
}
