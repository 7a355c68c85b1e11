"""Reading an extract's bytes into a table: size limits, gzip, CSV (any common encoding and separator) and
XLSX, each refused in one sentence when it cannot be read safely (SPEC section 5).

Split from :mod:`data_access.importers.base`, which holds the reports, column matching and value checks.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pa_compute
import pyarrow.csv as pa_csv

from data_access.importers import _guard
from data_access.importers.base import MAX_FILE_BYTES, ImportRejected

MAX_COLUMNS = 1000  # DfE's widest EES file has ~60 columns; a header of thousands is not an extract


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
        except EOFError as exc:  # cut short: not a bomb, whatever its last 4 bytes say
            raise ImportRejected(
                f"{path.name} is truncated or damaged (the gzip data ends early), so nothing was imported."
            ) from exc
        except (OSError, zlib.error) as exc:
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
        why = _guard.csv_error(_first_line(exc)) if fmt == "csv" else _guard.without_values(_first_line(exc))
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
    fast = _arrow_csv(text, sep)
    return fast if fast is not None else _pandas_csv(text, sep)


def _pandas_csv(text: str, sep: str) -> pd.DataFrame:
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


_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # what read_csv(dtype=str) gives: pandas' "str"


_SCAN = 1 << 16  # bytes per piece: small temporaries, reused, instead of three the size of the file


def _space_led(raw: bytes, sep: str) -> bool:
    """Whether a space or a tab follows a separator or a line break, or starts the text (numpy, piece by piece)."""
    b = np.frombuffer(raw, dtype=np.uint8)
    if b.size and b[0] in (32, 9):
        return True
    lead = np.array([ord(sep), 10, 13], dtype=np.uint8)
    for i in range(1, b.size, _SCAN):
        piece = b[i:i + _SCAN]
        space = (piece == 32) | (piece == 9)
        if space.any() and np.isin(b[i - 1:i - 1 + piece.size][space], lead).any():
            return True
    return False


def _arrow_csv(text: str, sep: str) -> pd.DataFrame | None:
    """The table pandas' ``read_csv`` below would give, parsed by Arrow's CSV reader (several times faster:
    no Python string per cell), or None when the text has anything on which the two could differ; then
    pandas reads it, so every file reads exactly as before.

    Declined: a NUL character; a header with an empty, repeated or space-led name (pandas renames those);
    any row Arrow cannot read (a row with more or fewer values than the header: pandas pads or refuses); a
    value that starts with a space or a tab (pandas' ``skipinitialspace``); an odd number of quote
    characters (a quote left open); a value that holds a quote or a line break (quoting that is not plain).
    """
    if "\x00" in text:
        return None
    try:
        header = next(csv.reader(io.StringIO(text[:65536], newline=""), delimiter=sep), None)
    except csv.Error:
        return None
    if not header or len(set(header)) < len(header) or any(not h or h[0] in " \t" for h in header):
        return None
    raw = text.encode("utf-8")  # cannot fail: the text was decoded from bytes
    try:
        table = pa_csv.read_csv(
            io.BytesIO(raw),
            read_options=pa_csv.ReadOptions(use_threads=False),  # one thread: as fast here, and steadier
            parse_options=pa_csv.ParseOptions(delimiter=sep, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(column_types={h: pa.string() for h in header},
                                                  strings_can_be_null=True, null_values=[""],
                                                  quoted_strings_can_be_null=True),
        )
    except pa.ArrowException:
        return None
    if table.column_names != header:
        return None
    quoted = '"' in text
    if quoted and text.count('"') % 2:  # a quote left open: pandas refuses the file, Arrow reads to the end
        return None
    tests = [(pa_compute.starts_with, " "), (pa_compute.starts_with, "\t")] if _space_led(raw, sep) else []
    if quoted:  # only plain quoting: no quote, and no line break, left inside a value
        tests += [(pa_compute.match_substring, c) for c in ('"', "\n", "\r")]
    for col in table.columns if tests else ():
        if any(pa_compute.any(test(col, what)).as_py() for test, what in tests):
            return None
    return table.to_pandas(types_mapper={pa.string(): _STR}.get)


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
    try:
        return _sheet_frame(wb.worksheets[0])
    finally:
        wb.close()


def _sheet_frame(ws, *, max_columns: int | None = None) -> pd.DataFrame:
    """One worksheet as an object table under its first row (empty when the sheet is)."""
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return pd.DataFrame()
    width = len(header)
    while width and header[width - 1] in (None, ""):
        width -= 1
    if max_columns is not None and width > max_columns:
        raise ValueError(f"a header row has {width:,} columns, more than the {max_columns:,} an extract can have")
    body = [r[:width] for r in rows]
    df = pd.DataFrame(body, columns=[str(h) if h is not None else f"column{i + 1}" for i, h in
                                     enumerate(header[:width])], dtype=object)
    return df.replace({"": None})


def read_workbook(path: Path, data: bytes) -> dict[str, pd.DataFrame]:
    """Every sheet of an XLSX (name as written -> table as :func:`read_table` makes one: object columns,
    wholly blank rows dropped, ``attrs['first_row']`` = 2; a sheet with no header gives an empty frame).

    The same checks as :func:`read_table` before anything is unpacked (zip bombs, entry names); openpyxl
    read-only with ``data_only=True`` (a formula's cached value, never the formula).
    """
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            problem = _guard.xlsx_problem(path.name, zf)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportRejected(f"{path.name} is a damaged zip or Excel file and cannot be read.") from exc
    if problem:
        raise ImportRejected(problem)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = {ws.title: _sheet_frame(ws, max_columns=MAX_COLUMNS) for ws in wb.worksheets}
        finally:
            wb.close()
    except ImportRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is one sentence
        why = _guard.without_values(_first_line(exc))
        raise ImportRejected(f"{path.name} could not be read as an Excel workbook ({why}).") from exc
    out = {}
    for title, df in sheets.items():
        if df.shape[1]:
            df.columns = [str(c).strip().lstrip("\ufeff") for c in df.columns]
            df = df.dropna(how="all")
        df.attrs["first_row"] = 2
        out[title] = df
    return out


# --------------------------------------------------------------------------- values
