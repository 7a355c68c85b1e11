"""What each source covers, in words, for the pages, the Overview tiles and the briefing.

Reads the KPI object's ``coverage`` block (each source's coverage end, ``dashboard.kpi.coverage``) and its
``not_recorded`` list. A period that starts after its source's end is "no data", never 0.
"""

from __future__ import annotations

import datetime as dt

# source -> how people name it
NAMES = {"casework": "casework extract", "sen2": "SEN2 returns", "complaints": "complaints log",
         "census": "school census", "finance": "high-needs finance"}
NO_DATA = "no data"
NOT_RECORDED = "not recorded in the extract"


def period_start(period: object) -> dt.date:
    """The first day of a period as the KPI object names it: 2025, "2025", "2025-03", "2025-Q1", "2025-01-16"."""
    text = str(period)
    if len(text) == 4:
        return dt.date(int(text), 1, 1)
    if "-Q" in text:
        return dt.date(int(text[:4]), 3 * int(text[-1]) - 2, 1)
    if len(text) == 7:
        return dt.date(int(text[:4]), int(text[5:7]), 1)
    return dt.date.fromisoformat(text[:10])


def end(k: dict, source: str) -> dt.date | None:
    """A source's coverage end (None: not loaded, or an object from before coverage was recorded)."""
    value = (k.get("coverage") or {}).get(source)
    return dt.date.fromisoformat(value) if value else None


def records_source(k: dict) -> str:
    """The source the records figures come from: the casework extract when there is one, else SEN2."""
    return "casework" if end(k, "casework") else "sen2"


def after_end(k: dict, source: str, period: object) -> bool:
    """True when ``period`` starts after ``source``'s coverage end (so it has no data)."""
    last = end(k, source)
    return bool(last and period not in (None, "") and period_start(period) > last)


def ends_text(k: dict, source: str, *, short: bool = False) -> str:
    """"the complaints log ends on 31 December 2024" (short: "complaints log to 31 Dec 2024")."""
    last = end(k, source)
    if last is None:
        return ""
    if short:
        return f"{NAMES[source]} to {last.day} {last:%b %Y}"
    return f"the {NAMES[source]} ends on {last.day} {last:%B %Y}"


def sources_line(k: dict) -> str:
    """"Data: casework extract to 15 Mar 2025 · complaints log to 31 Dec 2024" ('' when nothing is loaded)."""
    parts = [ends_text(k, s, short=True) for s in NAMES if end(k, s)]
    return ("Data: " + " · ".join(parts)) if parts else ""


def not_recorded(k: dict, measure: str) -> bool:
    return measure in (k.get("not_recorded") or [])
