"""Entry file: page router and the shared sidebar filters (run with ``senddash serve``)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` from a checkout
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.access import sees_finance  # noqa: E402
from dashboard.ui import access as access_ui  # noqa: E402
from dashboard.ui import data, filters  # noqa: E402

PAGES = ROOT / "pages"

st.set_page_config(page_title="SEND performance dashboard", page_icon=str(Path(__file__).resolve().parent / "static" / "favicon.png"), layout="wide")

access = access_ui.gate(data.settings(), data.engine())
st.session_state["_access"] = access

sections = {
    "KPIs": [
        st.Page(PAGES / "overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page(PAGES / "timeliness.py", title="Timeliness", icon=":material/timer:", url_path="timeliness"),
        st.Page(PAGES / "requests.py", title="Requests & assessments", icon=":material/inbox:", url_path="requests"),
        st.Page(PAGES / "reviews.py", title="Annual reviews", icon=":material/event_repeat:", url_path="reviews"),
        st.Page(PAGES / "growth.py", title="EHCP growth", icon=":material/trending_up:", url_path="growth"),
        st.Page(PAGES / "placements.py", title="Placements", icon=":material/location_city:", url_path="placements"),
        st.Page(PAGES / "ceased.py", title="Ceased plans", icon=":material/event_busy:", url_path="ceased"),
        st.Page(PAGES / "needs.py", title="Needs", icon=":material/extension:", url_path="needs"),
        st.Page(PAGES / "census.py", title="Census", icon=":material/school:", url_path="census"),
        st.Page(PAGES / "complaints.py", title="Complaints", icon=":material/mail:", url_path="complaints"),
        st.Page(PAGES / "transitions.py", title="Transitions", icon=":material/swap_horiz:", url_path="transitions"),
    ],
    "Planning": [st.Page(PAGES / "forecast.py", title="Forecast", icon=":material/query_stats:", url_path="forecast"),
                 st.Page(PAGES / "programme.py", title="Programme", icon=":material/checklist:", url_path="programme")],
    "Reports": [st.Page(PAGES / "briefing.py", title="Scrutiny briefing", icon=":material/description:",
                        url_path="briefing")],
}
if sees_finance(access, data.settings()):
    sections["Planning"].append(st.Page(PAGES / "finance.py", title="High-needs finance", icon=":material/payments:",
                                        url_path="finance"))
sections["Data"] = [st.Page(PAGES / "quality.py", title="Data quality", icon=":material/fact_check:",
                            url_path="quality")]
if access.can("imports"):
    sections["Data"].insert(0, st.Page(PAGES / "data.py", title="Data", icon=":material/database:", url_path="data"))
nav = st.navigation(sections)

access_ui.banner(access)
options = data.filter_options(data.db_url(), data.la_code())
st.session_state["_filters"] = filters.sidebar(
    default_as_at=options["default_as_at"], comparator_options=options["comparators"],
    can_filter=access.can("unsuppressed"),
)
nav.run()
