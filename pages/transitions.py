"""Transitions: phase transfers against the statutory deadlines, and the outstanding list."""

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.ui import access, data
from dashboard.ui import components as ui

k = data.current_kpis()
data.heading("Phase transfers", k, "Amended plans due by 15 February (school phases) or 31 March (to post-16)")

nxt = k["next_phase_transfer_deadline"]
st.metric(f"Days to the next statutory deadline ({nxt['kind']})", f"{nxt['days']:,}",
          help=f"{dt.date.fromisoformat(nxt['date']):%d %B %Y}")
rows = pd.DataFrame(k["transitions"])
if rows.empty:
    st.info("No phase transfers are recorded. They come from the casework extract's phase_transfer_due_date.")
    st.stop()
status = rows.melt("due_date", value_vars=["final_on_time", "final_late", "outstanding"], var_name="status",
                   value_name="transfers")
ui.bar_chart(status, x="due_date", y="transfers", color="status", title="Phase transfers by due date",
             y_title="Transfers", name="phase-transfers")
ui.table_with_download(rows, "phase-transfers-table")
ui.about("transitions")

st.subheader("Outstanding transfers")
if not access.current().can("case_lists"):
    st.caption("Lists of individual cases are shown to SEND leads only.")
    st.stop()
out = pd.DataFrame(data.transfers_outstanding(k))
if not out.empty:
    by_cw = out.fillna({"caseworker": "not recorded", "team": "not recorded"}).groupby(
        ["team", "caseworker"]).size().reset_index(name="outstanding")
    ui.bar_chart(by_cw, x="caseworker", y="outstanding", color="team", title="Outstanding by caseworker",
                 y_title="Transfers", name="outstanding-by-caseworker")
ui.table_with_download(out, "outstanding-transfers", empty="No phase transfers are outstanding.")
