"""Dates the KPIs are measured at: age on the 31 August before a date, age bands, SEN2 reference dates.

SPEC section 2: age is the number of completed years on the 31 August *strictly before* the date in
question (for 31 August 2024 that is 31 August 2023; for 1 September 2024 it is 31 August 2024). A
birthday on 31 August is reached on that day; a 29 February birthday is reached on 1 March in a
non-leap year (which never matters against a 31 August, but does in :func:`age_at`).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

AGE_BANDS: tuple[str, ...] = ("Under 5", "5-10", "11-15", "16-19", "20-25")
# (lowest age, highest age) of each band, inclusive
BAND_LIMITS: tuple[tuple[int, int], ...] = ((0, 4), (5, 10), (11, 15), (16, 19), (20, 25))


def _as_date(value: dt.date | pd.Timestamp) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def age_at(birth: dt.date, at: dt.date) -> int:
    """Completed years on ``at``; a 29 February birthday is reached on 1 March in non-leap years."""
    birth, at = _as_date(birth), _as_date(at)
    # (month, day) tuples: in a non-leap year (2, 28) < (2, 29) is not yet reached, (3, 1) is.
    return at.year - birth.year - ((at.month, at.day) < (birth.month, birth.day))


def last_31_august_before(on: dt.date) -> dt.date:
    """The 31 August strictly before ``on``."""
    on = _as_date(on)
    return dt.date(on.year if (on.month, on.day) > (8, 31) else on.year - 1, 8, 31)


def age_on_31_august_before(birth: dt.date | None, on: dt.date) -> int | None:
    """Completed years on the 31 August strictly before ``on`` (None when the birth date is missing)."""
    if birth is None or pd.isna(birth):
        return None
    return age_at(birth, last_31_august_before(on))


def ages_on_31_august_before(birth: pd.Series, on: pd.Series | dt.date) -> pd.Series:
    """Vectorised :func:`age_on_31_august_before`: ``on`` is one date or a Series aligned with ``birth``.

    Returns an ``Int64`` Series, NA where the birth date (or the date in ``on``) is missing.
    """
    birth = pd.to_datetime(birth, errors="coerce")
    if isinstance(on, pd.Series):
        on = pd.to_datetime(on, errors="coerce")
        ref_year = on.dt.year - (on.dt.month < 9).astype("Int64")
    else:
        ref_year = last_31_august_before(on).year
    # on 31 August a birthday in January..August has been reached, one in September..December not
    age = ref_year - birth.dt.year - (birth.dt.month >= 9).astype("Int64")
    return age.astype("Int64")


def age_band(age: int | None) -> str | None:
    """The SPEC age band of an age in years; None for a missing age or one outside 0..25."""
    if age is None or pd.isna(age):
        return None
    for (low, high), band in zip(BAND_LIMITS, AGE_BANDS, strict=True):
        if low <= age <= high:
            return band
    return None


def age_bands_of(ages: pd.Series) -> pd.Series:
    """Vectorised :func:`age_band`: an object Series of band names (None outside 0..25 or missing)."""
    values = pd.to_numeric(ages, errors="coerce").astype("float64").to_numpy()
    conditions = [(values >= low) & (values <= high) for low, high in BAND_LIMITS]
    bands = np.select(conditions, list(AGE_BANDS), default="")
    out = pd.Series(bands, index=ages.index, dtype=object)
    return out.where(out != "", None)


def reference_date(year: int) -> dt.date:
    """The SEN2 / spring census reference date: the third Thursday of January ``year``."""
    first = dt.date(year, 1, 1)
    first_thursday = 1 + (3 - first.weekday()) % 7  # Monday = 0, Thursday = 3
    return dt.date(year, 1, first_thursday + 14)


def month_keys(start: dt.date, end: dt.date) -> list[str]:
    """Every month "YYYY-MM" from ``start``'s month to ``end``'s month, inclusive (empty if end < start)."""
    out, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def month_of(dates: pd.Series) -> pd.Series:
    """Vectorised "YYYY-MM" of a datetime Series (NaN where missing); formats each distinct month once."""
    number = dates.dt.year * 100 + dates.dt.month
    labels = {n: f"{int(n) // 100:04d}-{int(n) % 100:02d}" for n in number.dropna().unique()}
    return number.map(labels)
