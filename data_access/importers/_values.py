"""Checking single SEN2 XML values (the XML importer works element by element, not column by column).

Each checker returns the clean value (None for an empty element: "not recorded") or raises
:class:`BadValue` naming the element and saying what was expected, never the value itself: the reason
is stored in ``import_log`` and a name typed into the wrong element must not be (SPEC section 5).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_FLAGS = {"1": True, "true": True, "yes": True, "y": True, "0": False, "false": False, "no": False, "n": False}
_DIGITS = re.compile(r"^\d+$")
MIN_YEAR, MAX_YEAR = 1900, 2100


class BadValue(Exception):
    """One element of one Person is not a possible value."""

    def __init__(self, column: str, reason: str):
        super().__init__(reason)
        self.column = column
        self.reason = reason


def date(value: str | None, column: str) -> dt.date | None:
    if value is None:
        return None
    m = _ISO_DATE.match(value)
    if not m:
        raise BadValue(column, f"{column} is not a date (expected YYYY-MM-DD)")
    try:
        out = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise BadValue(column, f"{column} is not a possible date") from None
    if not MIN_YEAR <= out.year <= MAX_YEAR:
        raise BadValue(column, f"{column} is not a possible date (before 1900 or after 2100)")
    return out


def code(value: str | None, column: str, allowed: Collection[str]) -> str | None:
    if value is None:
        return None
    up = value.upper()
    if up not in allowed:
        shown = ", ".join(sorted(allowed))
        raise BadValue(column, f"unknown {column} code (allowed: {shown})")
    return up


def flag(value: str | None, column: str) -> bool | None:
    if value is None:
        return None
    out = _FLAGS.get(value.lower())
    if out is None:
        raise BadValue(column, f"{column} must be 0/1 or true/false")
    return out


def number(value: str | None, column: str, *, max_digits: int) -> str | None:
    """A numeric identifier (URN, UKPRN) kept as text."""
    if value is None:
        return None
    if not _DIGITS.match(value) or len(value) > max_digits:
        raise BadValue(column, f"{column} is not a number of up to {max_digits} digits")
    return value


def la_code(value: str | None, column: str) -> str | None:
    if value is None:
        return None
    if not (_DIGITS.match(value) and len(value) == 3):
        raise BadValue(column, f"{column} is not a 3-digit LA code")
    return value


def rank(value: str | None, column: str, default: int) -> int:
    if value is None:
        return default
    if not _DIGITS.match(value) or len(value) > 3:
        raise BadValue(column, f"{column} is not a whole number")
    return int(value)


def ethnicity(value: str | None, column: str) -> str | None:
    if value is None:
        return None
    up = value.upper()
    if not (len(up) == 4 and up.isalpha() and up.isascii()):
        raise BadValue(column, f"{column} is not a 4-letter ethnicity code")
    return up
