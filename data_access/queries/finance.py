"""Read the high-needs finance tables (SPEC 1.7) as the frames :mod:`frames.finance` declares."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from data_access.queries._frames import load_la_tables, typed
from data_access.schema import FinanceAgreement, FinanceBudget, FinanceSaving
from frames.finance import FINANCE_FRAMES

_TABLES = {"budget": FinanceBudget, "agreement": FinanceAgreement, "savings": FinanceSaving}
_ORDER = {"budget": ("financial_year", "period", "line"), "agreement": ("financial_year",),
          "savings": ("financial_year", "workstream", "ref")}


def empty_finance() -> dict[str, pd.DataFrame]:
    """The three frames with their columns and no rows."""
    return {sheet: typed([], kinds) for sheet, kinds in FINANCE_FRAMES.items()}


def load_finance(engine: Engine, *, la_code: str) -> dict[str, pd.DataFrame]:
    """``{"budget", "agreement", "savings"}`` of the LA, built to :data:`frames.finance.FINANCE_FRAMES`
    (sorted by financial year, then period and line / workstream and ref). Empty frames with those columns
    when nothing is loaded, and on a database made before the finance tables existed (schema 0006)."""
    return load_la_tables(engine, la_code, {sheet: (_TABLES[sheet].__table__, kinds, _ORDER[sheet])
                                            for sheet, kinds in FINANCE_FRAMES.items()})
