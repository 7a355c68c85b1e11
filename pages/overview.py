"""Overview: the headline KPIs with change, benchmarks and RAG."""

import streamlit as st

from dashboard.ui import data
from dashboard.ui import overview as ov

k = data.current_kpis()
data.heading("SEND performance overview", k)
if not ov.has_data(k):
    st.info("The database holds no casework or SEN2 records for this LA yet. Load files on the **Data** page.")
    st.stop()
targets = data.settings()
tiles = ov.tiles(k, targets)
for start in range(0, len(tiles), 4):
    for col, t in zip(st.columns(4), tiles[start:start + 4], strict=False):
        with col:
            t.show()
st.caption(ov.last_import_text(data.guard(data.import_history, data.db_url())))
