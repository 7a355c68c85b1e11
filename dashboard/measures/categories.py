"""The categories of each catalogue breakdown in words, for every chart, table and sentence that shows one.

The KPI object keeps the codes (SEN2's RequestSource "1".."5", Sex "M"/"F"/"U", need codes, setting codes...):
the CSV downloads and the tests read those; only what a person reads is in words. :data:`CATEGORY_NAMES`
maps each breakdown measure of the catalogue to its categories' names; a breakdown in :data:`AS_NAMED` has
categories that are already words (weeks bands, age bands) or names from the LA's own records (teams,
caseworkers), shown as they are. ``tests/measures/test_category_names.py`` fails when a breakdown the
catalogue declares is in neither, or a category of one has no name.
"""

from __future__ import annotations

from dashboard.measures.needs import NEED_NAMES
from frames.finance import LINE_LABELS

# SEN2 RequestSource (v1.3+): who made the request for an EHC needs assessment
SOURCE_NAMES: dict[str, str] = {
    "1": "Parent or young person", "2": "School or setting", "3": "Health", "4": "Social care", "5": "Other",
    "unknown": "Not recorded",
}
# SEN2 Sex of the child or young person (0 to 25, so not "boys" and "girls"; the DfE's words in its caseload)
SEX_NAMES: dict[str, str] = {"M": "Male", "F": "Female", "U": "Not known"}
# SPEC 2.1's setting codes (frames.placements.SETTING_GROUPS)
SETTING_NAMES: dict[str, str] = {
    "mainstream": "Mainstream school", "resourced_provision": "Resourced provision", "sen_unit": "SEN unit",
    "independent_mainstream": "Independent mainstream school",
    "special_maintained": "Special school (maintained)", "special_academy_free": "Special academy or free school",
    "independent_special": "Independent special school", "non_maintained_special": "Non-maintained special school",
    "alternative_provision": "Alternative provision", "post16": "Post-16 (college, training)",
    "specialist_post16": "Specialist post-16 institution", "early_years": "Early years setting",
    "home_education": "Home education", "other_arrangements": "Other arrangements",
    "not_in_education": "Not in education", "unknown": "Not recorded",
}
AREA_NAMES: dict[str, str] = {"in_area": "In the LA's area", "out_of_area": "Outside the LA's area",
                              "unknown": "Not recorded"}
# the setting groups (frames.placements.GROUPS)
GROUP_NAMES: dict[str, str] = {
    "mainstream": "Mainstream school", "special": "Special school", "ap_pru": "Alternative provision or PRU",
    "post16": "Post-16 (college, training)", "early_years": "Early years setting",
    "elsewhere": "Educated elsewhere (home, other, not in education)", "unknown": "Not recorded",
}
# SEN2 CeaseReason: why an EHC plan stopped (each reason is a catalogue measure of its own, not a breakdown)
CEASE_NAMES: dict[str, str] = {
    "1": "Reached the maximum age", "2": "Needs met without a plan", "3": "Moved on to higher education",
    "4": "Moved into paid employment", "5": "Moved to another LA", "6": "Young person no longer engaging",
    "7": "Moved outside England", "8": "Died", "9": "Other reason", "unknown": "Reason not recorded",
}
METHOD_NAMES: dict[str, str] = {"cohort": "Cohort-flow model", "linear": "Linear trend (5 Januaries)",
                                "growth": "Average growth (3 years)"}
CENSUS_NEED_NAMES: dict[str, str] = {**NEED_NAMES, "NONE": "No SEN"}

CATEGORY_NAMES: dict[str, dict[str, str]] = {
    "requests_by_source": SOURCE_NAMES,
    "plans_by_sex": SEX_NAMES,
    "plans_by_need": NEED_NAMES, "plans_need_share": NEED_NAMES, "forecast_by_need": NEED_NAMES,
    **{k: CENSUS_NEED_NAMES for k in ("census_ehcp_by_need", "census_sen_support_by_need", "census_ehcp_need_share",
                                      "census_sen_support_need_share")},
    "plans_by_setting": SETTING_NAMES,
    "plans_by_area": AREA_NAMES,
    "forecast_by_group": GROUP_NAMES,
    "forecast_by_line": LINE_LABELS, "finance_cost_per_placement": LINE_LABELS,
    **{k: METHOD_NAMES for k in ("forecast_method_plans", "forecast_backtest_predicted", "forecast_backtest_actual",
                                 "forecast_backtest_error_pct")},
}
# categories that are words already ("16-20 weeks", "5-10") or the LA's own names (teams, caseworkers)
AS_NAMED: frozenset[str] = frozenset({
    "plans_by_weeks", "open_by_weeks", "plans_by_age_band", "forecast_by_age_band",
    "open_over_20_weeks", "open_16_to_20_weeks", "open_at_risk", "reviews_overdue_by_team",
    "reviews_overdue_by_caseworker",
})


def category_name(measure: str, category: object) -> str:
    """The words for one category of a catalogue breakdown (the category itself when it is already words)."""
    text = str(category)
    return CATEGORY_NAMES.get(measure, {}).get(text, text)
