"""Complaints and compliments: by month, stage and category; responded on time; mediation and tribunal."""

import pandas as pd
import streamlit as st

from dashboard.measures import coverage as cov
from dashboard.ui import components as ui
from dashboard.ui import data

k = data.current_kpis()
data.heading("Complaints and compliments", k, "From the SEND service's complaints log")
months = pd.DataFrame(k["complaints"]["by_month"])
if months.empty:
    st.info("No complaints log has been loaded yet. Load it on the **Data** page.")
    st.stop()
if any(k["filters"].values()):
    st.info("The need and age-band filters do not apply here: the complaints log does not record a child's "
            "need or age, so this page shows all complaints.")

flows = months.melt("month", value_vars=["received", "compliments"], var_name="kind", value_name="records")
ui.bar_chart(flows, x="month", y="records", color="kind", stack=False, title="Complaints and compliments each month",
             y_title="Records", name="complaints-by-month")
stages = months.melt("month", value_vars=["stage_1", "stage_2", "ombudsman"], var_name="stage", value_name="complaints")
ui.bar_chart(stages, x="month", y="complaints", color="stage", title="Complaints by stage", y_title="Complaints",
             name="complaints-by-stage")
on_time = months.assign(area="This LA")[["month", "area", "responded_on_time_pct"]]
ui.line_chart(on_time, x="month", y="responded_on_time_pct", series="area", percent=True,
              title="% of complaints responded to by the due date", y_title="% on time", name="complaints-on-time")
ui.about("complaints")

st.subheader("Mediation and tribunal (from the casework records)")
missing = {f: cov.not_recorded(k, m) for f, m in (("mediation", "requests_mediation"), ("tribunal", "requests_tribunal"))}
years = [{"year": r["year"], "requests": r["received"],
          **{f: cov.NOT_RECORDED if missing[f] else r[f] for f in ("mediation", "tribunal")}}
         for r in k["requests"]["by_year"][-7:] if "mediation" in r]
ui.table_with_download(pd.DataFrame(years), "mediation-tribunal",
                       empty="No requests for assessment are recorded yet.")
st.caption("Requests received in each year, and how many of them went to mediation and to the SEND tribunal.")
if any(missing.values()):
    st.caption("Not recorded in the extract: the loaded files have no "
               + " or ".join(f"`request_{f}`" for f, gone in missing.items() if gone)
               + " column, so these counts are unknown, not 0 (see **Data** › Data quality).")

st.subheader("By category and outcome")
tables = data.complaints_tables(k)
if tables is None:
    st.caption("This breakdown holds small numbers, so it is shown to SEND leads only.")
    st.stop()
c1, c2 = st.columns(2)
with c1:
    ui.bar_chart(pd.DataFrame(tables["category"]), x="category", y="complaints", horizontal=True,
                 title=f"By category, {tables['period']}", y_title="Complaints", name="complaints-by-category")
with c2:
    ui.bar_chart(pd.DataFrame(tables["outcome"]), x="outcome", y="complaints", horizontal=True,
                 title=f"By outcome, {tables['period']}", y_title="Complaints", name="complaints-by-outcome")
