"""A snapshot that lost a column is refused whole (SPEC section 1: nothing changes), unless it is meant.

A nightly casework report whose definition changed, or a census or complaints file saved without a
column, would otherwise load "successfully" and blank KPIs: a casework file without ``plan_start_date``
takes plans maintained to 0. So a table import is refused when it lacks

- a column that the previous import of the same kind for the LA had, or
- a column a headline KPI cannot do without (``NEEDED``), even on the first import,

unless the user names the column in ``allow_missing`` (``--allow-missing COLUMN``; ``*`` allows any).
The refusal names the missing columns in one sentence; ``ImportReport.missing_columns`` lists what each
one blanks.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable

from sqlalchemy import Connection, select

from data_access.schema import ImportLog

NO_KPI = "no KPI yet (kept for later measures)"

# kind -> column -> what is blank or wrong without it (the people-facing names of the measures)
FEEDS: dict[str, dict[str, tuple[str, ...]]] = {
    "casework": {
        "ethnicity": (NO_KPI,),
        "received_date": ("20-week timeliness", "requests received", "decisions within 6 weeks"),
        "request_source": ("requests by source",),
        "rya": (NO_KPI,),
        "request_outcome_date": ("decisions within 6 weeks", "request outcomes"),
        "request_mediation": ("mediation and tribunals",),
        "request_tribunal": ("mediation and tribunals",),
        "assessment_mediation": ("mediation and tribunals",),
        "assessment_tribunal": ("mediation and tribunals",),
        "assessment_outcome": ("open assessments and those over 20 weeks", "assessments completed"),
        "assessment_outcome_date": ("open assessments and those over 20 weeks", "assessments completed"),
        "week20_exception": ("20-week timeliness excluding exceptions (the DfE headline)",),
        "plan_start_date": ("20-week timeliness", "EHC plans maintained and their growth",
                            "plans by need, age band, sex and setting"),
        "plan_cease_date": ("EHC plans maintained and their growth (ceased plans would count as maintained)",
                            "ceased plans"),
        "cease_reason": ("ceased plans by reason",),
        "transfer_la": ("20-week timeliness (plans transferred in would count as issued here)",),
        "primary_need": ("primary need shares", "every KPI filtered by need"),
        "secondary_need": (NO_KPI,),
        "setting_type": ("plans by setting",),
        "setting_in_la": ("plans out of area",),
        "review_meeting_date": ("annual reviews",),
        "review_outcome": ("annual reviews",),
        "last_review_date": ("annual reviews",),
        "review_draft_date": ("annual reviews",),
        "review_decision_date": ("annual reviews",),
        "phase_transfer_due_date": ("phase transfers",),
        "phase_transfer_final_date": ("phase transfers",),
        "caseworker": ("at-risk assessments by caseworker",),
        "team": ("at-risk assessments by team",),
    },
    "complaints": {
        "stage": ("complaints by stage",),
        "category": ("complaints by category",),
        "due_date": ("complaints responded to on time (due dates would all default to 20 working days)",),
        "responded_date": ("complaints responded to on time",),
        "outcome": ("complaint outcomes",),
        "team": (NO_KPI,),
    },
    "census": {
        "primary_sen_type": ("census need shares",),
        "sex": ("census counts by sex",),
        "ncyearactual": (NO_KPI,),
        "fsmeligible": ("census counts by free school meals",),
        "language": ("census counts by English as an additional language",),
        "urn": (NO_KPI,),
        "phase": ("census counts by school phase",),
    },
}
# columns whose absence blanks a headline KPI: refused even when no earlier import had them
NEEDED: dict[str, tuple[str, ...]] = {
    "casework": ("plan_start_date", "primary_need"),
    "complaints": ("responded_date",),
    "census": ("primary_sen_type", "sex"),
}
# a column that another one stands in for (the census need may come as sentype + sentyperank)
STANDS_IN: dict[str, dict[str, str]] = {"census": {"sentype": "primary_sen_type"}}
ANY = "*"


def present_columns(kind: str, columns: Iterable[str]) -> tuple[str, ...]:
    """The columns a file of ``kind`` provides, with stand-ins counted as what they stand in for."""
    cols = set(columns)
    cols |= {STANDS_IN.get(kind, {}).get(c, c) for c in cols}
    return tuple(sorted(cols))


def previous_columns(conn: Connection, kind: str, la_code: str | None) -> set[str]:
    """The columns of the latest loaded import of ``kind`` for the LA that recorded them (empty: none)."""
    row = conn.execute(
        select(ImportLog.columns)
        .where(ImportLog.kind == kind, ImportLog.la_code == la_code, ImportLog.status == "loaded",
               ImportLog.columns.is_not(None))
        .order_by(ImportLog.id.desc()).limit(1)
    ).scalar()
    return set(json.loads(row)) if row else set()


def missing(kind: str, present: Collection[str], previous: Collection[str]) -> dict[str, list[str]]:
    """Columns expected but not present (previous ones first, then needed ones), each with what it feeds."""
    feeds = FEEDS.get(kind, {})
    expected = [c for c in sorted(previous) if c in feeds] + [c for c in NEEDED.get(kind, ()) if c not in previous]
    return {c: list(feeds[c]) for c in expected if c not in set(present)}


def allowed(columns: dict[str, list[str]], allow: Collection[str]) -> tuple[dict, dict]:
    """Split missing columns into (refused, allowed) by the user's ``allow_missing`` list."""
    names = {a.strip().lower() for a in allow}
    ok = {c: v for c, v in columns.items() if ANY in names or c in names}
    return {c: v for c, v in columns.items() if c not in ok}, ok


def refusal(file_name: str, kind: str, refused: dict[str, list[str]], previous: Collection[str]) -> str:
    """One sentence: which columns are missing, why they are expected, what they feed, how to import anyway."""
    one = len(refused) == 1
    had = [c for c in refused if c in previous]
    if len(had) == len(refused):
        why = f"the previous {kind} import had"
    elif not had:
        why = "the KPIs need"
    else:
        why = f"the previous {kind} import had or the KPIs need"
    blanks = sorted({k for v in refused.values() for k in v if k != NO_KPI})
    what = f" (without {'it' if one else 'them'}: {'; '.join(blanks)})" if blanks else ""
    flags = " ".join(f"--allow-missing {c}" for c in refused)
    return (f"{file_name} has no {names(refused)} column{'' if one else 's'}, which {why}, "
            f"so nothing was imported{what}; if {'it was' if one else 'they were'} left out on purpose, "
            f"import it again with {flags}.")


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def names(cols: Iterable[str]) -> str:
    """'a', 'b' and 'c'."""
    return _join([repr(c) for c in cols])
