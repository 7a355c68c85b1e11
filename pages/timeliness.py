"""Timeliness: 20-week EHCP timeliness by month and year, weeks to issue, 6-week decisions, open assessments."""

import pandas as pd
import streamlit as st

from dashboard.format import fmt_int
from dashboard.ui import access, data, tidy
from dashboard.ui import components as ui

k = data.current_kpis()
data.heading("20-week timeliness", k, "Final EHC plans issued within 20 weeks of the request")

st.subheader("By month")
ui.line_chart(tidy.monthly_timeliness(k), x="month", y="value", series="series", percent=True,
              title="% of plans issued within 20 weeks", y_title="% within 20 weeks", name="timeliness-by-month")
ui.bar_chart(pd.DataFrame(k["timeliness"]["by_month"]), x="month", y="issued", title="Plans issued each month",
             y_title="Plans issued", name="plans-issued-by-month")
ui.about("timeliness")

st.subheader("By calendar year, against England and the region")
yearly = tidy.area_series(k, "timeliness_pct_ex", tidy.yearly(k, "timeliness", "pct_ex"))
ui.line_chart(yearly, x="year", y="value", series="area", percent=True, name="timeliness-by-year",
              title="% within 20 weeks, excluding exceptions", y_title="% within 20 weeks")
ui.table_with_download(tidy.timeliness_table(k), "timeliness-by-year-table")
ui.line_chart(tidy.cumulative_by_year(k), x="month_no", y="pct_ex_ytd", series="year", percent=True,
              title="Calendar year to date (excluding exceptions)", y_title="% within 20 weeks",
              name="timeliness-year-to-date")

st.subheader("Weeks to issue")
ui.bar_chart(tidy.weeks_distribution(k), x="weeks", y="plans", color="year", stack=False,
             title="Plans issued by weeks from request", y_title="Plans", name="weeks-to-issue")
ui.about("weeks_to_issue")

st.subheader("Decisions within 6 weeks")
six = tidy.area_series(k, "decided_within_6_weeks_pct", tidy.yearly(k, "requests", "decided_within_6_weeks_pct"))
ui.line_chart(six, x="year", y="value", series="area", percent=True, name="decisions-6-weeks",
              title="% of decisions to assess made within 6 weeks", y_title="% within 6 weeks")
ui.about("decision_6_weeks")

st.subheader("Open assessments")
oa = k["timeliness"].get("open_assessments") or {}
c1, c2, c3 = st.columns(3)
c1.metric("Open assessments", fmt_int(oa.get("total", 0)))
c2.metric("At 16–20 weeks", fmt_int(oa.get("weeks_16_to_20", 0)))
c3.metric("Over 20 weeks", fmt_int(oa.get("over_20_weeks", 0)))
ui.bar_chart(tidy.counts(oa.get("by_weeks") or {}, label="weeks since the request", value="assessments"),
             x="weeks since the request", y="assessments", title="Open assessments by weeks since the request",
             y_title="Open assessments", name="open-assessments-by-weeks")
if k["filters"]["need"]:
    st.caption("A primary need is usually recorded only when a plan is written, so a need filter leaves out "
               "most open assessments.")
risk = pd.DataFrame(oa.get("at_risk", []))
if not access.current().can("case_lists"):
    st.caption("Lists of individual cases are shown to SEND leads only.")
elif not risk.empty:
    by_cw = risk.groupby(["team", "caseworker", "status"], dropna=False).size().reset_index(name="cases")
    by_cw = by_cw.fillna("not recorded")
    c1, c2 = st.columns(2)
    with c1:
        ui.bar_chart(by_cw.groupby(["team", "status"], as_index=False)["cases"].sum(), x="team", y="cases",
                     color="status", sort_x=True, title="At-risk assessments by team", y_title="Cases", name="at-risk-by-team")
    with c2:
        ui.bar_chart(by_cw, x="caseworker", y="cases", color="status", sort_x=True,
                     title="At-risk assessments by caseworker",
                     y_title="Cases", name="at-risk-by-caseworker")
    ui.table_with_download(risk, "at-risk-assessments", empty="No open assessments at 16 weeks or more.")
else:
    st.info("No open assessments at 16 weeks or more.")
ui.about("open_assessments")
