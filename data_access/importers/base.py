"""What every importer shares: reading a table, matching headers, parsing dates and flags, reports.

An importer is two steps: ``parse`` reads and checks the file with no database access (a file that
cannot be read raises :class:`ImportRejected` with one sentence); ``write`` replaces or upserts its
rows inside the one transaction :func:`data_access.importers.run_import` opens. Rows that fail a check
are left out and reported as :class:`Rejection` (row, column, reason); the rest load.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

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

    @property
    def ok(self) -> bool:
        return self.status != "rejected"

    def summary(self) -> str:
        if self.status == "rejected":
            return self.message
        head = f"{self.file_name}: {self.kind} {self.status}"
        if self.status == "unchanged":
            return f"{head} (this exact file is already loaded; nothing changed)."
        return (
            f"{head}: {self.rows_read:,} rows read, {self.rows_loaded:,} loaded, "
            f"{self.rows_rejected:,} rejected." + "".join(f" {w}" for w in self.warnings)
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


# --------------------------------------------------------------------------- reading


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([ T].*)?$")
_UK = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}( .*)?$")
_UK_DASH = re.compile(r"^\d{1,2}[-.]\d{1,2}[-.]\d{4}$")
_COLLECT = re.compile(r"^\d{4}-[A-Za-z]{3}-\d{1,2}( .*)?$")
_SERIAL = re.compile(r"^\d{4,5}(\.0+)?$")
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
MIN_DATE = pd.Timestamp("1900-01-01")
MAX_DATE = pd.Timestamp("2100-12-31")


def blank(values: pd.Series) -> pd.Series:
    """True where a cell is empty (None, NaN, or only spaces): 'not recorded'."""
    return values.isna() | values.astype(str).str.strip().isin(["", "nan", "NaT", "None"])


_BLANKS = ["", "nan", "NaT", "None"]


def _text(values: pd.Series) -> pd.Series | None:
    """Stripped Arrow strings with blanks as NA, when the column is all text (a CSV column, or an object
    column of str/None); None for cells of other types (Excel numbers and dates), which take the slow path."""
    if values.dtype == object:
        if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
            return None
        values = values.astype("str")
    elif not pd.api.types.is_string_dtype(values.dtype):
        return None
    t = values.str.strip()
    return t.where(~t.isin(_BLANKS))


def _upper(t: pd.Series) -> pd.Series:
    return t.str.upper()


def _objects(t: pd.Series) -> pd.Series:
    """Arrow strings -> object column of str with None for NA (what the importers hand on)."""
    return t.astype(object).where(t.notna(), None)


def clean_str(values: pd.Series, *, then: Callable[[pd.Series], pd.Series] | None = None) -> pd.Series:
    """Stripped strings with blanks as None; Excel numbers like 351.0 become '351'.

    ``then`` is applied to the cleaned strings with ``.str`` methods (e.g. ``lambda t: t.str.upper()``):
    vectorised in Arrow on text columns, before they become Python strings.
    """
    t = _text(values)
    if t is not None:  # CSV text: vectorised
        return _objects(t if then is None else then(t))
    s = values.astype(object).where(~blank(values), None)

    def one(v):
        if v is None:
            return None
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()

    out = s.map(one)
    return out if then is None else then(out)


def _in_range(parsed: pd.Series) -> pd.Series:
    """Parsed dates outside 1900-2100 as NaT, in nanoseconds: pandas parses year 3022 (a mistyped 2022)
    at a coarser unit, which a nanosecond column cannot hold (OutOfBoundsDatetime)."""
    return parsed.where((parsed >= MIN_DATE) & (parsed <= MAX_DATE)).astype("datetime64[ns]")


def _iso_dates(values: pd.Series) -> tuple[pd.Series, pd.Series] | None:
    """``parse_dates`` of a text column whose every non-blank cell is ``YYYY-MM-DD`` (most extracts) in
    one regex pass and one parse; None when any cell has another form (then every form is tried)."""
    t = _text(values)
    if t is None:
        return None
    is_blank = t.isna().to_numpy()
    iso = t.str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(False).to_numpy(dtype=bool)
    if not (iso | is_blank).all():
        return None
    out = _in_range(pd.to_datetime(t.where(iso), format="%Y-%m-%d", errors="coerce"))
    out = out.where((out >= MIN_DATE) & (out <= MAX_DATE))
    return out, pd.Series(~is_blank, index=values.index) & out.isna()


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse dates in any of the forms an LA's files hold.

    ISO ``2024-03-04`` (with or without a time), UK ``04/03/2024``, COLLECT ``2024-Mar-04 00:00:00``,
    Excel date cells and Excel serial numbers. Returns ``(dates, bad)``: ``dates`` is datetime64 with NaT
    for blanks and bad cells; ``bad`` is True where a non-blank cell is not a possible date.
    """
    fast = _iso_dates(values)
    if fast is not None:
        return fast
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    is_blank = blank(values)
    if values.dtype == object:  # Excel cells: dates and numbers as well as text
        native = values.map(lambda v: isinstance(v, (dt.date, pd.Timestamp)))
        numeric = values.map(lambda v: isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool))
    else:  # CSV: all text, no per-cell type checks needed
        native = numeric = pd.Series(False, index=values.index)
    if native.any():
        out[native] = _in_range(pd.to_datetime(values[native].map(pd.Timestamp), errors="coerce").dt.normalize())
    numeric &= ~is_blank
    s = values.astype(str).str.strip()
    todo = ~is_blank & ~native
    serial = todo & (numeric | s.str.match(_SERIAL))
    if serial.any():
        days = pd.to_numeric(s[serial], errors="coerce")
        out[serial] = EXCEL_EPOCH + pd.to_timedelta(days.round(), unit="D")
    for pattern, fmt, width in (
        (_ISO, "%Y-%m-%d", 10),
        (_UK, "%d/%m/%Y", None),
        (_UK_DASH, None, None),
        (_COLLECT, "%Y-%b-%d", None),
    ):
        m = todo & ~serial & s.str.match(pattern)
        if not m.any():
            continue
        part = s[m]
        if width:
            part = part.str.slice(0, width)
        else:
            part = part.str.split(" ").str[0]
        if fmt is None:
            part = part.str.replace(".", "/", regex=False).str.replace("-", "/", regex=False)
            fmt = "%d/%m/%Y"
        out[m] = _in_range(pd.to_datetime(part, format=fmt, errors="coerce"))
    out = out.where((out >= MIN_DATE) & (out <= MAX_DATE))
    bad = ~is_blank & out.isna()
    return out, bad


