"""The Programme page's parts: the plan's tiles, the actions with their evidence, the milestones on a quarter
timeline, the risk matrices, the decision log and an action's edit history. Editing is in
:mod:`dashboard.ui.programme_edit`."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.disclosure.figures import evidence_table
from dashboard.format import fmt_int
from dashboard.kpi import programme as prog
from dashboard.ui import components as ui
from dashboard.ui import data
from data_access import queries
from frames.programme import STATUS_LABELS, STATUSES

COLOURS = {"purple": "#7B3FA0", "red": "#C0392B", "amber": "#E69F00", "green": "#2E8B57", "blue": "#1F6FB4"}
BANDS = {"Low (1-4)": "#C6EFCE", "Medium (5-12)": "#FFEB9C", "High (15+)": "#F4A3AB"}
GROUPS = {"workstream": "Workstream", "condition": "Condition"}
NO_PLAN = ("No improvement plan loaded yet. An admin can import it with `senddash import plan.xlsx --kind programme`; "
           "`senddash programme template --out plan.xlsx` writes a blank workbook (sheets actions, milestones, "
           "risks and decisions) to fill in.")


@st.cache_data(ttl=data.TTL, show_spinner=False)
def _programme(url: str, la: str) -> dict[str, pd.DataFrame]:
    return queries.load_programme(data.engine(), la_code=la)


@st.cache_data(ttl=data.TTL, show_spinner=False)
def _edits(url: str, la: str, table: str | None, ref: str | None) -> pd.DataFrame:
    return queries.load_edits(data.engine(), la_code=la, table=table, ref=ref)


def edits() -> pd.DataFrame:
    """Every in-app edit of the plan (cached until a save clears it)."""
    return _edits(data.db_url(), data.la_code(), None, None)


def programme() -> dict[str, pd.DataFrame]:
    """The LA's plan (cached until a save clears it)."""
    return data.guard(_programme, data.db_url(), data.la_code())


def clear() -> None:
    """Forget the cached plan and its edits (after a save)."""
    _programme.clear()
    _edits.clear()


def loaded(plan: dict[str, pd.DataFrame]) -> bool:
    return any(not df.empty for df in plan.values())


def tiles(plan: dict[str, pd.DataFrame], as_at: dt.date) -> dict:
    """The headline tiles (programme_block's numbers); returns the block."""
    block = prog.programme_block(plan, as_at=as_at)
    acts, risks = block["actions"], block["risks"]
    start, end = prog.quarter_after(as_at)
    top = [("Actions", acts["total"], "Every action in the plan."),
           ("Overdue actions", acts["overdue"], "Not complete, and the expected (else due) date has passed."),
           ("Milestones due next quarter", block["milestones_next_quarter"],
            f"Not complete and expected from {start:%d/%m/%Y} to {end:%d/%m/%Y}."),
           ("Open risks", risks["open"], None),
           ("High risks", risks["high"], "Open risks with a score after mitigation of 15 or more.")]
    for col, (label, n, help_) in zip(st.columns(len(top)), top, strict=True):
        with col:
            ui.tile(label, fmt_int(n), help=help_)
    for col, status in zip(st.columns(len(STATUSES)), STATUSES, strict=True):
        with col:
            ui.tile(f"Actions: {STATUS_LABELS[status]}", fmt_int(acts["by_status"][status]))
    return block


