"""Read the high-needs finance tables (SPEC 1.7) as the frames :mod:`frames.finance` declares."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Engine, inspect, select

from data_access.schema import FinanceAgreement, FinanceBudget, FinanceSaving
from frames.finance import FINANCE_FRAMES

_TABLES = {"budget": FinanceBudget, "agreement": FinanceAgreement, "savings": FinanceSaving}
_ORDER = {"budget": ("financial_year", "period", "line"), "agreement": ("financial_year",),
          "savings": ("financial_year", "workstream", "ref")}
_DTYPES = {"str": object, "int64": "int64", "float": "float64"}


def _typed(rows: list, kinds: dict[str, str]) -> pd.DataFrame:
    """Rows (tuples in ``kinds``' column order) as a frame of the declared dtypes: str = object with None,
    int64, float = float64 with NaN for not recorded."""
    cols = list(kinds)
    values = list(zip(*rows, strict=True)) if rows else [()] * len(cols)
    data = {}
    for col, vals in zip(cols, values, strict=True):
        kind = kinds[col]
        if kind == "str":
            data[col] = pd.Series(np.array(vals, dtype=object), dtype=object)
        elif kind == "int64":
            data[col] = pd.Series(np.array(vals, dtype="int64"), dtype="int64")
        else:
            data[col] = pd.Series(np.array([np.nan if v is None else float(v) for v in vals], dtype="float64"))
    return pd.DataFrame(data, columns=cols)


def empty_finance() -> dict[str, pd.DataFrame]:
    """The three frames with their columns and no rows."""
    return {sheet: _typed([], kinds) for sheet, kinds in FINANCE_FRAMES.items()}


def load_finance(engine: Engine, *, la_code: str) -> dict[str, pd.DataFrame]:
    """``{"budget", "agreement", "savings"}`` of the LA, built to :data:`frames.finance.FINANCE_FRAMES`
    (sorted by financial year, then period and line / workstream and ref). Empty frames with those columns
    when nothing is loaded, and on a database made before the finance tables existed (schema 0006)."""
    out = {}
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        for sheet, kinds in FINANCE_FRAMES.items():
            model = _TABLES[sheet]
            table = model.__table__
            if table.name not in names:
                out[sheet] = _typed([], kinds)
                continue
            stmt = (select(*[table.c[c] for c in kinds]).where(table.c.la_code == la_code)
                    .order_by(*[table.c[c] for c in _ORDER[sheet]], table.c.id))
            out[sheet] = _typed([tuple(r) for r in conn.execute(stmt).all()], kinds)
    return out
