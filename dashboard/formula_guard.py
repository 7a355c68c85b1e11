"""Text that a spreadsheet program will show, never run (SPEC section 5: formula injection).

A value from a case system (a team called ``=HYPERLINK("http://x", "Click")``, a caseworker typed as
``+44...``, ``@SUM(...)``) becomes a formula when a CSV or workbook is opened in Excel. Every export
(the briefing workbook, every CSV download in the app) passes its text through :func:`neutralise`, which
puts an apostrophe in front of text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
(OWASP's advice for CSV injection). Numbers are left as numbers: ``-3.5`` as a float is not text.
"""

from __future__ import annotations

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text a spreadsheet will not treat as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells and column names are neutralised; numbers and dates untouched."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    out.columns = [neutralise(c) if isinstance(c, str) else c for c in out.columns]
    return out


def safe_csv(df: pd.DataFrame) -> bytes:
    """``df`` as UTF-8 CSV (with a byte-order mark, so Excel reads accents) with formula-like text neutralised."""
    return neutralise_frame(df).to_csv(index=False).encode("utf-8-sig")


def put(ws, row: int, col: int, value: object, number_format: str | None = None):
    """Write ``value`` to the worksheet cell at (row, col) and return the cell: text neutralised and stored as
    text (never as a formula), a number with ``number_format``; None leaves the cell empty."""
    cell = ws.cell(row=row, column=col)
    if value is None:
        return cell
    if isinstance(value, str):
        cell.value = neutralise(value)
        cell.data_type = "s"
        return cell
    cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell
