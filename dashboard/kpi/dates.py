"""Dates the KPIs are measured at: the 31 August before a date, age bands, SEN2 reference dates, months.

SPEC section 2: age is the number of completed years on the 31 August *strictly before* the date in
question (for 31 August 2024 that is 31 August 2023; for 1 September 2024 it is 31 August 2024). A
birthday on 31 August is reached on that day. The ages themselves are computed for a whole frame at
once by ``dashboard.kpi.records.ages_on``; the bands by ``records.band_mask``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

AGE_BANDS: tuple[str, ...] = ("Under 5", "5-10", "11-15", "16-19", "20-25")
# (lowest age, highest age) of each band, inclusive
BAND_LIMITS: tuple[tuple[int, int], ...] = ((0, 4), (5, 10), (11, 15), (16, 19), (20, 25))


def _as_date(value: dt.date | pd.Timestamp) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def last_31_august_before(on: dt.date) -> dt.date:
    """The 31 August strictly before ``on``."""
    on = _as_date(on)
    return dt.date(on.year if (on.month, on.day) > (8, 31) else on.year - 1, 8, 31)


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
