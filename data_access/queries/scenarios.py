"""A lead's named forecast scenarios: the forecast's parameters saved under a name, per LA.

``params`` is any JSON-serialisable dict (the finance forecast decides its keys); saving under a name the
LA already has replaces that scenario. Names are stripped and 1-80 characters long.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine, delete, insert, inspect, select

from data_access.engine import ensure_schema
from data_access.schema import ForecastScenario

MAX_NAME = 80


def _name(name: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise ValueError("A scenario needs a name (1 to 80 characters).")
    name = name.strip()
    if len(name) > MAX_NAME:
        raise ValueError(f"A scenario's name can be at most {MAX_NAME} characters; this one has {len(name)}.")
    return name


def save_scenario(engine: Engine, *, la_code: str, name: str, params: dict, saved_by: str | None) -> None:
    """Save ``params`` as the LA's scenario ``name`` (replacing one of that name), stamped now (UTC)."""
    name = _name(name)
    if not isinstance(params, dict):
        raise ValueError("A scenario's parameters must be a dict.")
    try:
        text = json.dumps(params, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"The scenario's parameters cannot be saved as JSON ({exc}).") from exc
    ensure_schema(engine)
    table = ForecastScenario.__table__
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    with engine.begin() as conn:
        conn.execute(delete(table).where(table.c.la_code == la_code, table.c.name == name))
        conn.execute(insert(table).values(la_code=la_code, name=name, params=text,
                                          saved_by=saved_by[:255] if saved_by else None, saved_at=now))


def load_scenarios(engine: Engine, *, la_code: str) -> list[dict]:
    """The LA's scenarios sorted by name (ignoring case): ``{"name", "params", "saved_by", "saved_at"}`` (params a dict)."""
    table = ForecastScenario.__table__
    with engine.connect() as conn:
        if not inspect(conn).has_table(table.name):
            return []
        rows = conn.execute(select(table.c.name, table.c.params, table.c.saved_by, table.c.saved_at)
                            .where(table.c.la_code == la_code)).all()
    out = [{"name": r.name, "params": json.loads(r.params), "saved_by": r.saved_by, "saved_at": r.saved_at}
           for r in rows]
    return sorted(out, key=lambda s: (s["name"].casefold(), s["name"]))  # the same on SQLite and PostgreSQL


def delete_scenario(engine: Engine, *, la_code: str, name: str) -> bool:
    """Delete the LA's scenario ``name``; False when there was none of that name."""
    name = _name(name)
    table = ForecastScenario.__table__
    with engine.connect() as conn:
        if not inspect(conn).has_table(table.name):
            return False
    with engine.begin() as conn:
        return conn.execute(delete(table).where(table.c.la_code == la_code, table.c.name == name)).rowcount > 0
