"""High-needs finance (SPEC 1.7): a workbook with ``budget``, ``agreement`` and ``savings`` sheets, or one
CSV (or one-sheet XLSX) holding one of the three tables.

Which sheet is which: its name, ignoring case, spaces, underscores and hyphens (``Budget``, ``savings``),
or a mapping file's ``[sheets]`` table (``"HN Monitoring" = "budget"``); other sheets (a README, a chart's
data) are ignored. A CSV or a workbook of one sheet with another name is told by its columns. A workbook of
more than one sheet with no budget sheet is refused whole.

Values accepted (everything else rejects the row, naming its row and column):

- ``financial_year``: ``2024-25``, ``2024/25``, ``2024-2025``, ``2024/2025`` (an optional ``FY`` before it),
  stored as ``2024-25``; the second year must follow the first (``2024-27`` is rejected);
- ``period``: 1-12 (the month of the financial year, 1 = April), also written ``P7``, ``M7``, ``Period 7``
  or as the month's name (``October`` = 7);
- ``line``: the codes of :data:`frames.finance.LINES`, their labels (:data:`frames.finance.LINE_LABELS`),
  either ignoring case, spaces, underscores and hyphens, or a mapping file's ``[values.line]`` names;
- money: a number, or text such as ``£1,234.50``, ``-1234``, ``(1,234)`` (= -1234, the accountants'
  negative), and a lone ``-`` (how Excel's accounting format shows 0); ``12k`` and other text is rejected. Required: ``budget`` and ``forecast_outturn`` (budget),
  ``planned_in_year_balance`` and ``planned_cumulative_balance`` (agreement), ``target`` (savings); a blank
  ``actual_to_date``, ``dfe_contribution``, ``la_contribution`` or ``delivered`` is kept as not recorded;
- savings ``status``: purple, red, amber, green, blue in any case, the initials P/R/A/G/B, and ``complete``,
  ``completed`` or ``delivered`` for blue (SPEC 1.8: blue = complete); blank = not recorded.

Repeated rows are rejected, every copy: budget (financial_year, period, line), agreement financial_year,
savings (ref, financial_year).

Replacement: for each table in the file, the LA's rows of each financial year that table loads rows for
are replaced (all periods of a budget year); other years and the other tables are left as they were.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, delete, insert

from data_access.importers import Parsed, _sheets
from data_access.importers.base import (
    ImportRejected,
    ImportReport,
    RowChecker,
    clean_str,
    records,
)
from data_access.schema import FinanceAgreement, FinanceBudget, FinanceSaving
from frames.finance import FINANCE_FRAMES, LINE_LABELS, LINES, STATUSES

SHEETS = ("budget", "agreement", "savings")
TABLES = {"budget": FinanceBudget, "agreement": FinanceAgreement, "savings": FinanceSaving}
COLUMNS: dict[str, tuple[str, ...]] = {sheet: (*cols, "la_code") for sheet, cols in FINANCE_FRAMES.items()}
MONEY: dict[str, tuple[str, ...]] = {sheet: tuple(c for c, k in cols.items() if k == "float")
                                     for sheet, cols in FINANCE_FRAMES.items()}
REQUIRED_MONEY = {"budget": ("budget", "forecast_outturn"),
                  "agreement": ("planned_in_year_balance", "planned_cumulative_balance"),
                  "savings": ("target",)}
# the columns a table cannot be loaded without (the file is refused when one is missing)
REQUIRED = {"budget": ("financial_year", "period", "line", "budget", "forecast_outturn"),
            "agreement": ("financial_year", "planned_in_year_balance", "planned_cumulative_balance"),
            "savings": ("financial_year", "target")}
# columns that tell a CSV's table apart
DISTINCT = {"budget": ("line", "period", "forecast_outturn", "actual_to_date"),
            "agreement": ("planned_in_year_balance", "planned_cumulative_balance", "dfe_contribution"),
            "savings": ("workstream", "target", "delivered")}
ALIASES = {
    "financial_year": ("year", "fy", "finyear"),
    "line": ("budget_line", "line_code"),
    "forecast_outturn": ("forecast", "outturn", "projected_outturn"),
    "actual_to_date": ("actuals", "actual", "spend_to_date", "ytd_actual"),
    "la_code": ("la", "lea"),
}
SHEET_ALIASES = {"budget": "budget", "budgets": "budget", "agreement": "agreement", "savings": "savings",
                 "saving": "savings"}
_TABLES = _sheets.Tables(SHEETS, COLUMNS, REQUIRED, DISTINCT, ALIASES, SHEET_ALIASES)
TEXT_LIMITS = {"ref": 64, "workstream": 200}

_MONTHS = ("april", "may", "june", "july", "august", "september", "october", "november", "december",
           "january", "february", "march")
_PERIOD_WORDS = {**{m: i for i, m in enumerate(_MONTHS, 1)}, **{m[:3]: i for i, m in enumerate(_MONTHS, 1)},
                 "sept": 6}
_PERIOD = re.compile(r"(?:p|m|period|month)?\s*(\d{1,2})(?:\.0+)?", re.IGNORECASE)
_YEAR = re.compile(r"(?:fy\s*)?(\d{4})\s*[-/\u2013]\s*(\d{2}|\d{4})", re.IGNORECASE)
_MONEY = re.compile(r"-?\d+(?:\.\d+)?")
_STATUS_WORDS = {**{s: s for s in STATUSES}, **{s[0]: s for s in STATUSES},
                 "complete": "blue", "completed": "blue", "delivered": "blue"}


def _key(value: str) -> str:
    return re.sub(r"[\s_\-]+", "", value.strip().lower())


_LINE_KEYS = {**{_key(code): code for code in LINES}, **{_key(label): code for code, label in LINE_LABELS.items()}}


# --------------------------------------------------------------------------- values


def financial_years(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """("2024-25" or None, bad) for each cell: see the module's list of accepted forms."""
    def one(v):
        if v is None:
            return None, False
        m = _YEAR.fullmatch(v)
        if not m:
            return None, True
        first, second = int(m.group(1)), m.group(2)
        follows = int(second) == (first + 1 if len(second) == 4 else (first + 1) % 100)
        if not follows or not 1990 <= first <= 2100:
            return None, True
        return f"{first}-{(first + 1) % 100:02d}", False

    return _sheets.per_cell(one, clean_str(values), values.index, object)


