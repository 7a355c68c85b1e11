"""Read and edit the programme workbook's tables (SPEC 1.8) as the frames :mod:`frames.programme` declares.

``load_programme`` reads the plan; ``edit_programme`` changes one row as a lead does in the app, refusing an
impossible value with one sentence (``ValueError``) and a save made against a version another lead has
since changed (``ConflictError``); every changed field is written to ``programme_edit``, which
``load_edits`` reads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, insert, inspect, select, update

from data_access.queries._frames import load_la_tables, typed
from data_access.schema import (
    ProgrammeAction,
    ProgrammeDecision,
    ProgrammeEdit,
    ProgrammeMilestone,
    ProgrammeRisk,
)
from frames.programme import (
    EARLIEST_DATE,
    EDIT_COLUMNS,
    PROGRAMME_FRAMES,
    RISK_STATUSES,
    SCORE_RANGE,
    STATUSES,
)

TABLES = {"actions": ProgrammeAction, "milestones": ProgrammeMilestone, "risks": ProgrammeRisk,
          "decisions": ProgrammeDecision}
_SINGULAR = {"actions": "action", "milestones": "milestone", "risks": "risk", "decisions": "decision"}
_TEXT_LIMITS = {"workstream": 200, "condition": 200, "lead": 200, "owner": 200, "made_by": 200, "measure": 80}
_EARLIEST = dt.date.fromisoformat(EARLIEST_DATE)
_UK = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class ConflictError(Exception):
    """The row was changed by someone else after it was read: the edit was not saved."""


def _kinds(sheet: str) -> dict[str, str]:
    return {**PROGRAMME_FRAMES[sheet], "version": "int64"}


def empty_programme() -> dict[str, pd.DataFrame]:
    """The four frames with their columns (and ``version``) and no rows."""
    return {sheet: typed([], _kinds(sheet)) for sheet in PROGRAMME_FRAMES}


def load_programme(engine: Engine, *, la_code: str) -> dict[str, pd.DataFrame]:
    """``{"actions", "milestones", "risks", "decisions"}`` of the LA, built to
    :data:`frames.programme.PROGRAMME_FRAMES` plus ``version`` (the edit counter to pass to
    :func:`edit_programme`), in ref order. Empty frames with those columns when no plan is loaded, and on a
    database made before the programme tables existed (schema 0008)."""
    return load_la_tables(engine, la_code, {sheet: (TABLES[sheet].__table__, _kinds(sheet), ("ref",))
                                            for sheet in PROGRAMME_FRAMES})


def load_edits(engine: Engine, *, la_code: str, table: str | None = None, ref: str | None = None) -> pd.DataFrame:
    """The LA's in-app edits (:data:`frames.programme.EDIT_COLUMNS`), oldest first; only one table's or one
    row's when ``table`` / ``ref`` are given. Empty (with the columns) before schema 0008."""
    with engine.connect() as conn:
        if ProgrammeEdit.__tablename__ not in set(inspect(conn).get_table_names()):
            return typed([], EDIT_COLUMNS)
        t = ProgrammeEdit.__table__
        stmt = select(*[t.c[c] for c in EDIT_COLUMNS]).where(t.c.la_code == la_code)
        if table is not None:
            stmt = stmt.where(t.c.table == table)
        if ref is not None:
            stmt = stmt.where(t.c.ref == ref)
        rows = conn.execute(stmt.order_by(t.c.edited_at, t.c.id)).all()
    return typed([tuple(r) for r in rows], EDIT_COLUMNS)


# --------------------------------------------------------------------------- edits


def _label(field: str) -> str:
    return field.replace("_", " ")


