"""Which of this LA's figures the DfE publishes: a figure equal to the DfE's publication for this LA, this
period and this breakdown is public (shown to everyone, marked "published by DfE").

The DfE publishes calendar-year timeliness, requests and 6-week decisions, and the plans maintained each
January, for all children (``kpis["benchmarks"]["la_published"]``); a filtered view is not its breakdown.
"""

from __future__ import annotations

from dashboard.measures.model import Measure


def published_year(period: str) -> str | None:
    """The year of a period the DfE publishes for: a calendar year, or a January count date."""
    if len(period) == 4 and period.isdigit():
        return period
    if len(period) == 10 and period[4:8] == "-01-":
        return period[:4]
    return None


def bench(k: dict, area: str, key: str | None, year: int | None) -> float | None:
    """A published figure (area "england", "region" or "comparator_mean") for a year, or None.

    The KPI object keys its series by int year; a JSON round trip turns them into strings.
    """
    if key is None or year is None:
        return None
    series = (((k.get("benchmarks") or {}).get(area) or {}).get(key)) or {}
    value = series.get(year, series.get(str(year)))
    return None if value is None else float(value)


def complete(k: dict, period: str) -> bool:
    """True when the object's as-at date is on or after the period's end: a calendar year's figures are the
    DfE's only once the year is over (a year to date that happens to equal the year's publication is not
    it); a January count is complete on its day."""
    as_at = str(k.get("as_at") or "")
    if len(period) == 4:
        return as_at >= f"{period}-12-31"
    return as_at >= period


def la_figure(k: dict, key: str | None, period: str) -> float | None:
    """The LA's own published figure ``key`` for ``period``, for an unfiltered object of a complete period only."""
    year = published_year(period)
    if year is None or any((k.get("filters") or {}).values()) or not complete(k, period):
        return None
    return bench(k, "la_published", key, int(year))


def is_published(k: dict, measure: Measure, period: str, value: object) -> bool:
    """True when ``value`` (this LA's figure of ``measure`` for ``period``, all children) is what the DfE
    publishes: a count exactly, a rate as the DfE rounds it (one decimal)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if measure.kind == "count":
        figure = la_figure(k, measure.published, period)
        return figure is not None and figure == value
    figure = la_figure(k, measure.benchmark, period)
    return figure is not None and abs(round(float(value), 1) - figure) < 0.05
