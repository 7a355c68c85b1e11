"""Small readers of the KPI object shared by the briefing's table builders."""

from __future__ import annotations

from dashboard.measures.headlines import bench  # noqa: F401 - the one reader of published figures

YEARS_SHOWN = 7  # as the dashboard's yearly charts: the latest seven years


def recent(rows: list[dict], key: str, last: int, n: int = YEARS_SHOWN) -> list[dict]:
    """The rows whose ``key`` (a year) is among the ``n`` years up to ``last``."""
    return [r for r in rows if last - n < int(r[key]) <= last]
