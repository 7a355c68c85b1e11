"""Needs: primary need of plans maintained, against England and the region; need x age; trend."""

import pandas as pd
import streamlit as st

from dashboard.kpi.dates import AGE_BANDS
from dashboard.ui import components as ui
from dashboard.ui import data, tidy

k = data.current_kpis()
data.heading("Primary needs", k, "Primary need of the EHC plans the LA maintains")

st.subheader("Shares of plans maintained now, against England and the region")
ui.bar_chart(tidy.need_shares(k), x="need", y="share", color="area", stack=False, horizontal=False,
             title="% of plans by primary need", y_title="% of plans", name="need-shares")
ui.about("primary_need")

views = data.needs_views(k)
if views is None:
    st.caption("This breakdown holds small numbers, so it is shown to SEND leads only.")
    st.stop()
st.subheader("Need by age band")
by_age = pd.DataFrame(views["by_age"])
ui.bar_chart(by_age, x="need", y="count", color="age_band", title="Plans maintained by need and age band",
             y_title="Plans", name="need-by-age")
if not by_age.empty:
    table = by_age.pivot(index="need", columns="age_band", values="count")
    ui.table_with_download(table[[b for b in AGE_BANDS if b in table.columns]].reset_index(), "need-by-age-table")

st.subheader("Trend by need")
trend = pd.DataFrame(views["trend"])
if not trend.empty:  # the six largest needs now, so every line has its own colour; the table has them all
    top = trend[trend["year"] == trend["year"].max()].nlargest(6, "count")["need"]
    ui.line_chart(trend[trend["need"].isin(top)], x="year", y="share", series="need", percent=True,
                  title="% of plans at each January: the six largest primary needs", y_title="% of plans",
                  name="need-trend")
    ui.table_with_download(tidy.need_trend_table(trend), "need-trend-table")
