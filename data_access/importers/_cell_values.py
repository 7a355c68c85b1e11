"""Cell values of the table files (CSV text, or Excel cells): text, dates and yes/no flags, vectorised.

Text columns (a CSV's, or any column of only str/None) are cleaned in Arrow before they become Python
strings; a column whose every date is ``YYYY-MM-DD`` is parsed in one pass, any other form by trying each.
Re-exported by :mod:`data_access.importers.base`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pa_compute

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


def _distinct_text(values: pd.Series) -> tuple[np.ndarray, pd.Series] | None:
    """When the column is all text (a CSV column, or an object column of str/None): each cell's code (-1 for a
    missing cell; None for an identifier column, see :func:`_distinct`) and the distinct values, stripped, with
    blanks as NA, as Arrow strings; else None (cells of other types, Excel numbers and dates, take the slow path).

    A column of 54,000 cells holds a few thousand dates or a handful of codes, so each is cleaned, checked and
    parsed once; :func:`_spread` gives every cell its value back."""
    if values.dtype == object:
        if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
            return None
        values = values.astype("str")
    elif not pd.api.types.is_string_dtype(values.dtype):
        return None
    codes, distinct = _distinct(values)
    t = distinct.str.strip()
    return codes, t.where(~t.isin(_BLANKS))


_SAMPLE = 1_000


def _distinct(values: pd.Series) -> tuple[np.ndarray | None, pd.Series]:
    """Each cell's code (-1: missing) and the distinct values; codes None and the cells themselves when the first
    cells are nearly all distinct (identifiers), which gain nothing from the detour."""
    head = values.iloc[:_SAMPLE]
    if len(values) > _SAMPLE and head.nunique() > 0.95 * len(head):
        return None, values.reset_index(drop=True)
    codes, uniques = pd.factorize(values)
    return codes, pd.Series(uniques, dtype=values.dtype)


def _spread(per_value: np.ndarray, codes: np.ndarray | None, missing, index: pd.Index, dtype=None) -> pd.Series:
    """One value per distinct value -> one per cell (``missing`` for a cell that was missing)."""
    if codes is None:
        return pd.Series(per_value, index=index, dtype=dtype)
    return pd.Series(np.append(per_value, np.array([missing], dtype=per_value.dtype))[codes], index=index, dtype=dtype)


def _upper(t: pd.Series) -> pd.Series:
    return t.str.upper()


def _objects(t: pd.Series) -> pd.Series:
    """Arrow strings -> object column of str with None for NA (what the importers hand on)."""
    return t.astype(object).where(t.notna(), None)


def clean_str(values: pd.Series, *, then: Callable[[pd.Series], pd.Series] | None = None) -> pd.Series:
    """Stripped strings with blanks as None; Excel numbers like 351.0 become '351'.

    ``then`` is applied to the cleaned strings with ``.str`` methods (e.g. ``lambda t: t.str.upper()``):
    vectorised in Arrow on text columns, before they become Python strings, once per distinct value (so it
    must treat each value on its own).
    """
    distinct = _distinct_text(values)
    if distinct is not None:  # CSV text: vectorised
        codes, t = distinct
        return _spread(_objects(t if then is None else then(t)).to_numpy(dtype=object), codes, None, values.index,
                       dtype=object)
    s = values.astype(object).where(~blank(values), None)

    def one(v):
        if v is None:
            return None
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()

    out = s.map(one)
    return out if then is None else then(out)


def clean_codes(values: pd.Series, allowed: set[str], *, upper: bool) -> tuple[pd.Series, pd.Series]:
    """``clean_str`` (upper-cased with ``upper``) with every value not in ``allowed`` as None, and where a value
    was not allowed; for a text column, each distinct value is checked once."""
    distinct = _distinct_text(values)
    if distinct is None:
        s = clean_str(values, then=_upper if upper else None)
        unknown = s.notna() & ~s.isin(allowed)
        return s.where(~unknown, None), unknown
    codes, t = distinct
    if upper:
        t = _upper(t)
    unknown = (t.notna() & ~t.isin(allowed)).to_numpy(dtype=bool)
    kept = _objects(t).to_numpy(dtype=object, copy=True)
    kept[unknown] = None
    return (_spread(kept, codes, None, values.index, dtype=object), _spread(unknown, codes, False, values.index))


def _in_range(parsed: pd.Series) -> pd.Series:
    """Parsed dates outside 1900-2100 as NaT, in nanoseconds: pandas parses year 3022 (a mistyped 2022)
    at a coarser unit, which a nanosecond column cannot hold (OutOfBoundsDatetime)."""
    return parsed.where((parsed >= MIN_DATE) & (parsed <= MAX_DATE)).astype("datetime64[ns]")


def _iso_dates(values: pd.Series) -> tuple[pd.Series, pd.Series] | None:
    """``parse_dates`` of a text column whose every non-blank cell is ``YYYY-MM-DD`` (most extracts) in
    one regex pass and one parse of its distinct values; None when any cell has another form (then every
    form is tried)."""
    distinct = _distinct_text(values)
    if distinct is None:
        return None
    codes, t = distinct
    is_blank = t.isna().to_numpy()
    iso = t.str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(False).to_numpy(dtype=bool)
    if not (iso | is_blank).all():
        return None
    try:  # Arrow's own ISO parser (it refuses 2023-02-29 and 2024-04-31 as strptime does): no Python per cell
        stamps = pa_compute.cast(pa_compute.cast(pa.array(t.array), pa.date32()), pa.timestamp("ns"))
        out = pd.Series(stamps.to_numpy(zero_copy_only=False))
    except pa.ArrowInvalid:  # an impossible date somewhere: pandas says which cells
        out = pd.to_datetime(t.where(iso), format="%Y-%m-%d", errors="coerce")
    out = _in_range(out)  # 1900-2100, else NaT
    bad = ~is_blank & out.isna().to_numpy()
    return (_spread(out.to_numpy(dtype="datetime64[ns]"), codes, np.datetime64("NaT"), values.index),
            _spread(bad, codes, False, values.index))


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
    if values.dtype != object and pd.api.types.is_string_dtype(values.dtype):  # CSV text: in Arrow, once a value
        codes, distinct = _distinct(values)
        t = distinct.str.strip().str.lower()
        true, false = t.isin(_TRUE).to_numpy(dtype=bool), t.isin(_FALSE).to_numpy(dtype=bool)
        empty = (t.isna() | t.isin(["", "nan", "none"])).to_numpy(dtype=bool)
        flag = np.full(len(t), np.nan, dtype=object)  # missing as NaN, as the object path below gives it
        flag[true] = True
        flag[false] = False
        return (_spread(flag, codes, np.nan, values.index, dtype=object),
                _spread(~(empty | true | false), codes, False, values.index))
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
