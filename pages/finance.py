"""High-needs finance: the DSG high-needs balance against the agreement, budget by line, savings, unit costs."""

import streamlit as st

from dashboard.ui import components as ui
from dashboard.ui import data, finance, forecast, outlook

k = data.current_kpis()
data.heading("High-needs finance", k, "The high-needs block against the deficit-recovery agreement")
if not outlook.finance_shown():
    st.info("The high-needs money is shown to SEND leads and admins only (setting `show_finance_to_viewers`).")
    st.stop()
forecast.apply_pending_choice()
scenario = forecast.scenario_panel(can_save=data.unsuppressed(), controls=False)
fin = outlook.finance(k, scenario)
if not fin or not fin.get("loaded"):
    st.info("No high-needs finance loaded yet. An admin can import the finance workbook (sheets budget, agreement "
            "and savings) on the Data page, or with `senddash import FILE.xlsx --kind finance`.")
    st.stop()

finance.tiles(fin)
finance.balance_chart(fin)
ui.about("finance")

st.subheader(f"Budget against forecast outturn, {fin.get('current_year') or 'latest year'}")
finance.lines_table(fin)

st.subheader("Savings against target")
finance.savings(fin)

if data.unsuppressed():
    st.subheader("Cost per placement")
    finance.cost_per_placement(fin)

st.subheader("The forecast's cost")
finance.projection_table(fin)
