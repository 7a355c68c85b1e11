"""Leads and admins change an action's status, progress and expected date in place (``st.data_editor``).

:func:`changes` turns the edited grid into one change per row, :func:`save` makes each one with
``edit_programme`` (optimistic concurrency on the row's ``version``) and says what happened in one sentence
per action; nothing is overwritten when another lead saved first."""

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
from frames.programme import STATUS_LABELS, STATUSES

EDITABLE = ("status", "progress", "expected_date")
SHOWN = ("ref", "workstream", "action", "lead", "due_date", *EDITABLE)
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
    if field == "expected_date":
        return pd.Timestamp(value).date()
    text = str(value).strip()
    if field == "status":
        return WORDS.get(text, text.lower())
    return text or None


def grid(actions: pd.DataFrame) -> pd.DataFrame:
    """The actions as the editor shows them: status in words, dates as dates."""
    g = actions.loc[:, list(SHOWN)].copy()
    g["status"] = g["status"].map(STATUS_LABELS).fillna(g["status"])
    for col in ("due_date", "expected_date"):
        g[col] = g[col].dt.date
    return g.reset_index(drop=True)


def changes(before: pd.DataFrame, after: pd.DataFrame) -> list[Change]:
    """Each action whose editable fields differ between the plan as read (``before``: the actions frame with
    ``version``) and the edited grid (``after``, rows matched by ref)."""
    old = before.set_index("ref")
    out = []
    for _, row in after.iterrows():
        ref = row["ref"]
        if ref not in old.index:
            continue
        was = old.loc[ref]
        diff = {f: _norm(f, row[f]) for f in EDITABLE if _norm(f, row[f]) != _norm(f, was[f])}
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
         who: str | None) -> list[tuple[str, str]]:
    """Save every changed action; one (kind, sentence) per action, kind success | error | warning."""
    out: list[tuple[str, str]] = []
    for ch in changes(before, after):
        what = ", ".join(f"{f.replace('_', ' ')} {_said(f, v)}" for f, v in ch.fields.items())
        try:
            queries.edit_programme(engine, la_code=la_code, table="actions", ref=ch.ref, changes=ch.fields,
                                   expected_version=ch.version, edited_by=who)
        except ConflictError:
            now = queries.load_programme(engine, la_code=la_code)["actions"].set_index("ref")
            theirs = ("it is no longer in the plan" if ch.ref not in now.index else "it now has " + ", ".join(
                f"{f.replace('_', ' ')} {_said(f, now.at[ch.ref, f])}" for f in EDITABLE))
            out.append(("warning", f"Another lead changed action {ch.ref} first ({theirs}), so your change was not "
                                   "saved and nothing was overwritten; make it again if it still applies."))
        except ValueError as exc:
            out.append(("error", f"Action {ch.ref}: {exc}"))
        else:
            out.append(("success", f"Saved action {ch.ref}: {what}."))
    return out


def editor(actions: pd.DataFrame) -> None:
    """The editable grid and its Save button (leads and admins only: the page decides)."""
    for kind, text in st.session_state.pop(MESSAGES, []):
        getattr(st, kind)(text)
    gen = st.session_state.get(GENERATION, 0)
    edited = st.data_editor(
        grid(actions), key=f"prog_editor_{gen}", hide_index=True, width="stretch", num_rows="fixed",
        disabled=[c for c in SHOWN if c not in EDITABLE],
        column_config={
            "ref": "Ref", "workstream": "Workstream", "action": "Action", "lead": "Lead",
            "due_date": st.column_config.DateColumn("Due", format="DD/MM/YYYY"),
            "status": st.column_config.SelectboxColumn("Status", options=[STATUS_LABELS[s] for s in STATUSES],
                                                       required=True),
            "progress": st.column_config.TextColumn("Progress", max_chars=2000),
            "expected_date": st.column_config.DateColumn("Expected (re-planned)", format="DD/MM/YYYY",
                                                         min_value=dt.date(2000, 1, 1)),
        })
    pending = changes(actions, edited)
    st.caption(f"{len(pending)} action(s) changed and not saved yet." if pending else
               "Change a status, the progress or the expected date in the grid, then save.")
    if st.button("Save changes", type="primary", disabled=not pending, key="prog_save"):
        from dashboard.ui.access import current

        st.session_state[MESSAGES] = save(data.engine(), la_code=data.la_code(), before=actions, after=edited,
                                          who=current().who)
        st.session_state[GENERATION] = gen + 1
        ui_prog.clear()
        st.rerun()