_TRUE = {"1", "true", "t", "yes", "y", "1.0"}
_FALSE = {"0", "false", "f", "no", "n", "0.0"}


def parse_flags(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Yes/no fields given as 0/1/true/false/yes/no. Returns (object series of True/False/None, bad)."""
    if values.dtype != object and pd.api.types.is_string_dtype(values.dtype):  # CSV text: vectorised
        s = values.str.strip().str.lower().fillna("").astype(object)
    else:
        s = values.map(lambda v: str(v).strip().lower() if v is not None and not (isinstance(v, float) and np.isnan(v)) else "")
    s = s.replace({"nan": "", "none": ""})
    out = pd.Series(None, index=values.index, dtype=object)
    out[s.isin(_TRUE)] = True
    out[s.isin(_FALSE)] = False
    bad = (s != "") & ~s.isin(_TRUE | _FALSE)
    return out, bad


def to_py_dates(values: pd.Series) -> list:
    """datetime64 -> list of ``datetime.date`` / None, for inserting."""
    arr = values.to_numpy(dtype="datetime64[D]")
    return [None if np.isnat(v) else v.astype(dt.date) for v in arr]


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts for a bulk insert: NaN/NaT -> None, datetime64 -> date, numpy scalars -> Python."""
    cols = {}
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            cols[col] = to_py_dates(s)
        else:
            cols[col] = [None if (v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT)
                         else (v.item() if isinstance(v, np.generic) else v) for v in s.tolist()]
    n = len(df)
    keys = list(cols)
    return [{k: cols[k][i] for k in keys} for i in range(n)]


def la_from_column(name: str, values: pd.Series, first_row: int, *, what: str = "file") -> str | None:
    """The one LA a file's ``la_code`` column is for (None when it is empty).

    Raises :class:`ImportRejected` when a value is not a 3-digit code (naming its row, never the value:
    SPEC section 5) or when the rows are for more than one LA (those 3-digit codes are named).
    ``values`` keeps the file's index labels, so a label + ``first_row`` is the row the user sees.
    """
    codes = clean_str(values)
    bad = codes.notna() & ~codes.str.fullmatch(r"\d{3}").fillna(False).astype(bool)
    if bad.any():
        row = int(codes.index[bad.to_numpy(dtype=bool)][0]) + first_row
        raise ImportRejected(f"{name} has an la_code on row {row} that is not a 3-digit DfE LA code, "
                             "so nothing was imported.")
    found = sorted(set(codes.dropna()))
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
        s = clean_str(self.df[column], then=_upper if upper else None)
        allowed = set(allowed)
        unknown = s.notna() & ~s.isin(allowed)
        shown = ", ".join(sorted(allowed))
        self.reject(unknown, column, f"'{column}' has an unknown code (allowed: {shown})")
        if required:
            self.reject(s.isna(), column, f"'{column}' is required but empty")
        return s.where(~unknown, None)

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