def _blank(value: Any) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _date(field: str, value: Any) -> dt.date | None:
    if _blank(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        t = value.strip()
        m = _UK.fullmatch(t)
        try:
            value = (dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m
                     else dt.date.fromisoformat(t[:10]) if len(t) >= 10 else None)
        except ValueError:
            value = None
        if value is None:
            raise ValueError(f"The {_label(field)} '{t[:40]}' is not a date (use dd/mm/yyyy), so nothing was saved.")
    if not isinstance(value, dt.date):
        raise ValueError(f"The {_label(field)} is not a date, so nothing was saved.")
    if value < _EARLIEST:
        raise ValueError(f"The {_label(field)} {value:%d/%m/%Y} is before {_EARLIEST:%d/%m/%Y}, which cannot be "
                         "right, so nothing was saved.")
    return value


def _score(field: str, value: Any) -> int | None:
    if _blank(value):
        return None
    low, high = SCORE_RANGE
    try:
        n = float(value)
    except (TypeError, ValueError):
        n = float("nan")
    if isinstance(value, bool) or not np.isfinite(n) or n != int(n) or not low <= int(n) <= high:
        raise ValueError(f"The {_label(field)} must be a whole number from {low} to {high}, so nothing was saved.")
    return int(n)


def _clean(sheet: str, field: str, value: Any) -> Any:
    """The value to store, or ValueError with one sentence."""
    kind = PROGRAMME_FRAMES[sheet][field]
    if kind == "date":
        return _date(field, value)
    if kind == "Int64":
        return _score(field, value)
    text = None if _blank(value) else str(value).strip()
    if field == "status":
        allowed = RISK_STATUSES if sheet == "risks" else STATUSES
        text = text.lower() if text else text
        if text is None and sheet != "risks":
            raise ValueError(f"An {_SINGULAR[sheet]} needs a status ({', '.join(allowed)}), so nothing was saved.")
        if text is not None and text not in allowed:
            raise ValueError(f"'{text[:20]}' is not a status; use one of {', '.join(allowed)}, so nothing was saved.")
    limit = _TEXT_LIMITS.get(field)
    if text is not None and limit and len(text) > limit:
        raise ValueError(f"The {_label(field)} is longer than {limit} characters, so nothing was saved.")
    return text


def _shown(value: Any) -> str | None:
    """How a value is written in the audit trail (dates ISO, scores as digits)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def edit_programme(engine: Engine, *, la_code: str, table: str, ref: str, changes: Mapping[str, Any],
                   expected_version: int, edited_by: str | None) -> None:
    """Save a lead's changes to one row of the plan, in one transaction.

    ``changes``: field -> new value (dates as ``datetime.date``, a Timestamp, ``yyyy-mm-dd`` or
    ``dd/mm/yyyy``; blank = not recorded). ``expected_version``: the row's ``version`` when the lead read it.
    Raises ``ValueError`` (one sentence) for an unknown table, row or field, or an impossible value (a date
    before 2000, a score outside 1-5, a status outside the allowed ones), and :class:`ConflictError` (one
    sentence) when another save changed the row after ``expected_version``. Otherwise the changed fields
    are updated, ``version`` goes up by one, and one ``programme_edit`` row is written per changed field
    (nothing at all when no value differs).
    """
    if table not in TABLES:
        raise ValueError(f"'{table}' is not a part of the plan; use one of {', '.join(TABLES)}.")
    fields = PROGRAMME_FRAMES[table]
    for field in changes:
        if field == "ref":
            raise ValueError("A ref cannot be changed in the app; change it in the workbook and import it again.")
        if field not in fields:
            raise ValueError(f"'{field}' is not a column of the {table}, so nothing was saved.")
    new = {field: _clean(table, field, value) for field, value in changes.items()}
    model = TABLES[table]
    t = model.__table__
    what = f"{_SINGULAR[table]} {ref}"
    with engine.begin() as conn:
        stmt = select(t.c.id, t.c.version, *[t.c[f] for f in new]).where(t.c.la_code == la_code, t.c.ref == ref)
        if conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        row = conn.execute(stmt).mappings().first()
        if row is None:
            raise ValueError(f"There is no {what} in the plan (it may have been replaced by an import).")
        if row["version"] != expected_version:
            raise ConflictError(f"Someone else saved a change to {what} after you opened it, so your change was "
                                "not saved; reload the plan to see theirs and make yours again.")
        old = {f: (row[f].date() if isinstance(row[f], dt.datetime) else row[f]) for f in new}
        changed = {f: v for f, v in new.items() if _shown(old[f]) != _shown(v)}
        if not changed:
            return
        done = conn.execute(update(t).where(t.c.id == row["id"], t.c.version == expected_version)
                            .values(**changed, version=expected_version + 1))
        if done.rowcount != 1:  # another transaction updated it between our read and this write
            raise ConflictError(f"Someone else saved a change to {what} while you were saving, so your change "
                                "was not saved; reload the plan to see theirs and make yours again.")
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        conn.execute(insert(ProgrammeEdit), [
            {"la_code": la_code, "table": table, "ref": ref, "field": f, "old_value": _shown(old[f]),
             "new_value": _shown(v), "edited_by": edited_by, "edited_at": now}
            for f, v in changed.items()])


__all__ = ["ConflictError", "edit_programme", "empty_programme", "load_edits", "load_programme"]
