"""Placements: where children with a plan are placed, independent and out-of-area (the Safety Valve measures)."""

import pandas as pd
import streamlit as st

from dashboard.format import fmt_int
from dashboard.ui import access, data, journey, tidy
from dashboard.ui import components as ui

k = data.current_kpis()
data.heading("Placements", k, "Where children and young people with an EHC plan are placed")
p = k.get("placements") or {}
now = p.get("at_as_at") or {}

c1, c2, c3 = st.columns(3)
c1.metric("Plans maintained", fmt_int(now.get("total")) if now.get("total") is not None else "–")
c2.metric("In independent or non-maintained schools", fmt_int(now.get("independent")) if now.get("independent") is not None else "–",
          help="Independent mainstream, independent special and non-maintained special schools.")
c3.metric("Placed outside the LA's area", fmt_int(now.get("out_of_area")) if now.get("out_of_area") is not None else "–")

st.subheader("The mix at each January")
jan = journey.rows(k, "placements", "january")
ui.bar_chart(pd.DataFrame([{"year": r["year"], "setting": w, "plans": r.get(g)} for r in jan
                           for g, w in journey.GROUP_WORDS.items() if g in r], columns=["year", "setting", "plans"]),
             x="year", y="plans", color="setting", title="Plans at each January, by setting", y_title="Plans",
             name="placements-mix")
if jan:
    last = jan[-1]
    ui.bar_chart(journey.area_shares(k, last, year=last["year"]), x="group", y="share", color="area", stack=False,
                 horizontal=True, title=f"Share of plans by setting, January {last['year']} (%)", y_title="% of plans",
                 name="placements-shares")
ui.about("placements")

st.subheader("Independent and out-of-area placements")
indep = tidy.area_series(k, "independent_pct", {r["year"]: r.get("independent_pct") for r in jan})
ui.line_chart(indep, x="year", y="value", series="area", percent=True, name="independent-share",
              title="% of plans in independent or non-maintained schools", y_title="% of plans")
ui.line_chart(pd.DataFrame([{"year": r["year"], "area": tidy.LA_LABEL, "value": r.get("out_of_area_pct")} for r in jan],
                           columns=["year", "area", "value"]), x="year", y="value", series="area", percent=True,
              name="out-of-area-share", title="% of plans placed outside the LA's area (DfE does not publish this)",
              y_title="% of plans")
ui.table_with_download(pd.DataFrame(jan), "placements-by-january-table")

st.subheader("Where new plans are placed")
new = journey.rows(k, "placements", "new_by_year")
ui.bar_chart(pd.DataFrame([{"year": r["year"], "setting": w, "plans": r.get(g)} for r in new
                           for g, w in journey.GROUP_WORDS.items() if g in r], columns=["year", "setting", "plans"]),
             x="year", y="plans", color="setting", title="New plans each year, by setting at the start", y_title="Plans",
             name="new-plans-by-setting")

if access.current().can("case_lists"):
    st.subheader("Children in each setting group, by school")
    ui.table_with_download(journey.by_school(k, data.school_names(data.db_url())), "placements-by-school",
                           empty="No school placements recorded.")
else:
    st.caption("Placements by school are shown to SEND leads only.")
