"""Annual reviews: due, held, and decided within 4 weeks, by month and year; overdue reviews for leads."""

import pandas as pd
import streamlit as st

from dashboard.format import fmt_int
from dashboard.ui import access, data, journey, tidy
from dashboard.ui import components as ui

k = data.current_kpis()
data.heading("Annual reviews", k, "Every EHC plan is reviewed at least once a year")
reviews = k.get("reviews") or {}

c1, c2 = st.columns(2)
c1.metric("Reviews overdue today", fmt_int(reviews.get("overdue")) if reviews.get("overdue") is not None else "–",
          help="Plans whose latest review meeting (or start, when none) was more than a year ago.")
last = journey.latest(k, "reviews", "by_year")
if last:
    c2.metric(f"Decided within 4 weeks, {last['year']}",
              f"{last['within_4_weeks_pct']:.1f}%" if isinstance(last.get("within_4_weeks_pct"), int | float) else "–")

st.subheader("By year")
ui.bar_chart(journey.long(k, "reviews", {"due": "Due", "meetings": "Meeting held", "decided": "Decision sent",
                                         "within_4_weeks": "Decided within 4 weeks"}, name="stage", value="reviews"),
             x="year", y="reviews", color="stage", stack=False, title="Annual reviews each year",
             y_title="Reviews", name="reviews-by-year")
within = tidy.area_series(k, "reviews_within_4_weeks_pct", tidy.yearly(k, "reviews", "within_4_weeks_pct"))
ui.line_chart(within, x="year", y="value", series="area", percent=True, name="reviews-within-4-weeks",
              title="% of review decisions sent within 4 weeks of the meeting", y_title="% within 4 weeks")
ui.bar_chart(journey.long(k, "reviews", journey.REVIEW_WORDS, name="outcome", value="reviews", nested="outcomes"),
             x="year", y="reviews", color="outcome", title="What the reviews decided", y_title="Reviews",
             name="review-outcomes")
ui.table_with_download(pd.DataFrame(journey.rows(k, "reviews")).drop(columns=["outcomes"], errors="ignore"),
                       "reviews-by-year-table")

st.subheader("By month")
monthly = pd.DataFrame(reviews.get("by_month") or [], columns=["month", "meetings", "decided", "within_4_weeks"])
ui.bar_chart(monthly.melt("month", var_name="stage", value_name="reviews"), x="month", y="reviews", color="stage",
             stack=False, title="Review meetings and decisions each month", y_title="Reviews", name="reviews-by-month")
ui.about("annual_reviews")

st.subheader("Overdue reviews")
if not access.current().can("case_lists"):
    st.caption("Overdue reviews by caseworker and team are shown to SEND leads only.")
else:
    c1, c2 = st.columns(2)
    with c1:
        ui.bar_chart(tidy.counts(reviews.get("overdue_by_team") or {}, label="team", value="reviews"), x="team",
                     y="reviews", sort_x=True, title="Overdue reviews by team", y_title="Reviews", name="overdue-by-team")
    with c2:
        ui.bar_chart(tidy.counts(reviews.get("overdue_by_caseworker") or {}, label="caseworker", value="reviews"),
                     x="caseworker", y="reviews", sort_x=True, title="Overdue reviews by caseworker",
                     y_title="Reviews", name="overdue-by-caseworker")
    everyone = journey.overdue_table(k)
    c1, c2 = st.columns(2)
    team = c1.selectbox("Team", sorted(set(everyone["Team"])), index=None, placeholder="All teams", key="overdue_team")
    worker = c2.selectbox("Caseworker", sorted(set(journey.overdue_table(k, team=team)["Caseworker"])), index=None,
                          placeholder="All caseworkers", key="overdue_caseworker")
    ui.table_with_download(journey.overdue_table(k, team=team, caseworker=worker), "overdue-reviews",
                           empty="No annual reviews are overdue.")
