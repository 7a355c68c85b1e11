"""Ceased plans: why plans end, year by year, against England and the region."""

import streamlit as st

from dashboard.ui import components as ui
from dashboard.ui import data, journey

k = data.current_kpis()
data.heading("Ceased plans", k, "EHC plans that ended, by the reason recorded")

st.subheader("By reason over time")
ui.bar_chart(journey.long(k, "ceased", journey.CEASE_WORDS, name="reason", value="plans", nested="by_reason"),
             x="year", y="plans", color="reason", title="Plans ceased each year, by reason", y_title="Plans",
             name="ceased-by-reason")
ui.table_with_download(journey.ceased_table(k), "ceased-by-year-table")

last = journey.latest_published(k, "ceased", "ceased_reason_1_pct")
if last:
    st.subheader(f"Reasons in {last['year']}, against England and the region")
    ui.bar_chart(journey.reason_shares(k, last), x="reason", y="share", color="area", stack=False, horizontal=True,
                 title=f"Share of plans ceased in {last['year']} by reason (%)", y_title="% of ceased plans",
                 name="ceased-reason-shares")
ui.about("ceased")
