"""Small readers of the KPI object shared by the briefing's table builders."""

from __future__ import annotations

YEARS_SHOWN = 7  # as the dashboard's yearly charts: the latest seven years


def bench(k: dict, area: str, key: str, year: int | None) -> float | None:
    """A published figure (area "england", "region" or "comparator_mean") for a year, or None.

    The KPI object keys its series by int year; a JSON round trip turns them into strings.
    """
    if year is None:
        return None
    block = (k.get("benchmarks") or {}).get(area) or {}
    series = block.get(key) or {}
    value = series.get(year, series.get(str(year)))
    return None if value is None else float(value)


def latest_bench_year(k: dict, key: str, *, not_after: int | None = None) -> int | None:
    """The latest year England has a published value for ``key`` (not after ``not_after``)."""
    series = ((k.get("benchmarks") or {}).get("england") or {}).get(key) or {}
    years = [int(y) for y, v in series.items() if v is not None and (not_after is None or int(y) <= not_after)]
    return max(years) if years else None


def recent(rows: list[dict], key: str, last: int, n: int = YEARS_SHOWN) -> list[dict]:
    """The rows whose ``key`` (a year) is among the ``n`` years up to ``last``."""
    return [r for r in rows if last - n < int(r[key]) <= last]
