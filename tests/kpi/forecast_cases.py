"""Histories for the forecast tests, built person by person (synthetic people only).

``people(n, age, first, last)`` makes ``n`` casework plans maintained at the January snapshots ``first``
to ``last`` (None: still open at as-at), their holders aged ``age`` at January ``first`` (born on 1 March,
so the age on the 31 August before January Y is Y - 1 - birth year): the plan starts on 1 December
before January ``first`` and ceases on 1 March after January ``last``.
"""

from __future__ import annotations

from datetime import date

AS_AT = date(2025, 3, 31)  # the last January is Thursday 16 January 2025
LINES = ("mainstream_top_ups", "resourced_provision", "special_maintained", "special_independent",
         "alternative_provision", "post16", "early_years", "other")
GROUPS = ("mainstream", "special", "ap_pru", "post16", "early_years", "elsewhere", "unknown")
BANDS = ("Under 5", "5-10", "11-15", "16-19", "20-25")


def person(age: int, first: int, last: int | None = None, **extra) -> dict:
    row = {"birth_date": f"{first - 1 - age}-03-01", "plan_start_date": f"{first - 1}-12-01", **extra}
    if last is not None:
        row["plan_cease_date"] = f"{last}-03-01"
    return row


def people(n: int, age: int, first: int, last: int | None = None, **extra) -> list[dict]:
    return [person(age, first, last, **extra) for _ in range(n)]


def linear(per_year: int = 10, **extra) -> list[dict]:
    """``per_year`` plans join at age 5 every January 2016..2025 and never end: 10, 20, ... 100 plans."""
    return [row for year in range(2016, 2026) for row in people(per_year, 5, year, **extra)]


def totals(block: dict) -> list[int]:
    return [y["total"] for y in block["years"]]


def nonzero(counts: dict) -> dict:
    return {k: v for k, v in counts.items() if v}


def check_sums(block: dict) -> None:
    """Every breakdown adds up to its year's total and the range holds it; every key is present."""
    for row in [*block["years"], block["base"]]:
        for key in ("by_need", "by_age_band", "by_group", "by_line"):
            assert sum(row[key].values()) == row["total"], (row, key)
        assert tuple(row["by_line"]) == LINES and tuple(row["by_group"]) == GROUPS
        assert tuple(row["by_age_band"]) == BANDS
    for row in block["years"]:
        assert row["low"] <= row["total"] <= row["high"]
