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
    ui.bar_chart(by_cw, x="caseworker", y="outstanding", color="team", sort_x=True, title="Outstanding by caseworker",
                 y_title="Transfers", name="outstanding-by-caseworker")
if out.empty:
    st.info("No phase transfers are outstanding.")
    st.stop()
ahead = out[out["days_to_due"] >= 0]
st.markdown(f"**Due, not yet finalised** ({len(ahead):,}), soonest first")
ui.table_with_download(ahead, "transfers-due", empty="None: every transfer due ahead is finalised.")
overdue = out[out["days_to_due"] < 0].sort_values("days_to_due", ascending=False)
st.markdown(f"**Past the deadline with no final plan recorded** ({len(overdue):,}), most recent first")
st.caption("Old entries here are often cases that closed without the final date being recorded: worth a "
           "check in the case system.")
ui.table_with_download(overdue, "transfers-overdue", empty="None.")
