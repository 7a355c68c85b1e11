"""Programme: the improvement plan's actions, milestones, risks and decisions; leads and admins edit actions."""

import datetime as dt

import streamlit as st

from dashboard.reports import FORMATS, TITLES, build_inputs, render
from dashboard.ui import data, outlook, programme_edit
from dashboard.ui import programme as plan_ui
from dashboard.ui import programme_reports as reports_ui
from dashboard.ui.filters import current

CAPTION = "The improvement plan: actions, milestones, risks and decisions"
plan = plan_ui.programme()
if not plan_ui.loaded(plan):  # (before the KPIs: a plan can be shown, or asked for, without casework)
    data.heading("Programme", None, CAPTION)
    st.info(plan_ui.NO_PLAN)
    st.stop()
k = data.current_kpis()
data.heading("Programme", k, CAPTION)
as_at = dt.date.fromisoformat(k["as_at"])

plan_ui.tiles(plan, as_at)

st.subheader("Actions")
plan_ui.actions_section(plan, k, as_at, data.settings())

if data.unsuppressed():
    st.subheader("Update the actions")
    programme_edit.editor(plan["actions"])

st.subheader("Milestones")
plan_ui.milestones_section(plan["milestones"], as_at)
if data.unsuppressed() and not plan["milestones"].empty:
    with st.expander("Update the milestones"):
        programme_edit.editor(plan["milestones"], "milestones")

st.subheader("Risks")
plan_ui.risks_section(plan["risks"])
if data.unsuppressed() and not plan["risks"].empty:
    with st.expander("Update the risks"):
        programme_edit.editor(plan["risks"], "risks")

st.subheader("Decision log")
plan_ui.decisions_section(plan["decisions"])

st.subheader("History of changes")
st.caption("Every change made in the app, newest first (who made it, and the value before and after).")
plan_ui.history(plan)

st.subheader("Reports")
finance, settings, chosen = outlook.finance_shown(), data.settings(), current()
override = reports_ui.rag_override(data.unsuppressed())


def _make(kind: str, suffix: str, rag: tuple[str, str] | None) -> bytes:
    k_full, edits, name = reports_ui.sources(chosen)
    return render(kind, build_inputs(k_full, plan, edits, settings, la_name=name, show_finance=finance,
                                     rag_override=rag), suffix)


reports_ui.downloads(FORMATS, TITLES, _make, as_at=as_at, override=override, finance=finance)
