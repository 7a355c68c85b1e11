"""What the workbook importers (finance, programme) share: a file of named tables, each a sheet of a
workbook or a lone CSV / one-sheet XLSX told by its columns, checked cell by cell.

:class:`Tables` describes one importer's tables; the functions read the file's sheets, resolve its one LA,
parse a column cell by cell and check every table into an :class:`ImportReport`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from data_access.importers.base import (
    ImportRejected,
    ImportReport,
    RowChecker,
    clean_str,
    match_columns,
    norm_header,
)
from data_access.importers.mapping import apply_values, mapping_columns, mapping_sheets
from data_access.importers.reading import read_table, read_workbook, table_format

Mapping_ = Mapping[str, Any] | None


@dataclass(frozen=True)
class Tables:
    """One importer's tables: their order, columns (ours), the columns each cannot be loaded without, the
    columns that tell a lone table apart, header aliases and sheet-name aliases (normalised names)."""

    sheets: tuple[str, ...]
    columns: Mapping[str, tuple[str, ...]]
    required: Mapping[str, tuple[str, ...]]
    distinct: Mapping[str, tuple[str, ...]]
    aliases: Mapping[str, tuple[str, ...]]
    sheet_aliases: Mapping[str, str]

    def sheet_of(self, title: str, mapping: Mapping_) -> str | None:
        """Which of our tables a workbook sheet is (None: not one of them)."""
        named = {norm_header(k): v for k, v in mapping_sheets(mapping).items()}
        ours = named.get(norm_header(title))
        if ours is not None:
            return self.sheet_aliases.get(norm_header(ours))
        return self.sheet_aliases.get(norm_header(title))

    def renamed(self, df: pd.DataFrame, sheet: str, mapping: Mapping_) -> pd.DataFrame:
        """``df`` in the columns of ``sheet`` (aliases and a mapping file's columns and values applied)."""
        wanted = self.columns[sheet]
        theirs = {k: v for k, v in mapping_columns(mapping).items() if v in wanted}
        out = match_columns(df, wanted, aliases=self.aliases, mapping=theirs)
        out.attrs.update(df.attrs)
        return apply_values(out, mapping)

    def table_of(self, df: pd.DataFrame, mapping: Mapping_) -> str | None:
        """Which table a lone CSV or sheet holds, by its columns (the one with most of its telling columns)."""
        scored = {}
        for sheet in self.sheets:
            cols = set(self.renamed(df.head(0), sheet, mapping).columns)
            scored[sheet] = (all(c in cols for c in self.required[sheet]), sum(c in cols for c in self.distinct[sheet]))
        best = max(self.sheets, key=lambda s: scored[s])
        return best if scored[best][1] else None


def per_cell(one: Callable[[Any], tuple[Any, bool]], cells: Iterable[Any], index: pd.Index,
             dtype: Any) -> tuple[pd.Series, pd.Series]:
    """(value, bad) for each cell: ``one`` of each of ``cells`` (in the order of ``index``)."""
    parsed = [one(v) for v in cells]
    return (pd.Series([p for p, _ in parsed], index=index, dtype=dtype),
            pd.Series([b for _, b in parsed], index=index, dtype=bool))


def text_column(chk: RowChecker, df: pd.DataFrame, col: str, limits: Mapping[str, int], pre: str) -> pd.Series:
    """The column as text (all blank when the file lacks it); a row longer than ``limits[col]`` is rejected."""
    text = clean_str(df[col]) if col in df else pd.Series(None, index=df.index, dtype=object)
    if col in limits:
        chk.reject(text.str.len() > limits[col], col, f"{pre}'{col}' is longer than {limits[col]} characters")
    return text


def read_sheets(path: Path, data: bytes) -> dict[str | None, pd.DataFrame]:
    """A workbook's sheets by title, or a CSV as the one sheet ``None``."""
    if table_format(path, data) == "csv":
        return {None: read_table(path, data)}
    return dict(read_workbook(path, data))


def named_sheets(name: str, sheets: Mapping[str | None, pd.DataFrame],
                 sheet_of: Callable[[str], str | None]) -> dict[str, tuple[str, pd.DataFrame]]:
    """Our table -> (its sheet's title, the sheet) for each sheet that is one of ours; two sheets of one
    table refuse the file."""
    found: dict[str, tuple[str, pd.DataFrame]] = {}
    for title, df in sheets.items():
        sheet = sheet_of(title) if title is not None else None
        if sheet is None:
            continue
        if sheet in found:
            raise ImportRejected(f"{name} has two {sheet} sheets ('{found[sheet][0]}' and '{title}'), so "
                                 "nothing was imported.")
        found[sheet] = (title, df)
    return found


def one_la(frames: Mapping[str, pd.DataFrame], name: str, la_code: str | None, mapping: Mapping_,
           what: str) -> str:
    """The one LA the file's tables with rows are for; ImportRejected for more than one."""
    from data_access.importers.complaints import resolve_la_code

    found = {resolve_la_code(df, name, la_code, mapping) for df in frames.values() if len(df)}
    if len(found) > 1:
        raise ImportRejected(f"{name} has sheets for more than one LA (la_code {', '.join(sorted(found))}); "
                             f"import one LA's {what} at a time.")
    return found.pop()


def check_tables(report: ImportReport, tables: Iterable[str], name: str,
                 check: Callable[[str], tuple[pd.DataFrame, RowChecker]],
                 places: Mapping[str, str]) -> dict[str, pd.DataFrame]:
    """The loadable rows of each table (in ``tables`` order), counted with their rejections into ``report``;
    a table with rows none of which can be loaded refuses the file (``places``: "the 'X' sheet")."""
    payload, rejections = {}, []
    for sheet in tables:
        good, chk = check(sheet)
        report.rows_read += len(chk.df)
        report.rows_rejected += int(chk.bad.sum())
        rejections += sorted(chk.rejections, key=lambda r: (r.row, r.column))
        if good.empty and len(chk.df):
            first = min(chk.rejections, key=lambda r: (r.row, r.column))
            raise ImportRejected(f"{name}: no row of {places[sheet]} could be loaded (row {first.row}, "
                                 f"column '{first.column}': {first.reason}), so nothing was imported.")
        payload[sheet] = good
    report.rows_loaded = report.rows_read - report.rows_rejected
    report.rejections = rejections
    return payload
