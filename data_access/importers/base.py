"""What every importer shares: reading a table, matching headers, parsing dates and flags, reports.

An importer is two steps: ``parse`` reads and checks the file with no database access (a file that
cannot be read raises :class:`ImportRejected` with one sentence); ``write`` replaces or upserts its
rows inside the one transaction :func:`data_access.importers.run_import` opens. Rows that fail a check
are left out and reported as :class:`Rejection` (row, column, reason); the rest load.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from data_access.importers import _guard

MAX_FILE_BYTES = 200 * 1024 * 1024  # SPEC section 5: imported files are size-limited
MAX_REJECTIONS_KEPT = 1000
MAX_COLUMNS = 1000  # DfE's widest EES file has ~60 columns; a header of thousands is not an extract


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
            f"{self.rows_rejected:,} rejected."
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


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportRejected(f"{path.name} could not be opened ({exc.strerror or exc}).") from exc
    if size == 0:
        raise ImportRejected(f"{path.name} is empty (0 bytes), so nothing was imported.")
    if size > MAX_FILE_BYTES:
        raise ImportRejected(
            f"{path.name} is {size / 1e6:,.0f} MB, over the {MAX_FILE_BYTES / 1e6:,.0f} MB limit for one file."
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRejected(f"{path.name} could not be read ({exc.strerror or exc}).") from exc
    if path.suffix.lower() == ".gz":
        try:
            unpacked = _guard.gunzip(data, MAX_FILE_BYTES)
        except (OSError, EOFError, zlib.error) as exc:
            raise ImportRejected(f"{path.name} is not a readable gzip file.") from exc
        if unpacked is None:  # stopped at the limit: never unpacked further (a "gzip bomb")
            raise ImportRejected(
                f"{path.name} unpacks to more than the {MAX_FILE_BYTES / 1e6:,.0f} MB limit for one file, "
                "so nothing was imported."
            )
        data = unpacked
    return data


def table_format(path: Path, data: bytes) -> str:
    """'xlsx' or 'csv', from the content (an .xlsx is a zip); raises for anything else."""
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if _guard.unicode_bom(data):  # UTF-16/32 text, e.g. Excel's "Unicode Text" export
        return "csv"
    head = data[:2048].lstrip()
    if head.startswith(b"<") or b"\x00" in head:
        raise ImportRejected(
            f"{path.name} is not a CSV or Excel (.xlsx) table; it looks like a different kind of file."
        )
    return "csv"


def read_table(path: Path, data: bytes | None = None) -> pd.DataFrame:
    """Read a CSV (any common encoding) or the first sheet of an XLSX as object columns.

    Values stay as read (strings; for XLSX also numbers and datetimes) so each importer reports its
    own bad cells. Rows wholly blank are dropped; ``df.attrs['first_row']`` is the row number of the
    first data row (2: under the header).
    """
    data = read_bytes(path) if data is None else data
    fmt = table_format(path, data)
    try:
        if fmt == "xlsx":
            df = _read_xlsx(path.name, data)
        else:
            df = _read_csv(data)
    except ImportRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is one sentence
        kind = "an Excel workbook" if fmt == "xlsx" else "a CSV file"
        why = _guard.csv_error(_first_line(exc)) if fmt == "csv" else _guard.shown(_first_line(exc), 200)
        raise ImportRejected(f"{path.name} could not be read as {kind} ({why}).") from exc
    if df.shape[1] == 0:
        raise ImportRejected(f"{path.name} has no header row, so nothing was imported.")
    df.columns = [str(c).strip().lstrip("\ufeff") for c in df.columns]
    df = df.dropna(how="all")
    if df.empty:
        raise ImportRejected(f"{path.name} has a header but no data rows, so nothing was imported.")
    df.attrs["first_row"] = 2
    return df


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def decode_text(data: bytes) -> str:
    """Text in any common encoding: UTF-16/32 when a byte-order mark says so, else UTF-8, cp1252, latin-1."""
    bom = _guard.unicode_bom(data)
    if bom:
        try:
            return data.decode(bom)
        except UnicodeDecodeError as exc:
            raise ValueError(f"it starts with a {bom.upper()} byte-order mark but is not valid {bom.upper()} text") from exc
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # every byte is a latin-1 character


def _first_lines(text: str, n: int) -> list[str]:
    """The first ``n`` lines of ``text`` without splitting the whole of it."""
    out, start = [], 0
    while len(out) < n and start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        out.append(text[start:end])
        start = end + 1
    return out


def _read_csv(data: bytes) -> pd.DataFrame:
    text = decode_text(data).lstrip("\ufeff")
    sample = text[:4096]
    sep = max((",", ";", "\t", "|"), key=sample.split("\n", 1)[0].count)
    # checked before pandas, which sizes the table from the header and the first data row and would
    # allocate every cell of a row of a million commas before failing (later rows fail on their own)
    for number, line in enumerate(_first_lines(text, 6), start=1):
        if line.count(sep) >= MAX_COLUMNS:
            raise ValueError(f"row {number} has {line.count(sep) + 1:,} values, more than the "
                             f"{MAX_COLUMNS:,} columns an extract can have")
    with warnings.catch_warnings():
        # index_col=False: a first data row with one value more than the header must not silently turn
        # the first column into the index (shifting every column); pandas warns and we refuse instead
        warnings.simplefilter("error", pd.errors.ParserWarning)
        try:
            return pd.read_csv(
                io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""],
                skipinitialspace=True, index_col=False,
                skip_blank_lines=False,  # blank lines keep their row numbers (dropped later by dropna)
            )
        except pd.errors.ParserWarning:
            raise ValueError("row 2 has more values than the header row has columns") from None


def _read_xlsx(name: str, data: bytes) -> pd.DataFrame:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            problem = _guard.xlsx_problem(name, zf)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportRejected(f"{name} is a damaged zip or Excel file and cannot be read.") from exc
    if problem:  # checked before openpyxl unpacks or parses anything
        raise ImportRejected(problem)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except zipfile.BadZipFile as exc:
        raise ValueError("not a readable Excel workbook") from exc
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return pd.DataFrame()
    width = len(header)
    while width and header[width - 1] in (None, ""):
        width -= 1
    body = [r[:width] for r in rows]
    wb.close()
    df = pd.DataFrame(body, columns=[str(h) if h is not None else f"column{i + 1}" for i, h in
                                     enumerate(header[:width])], dtype=object)
    return df.replace({"": None})


# --------------------------------------------------------------------------- values

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


def clean_str(values: pd.Series) -> pd.Series:
    """Stripped strings with blanks as None; Excel numbers like 351.0 become '351'."""
    if values.dtype != object and pd.api.types.is_string_dtype(values.dtype):  # CSV text: vectorised
        t = values.str.strip()
        return t.astype(object).where(t.notna() & ~t.isin(["", "nan", "NaT", "None"]), None)
    s = values.astype(object).where(~blank(values), None)

    def one(v):
        if v is None:
            return None
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()

    return s.map(one)


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse dates in any of the forms an LA's files hold.

    ISO ``2024-03-04`` (with or without a time), UK ``04/03/2024``, COLLECT ``2024-Mar-04 00:00:00``,
    Excel date cells and Excel serial numbers. Returns ``(dates, bad)``: ``dates`` is datetime64 with NaT
    for blanks and bad cells; ``bad`` is True where a non-blank cell is not a possible date.
    """
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    is_blank = blank(values)
    if values.dtype == object:  # Excel cells: dates and numbers as well as text
        native = values.map(lambda v: isinstance(v, (dt.date, pd.Timestamp)))
        numeric = values.map(lambda v: isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool))
    else:  # CSV: all text, no per-cell type checks needed
        native = numeric = pd.Series(False, index=values.index)
    if native.any():
        out[native] = pd.to_datetime(values[native].map(pd.Timestamp), errors="coerce").dt.normalize()
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
        out[m] = pd.to_datetime(part, format=fmt, errors="coerce")
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
        s = clean_str(self.df[column])
        if upper:
            s = s.str.upper()  # clean_str gives str or None
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
