"""Briefing tables for complaints (by quarter) and phase transfers."""

from __future__ import annotations

import datetime as dt

from dashboard.briefing.model import Column, Table, long_date
from dashboard.briefing.protect import Cells
from dashboard.kpi.rounding import pct

QUARTERS_SHOWN = 8
COMPLAINT_COUNTS = ("received", "stage_1", "stage_2", "ombudsman", "responded", "responded_on_time", "open",
                    "compliments")
KIND = {"02-15": "School phase transfer (15 February)", "03-31": "Post-16 transfer (31 March)"}


def quarter_of(month: str) -> str:
    """"2025-10" -> "2025 Q4"."""
    return f"{month[:4]} Q{(int(month[5:7]) - 1) // 3 + 1}"


def quarters(k: dict) -> list[dict]:
    """The engine's monthly complaint counts added up by calendar quarter, oldest first, with the
    on-time percentage of the quarter (responded on time / responded, rounded as the engine rounds)."""
    out: dict[str, dict] = {}
    for r in k["complaints"]["by_month"]:
        q = out.setdefault(quarter_of(r["month"]), {"quarter": quarter_of(r["month"]), "months": []})
        q["months"].append(r["month"])
        for f in COMPLAINT_COUNTS:
            q[f] = q.get(f, 0) + int(r.get(f) or 0)
    for q in out.values():
        q["responded_on_time_pct"] = pct(q["responded_on_time"], q["responded"])
    return sorted(out.values(), key=lambda q: q["quarter"])


def register(k: dict, cells: Cells) -> None:
    for q in quarters(k):
        key = lambda f, q=q: ("cq", q["quarter"], f)  # noqa: E731
        for f in COMPLAINT_COUNTS:
            cells.add(key(f), q[f])
        cells.tie(key("received"), [key("stage_1"), key("stage_2"), key("ombudsman")])
        cells.tie(key("received"), [key("responded"), key("open")])
        cells.add_rest(key("late"), key("responded"), [key("responded_on_time")])
    for t in k["transitions"]:
        key = lambda f, t=t: ("pt", t["due_date"], f)  # noqa: E731
        for f in ("due", "final_on_time", "final_late", "outstanding"):
            cells.add(key(f), t.get(f))
        cells.tie(key("due"), [key("final_on_time"), key("final_late"), key("outstanding")])


def shown_transitions(k: dict, as_at: dt.date) -> list[dict]:
    """Due dates from three years before the as-at year to the next deadlines."""
    return [t for t in k["transitions"] if int(t["due_date"][:4]) >= as_at.year - 3]


def tables(k: dict, cells: Cells, *, as_at: dt.date) -> dict[str, list[Table]]:
    complaints = []
    for q in quarters(k)[-QUARTERS_SHOWN:]:
        key = lambda f, q=q: ("cq", q["quarter"], f)  # noqa: E731
        row = {"quarter": q["quarter"], **{f: cells.count(key(f)) for f in COMPLAINT_COUNTS}}
        row["responded_on_time_pct"] = cells.pct(q["responded_on_time_pct"], key("responded_on_time"),
                                                 key("responded"))
        complaints.append(row)
    transfers = []
    for t in shown_transitions(k, as_at):
        key = lambda f, t=t: ("pt", t["due_date"], f)  # noqa: E731
        transfers.append({"due_date": t["due_date"], "kind": KIND.get(t["due_date"][5:], "Phase transfer"),
                          **{f: cells.count(key(f)) for f in ("due", "final_on_time", "final_late", "outstanding")},
                          "pct_on_time": cells.pct(t.get("pct_on_time"), key("final_on_time"), key("due"))})
    return {
        "Complaints": [Table(
            "complaints_by_quarter", "Complaints and compliments, by quarter",
            [Column("quarter", "Quarter", "text"), Column("received", "Complaints received"),
             Column("stage_1", "Stage 1"), Column("stage_2", "Stage 2"), Column("ombudsman", "Ombudsman"),
             Column("responded", "Answered"), Column("responded_on_time", "Answered on time"),
             Column("responded_on_time_pct", "% answered on time", "pct"),
             Column("open", "Not yet answered"), Column("compliments", "Compliments")], complaints,
            f"The latest quarter runs to {long_date(as_at)}. Quarters add up the monthly counts.")],
        "Transitions": [Table(
            "transitions", "Phase transfers: amended EHC plans finalised by the statutory date",
            [Column("due_date", "Due date", "date"), Column("kind", "Transfer", "text"), Column("due", "Due"),
             Column("final_on_time", "Finalised on time"), Column("final_late", "Finalised late"),
             Column("outstanding", "Outstanding"), Column("pct_on_time", "% on time", "pct")], transfers,
            f"Outstanding: not finalised by {long_date(as_at)}.")],
    }
