"""What every importer shares: reading a table, matching headers, parsing dates and flags, reports.

An importer is two steps: ``parse`` reads and checks the file with no database access (a file that
cannot be read raises :class:`ImportRejected` with one sentence); ``write`` replaces or upserts its
rows inside the one transaction :func:`data_access.importers.run_import` opens. Rows that fail a check
are left out and reported as :class:`Rejection` (row, column, reason); the rest load.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from data_access.importers._cell_values import (  # noqa: F401 - re-exported: the importers' shared helpers
    EXCEL_EPOCH,
    MAX_DATE,
    MIN_DATE,
    _upper,
    blank,
    clean_codes,
    clean_str,
    parse_dates,
    parse_flags,
    records,
    to_py_dates,
)

MAX_FILE_BYTES = 200 * 1024 * 1024  # SPEC section 5: imported files are size-limited
MAX_REJECTIONS_KEPT = 1000


class ImportRejected(Exception):
    """The whole file is rejected; ``str(exc)`` is one sentence naming the file (and row/column)."""


@dataclass(frozen=True)
class Rejection:
    row: int  # 1-based row number as the user sees it (header is row 1 in a spreadsheet/CSV)
    column: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class ImportReport:
    file_name: str
    kind: str | None = None
    status: str = "rejected"  # loaded | unchanged | rejected
    la_code: str | None = None
    target: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    message: str = ""
    database_error: bool = False  # rejected because the database could not be used, not because of the file
    # columns expected but not in the file -> what each one feeds (refused, or loaded with allow_missing)
    missing_columns: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # SEN2 and casework: the validation rules' findings (None for other kinds); see data_access/validation
    errors: int | None = None
    queries: int | None = None
    findings_by_rule: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status != "rejected"

    def summary(self) -> str:
        if self.status == "rejected":
            return self.message
        head = f"{self.file_name}: {self.kind} {self.status}"
        if self.status == "unchanged":
            return f"{head} (this exact file is already loaded; nothing changed)."
        checked = ""
        if self.errors is not None:
            checked = (f" Validation: {self.errors:,} error{'s' * (self.errors != 1)}, {self.queries:,} "
                       f"quer{'ies' if self.queries != 1 else 'y'} (senddash validate lists them).")
        return (
            f"{head}: {self.rows_read:,} rows read, {self.rows_loaded:,} loaded, "
            f"{self.rows_rejected:,} rejected." + checked + "".join(f" {w}" for w in self.warnings)
        )

    def as_dict(self) -> dict:
        return {
            "file": self.file_name,
            "kind": self.kind,
            "status": self.status,
            "la_code": self.la_code,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected,
            "rejections": [r.as_dict() for r in self.rejections[:MAX_REJECTIONS_KEPT]],
            "message": self.message,
            "missing_columns": self.missing_columns,
            "warnings": self.warnings,
        }


# --------------------------------------------------------------------------- headers


def norm_header(name: object) -> str:
    """Case-insensitive, ignoring spaces, underscores and hyphens (SPEC section 1)."""
    return re.sub(r"[\s_\-]+", "", str(name)).strip().lower().lstrip("\ufeff")


def match_columns(
    df: pd.DataFrame,
    wanted: Iterable[str],
    *,
    aliases: Mapping[str, Iterable[str]] | None = None,
    mapping: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Rename ``df``'s columns onto the canonical names in ``wanted``.

    ``aliases`` gives other accepted names per canonical name; ``mapping`` is an LA's own header ->
    canonical name table (from a TOML mapping file). Unknown columns are dropped.
    """
    lookup: dict[str, str] = {}
    for canon in wanted:
        lookup[norm_header(canon)] = canon
        for alias in (aliases or {}).get(canon, ()):
            lookup.setdefault(norm_header(alias), canon)
    for theirs, canon in (mapping or {}).items():
        lookup[norm_header(theirs)] = canon
    rename: dict[str, str] = {}
    for col in df.columns:
        canon = lookup.get(norm_header(col))
        if canon and canon not in rename.values():
            rename[col] = canon
    return df[list(rename)].rename(columns=rename)


