"""Test helper: the full contents of every table, to prove a rejected import changed nothing."""

from __future__ import annotations

from sqlalchemy import Engine, String, Text, select

from data_access.schema import Base


def snapshot(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table, ordered by primary key."""
    out = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            out[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]
    return out


def all_text(engine: Engine) -> str:
    """Every text value in the database, joined (for searching for what must never be stored)."""
    parts = []
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            cols = [c for c in table.columns if isinstance(c.type, (String, Text))]
            if cols:
                for row in conn.execute(select(*cols)):
                    parts.extend(str(v) for v in row if v is not None)
    return "\n".join(parts)


def count(engine: Engine, table: str) -> int:
    t = Base.metadata.tables[table]
    with engine.connect() as conn:
        return len(conn.execute(select(t.c.id)).all())
