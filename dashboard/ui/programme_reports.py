"""The Programme page's report downloads: the monthly highlight report, the quarterly Safety Valve report and
the monthly data pack, each in its formats, written from the same protected KPI object as the CLI's
(``senddash report``): the whole LA at the sidebar's as-at date.

The UI layer does not import the reports (they are siblings): the page passes the formats, the titles and
``make(kind, suffix, override) -> bytes``, and the bytes are cached here per filters and plan version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import streamlit as st

from dashboard import read
from dashboard.ui import data, outlook
from dashboard.ui import programme as plan_ui
from dashboard.ui.filters import Filters, current
from frames.programme import STATUS_LABELS, STATUSES

MIME = {".pdf": "application/pdf",
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
LABELS = {".pdf": "PDF", ".docx": "Word", ".xlsx": "Excel", ".pptx": "PowerPoint"}
AUTOMATIC = "Automatic (worst open action)"
Make = Callable[[str, str, tuple[str, str] | None], bytes]


@st.cache_data(ttl=data.TTL, max_entries=12, show_spinner="Writing the report…")
def _bytes(key: tuple, kind: str, suffix: str, override: tuple[str, str] | None, _make: Make) -> bytes:
    return _make(kind, suffix, override)


def sources(f: Filters) -> tuple[dict, pd.DataFrame, str | None]:
    """What a report is built from, before protection: the KPI object of the whole LA at the sidebar's as-at
    date and comparators (never a need or age band: a filtered report beside the whole one could give a small
    number away by subtraction, as the briefing's ``--internal`` warns), with the forecast and finance
    blocks, the plan's edit trail and the LA's name. ``f``: the filters read when the page was drawn (a
    download's bytes are made later, outside the session, where :func:`current` has no filters)."""
    url, la = data.db_url(), data.la_code()
    k = outlook.with_outlook(data.guard(data.kpis, url, la, f.as_at, (), (), f.comparators))
    name = read.la_display_name(data.engine(), data.frames(url, la)["benchmarks"], la)
    return k, plan_ui.edits(), name


def clear() -> None:
    """Forget the written reports (after a save changes the plan)."""
    _bytes.clear()


def rag_override(can_edit: bool) -> tuple[str, str] | None:
    """A lead's choice of the highlight report's overall RAG, with the reason it must carry; None: the
    automatic RAG (or the settings' override). A status without a reason is refused with one sentence."""
    if not can_edit:
        return None
    names = [AUTOMATIC, *(STATUS_LABELS[s] for s in STATUSES)]
    left, right = st.columns([1, 2])
    chosen = left.selectbox("Highlight report: overall RAG", names, key="prog_rag")
    reason = right.text_input("Reason for overriding it", key="prog_rag_reason", max_chars=300,
                              disabled=chosen == AUTOMATIC)
    if chosen == AUTOMATIC:
        return None
    if not reason.strip():
        st.warning("An overridden overall RAG needs a reason: the report prints it beside the status. Until "
                   "one is given, the report uses the automatic RAG.")
        return None
    status = next(s for s in STATUSES if STATUS_LABELS[s] == chosen)
    return status, reason.strip()


def downloads(formats: Mapping[str, Sequence[str]], titles: Mapping[str, str], make: Make, *, as_at: dt.date,
              override: tuple[str, str] | None, finance: bool) -> None:
    """One row per report: its title and a download button per format (written when clicked, and kept for
    the same filters and plan until the plan changes)."""
    la_code = data.la_code()
    f = current()
    key = (data.db_url(), la_code, f.as_at, f.comparators, finance, len(plan_ui.edits()))
    st.caption("Each report covers the whole LA at the as-at date in the sidebar (need and age band filters do "
               "not apply), with small numbers hidden as in the scrutiny briefing; " +
               ("the high-needs finance is included." if finance else "the high-needs finance is not included."))
    for kind, suffixes in formats.items():
        cols = st.columns([2, *([1] * len(suffixes))])
        cols[0].markdown(f"**{titles[kind]}**")
        for col, suffix in zip(cols[1:], suffixes, strict=True):
            col.download_button(
                LABELS.get(suffix, suffix), data=lambda k=kind, s=suffix: _bytes(key, k, s, override if k == "highlight" else None, make),
                file_name=f"{kind}-{la_code}-{as_at.isoformat()}{suffix}", mime=MIME[suffix],
                key=f"report-{kind}-{suffix[1:]}", icon=":material/download:", on_click="ignore")
