"""Leads and admins change the plan in place (``st.data_editor``): an action's status, progress and expected
date; a milestone's status and expected date; a risk's scores, mitigation and status.

:func:`changes` turns the edited grid into one change per row, :func:`save` makes each one with
``edit_programme`` (optimistic concurrency on the row's ``version``) and says what happened in one sentence
per row; nothing is overwritten when another lead saved first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from dashboard.ui import data
from dashboard.ui import programme as ui_prog
from data_access import queries
from data_access.queries import ConflictError
from frames.programme import RISK_STATUSES, SCORE_RANGE, STATUS_LABELS, STATUSES


@dataclass(frozen=True)
class Sheet:
    """What a lead edits in one part of the plan: the columns shown and the ones that may change."""
    table: str  # the frame (actions | milestones | risks)
    noun: str
    shown: tuple[str, ...]
    editable: tuple[str, ...]
    hint: str


SHEETS = {
    "actions": Sheet("actions", "action", ("ref", "workstream", "action", "lead", "due_date", "status", "progress",
                                           "expected_date"), ("status", "progress", "expected_date"),
                     "Change a status, the progress or the expected date in the grid, then save."),
    "milestones": Sheet("milestones", "milestone", ("ref", "workstream", "milestone", "due_date", "status",
                                                    "expected_date"), ("status", "expected_date"),
                        "Change a milestone's status or expected date in the grid, then save."),
    "risks": Sheet("risks", "risk", ("ref", "workstream", "risk", "likelihood", "impact", "mitigation",
                                     "mitigated_likelihood", "mitigated_impact", "owner", "status"),
                   ("likelihood", "impact", "mitigation", "mitigated_likelihood", "mitigated_impact", "status"),
                   "Change a risk's scores (1 to 5), its mitigation or its status in the grid, then save."),
}
EDITABLE = SHEETS["actions"].editable
SHOWN = SHEETS["actions"].shown
DATES = ("due_date", "expected_date")
SCORES = ("likelihood", "impact", "mitigated_likelihood", "mitigated_impact")
WORDS = {v: k for k, v in STATUS_LABELS.items()}
MESSAGES = "_prog_messages"  # session key: what the last save said, shown after its rerun
GENERATION = "_prog_editor_gen"  # session key: bumped after a save so the grid starts from the saved plan


@dataclass(frozen=True)
class Change:
    ref: str
    version: int
    fields: dict


def _norm(field: str, value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if field in DATES:
        return pd.Timestamp(value).date()
    if field in SCORES:
        return int(value) if float(value) == int(value) else float(value)  # type: ignore[arg-type]
    text = str(value).strip()
    if field == "status":
        return WORDS.get(text, text.lower())
    return text or None


def grid(frame: pd.DataFrame, table: str = "actions") -> pd.DataFrame:
    """One part of the plan as the editor shows it: an action's or milestone's status in words (a risk's is
    open or closed), dates as dates."""
    sheet = SHEETS[table]
    g = frame.loc[:, list(sheet.shown)].copy()
    if table != "risks":
        g["status"] = g["status"].map(STATUS_LABELS).fillna(g["status"])
    for col in DATES:
        if col in g:
            g[col] = g[col].dt.date
    return g.reset_index(drop=True)


def changes(before: pd.DataFrame, after: pd.DataFrame, table: str = "actions") -> list[Change]:
    """Each row whose editable fields differ between the plan as read (``before``: the frame with
    ``version``) and the edited grid (``after``, rows matched by ref)."""
    editable = SHEETS[table].editable
    old = before.set_index("ref")
    out = []
    for _, row in after.iterrows():
        ref = row["ref"]
        if ref not in old.index:
            continue
        was = old.loc[ref]
        diff = {f: _norm(f, row[f]) for f in editable if _norm(f, row[f]) != _norm(f, was[f])}
        if diff:
            out.append(Change(ref, int(was["version"]), diff))
    return out


def _said(field: str, value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "not recorded"
    if field == "status":
        return STATUS_LABELS.get(str(value), str(value))
    if isinstance(value, dt.date | pd.Timestamp):
        return f"{pd.Timestamp(value):%d/%m/%Y}"
    return f"'{value}'"


def save(engine: Engine, *, la_code: str, before: pd.DataFrame, after: pd.DataFrame,
         who: str | None, table: str = "actions") -> list[tuple[str, str]]:
    """Save every changed row; one (kind, sentence) per row, kind success | error | warning."""
    sheet = SHEETS[table]
    noun = sheet.noun
    out: list[tuple[str, str]] = []
    for ch in changes(before, after, table):
        what = ", ".join(f"{f.replace('_', ' ')} {_said(f, v)}" for f, v in ch.fields.items())
        try:
            queries.edit_programme(engine, la_code=la_code, table=table, ref=ch.ref, changes=ch.fields,
                                   expected_version=ch.version, edited_by=who)
        except ConflictError:
            now = queries.load_programme(engine, la_code=la_code)[table].set_index("ref")
            theirs = ("it is no longer in the plan" if ch.ref not in now.index else "it now has " + ", ".join(
                f"{f.replace('_', ' ')} {_said(f, now.at[ch.ref, f])}" for f in sheet.editable))
            out.append(("warning", f"Another lead changed {noun} {ch.ref} first ({theirs}), so your change was not "
                                   "saved and nothing was overwritten; make it again if it still applies."))
        except ValueError as exc:
            out.append(("error", f"{noun.capitalize()} {ch.ref}: {exc}"))
        else:
            out.append(("success", f"Saved {noun} {ch.ref}: {what}."))
    return out


def _columns(table: str) -> dict:
    status = (st.column_config.SelectboxColumn("Status", options=list(RISK_STATUSES), required=False)
              if table == "risks" else
              st.column_config.SelectboxColumn("Status", options=[STATUS_LABELS[s] for s in STATUSES], required=True))
    score = {c: st.column_config.NumberColumn(c.replace("mitigated_", "").capitalize() + (
        " after" if c.startswith("mitigated") else ""), min_value=SCORE_RANGE[0], max_value=SCORE_RANGE[1], step=1)
        for c in SCORES}
    return {"ref": "Ref", "workstream": "Workstream", "action": "Action", "lead": "Lead", "milestone": "Milestone",
            "risk": "Risk", "owner": "Owner", "status": status, **score,
            "mitigation": st.column_config.TextColumn("Mitigation", max_chars=2000),
            "progress": st.column_config.TextColumn("Progress", max_chars=2000),
            "due_date": st.column_config.DateColumn("Due", format="DD/MM/YYYY"),
            "expected_date": st.column_config.DateColumn("Expected (re-planned)", format="DD/MM/YYYY",
                                                         min_value=dt.date(2000, 1, 1))}


def editor(frame: pd.DataFrame, table: str = "actions") -> None:
    """The editable grid of one part of the plan and its Save button (leads and admins only: the page
    decides). The actions' grid keeps the key ``prog_editor_N``; the others are ``prog_<table>_editor_N``."""
    sheet = SHEETS[table]
    messages, generation = f"{MESSAGES}_{table}", f"{GENERATION}_{table}"
    for kind, text in st.session_state.pop(messages, []):
        getattr(st, kind)(text)
    gen = st.session_state.get(generation, 0)
    prefix = "prog" if table == "actions" else f"prog_{table}"
    edited = st.data_editor(
        grid(frame, table), key=f"{prefix}_editor_{gen}", hide_index=True, width="stretch", num_rows="fixed",
        disabled=[c for c in sheet.shown if c not in sheet.editable], column_config=_columns(table))
    pending = changes(frame, edited, table)
    st.caption(f"{len(pending)} {sheet.noun}(s) changed and not saved yet." if pending else sheet.hint)
    if st.button("Save changes", type="primary", disabled=not pending, key=f"{prefix}_save"):
        from dashboard.ui.access import current

        st.session_state[messages] = save(data.engine(), la_code=data.la_code(), before=frame, after=edited,
                                          who=current().who, table=table)
        st.session_state[generation] = gen + 1
        ui_prog.clear()
        st.rerun()