def _value(value: object, unit: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if not isinstance(value, int | float):
        return str(value)  # "c": hidden (small numbers)
    text = f"{value:,.1f}".removesuffix(".0")
    return {"pct": f"{text}%", "signed_pct": f"{value:+.1f}%", "pounds": f"£{text}", "weeks": f"{text} weeks"}.get(
        unit, text)


def action_table(actions: pd.DataFrame, k: dict, as_at: dt.date, settings: dict) -> pd.DataFrame:
    """The actions overdue first, in words, with each linked measure's value, target and RAG."""
    view = prog.actions_view(actions, as_at=as_at)
    ev = evidence_table(k, view, settings).set_index("ref")
    out = pd.DataFrame({
        "Ref": view["ref"], "Workstream": view["workstream"], "Condition": view["condition"],
        "Action": view["action"], "Lead": view["lead"], "Date (re-planned)": view["date_text"],
        "Status": view["status_label"], "Overdue": view["overdue"].map({True: "Overdue", False: ""}),
        "Progress": view["progress"].fillna(""),
    })
    out["Measure"] = view["ref"].map(ev["label"]).fillna("")
    out["Value"] = [_value(ev.at[r, "value"], ev.at[r, "unit"]) if r in ev.index else "" for r in view["ref"]]
    out["Target"] = [_value(ev.at[r, "target"], ev.at[r, "unit"]) if r in ev.index else "" for r in view["ref"]]
    out["RAG"] = view["ref"].map(ev["rag"]).fillna("")
    return out


def actions_section(plan: dict[str, pd.DataFrame], k: dict, as_at: dt.date, settings: dict) -> None:
    actions = plan["actions"]
    by = st.radio("Group the actions by", list(GROUPS), format_func=GROUPS.get, horizontal=True, key="prog_by")
    counts = prog.status_counts(actions, by=by).rename(columns={by: GROUPS[by], **STATUS_LABELS, "total": "Total"})
    st.dataframe(counts, hide_index=True, width="stretch")
    groups = ["All", *counts[GROUPS[by]]]
    pick = st.selectbox(f"Show the actions of one {by}", groups, key=f"prog_pick_{by}")
    table = action_table(actions, k, as_at, settings)
    if pick != "All":
        table = table[table[GROUPS[by]].fillna("(none)") == pick]
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "Ref": st.column_config.TextColumn(width="small"), "Action": st.column_config.TextColumn(width="large"),
        "Condition": st.column_config.TextColumn(width="medium"), "Progress": st.column_config.TextColumn(width="medium")})
    st.caption("Overdue actions first, then the worst status. The date is the due date, with the re-planned date in "
               "brackets when it differs. Value, target and RAG are the linked measure's latest, as on the Overview.")
    ui.csv_download(table, "programme-actions")


def milestones_section(milestones: pd.DataFrame, as_at: dt.date) -> None:
    if milestones.empty:
        st.info("The plan has no milestones.")
        return
    m = milestones.assign(_when=prog.when(milestones)).sort_values(["_when", "ref"])
    now = prog.quarter_of(as_at)
    points = pd.DataFrame({"milestone": m["ref"] + " " + m["milestone"].fillna(""),
                           "quarter": [prog.quarter_of(d) for d in m["_when"]],
                           "status": m["status"].map(STATUS_LABELS),
                           "date": [prog.date_text(d, e) for d, e in zip(m["due_date"], m["expected_date"], strict=True)]})
    days = [d for d in [*m["_when"], pd.Timestamp(as_at)] if not pd.isna(d)]
    quarters = [prog.quarter_of(q) for q in pd.period_range(min(days), max(days), freq="Q").to_timestamp()]
    x = alt.X("quarter:O", title="Quarter (expected, else due)", sort=quarters, scale=alt.Scale(domain=quarters),
              axis=alt.Axis(labelAngle=0, labelOverlap=False))
    colour = alt.Color("status:N", title="Status", scale=alt.Scale(domain=[STATUS_LABELS[s] for s in STATUSES],
                                                                    range=[COLOURS[s] for s in STATUSES]))
    dots = alt.Chart(points).mark_point(filled=True, size=160, opacity=1).encode(
        x=x, y=alt.Y("milestone:N", title=None, sort=list(points["milestone"]), axis=alt.Axis(labelLimit=360)), color=colour,
        shape=alt.Shape("status:N", scale=alt.Scale(domain=[STATUS_LABELS[s] for s in STATUSES])), tooltip=["milestone", "date", "status"])
    rule = alt.Chart(pd.DataFrame({"quarter": [now], "label": [f"As at ({now})"]}))
    chart = (dots + rule.mark_rule(strokeDash=[4, 4], color="#555").encode(x=x)
             + rule.mark_text(align="left", dx=4, dy=-6, color="#333").encode(x=x, y=alt.value(0), text="label"))
    st.altair_chart(chart.properties(title="Milestones by quarter", height=alt.Step(30)), width="stretch")
    st.dataframe(pd.DataFrame({"Ref": m["ref"], "Workstream": m["workstream"], "Milestone": m["milestone"],
                               "Date (re-planned)": points["date"].to_numpy(), "Quarter": points["quarter"].to_numpy(),
                               "Status": points["status"].to_numpy(),
                               "Overdue": prog.overdue(m, as_at=as_at).map({True: "Overdue", False: ""})}),
                 hide_index=True, width="stretch")


