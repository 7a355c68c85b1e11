"""Reading an LA's rows of a few tables into the frames :mod:`frames` declares (finance, programme)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from sqlalchemy import Engine, Select, Table, inspect, select


def driver_rows(engine: Engine, stmt: Select) -> list[tuple]:
    """The statement's rows as the database driver returns them: tuples, without SQLAlchemy's Row objects and
    result processing (a third of reading the records frame). The callers type every column themselves:
    SQLite gives flags as 0/1 and dates as the ISO text the queries ask for; PostgreSQL bools and dates."""
    compiled = stmt.compile(dialect=engine.dialect)
    state = compiled.construct_expanded_state()  # IN lists expanded, one parameter per value
    params = {name: (state.processors[name](value) if state.processors.get(name) else value)
              for name, value in state.parameters.items()}  # as SQLAlchemy binds them (dates, flags)
    args = [params[name] for name in state.positiontup or ()] if compiled.positional else params
    with engine.connect() as conn:
        cursor = conn.connection.cursor()
        try:
            cursor.execute(state.statement, args)
            return cursor.fetchall()
        finally:
            cursor.close()


def typed(rows: list, kinds: Mapping[str, str]) -> pd.DataFrame:
    """Rows (tuples in ``kinds``' column order) as a frame of the declared dtypes: str = object with None,
    int64, float = float64 with NaN for not recorded, date = datetime64[ns], Int64 (nullable)."""
    cols = list(kinds)
    values = list(zip(*rows, strict=True)) if rows else [()] * len(cols)
    data = {}
    for col, vals in zip(cols, values, strict=True):
        kind = kinds[col]
        if kind == "str":
            data[col] = pd.Series(np.array(vals, dtype=object), dtype=object)
        elif kind == "int64":
            data[col] = pd.Series(np.array(vals, dtype="int64"), dtype="int64")
        elif kind == "float":
            data[col] = pd.Series(np.array([np.nan if v is None else float(v) for v in vals], dtype="float64"))
        elif kind == "date":
            data[col] = pd.Series(pd.to_datetime(pd.Series(list(vals), dtype=object)), dtype="datetime64[ns]")
        elif kind == "Int64":
            data[col] = pd.Series(list(vals), dtype="Int64")
        else:
            raise ValueError(f"no dtype for the kind {kind!r} of column {col!r}")
    return pd.DataFrame(data, columns=cols)


def load_la_tables(engine: Engine, la_code: str,
                   tables: Mapping[str, tuple[Table, Mapping[str, str], Sequence[str]]]) -> dict[str, pd.DataFrame]:
    """For each name -> (table, kinds, order): the LA's rows of the table's ``kinds`` columns as a
    :func:`typed` frame, sorted by ``order`` then id; an empty frame when the table does not exist (a
    database made before it)."""
    out = {}
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        for name, (table, kinds, order) in tables.items():
            if table.name not in names:
                out[name] = typed([], kinds)
                continue
            stmt = (select(*[table.c[c] for c in kinds]).where(table.c.la_code == la_code)
                    .order_by(*[table.c[c] for c in order], table.c.id))
            out[name] = typed([tuple(r) for r in conn.execute(stmt).all()], kinds)
    return out
