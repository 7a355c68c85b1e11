"""Data: load extracts, see what was loaded, check data quality, refresh benchmarks."""

import streamlit as st

from dashboard.ui import components as ui
from dashboard.ui import data, imports

st.title("Data")
st.caption("Load the LA's extracts or a newer DfE benchmark release, see the import history and check the "
           "data's quality.")

tab_load, tab_history, tab_quality, tab_bench = st.tabs(["Load files", "Import history", "Data quality",
                                                         "Benchmarks"])
with tab_load:
    imports.upload_form(data.engine(), la_code=data.la_code())
ready = data.guard(data.database_ready)
with tab_history:
    if ready:
        history = data.guard(data.import_history, data.db_url())
        if (history["status"] == "interrupted").any():
            st.warning("An import marked **interrupted** started but never finished (the process was stopped, "
                       "ran out of memory or the server restarted): it changed nothing. Import the file again. "
                       "An import running right now is shown so until it finishes.")
        ui.table_with_download(history, "import-history", empty="No files have been imported yet.")
    else:
        st.info("Nothing has been imported into this database yet.")
with tab_quality:
    if ready:
        quality = data.guard(data.quality, data.db_url(), data.la_code())
        st.subheader("Completeness")
        ui.table_with_download(quality["completeness"], "data-completeness")
        st.subheader("Dates out of order")
        ui.table_with_download(quality["order"], "dates-out-of-order")
        st.subheader("Not recorded in the extract")
        st.caption("Measures whose column no loaded file had: the pages and the briefing show them as not "
                   "recorded, not as 0.")
        ui.table_with_download(quality["not_recorded"], "not-recorded",
                               empty="Every measure's column is in the loaded files.")
        st.subheader("Schools not in the establishments list")
        st.caption("Placements whose URN the loaded GIAS establishments list lacks. A SEN2 placement takes its "
                   "setting from the list, so its plan counts as setting unknown until a list that has the school "
                   "is loaded (Load files); a casework placement keeps the setting the extract records.")
        ui.table_with_download(quality["unknown_urns"], "unknown-urns",
                               empty="Every placement's URN is in the establishments list.")
    else:
        st.info("Data-quality checks appear once casework or SEN2 records are loaded.")
with tab_bench:
    st.caption("England, regional and every LA's published figures (DfE 'Education, health and care plans', "
               "Explore Education Statistics). When DfE publishes a new release, load its zip (or its CSVs) "
               "here: each file replaces the figures it covers.")
    if ready:
        ui.table_with_download(data.guard(data.benchmark_releases, data.db_url()), "benchmark-releases",
                               empty="No benchmarks are loaded.")
    imports.upload_form(data.engine(), la_code=data.la_code(), kind="benchmarks")
