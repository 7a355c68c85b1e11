"""Rounding as DfE publishes it: one decimal place, halves rounded up (away from zero).

Python's ``round`` rounds halves to even and works on binary floats (``round(0.25, 1)`` is 0.2); DfE
tables round 27.25 to 27.3. Everything here goes through :mod:`decimal` with ``ROUND_HALF_UP``.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

_ONE_DP = Decimal("0.1")


def _decimal(value: object) -> Decimal | None:
    """A Decimal for an int/float (numpy scalars too); None for None, NaN, NA or infinity."""
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if math.isnan(number) or math.isinf(number):
        return None
    if isinstance(value, int) or float(number).is_integer():
        return Decimal(int(number))
    # str() of a float is its shortest round-tripping form: 27.25 stays 27.25, not 27.249999...
    return Decimal(str(number))


def round1(value: object) -> float | None:
    """``value`` rounded to one decimal place, ROUND_HALF_UP; None when missing or NaN."""
    dec = _decimal(value)
    if dec is None:
        return None
    return float(dec.quantize(_ONE_DP, rounding=ROUND_HALF_UP))


def pct(numerator: object, denominator: object) -> float | None:
    """``100 * numerator / denominator`` to one decimal place (ROUND_HALF_UP, as DfE publishes).

    None when the denominator is 0 or either side is missing (None/NaN): "no data", never 0%.
    """
    num, den = _decimal(numerator), _decimal(denominator)
    if num is None or den is None or den == 0:
        return None
    return float((num * 100 / den).quantize(_ONE_DP, rounding=ROUND_HALF_UP))
