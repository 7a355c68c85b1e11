"""Working days in England and Wales: weekends and bank holidays, computed (no calendar download).

Rules (gov.uk "UK bank holidays", England and Wales): New Year's Day, Good Friday, Easter Monday, the
early May bank holiday (first Monday in May), the spring bank holiday (last Monday in May), the summer
bank holiday (last Monday in August), Christmas Day and Boxing Day. A fixed-date holiday that falls
on a weekend is moved to the next weekday that is not already a holiday (the substitute day). One-off
changes by royal proclamation are listed in ``_MOVED`` and ``_EXTRA``.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pandas as pd

# Year -> (moved early May holiday, moved spring holiday): None keeps the usual rule.
_MOVED: dict[int, tuple[dt.date | None, dt.date | None]] = {
    1995: (dt.date(1995, 5, 8), None),  # VE day 50th anniversary
    2002: (None, dt.date(2002, 6, 4)),  # Golden Jubilee
    2012: (None, dt.date(2012, 6, 4)),  # Diamond Jubilee
    2020: (dt.date(2020, 5, 8), None),  # VE day 75th anniversary
    2022: (None, dt.date(2022, 6, 2)),  # Platinum Jubilee
}
_EXTRA: tuple[dt.date, ...] = (
    dt.date(1999, 12, 31),  # Millennium
    dt.date(2002, 6, 3),  # Golden Jubilee
    dt.date(2011, 4, 29),  # Royal wedding
    dt.date(2012, 6, 5),  # Diamond Jubilee
    dt.date(2022, 6, 3),  # Platinum Jubilee
    dt.date(2022, 9, 19),  # State funeral of Queen Elizabeth II
    dt.date(2023, 5, 8),  # Coronation of King Charles III
)


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> dt.date:
    d = dt.date(year, month, 1)
    return d + dt.timedelta(days=(7 - d.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    d = nxt - dt.timedelta(days=1)
    return d - dt.timedelta(days=d.weekday())


def _with_substitutes(days: list[dt.date], taken: set[dt.date]) -> list[dt.date]:
    """Fixed-date holidays on a weekend move to the next free weekday, in date order."""
    taken |= {d for d in days if d.weekday() < 5}
    out = []
    for day in sorted(days):
        if day.weekday() >= 5:
            day = day + dt.timedelta(days=7 - day.weekday())
            while day in taken or day.weekday() >= 5:
                day += dt.timedelta(days=1)
        taken.add(day)
        out.append(day)
    return out


@cache
def bank_holidays(year: int) -> tuple[dt.date, ...]:
    """England and Wales bank holidays (as observed) in ``year``."""
    easter = easter_sunday(year)
    early_may, spring = _MOVED.get(year, (None, None))
    movable = {
        easter - dt.timedelta(days=2),
        easter + dt.timedelta(days=1),
        early_may or _first_monday(year, 5),
        spring or _last_monday(year, 5),
        _last_monday(year, 8),
    }
    movable |= {d for d in _EXTRA if d.year == year}
    taken = set(movable)
    fixed = _with_substitutes([dt.date(year, 1, 1)], taken)
    fixed += _with_substitutes([dt.date(year, 12, 25), dt.date(year, 12, 26)], taken)
    return tuple(sorted(movable | set(fixed)))


def _holiday_array(first: int, last: int) -> np.ndarray:
    days = [d for y in range(first, last + 1) for d in bank_holidays(y)]
    return np.array(days, dtype="datetime64[D]")


def add_working_days(dates: pd.Series, n: int) -> pd.Series:
    """``n`` working days after each date (NaT stays NaT), vectorised.

    Day 1 is the first working day after the date, so a date on a weekend or holiday counts from the
    next working day: received Friday 20 Dec 2024 -> 20 working days -> Wednesday 22 Jan 2025.
    """
    out = pd.Series(pd.NaT, index=dates.index, dtype="datetime64[ns]")
    ok = dates.notna()
    if not ok.any():
        return out
    d = dates[ok].to_numpy(dtype="datetime64[D]")
    years = pd.DatetimeIndex(dates[ok]).year
    hol = _holiday_array(int(years.min()) - 1, int(years.max()) + 2)
    due = np.busday_offset(d, n, roll="backward", holidays=hol)
    out[ok] = due.astype("datetime64[ns]")
    return out