def periods(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(1..12 or NaN, bad) for each cell."""
    def one(v):
        if v is None:
            return np.nan, False
        m = _PERIOD.fullmatch(v)
        n = int(m.group(1)) if m else _PERIOD_WORDS.get(v.strip().lower())
        if n is None or not 1 <= n <= 12:
            return np.nan, True
        return float(n), False

    return _sheets.per_cell(one, clean_str(values), values.index, float)


def money(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(pounds or NaN when blank, bad) for each cell: numbers, '£1,234.50', '-1234', '(1,234)' = -1234."""
    def one(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return np.nan, False
        if isinstance(v, bool):
            return np.nan, True
        if isinstance(v, (int, float, np.integer, np.floating)):
            return (float(v), False) if np.isfinite(v) else (np.nan, True)
        if not isinstance(v, str):
            return np.nan, True  # a date or a time in a money column
        t = v.strip().replace("\u2212", "-")
        if t in ("", "nan", "None"):
            return np.nan, False
        if t in ("-", "\u00a3-", "\u00a3 -"):  # how Excel's accounting format shows a zero
            return 0.0, False
        negative = t.startswith("(") and t.endswith(")")
        if negative:
            t = t[1:-1].strip()
        t = t.replace("\u00a3", "").replace(",", "").replace(" ", "")
        if t.startswith("-\u00a3"):
            t = "-" + t[2:]
        if not _MONEY.fullmatch(t) or (negative and t.startswith("-")):
            return np.nan, True
        x = float(t)
        return (-x if negative else x), False

    return _sheets.per_cell(one, values.astype(object).where(values.notna(), None), values.index, float)


def lines(values: pd.Series) -> pd.Series:
    """Line codes, labels and their case/spacing variants onto the codes (others left as they are)."""
    return clean_str(values).map(lambda v: _LINE_KEYS.get(_key(v), v) if isinstance(v, str) else v)


def statuses(values: pd.Series) -> pd.Series:
    return clean_str(values).map(lambda v: _STATUS_WORDS.get(v.strip().lower(), v) if isinstance(v, str) else v)


# --------------------------------------------------------------------------- tables


sheet_of, table_of = _TABLES.sheet_of, _TABLES.table_of


def check(sheet: str, df: pd.DataFrame, name: str, *, where: str = "") -> tuple[pd.DataFrame, RowChecker]:
    """The rows of one table that can be loaded (in the frame's columns), and the checker holding the rest."""
    chk = RowChecker(df, name)
    if where:
        missing = [c for c in REQUIRED[sheet] if c not in df.columns]
        if missing:
            cols = ", ".join(f"'{m}'" for m in missing)
            raise ImportRejected(f"{name}: the {where} has no {cols} column{'s' * (len(missing) > 1)}, "
                                 "which this import needs, so nothing was imported.")
    else:
        chk.require_columns(REQUIRED[sheet], df.columns)
    pre = f"{where}: " if where else ""
    out = pd.DataFrame(index=df.index)

    year, bad = financial_years(df["financial_year"])
    chk.reject(bad, "financial_year", f"{pre}'financial_year' is not a financial year such as 2024-25")
    chk.reject(year.isna() & ~bad, "financial_year", f"{pre}'financial_year' is required but empty")
    out["financial_year"] = year

    if sheet == "budget":
        period, bad = periods(df["period"])
        chk.reject(bad, "period", f"{pre}'period' is not a month of the financial year (1-12, 1 = April)")
        chk.reject(period.isna() & ~bad, "period", f"{pre}'period' is required but empty")
        out["period"] = period
        line = lines(df["line"])
        unknown = line.notna() & ~line.isin(LINES)
        chk.reject(unknown, "line", f"{pre}'line' is not a known line (allowed: {', '.join(LINES)})")
        chk.reject(line.isna(), "line", f"{pre}'line' is required but empty")
        out["line"] = line
    if sheet == "savings":
        for col in ("ref", "workstream", "description"):
            out[col] = _sheets.text_column(chk, df, col, TEXT_LIMITS, pre)
        status = statuses(df["status"]) if "status" in df else pd.Series(None, index=df.index, dtype=object)
        chk.reject(status.notna() & ~status.isin(STATUSES), "status",
                   f"{pre}'status' is not a status (allowed: {', '.join(STATUSES)}; complete = blue)")
        out["status"] = status

    for col in MONEY[sheet]:
        if col not in df:
            out[col] = np.nan
            continue
        values, bad = money(df[col])
        chk.reject(bad, col, f"{pre}'{col}' is not an amount in pounds (e.g. 1234.50, \u00a31,234 or (1,234))")
        if col in REQUIRED_MONEY[sheet]:
            chk.reject(values.isna() & ~bad, col, f"{pre}'{col}' is required but empty")
        out[col] = values

    key = {"budget": ["financial_year", "period", "line"], "agreement": ["financial_year"],
           "savings": ["ref", "financial_year"]}[sheet]
    keyed = out[key].notna().all(axis=1) & ~chk.bad
    dup = keyed & out[key].where(keyed).duplicated(keep=False)
    shown = " and ".join(key)
    chk.reject(dup, key[-1] if sheet == "budget" else key[0],
               f"{pre}the same {shown} {'is' if len(key) == 1 else 'are'} on more than one row")
    good = out[~chk.bad].copy()
    if sheet == "budget":
        good["period"] = good["period"].astype("int64")
    return good[list(FINANCE_FRAMES[sheet])], chk


def _tables(path: Path, data: bytes, mapping) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The file's tables (ours -> renamed frame) and where each came from ("the 'X' sheet" or "")."""
    name = path.name
    sheets = _sheets.read_sheets(path, data)
    frames, where = {}, {}
    if len(sheets) > 1:
        for sheet, (title, df) in _sheets.named_sheets(name, sheets, lambda t: sheet_of(t, mapping)).items():
            frames[sheet], where[sheet] = df, f"the '{title}' sheet"
        if "budget" not in frames:
            raise ImportRejected(
                f"{name} is a workbook with no budget sheet (a sheet named budget, or one a mapping file's "
                "[sheets] names as budget), so nothing was imported.")
    else:
        (title, df), = sheets.items()
        sheet = sheet_of(title, mapping) if title is not None else None
        if df.shape[1] == 0:
            raise ImportRejected(f"{name} has no header row, so nothing was imported.")
        sheet = sheet or table_of(df, mapping)
        if sheet is None:
            raise ImportRejected(
                f"{name} is not a finance table: its columns are not those of the budget, agreement or savings "
                "table (SPEC 1.7), so nothing was imported.")
        frames[sheet], where[sheet] = df, ""
    renamed = {}
    for sheet, df in frames.items():
        if df.shape[1] == 0 or df.empty:
            continue  # an empty sheet: nothing of that table is replaced
        renamed[sheet] = _TABLES.renamed(df, sheet, mapping)
    if not renamed:
        raise ImportRejected(f"{name} has no data rows in its finance sheets, so nothing was imported.")
    return renamed, where


def parse(path: Path, data: bytes, *, la_code: str | None = None, mapping: Mapping[str, Any] | None = None) -> Parsed:
    name = path.name
    frames, where = _tables(path, data, mapping)
    la = _sheets.one_la(frames, name, la_code, mapping, "finance")
    report = ImportReport(file_name=name, kind="finance")
    payload = _sheets.check_tables(report, [s for s in SHEETS if s in frames], name,
                           lambda s: check(s, frames[s], name, where=where[s]),
                           {s: w or "the file" for s, w in where.items()})
    return Parsed(kind="finance", la_code=la, target=f"finance:{la}", report=report, payload=payload)


def write(conn: Connection, parsed: Parsed, *, import_id: int, sha256: str) -> None:
    replaced = {}
    for sheet, good in parsed.payload.items():
        table = TABLES[sheet].__table__
        years = sorted(good["financial_year"].unique())
        conn.execute(delete(table).where(table.c.la_code == parsed.la_code, table.c.financial_year.in_(years)))
        rows = records(good)
        for row in rows:
            row.update(la_code=parsed.la_code, import_id=import_id, synthetic=parsed.synthetic)
        conn.execute(insert(table), rows)
        replaced[sheet] = years
    parsed.extra.update(replaced=replaced)


__all__ = ["COLUMNS", "SHEETS", "check", "financial_years", "lines", "money", "parse", "periods",
           "sheet_of", "statuses", "table_of", "write"]