def band(score: int) -> str:
    return "Low (1-4)" if score <= 4 else "Medium (5-12)" if score <= 12 else "High (15+)"


def _matrix(risks: pd.DataFrame, *, mitigated: bool) -> alt.LayerChart:
    cells = prog.risk_matrix(risks, mitigated=mitigated)
    cells["band"] = cells["score"].map(band)
    cells["label"] = cells["count"].map(lambda n: str(n) if n else "")
    base = alt.Chart(cells).encode(x=alt.X("impact:O", title="Impact"),
                                   y=alt.Y("likelihood:O", title="Likelihood", sort="descending"))
    rect = base.mark_rect(stroke="white").encode(
        color=alt.Color("band:N", title="Score band", scale=alt.Scale(domain=list(BANDS), range=list(BANDS.values()))),
        tooltip=["likelihood", "impact", "score", "band", "count", "refs"])
    text = base.mark_text(fontSize=16, fontWeight="bold").encode(text="label:N")
    title = "Open risks after mitigation" if mitigated else "Open risks before mitigation"
    return (rect + text).properties(title=title, height=260)


def risks_section(risks: pd.DataFrame) -> None:
    if risks.empty:
        st.info("The plan has no risks.")
        return
    left, right = st.columns(2)
    with left:
        st.altair_chart(_matrix(risks, mitigated=False), width="stretch")
    with right:
        st.altair_chart(_matrix(risks, mitigated=True), width="stretch")
    st.caption("Each cell counts the open risks at that likelihood and impact (score = likelihood × impact).")
    r = prog.risks_scored(risks)
    st.dataframe(pd.DataFrame({
        "Ref": r["ref"], "Workstream": r["workstream"], "Risk": r["risk"], "Score before": r["score"],
        "Mitigation": r["mitigation"], "Likelihood after": r["mitigated_likelihood"],
        "Impact after": r["mitigated_impact"], "Score after": r["mitigated_score"],
        "Band after": r["mitigated_score"].map(lambda s: "" if pd.isna(s) else band(int(s))),
        "High": r["high"].map({True: "High", False: ""}), "Owner": r["owner"], "Status": r["status"]}),
        hide_index=True, width="stretch")


def decisions_section(decisions: pd.DataFrame) -> None:
    if decisions.empty:
        st.info("The plan has no decisions logged.")
        return
    d = decisions.sort_values(["date", "ref"], ascending=[False, False], na_position="last")
    st.dataframe(pd.DataFrame({"Date": d["date"].dt.strftime("%d/%m/%Y").fillna(""), "Decision": d["decision"],
                               "Made by": d["made_by"], "Ref": d["ref"]}), hide_index=True, width="stretch")


HISTORY_OF = {"actions": "action", "milestones": "milestone", "risks": "risk"}  # table: its noun, also its text column


def history(plan: dict[str, pd.DataFrame]) -> None:
    """One action's, milestone's or risk's in-app edits, newest first."""
    labels: dict[tuple[str, str], str] = {}
    for table, noun in HISTORY_OF.items():
        frame = plan.get(table, pd.DataFrame())
        for ref, words in zip(frame.get("ref", []), frame.get(noun, []), strict=True):
            labels[(table, ref)] = f"{ref} {'' if pd.isna(words) else str(words)[:60]} ({noun})"
    if not labels:
        return
    table, ref = st.selectbox("Action, milestone or risk", list(labels), format_func=labels.get, key="prog_history")
    edits = data.guard(_edits, data.db_url(), data.la_code(), table, ref)
    if edits.empty:
        st.caption(f"{HISTORY_OF[table].capitalize()} {ref} has not been changed in the app since the plan was "
                   "imported.")
        return
    e = edits.iloc[::-1]
    status = e["field"] == "status"

    def words(col: str) -> pd.Series:  # statuses in words; a blank is "not recorded"
        return e[col].where(~status, e[col].map(STATUS_LABELS).fillna(e[col])).fillna("not recorded")

    st.dataframe(pd.DataFrame({"When": e["edited_at"].dt.strftime("%d/%m/%Y %H:%M"),
                               "Who": e["edited_by"].fillna("not recorded"), "Field": e["field"].str.replace("_", " "),
                               "Old": words("old_value"), "New": words("new_value")}), hide_index=True, width="stretch")
