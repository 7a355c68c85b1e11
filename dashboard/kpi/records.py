"""The records frame as the KPI functions read it, event windows, and the need / age-band filters.

* :func:`prepare` gives any records frame (even an empty one with no columns) every column of
  ``frames.records.RECORD_COLUMNS`` with the dtype of its kind. It reads the rows it is given: which
  source an LA's records come from (its casework snapshot, else its SEN2 returns) is chosen once, by
  ``data_access.queries.load_records``.
* :func:`in_window` is the de-duplication rule for events: a row contributes an event (a request
  received, a plan issued, a decision...) only when the event date lies inside the row's
  ``[period_start, period_end]`` (NaT = unbounded) and on or before the as-at date, so several SEN2
  returns that repeat a request count it once.
* :func:`filter_mask` keeps the rows whose primary need is selected ("UNKNOWN" selects a missing
  need) and whose age band, at the KPI's own date, is selected. Both filters combine (AND); empty
  ``needs`` / ``age_bands`` mean no filter, and a row with no age is dropped by an age-band filter.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from dashboard.kpi.dates import AGE_BANDS, BAND_LIMITS, last_31_august_before, month_keys
from frames.records import DATE_COLUMNS, FLAG_COLUMNS, STR_COLUMNS, columns_of

UNKNOWN_NEED = "UNKNOWN"
# the dates that make an event (used for the span of years and the default as-at date)
EVENT_COLUMNS = ("received_date", "request_outcome_date", "plan_start_date")
NEED, NO_TRANSFER, AGE_BASE, SEN2 = "_need", "_no_transfer", "_age_base", "_sen2"


def _coerce(df: pd.DataFrame) -> pd.DataFrame:
    new: dict[str, pd.Series] = {}
    n = len(df)
    for col in DATE_COLUMNS:
        if col not in df.columns:
            new[col] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
        elif not pd.api.types.is_datetime64_any_dtype(df[col]) or getattr(df[col].dt, "tz", None) is not None:
            values = pd.to_datetime(df[col], errors="coerce")
            new[col] = values.dt.tz_localize(None) if values.dt.tz is not None else values
    for col in FLAG_COLUMNS:
        if col not in df.columns:
            new[col] = pd.Series(pd.NA, index=df.index, dtype="boolean")
        elif str(df[col].dtype) != "boolean":
            new[col] = df[col].astype(object).where(df[col].notna(), None).astype("boolean")
    for col in columns_of("bool"):
        if col not in df.columns:
            new[col] = pd.Series(False, index=df.index, dtype=bool)
        elif df[col].dtype != bool:
            new[col] = df[col].astype("boolean").fillna(False).astype(bool)
    for col in STR_COLUMNS:
        if col not in df.columns:
            new[col] = pd.Series([None] * n, index=df.index, dtype=object)
    for col in columns_of("Int64"):
        if col not in df.columns:
            new[col] = pd.Series(pd.NA, index=df.index, dtype="Int64")
    for col in columns_of("int64"):
        if col not in df.columns:
            new[col] = pd.Series(0, index=df.index, dtype="int64")
    return df.assign(**new) if new else df


def _derived(df: pd.DataFrame) -> dict[str, object]:
    """Columns computed once per frame so that each KPI and filter is a few numpy operations."""
    birth = df["birth_date"]
    return {
        # primary need code, a missing need as UNKNOWN
        NEED: need_or_unknown(df["primary_need"]),
        # not transferred in from another LA
        NO_TRANSFER: blank(df["transfer_la"]).to_numpy(dtype=bool),
        # age on a 31 August of year Y = Y - AGE_BASE (a birthday in September..December not yet reached)
        AGE_BASE: (birth.dt.year + (birth.dt.month >= 9)).astype("float64").to_numpy(),
        # the row comes from a SEN2 return (else a casework extract): compared once, not per KPI
        SEN2: df["source"].eq("sen2").fillna(False).to_numpy(dtype=bool),
    }


def prepare(records: pd.DataFrame) -> pd.DataFrame:
    """The records frame with every documented column typed.

    Adds the private columns ``_need``, ``_no_transfer``, ``_age_base`` and ``_sen2`` (see :func:`_derived`).
    A frame that already has them is returned as it is, so calling this again is free.
    """
    if all(c in records.columns for c in (NEED, NO_TRANSFER, AGE_BASE, SEN2)):
        return records
    df = _coerce(records)
    return df.assign(**_derived(df))


def truthy(flags: pd.Series) -> pd.Series:
    """A plain bool Series: True only where the flag is True (NA counts as False)."""
    return flags.astype("boolean").fillna(False).astype(bool)


def on_distinct(values: pd.Series, func: Callable[[pd.Series], pd.Series]) -> np.ndarray:
    """``func`` (an element-wise function of an object Series) applied to the distinct values of ``values``
    only, and to one missing value (None) standing for every missing one, then spread back to each row:
    the string work is done once per code, not once per record."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)  # missing: -1, which picks the None last
    return func(pd.Series([*uniques, None], dtype=object)).to_numpy()[codes]


def _blank(values: pd.Series) -> pd.Series:
    return values.isna() | values.astype(object).where(values.notna(), "").astype(str).str.strip().eq("")


def blank(values: pd.Series) -> pd.Series:
    """True where a code is missing or only spaces."""
    return pd.Series(on_distinct(values, _blank).astype(bool), index=values.index, name=values.name)


