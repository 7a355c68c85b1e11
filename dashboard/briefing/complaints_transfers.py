"""Briefing tables for complaints (by quarter) and phase transfers, read from the protected KPI object."""

from __future__ import annotations

import datetime as dt

from dashboard.briefing.model import Column, Table, long_date

QUARTERS_SHOWN = 8
COMPLAINT_COUNTS = ("received", "stage_1", "stage_2", "ombudsman", "responded", "responded_on_time", "open",
                    "compliments")
KIND = {"02-15": "School phase transfer (15 February)", "03-31": "Post-16 transfer (31 March)"}


def quarter_label(quarter: str) -> str:
    """The engine's "2025-Q4" as people write it: "2025 Q4"."""
    return quarter.replace("-Q", " Q")


def shown_transitions(k: dict, as_at: dt.date) -> list[dict]:
    """Due dates from three years before the as-at year to the next deadlines."""
    return [t for t in k["transitions"] if int(t["due_date"][:4]) >= as_at.year - 3]


def tables(p: dict, *, as_at: dt.date) -> dict[str, list[Table]]:
    """The tables from the protected KPI object ``p``: the engine's quarters, as they stand."""
    complaints = [{"quarter": quarter_label(q["quarter"]), "responded_on_time_pct": q.get("responded_on_time_pct"),
                   **{f: q.get(f) for f in COMPLAINT_COUNTS}}
                  for q in (p["complaints"].get("by_quarter") or [])[-QUARTERS_SHOWN:]]
    transfers = [{"due_date": t["due_date"], "kind": KIND.get(t["due_date"][5:], "Phase transfer"),
                  **{f: t.get(f) for f in ("due", "final_on_time", "final_late", "outstanding", "pct_on_time")}}
                 for t in shown_transitions(p, as_at)]
    return {
        "Complaints": [Table(
            "complaints_by_quarter", "Complaints and compliments, by quarter",
            [Column("quarter", "Quarter", "text"), Column("received", "Complaints received"),
             Column("stage_1", "Stage 1"), Column("stage_2", "Stage 2"), Column("ombudsman", "Ombudsman"),
             Column("responded", "Answered"), Column("responded_on_time", "Answered on time"),
             Column("responded_on_time_pct", "% answered on time", "pct"),
             Column("open", "Not yet answered"), Column("compliments", "Compliments")], complaints,
            f"The latest quarter runs to {long_date(as_at)}. Answered on time is out of the complaints answered or "
            "past their due date.")],
        "Transitions": [Table(
            "transitions", "Phase transfers: amended EHC plans finalised by the statutory date",
            [Column("due_date", "Due date", "date"), Column("kind", "Transfer", "text"), Column("due", "Due"),
             Column("final_on_time", "Finalised on time"), Column("final_late", "Finalised late"),
             Column("outstanding", "Outstanding"), Column("pct_on_time", "% on time", "pct")], transfers,
            f"Outstanding: not finalised by {long_date(as_at)}.")],
    }
