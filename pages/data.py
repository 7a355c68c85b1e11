"""Data: load extracts, see what was loaded, check data quality, refresh benchmarks."""

import streamlit as st

from dashboard.ui import components as ui
from dashboard.ui import data, imports

st.title("Data")
st.caption("Load the LA's extracts, see the import history and check the data's quality.")

tab_load, tab_history, tab_quality = st.tabs(["Load files", "Import history", "Data quality"])
with tab_load:
    imports.upload_form(data.engine(), la_code=data.la_code())
with tab_history:
    history = data.guard(data.import_history, data.db_url())
    ui.table_with_download(history, "import-history", empty="No files have been imported yet.")
with tab_quality:
    quality = data.guard(data.quality, data.db_url(), data.la_code())
    st.subheader("Completeness")
    ui.table_with_download(quality["completeness"], "data-completeness")
    st.subheader("Dates out of order")
    ui.table_with_download(quality["order"], "dates-out-of-order")
