"""Forecast: EHC plans expected at each January for the next five years, the methods' backtests, scenarios."""

import streamlit as st

from dashboard.reports.forecast_xlsx import forecast_workbook
from dashboard.ui import components as ui
from dashboard.ui import data, forecast, outlook
from dashboard.ui import finance as money

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
k = data.current_kpis()
data.heading("Forecast", k, "EHC plans expected at each January for the next five years")
lead = data.unsuppressed()
forecast.apply_pending_choice()
scenario = forecast.scenario_panel(can_save=lead)
fc = outlook.forecast(k, scenario)
if not fc["years"]:
    st.info("The forecast needs at least two January snapshots of plans (a casework extract with plan start and "
            "cease dates, or two years' SEN2 returns). Load more history on the Data page.")
    st.stop()

forecast.tiles(fc)
forecast.chart(k, fc)
ui.about("forecast")
forecast.backtests(fc)

st.subheader("By need, age, setting and finance line")
forecast.breakdown(fc)

fin = outlook.finance(k, scenario)
if fin is not None and fin.get("loaded"):
    st.subheader("What this scenario would cost")
    money.projection_table(fin)
    st.caption("Forecast plans in each finance line × this year's cost per placement; income held at this year's. "
               "The High-needs finance page draws it against the agreement.")

if lead:
    st.subheader("The model's inputs")
    st.caption("Rates by age on the 31 August before each January, over the last three years (lowest and highest "
               "give the range).")
    forecast.inputs(fc)
    st.download_button(
        "Download the forecast and its inputs (XLSX)", mime=XLSX, key="forecast_xlsx", file_name=f"forecast-{k['as_at']}.xlsx",
        data=forecast_workbook(fc, finance=fin, projected=(fin or {}).get("projected"), la_name=f"LA {k['la_code']}",
                               scenario_name=scenario.name if scenario else outlook.BASELINE, as_at=k["as_at"]))
