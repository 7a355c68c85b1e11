"""Tables for people: column headings in words, thousands separators, one decimal place and a % sign.

The frame itself is not changed (its column keys are those of the KPI object, so the CSV download and
the tests read the same names); only Streamlit's ``column_config`` says how to show each column. A column
holding a suppressed ``"c"`` or a blank among its numbers is shown as text, each number formatted here and a
blank as "–" (never "None"); a time of day (the import log's) as a UK date and time.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.format import fmt_int, fmt_pct, local_time
from dashboard.measures.categories import AREA_NAMES, SETTING_NAMES
from dashboard.measures.journey import GROUP_LABELS
from dashboard.measures.needs import NEED_NAMES
from frames.finance import LINE_LABELS

LABELS: dict[str, str] = {
    "year": "Year", "month": "Month", "issued": "Plans issued", "within": "Within 20 weeks",
    "pct": "% within 20 weeks", "issued_ex": "Plans issued (excl. exceptions)",
    "within_ex": "Within 20 weeks (excl. exceptions)", "pct_ex": "% within 20 weeks (excl. exceptions)",
    "median_weeks": "Median weeks to issue", "received": "Requests received", "growth_pct": "Growth %",
    "decided": "Decisions", "decided_within_6_weeks": "Decided within 6 weeks",
    "decided_within_6_weeks_pct": "% decided within 6 weeks",
    "due_date": "Due date", "due": "Due", "final_on_time": "Finalised on time", "final_late": "Finalised late",
    "outstanding": "Outstanding", "pct_on_time": "% on time", "pct_finalised": "% finalised so far",
    "census_date": "Census date", "pupils": "Pupils", "ehcp": "EHC plans", "sen_support": "SEN support",
    "pct_ehcp": "% with an EHC plan", "pct_sen_support": "% on SEN support", "pct_all_sen": "% with any SEN",
    "share_of_ehcp": "% of all EHC plans", "share_of_sen_support": "% of all SEN support",
    "need": "Primary need", "age_band": "Age band", "sex": "Sex", "fsm": "Free school meals",
    "eal": "English as an additional language", "phase": "Phase",
    "request_ref": "Request", "person_ref": "Person", "caseworker": "Caseworker", "team": "Team",
    "received_date": "Received", "days": "Days since request", "weeks": "Weeks since request",
    "status": "Status", "days_to_due": "Days to the due date (negative: overdue)",
    "mediation": "Mediation", "tribunal": "Tribunal", "requests": "Requests",
    "field": "Field", "column": "Column", "applies_to": "Applies to", "records": "Records",
    "complete": "Complete", "missing": "Missing", "pct_complete": "% complete", "check": "Check",
    "count": "Records", "request_refs": "Requests (first 50)",
    "file_name": "File", "kind": "Kind", "la_code": "LA", "rows_read": "Rows read", "rows_loaded": "Rows loaded",
    "rows_rejected": "Rows rejected", "started_at": "Started", "finished_at": "Finished", "message": "Result",
    "sha256": "sha256", "target": "Replaces", "row": "Row", "reason": "Reason",
    "release": "DfE release", "source": "File", "first_year": "From", "last_year": "To",
    # forecast and high-needs finance (issue 14)
    "january": "January", "low": "Low", "high": "High", "total": "Total", "age": "Age",
    "plans": "Plans", "base_plans": "Plans at the base January", "continuation_pct": "% continuing a year later",
    "continuation_low_pct": "% continuing: lowest year", "continuation_high_pct": "% continuing: highest year",
    "continuation_used_pct": "% continuing: as used", "new_plans": "New plans a year", "new_low": "New plans: fewest",
    "new_high": "New plans: most", "financial_year": "Financial year", "latest_period": "Latest month (1 = April)",
    "budget": "Budget £", "forecast_outturn": "Forecast outturn £", "actual_to_date": "Spent to date £",
    "variance": "Variance £ (outturn - budget)", "variance_pct": "Variance %", "cost_per_placement": "Cost per placement £",
    "income": "Income £", "in_year_balance": "In-year balance £", "planned_in_year_balance": "Planned in-year balance £",
    "cumulative_balance": "Cumulative balance £", "planned_cumulative_balance": "Planned cumulative balance £",
    "cumulative_gap": "Cumulative balance against the plan £", "dfe_contribution": "DfE contribution £",
    "la_contribution": "LA contribution £", "placement_cost": "Placement cost £", "line": "Line",
    "workstream": "Workstream", "savings_target": "Target £", "delivered": "Delivered £", "delivered_pct": "% delivered",
    "schemes": "Schemes", "projected_plans": "Plans forecast at the January",
    **{code: words for code, words in LINE_LABELS.items() if code not in ("other", "income")},
    **{g: w[0].upper() + w[1:] for g, w in GROUP_LABELS.items() if g not in ("unknown",)},
}
# codes shown on charts' axes and legends, in words (the CSV download keeps the codes)
VALUE_LABELS: dict[str, str] = {
    **SETTING_NAMES, **AREA_NAMES,  # a plan's setting, and in or out of the LA's area
    "stage_1": "Stage 1", "stage_2": "Stage 2", "ombudsman": "Ombudsman",
    "upheld": "Upheld", "partly_upheld": "Partly upheld", "not_upheld": "Not upheld", "withdrawn": "Withdrawn",
    "final_on_time": "Finalised on time", "final_late": "Finalised late", "outstanding": "Outstanding",
    "ehcp": "EHC plan", "sen_support": "SEN support", "new": "New plans", "ceased": "Ceased plans",
    "received": "Complaints received", "compliments": "Compliments",
    # complaint categories and outcomes (SPEC 1.3), in one case style: sentence case
    "decision": "Decision", "process": "Process", "communication": "Communication", "timeliness": "Timeliness",
    "provision": "Provision", "staff_conduct": "Staff conduct", "other": "Other", "open": "Still open",
}
_AS_IS = {"year", "row", "la_code", "first_year", "last_year"}  # whole numbers that are names, not amounts: no thousands separator


def label(column: object) -> str:
    key = str(column)
    if key in NEED_NAMES:  # a code heads its column as the code ("SEMH", never "Semh")
        return "Not recorded" if key == "UNKNOWN" else key
    return LABELS.get(key, key.replace("_", " ").capitalize())


def is_pct(column: object) -> bool:
    key = str(column)
    return key.startswith(("pct", "share_of")) or key.endswith("_pct")


def _cell(value: object, pct: bool) -> object:
    if isinstance(value, list | tuple):  # e.g. the request ids behind a data-quality count
        return ", ".join(str(v) for v in value) or "–"
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if pct:
        return fmt_pct(value)
    return fmt_int(value) if float(value).is_integer() else f"{value:,.1f}"


def for_people(df: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """(the frame to show, its ``column_config``): numeric columns formatted by Streamlit, mixed ones here."""
    shown = df.copy()
    config: dict = {}
    for col in df.columns:
        name, values = label(col), df[col]
        help_text = NEED_NAMES.get(str(col))
        if pd.api.types.is_datetime64_any_dtype(values):
            shown[col] = [local_time(v) for v in values]
            config[col] = st.column_config.TextColumn(name)
        elif str(col) in _AS_IS:
            if values.dtype == object or values.isna().any():  # e.g. no LA for a benchmark release
                shown[col] = ["–" if v is None or v != v else str(int(v)) if isinstance(v, float) else v
                              for v in values]
                config[col] = st.column_config.TextColumn(name)
            else:
                config[col] = st.column_config.NumberColumn(name, format="%d")
        elif pd.api.types.is_bool_dtype(values):
            config[col] = st.column_config.CheckboxColumn(name)
        elif pd.api.types.is_numeric_dtype(values) and not values.isna().any():
            config[col] = st.column_config.NumberColumn(
                name, help=help_text,
                format="%.1f%%" if is_pct(col) else ("localized" if pd.api.types.is_integer_dtype(values)
                                                     else "%.1f"))
        else:  # text, dates, or numbers mixed with a suppressed "c" or a blank
            pct = is_pct(col)
            shown[col] = [_cell(v, pct) for v in values]
            config[col] = st.column_config.TextColumn(name, help=help_text)
    return shown, config


def in_words(values: pd.Series) -> pd.Series:
    """Codes replaced by their words (anything else unchanged), for a chart's categories."""
    return values.map(lambda v: VALUE_LABELS.get(v, v) if isinstance(v, str) else v)
