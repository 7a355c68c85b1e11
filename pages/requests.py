"""Requests & assessments: the journey from request to plan, outcomes, mediation and tribunals, sources."""

import pandas as pd
import streamlit as st

from dashboard.ui import components as ui
from dashboard.ui import data, journey, tidy

k = data.current_kpis()
data.heading("Requests and assessments", k, "From a request for an EHC needs assessment to a plan")

years = journey.years(k, "requests")
st.subheader("The journey from request to plan")
if years:
    year = st.selectbox("Requests received in", sorted(years, reverse=True), key="journey_year")
    ui.bar_chart(journey.funnel(k, year), x="stage", y="requests", horizontal=True, keep_order=True,
                 title=f"Requests received in {year}, where they are now", y_title="Requests", name="request-funnel")
else:
    st.info("No requests for assessment are loaded yet.")
ui.about("request_outcomes")

st.subheader("Request outcomes over time")
ui.bar_chart(journey.long(k, "requests", journey.OUTCOME_WORDS), x="year", y="requests", color="outcome",
             title="Requests received, by decision", y_title="Requests", name="request-outcomes")
refused = tidy.area_series(k, "refused_pct", tidy.yearly(k, "requests", "not_assess_pct"))
ui.line_chart(refused, x="year", y="value", series="area", percent=True, name="refusal-rate",
              title="% of requests refused an assessment", y_title="% refused")

st.subheader("Mediation and tribunals")
c1, c2 = st.columns(2)
with c1:
    ui.bar_chart(journey.long(k, "requests", {"mediation": "Mediation", "tribunal": "Tribunal appeal"},
                              name="route"), x="year", y="requests", color="route", stack=False,
                 title="Requests that went to mediation or tribunal", y_title="Requests", name="request-mediation")
with c2:
    ui.line_chart(journey.with_la_published(k, "tribunal_appeal_rate"), x="year", y="value", series="area",
                  percent=True, title="SEND Tribunal appeal rate (appeals per appealable decision)",
                  y_title="% appealed", name="tribunal-appeal-rate")
    st.caption("DfE publishes the appeal rate for England and for each LA, not for regions.")

st.subheader("Who asks")
ui.bar_chart(journey.long(k, "requests", journey.SOURCE_WORDS, name="source", nested="by_source"), x="year",
             y="requests", color="source", title="Requests received, by who made the request", y_title="Requests",
             name="request-sources")
ui.about("request_sources")

st.subheader("Assessments completed")
ui.bar_chart(journey.long(k, "assessments", {"issued": "Plan to be issued", "not_issued": "No plan",
                                              "withdrawn": "Withdrawn"}, value="assessments"),
             x="year", y="assessments", color="outcome", title="Assessments completed, by outcome",
             y_title="Assessments", name="assessment-outcomes")
sixteen = tidy.area_series(k, "not_issued_within_16_weeks_pct",
                           tidy.yearly(k, "assessments", "not_issued_within_16_weeks_pct"))
ui.line_chart(sixteen, x="year", y="value", series="area", percent=True, name="not-issued-16-weeks",
              title="Decisions not to issue a plan made within 16 weeks", y_title="% within 16 weeks")
ui.table_with_download(pd.DataFrame(journey.rows(k, "assessments")), "assessments-by-year")
ui.about("assessments")