def _stamp(value: dt.date) -> np.datetime64:
    return pd.Timestamp(value).to_datetime64()


def in_window(df: pd.DataFrame, column: str, as_at: dt.date | None) -> np.ndarray:
    """True where ``column`` is dated inside the row's [period_start, period_end] and on/before as_at."""
    when = df[column].to_numpy()
    start, end = df["period_start"].to_numpy(), df["period_end"].to_numpy()
    ok = ~np.isnat(when) & (np.isnat(start) | (when >= start)) & (np.isnat(end) | (when <= end))
    if as_at is not None:
        ok &= when <= _stamp(as_at)
    return ok


def coverage_end(records: pd.DataFrame, as_at: dt.date) -> dt.date:
    """The last date the events are known to: as-at, or for SEN2 returns only the end of the last period.

    SEN2 returns cover whole calendar years; the months after the last return's period are not "no
    requests" but "no return yet", so year and month lists stop there.
    """
    df = prepare(records)
    ends = df["period_end"]
    if len(df) == 0 or ends.isna().any():
        return as_at
    return min(as_at, ends.max().date())


_KEPT: dict[tuple[int, object], tuple[weakref.ref, object]] = {}


def per_frame(df: pd.DataFrame, key: object, compute: Callable[[], object]) -> object:
    """``compute()`` once per frame and ``key`` while the frame lives: the KPI blocks ask for the same years and
    January dates of one prepared records frame, or the same areas of one published frame, a dozen times. The frames are never changed in place (every step
    makes a new one), so the frame object and the key say what the value is; callers copy what they hand on."""
    slot = (id(df), key)
    kept = _KEPT.get(slot)
    if kept is not None and kept[0]() is df:
        return kept[1]
    value = compute()
    _KEPT[slot] = (weakref.ref(df, lambda _gone, slot=slot: _KEPT.pop(slot, None)), value)
    return value


def event_years(records: pd.DataFrame, as_at: dt.date) -> list[int]:
    """Every calendar year from the first with an event (request, plan issued, decision) to as-at's year.

    With SEN2 returns only, the list stops at the year of the last return's period (see coverage_end).
    """
    df = prepare(records)
    return list(per_frame(df, ("event_years", as_at), lambda: _event_years(df, as_at)))  # type: ignore[call-overload]


def _event_years(df: pd.DataFrame, as_at: dt.date) -> list[int]:
    firsts = [df[col].to_numpy()[in_window(df, col, as_at)] for col in EVENT_COLUMNS]
    firsts = [pd.Timestamp(f.min()) for f in firsts if len(f)]  # in the window: never NaT
    if not firsts:
        return []
    return list(range(min(firsts).year, coverage_end(df, as_at).year + 1))


def report_months(records: pd.DataFrame, as_at: dt.date) -> list[str]:
    """Months "YYYY-MM" shown month by month: January of the year before as-at to as-at's month.

    Empty when there are no events; with SEN2 returns only, it stops at the last return's period.
    """
    df = prepare(records)
    if not event_years(df, as_at):
        return []
    return month_keys(dt.date(as_at.year - 1, 1, 1), coverage_end(df, as_at))


def check_age_bands(age_bands: Iterable[str]) -> tuple[str, ...]:
    """The age bands as a tuple; ValueError naming the first one that is not a SPEC band."""
    bands = tuple(age_bands)
    for band in bands:
        if band not in AGE_BANDS:
            raise ValueError(f"'{band}' is not an age band; use one of {', '.join(AGE_BANDS)}.")
    return bands


def clean_needs(needs: Iterable[str]) -> tuple[str, ...]:
    """Need codes upper-cased and stripped ("unknown" becomes UNKNOWN)."""
    return tuple(str(n).strip().upper() for n in needs if str(n).strip())


def need_or_unknown(needs: pd.Series) -> pd.Series:
    """Primary need codes with a missing need shown as UNKNOWN."""
    codes = needs.astype(object).where(~blank(needs), UNKNOWN_NEED)
    return codes.astype(str).str.strip().str.upper()


def ages_on(df: pd.DataFrame, on: str | dt.date) -> np.ndarray:
    """Age on the 31 August before ``on`` (a date column or one date) for every row; NaN when unknown."""
    if isinstance(on, str):
        when = df[on]
        ref_year = (when.dt.year - (when.dt.month < 9)).astype("float64").to_numpy()
    else:
        ref_year = float(last_31_august_before(on).year)
    return ref_year - df[AGE_BASE].to_numpy(dtype="float64")


def band_mask(ages: np.ndarray, age_bands: Iterable[str]) -> np.ndarray:
    """True where the age falls in one of the bands (False for a missing age)."""
    ok = np.zeros(len(ages), dtype=bool)
    for band in age_bands:
        low, high = BAND_LIMITS[AGE_BANDS.index(band)]
        ok |= (ages >= low) & (ages <= high)
    return ok


def filter_mask(
    df: pd.DataFrame, *, needs: Iterable[str] = (), age_bands: Iterable[str] = (), on: str | dt.date
) -> np.ndarray:
    """The rows of a prepared frame that pass the need and age-band filters, as a bool array."""
    needs, bands = clean_needs(needs), check_age_bands(age_bands)
    keep = np.ones(len(df), dtype=bool)
    if needs:
        keep &= df[NEED].isin(needs).to_numpy(dtype=bool)
    if bands:
        keep &= band_mask(ages_on(df, on), bands)
    return keep


