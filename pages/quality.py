"""Data quality: each SEN2 return and casework extract checked against every validation rule before the return
is sent, and casework, the return and DfE's published figures reconciled."""

import streamlit as st

from dashboard.ui import access, data, quality, reconcile

st.title("Data quality")
st.caption("Every SEN2 return and casework extract is checked against the validation rules as it is imported: "
           "errors are what DfE's COLLECT would reject, queries need an explanation before the return is signed "
           "off.")
if data.guard(data.database_ready):
    quality.show(data.db_url(), data.la_code(), lists=access.current().can("case_lists"))
    st.header("Casework, the SEN2 return and DfE's published figures")
    reconcile.section(data.db_url(), data.la_code())
else:
    st.info("Nothing has been imported into this database yet.")
