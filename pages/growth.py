"""EHCP growth: plans at each January against England and the region, monthly stock, new vs ceased."""

import pandas as pd
import streamlit as st

from dashboard.ui import components as ui
from dashboard.ui import data, tidy

k = data.current_kpis()
data.heading("EHC plan growth", k, "Plans maintained by the LA")

jan = {r["year"]: r["count"] for r in k["ehcps"]["january"]}
st.subheader("Plans at each January")
ui.bar_chart(pd.DataFrame(k["ehcps"]["january"][-tidy.YEARS_SHOWN:]), x="year", y="count", title="EHC plans maintained in January",
             y_title="Plans", name="plans-january")
counted = [y for y, n in jan.items() if n]  # a January with plans ("c" for a viewer counts)
if len(counted) < 2:  # one return: a growth line would be one point, or the benchmarks alone
    st.info("Growth needs plans maintained at two Januaries, and the data loaded gives "
            + (f"one (January {counted[0]})" if counted else "none") + ". Load the previous year's SEN2 return, or a casework extract "
            "going back more than a year, to see growth on the previous January and the index against England "
            "and the region.")
else:
    growth = tidy.area_series(k, "plans_growth_pct", {r["year"]: r["growth_pct"] for r in k["ehcps"]["january"]})
    ui.line_chart(growth, x="year", y="value", series="area", percent=True, name="plans-growth",
                  title="Growth on the previous January (%)", y_title="Growth %")
    ui.line_chart(tidy.indexed(k, jan), x="year", y="value", series="area", name="plans-indexed",
                  title="Plans at January, indexed (first year = 100)", y_title="Index")
ui.about("ehcps_january")

st.subheader("Month by month")
ui.line_chart(pd.DataFrame(data.monthly_stock(k)), x="month", y="maintained", series="area",
              title="Plans maintained at each month end", y_title="Plans", name="plans-monthly")
flows = pd.DataFrame(k["ehcps"]["plans_by_month"], columns=["month", "new", "ceased"]).melt(
    "month", var_name="flow", value_name="plans")
ui.bar_chart(flows, x="month", y="plans", color="flow", stack=False, title="New and ceased plans",
             y_title="Plans", name="new-ceased-plans")
ui.about("new_ceased_plans")

st.subheader("Who holds a plan now")
c1, c2 = st.columns(2)
with c1:
    ui.bar_chart(tidy.counts(k["ehcps"]["by_age_band"], label="age band"), x="age band", y="plans",
                 title="By age band", y_title="Plans", name="plans-by-age")
    by_sex = tidy.counts(k["ehcps"]["by_sex"], label="sex")
    ui.bar_chart(by_sex.assign(sex=tidy.breakdown_words("sex", by_sex["sex"])), x="sex", y="plans", title="By sex",
                 y_title="Plans", name="plans-by-sex")
with c2:
    ui.bar_chart(tidy.counts(k["ehcps"]["by_setting"], label="setting"), x="setting", y="plans",
                 title="By setting type", y_title="Plans", name="plans-by-setting", horizontal=True)
    ui.bar_chart(tidy.counts(k["ehcps"]["in_area"], label="where"), x="where", y="plans",
                 title="In or out of the LA's area", y_title="Plans", name="plans-in-area")
ui.about("age_sex")
