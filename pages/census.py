"""Census: pupils with an EHC plan and on SEN support in the spring census, against England."""

import pandas as pd
import streamlit as st

from dashboard.ui import components as ui
from dashboard.ui import data, tidy

k = data.current_kpis()
data.heading("School census", k, "Pupils in the LA's schools at each spring census")
rows = pd.DataFrame(k["census"]["by_date"])
if rows.empty:
    st.info("No census has been loaded yet. Load the pupil-level spring census on the **Data** page.")
    st.stop()

st.subheader("Share of pupils with SEN over time")
trend = tidy.census_vs_england(rows)
c1, c2 = st.columns(2)  # one chart per provision, so this LA and England each keep their own colour
for col, what, title in ((c1, "EHC plan", "% of pupils with an EHC plan"), (c2, "SEN support", "% of pupils on SEN support")):
    with col:
        ui.line_chart(trend[trend["series"].str.endswith(what)], x="year", y="value", series="series", percent=True,
                      title=title, y_title="% of pupils", name=f"census-trend-{what.lower().replace(' ', '-')}")
st.caption("England: DfE 'Special educational needs in England' (all schools), January of each year.")
ui.table_with_download(rows.drop(columns=[c for c in rows.columns if c.endswith(("_by_need", "_need_pct"))]),
                       "census-by-date")
ui.about("census")

latest = rows["census_date"].iloc[-1]
st.subheader(f"Breakdown at the {pd.Timestamp(latest):%d %B %Y} census")
by = st.segmented_control("Split by", list(tidy.BREAKDOWN_NAMES), default="need", key="census_by",
                          format_func=tidy.BREAKDOWN_NAMES.get) or "need"
rows = data.census_breakdown(k, latest, by)
if rows is None:
    st.caption("This breakdown holds small numbers, so it is shown to SEND leads only.")
    st.stop()
split = pd.DataFrame(rows)
if not split.empty:  # a need's name is long: one row each
    ui.bar_chart(tidy.census_split(split, by), x=by, y="count", color="provision", stack=False, horizontal=by == "need",
                 title="Pupils with an EHC plan and on SEN support", y_title="Pupils", name=f"census-by-{by}")
    ui.table_with_download(split.assign(**{by: tidy.breakdown_words(by, split[by])}), f"census-by-{by}-table")