def la_from_column(name: str, values: pd.Series, first_row: int, *, what: str = "file") -> str | None:
    """The one LA a file's ``la_code`` column is for (None when it is empty).

    Raises :class:`ImportRejected` when a value is not a 3-digit code (naming its row, never the value:
    SPEC section 5) or when the rows are for more than one LA (those 3-digit codes are named).
    ``values`` keeps the file's index labels, so a label + ``first_row`` is the row the user sees.
    """
    codes = clean_str(values).astype("str")  # Arrow strings: the match runs vectorised
    bad = codes.notna() & ~codes.str.fullmatch(r"\d{3}").fillna(False).astype(bool)
    if bad.any():
        row = int(codes.index[bad.to_numpy(dtype=bool)][0]) + first_row
        raise ImportRejected(f"{name} has an la_code on row {row} that is not a 3-digit DfE LA code, "
                             "so nothing was imported.")
    found = sorted(codes.dropna().unique())
    if len(found) > 1:
        raise ImportRejected(f"{name} has rows for more than one LA (la_code {', '.join(found[:5])}); "
                             f"import one LA's {what} at a time.")
    return found[0] if found else None


class RowChecker:
    """Collects per-row rejections while an importer checks its columns, vectorised."""

    def __init__(self, df: pd.DataFrame, file_name: str):
        self.df = df
        self.file_name = file_name
        self.first_row = int(df.attrs.get("first_row", 2))
        self.bad = pd.Series(False, index=df.index)
        self.rejections: list[Rejection] = []

    def reject(self, mask: pd.Series, column: str, reason: str) -> None:
        mask = mask.fillna(False).astype(bool) & ~self.bad
        if not mask.any():
            return
        # index labels are the rows' positions in the file (blank rows dropped leave gaps)
        labels = self.df.index[mask.reindex(self.df.index, fill_value=False).to_numpy(dtype=bool)]
        for label in labels[: MAX_REJECTIONS_KEPT]:
            self.rejections.append(Rejection(int(label) + self.first_row, column, reason))
        self.bad |= mask.reindex(self.df.index, fill_value=False)

    def require_columns(self, required: Iterable[str], present: Iterable[str]) -> None:
        missing = [c for c in required if c not in set(present)]
        if missing:
            names = ", ".join(f"'{m}'" for m in missing)
            noun = "column" if len(missing) == 1 else "columns"
            raise ImportRejected(f"{self.file_name} has no {names} {noun}, which this import needs.")

    def dates(self, column: str, *, required: pd.Series | bool = False) -> pd.Series:
        if column not in self.df:
            return pd.Series(pd.NaT, index=self.df.index, dtype="datetime64[ns]")
        values, bad = parse_dates(self.df[column])
        self.reject(bad, column, f"'{column}' is not a valid date")
        if required is not False:
            need = required if isinstance(required, pd.Series) else pd.Series(True, index=self.df.index)
            self.reject(need & values.isna() & ~bad, column, f"'{column}' is required but empty")
        return values

    def codes(self, column: str, allowed: Iterable[str], *, required: bool = False, upper: bool = True) -> pd.Series:
        if column not in self.df:
            return pd.Series(None, index=self.df.index, dtype=object)
        allowed = set(allowed)
        s, unknown = clean_codes(self.df[column], allowed, upper=upper)
        shown = ", ".join(sorted(allowed))
        self.reject(unknown, column, f"'{column}' has an unknown code (allowed: {shown})")
        if required:
            self.reject(s.isna() & ~unknown, column, f"'{column}' is required but empty")
        return s

    def flags(self, column: str) -> pd.Series:
        if column not in self.df:
            return pd.Series(None, index=self.df.index, dtype=object)
        values, bad = parse_flags(self.df[column])
        self.reject(bad, column, f"'{column}' must be 0/1, true/false or yes/no")
        return values

    def report_into(self, report: ImportReport) -> None:
        report.rows_read = len(self.df)
        report.rows_rejected = int(self.bad.sum())
        report.rows_loaded = report.rows_read - report.rows_rejected
        report.rejections = sorted(self.rejections, key=lambda r: (r.row, r.column))
