"""The SPEC section 3 ``kpis`` object: every KPI for one LA, as at a date, under the sidebar filters.

Every key of SPEC section 3 is always present (empty lists / nulls when there is no data); extra keys:
``timeliness.by_year[].median_weeks``, ``timeliness.weeks_distribution``,
``timeliness.open_assessments``, ``requests.by_month``, ``ehcps.by_setting``, ``ehcps.in_area``,
``ehcps.plans_by_month``, ``ehcps.plans_by_year``, ``timeliness.by_year[].over_*_pct``,
``requests.by_year[].<outcome>_pct``, ``assessments.by_year[].not_issued_within_16_weeks``,
``reviews.by_month`` / ``overdue_by_team`` / ``overdue_by_caseworker``, ``placements.at_as_at`` /
``by_school`` / ``january[].date``, ``next_phase_transfer_deadline``, ``benchmarks``,
``coverage`` (each source's coverage end, an ISO date or null: ``casework``, ``sen2``, ``complaints``, ``census``,
``finance``) and ``not_recorded`` (the measure keys whose input column no loaded file had). A period after
its source's coverage end has null figures ("no data", never 0); so has a measure not recorded.
The result holds only JSON types (str, int, float, bool, None, list, dict).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.kpi import coverage
from dashboard.kpi.assessments import assessments_by_year
from dashboard.kpi.ceased import ceased_by_year
from dashboard.kpi.ehcps import ehcps_block, january_dates
from dashboard.kpi.placements import placements_block
from dashboard.kpi.records import check_age_bands, clean_needs, event_years, prepare, report_months
from dashboard.kpi.requests import requests_by_month, requests_by_year
from dashboard.kpi.reviews import reviews_block
from dashboard.kpi.timeliness import timeliness_block
from dashboard.kpi.transitions import next_deadline, phase_transfers


def default_as_at(records: pd.DataFrame, *, sources: pd.DataFrame | None = None,
                  today: dt.date | None = None) -> dt.date:
    """The casework coverage end, or for SEN2 returns alone the latest reference date; today if none
    (:func:`dashboard.kpi.coverage.default_as_at`)."""
    return coverage.default_as_at(records, sources=sources, today=today)


def to_plain(value: object) -> object:
    """``value`` with numpy / pandas scalars, dates and tuples turned into plain JSON types."""
    kind = type(value)  # exact types first: the object holds some 20,000 values, nearly all of these
    if kind is dict:
        return {k if type(k) is str else _key(k): to_plain(v) for k, v in value.items()}
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return None if value != value else value
    if kind is list or kind is tuple:
        return [to_plain(v) for v in value]
    return _plain_other(value)


def _key(key: object) -> object:
    return key if isinstance(key, str | int) else str(key)


def _plain_other(value: object) -> object:
    if isinstance(value, dict):
        return {_key(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def build_core_kpis(
    *,
    records: pd.DataFrame,
    as_at: dt.date | None,
    la_code: str,
    needs: Iterable[str] = (),
    age_bands: Iterable[str] = (),
    placements: pd.DataFrame | None = None,
) -> dict:
    """The KPIs computed from the records frame (timeliness, requests, assessments, ceased plans, annual
    reviews, EHCPs, placements with the placements frame, phase transfers)."""
    return to_plain(_core_blocks(records=records, as_at=as_at, la_code=la_code, needs=needs, age_bands=age_bands,
                                 placements=placements))


def _core_blocks(*, records: pd.DataFrame, as_at: dt.date | None, la_code: str, needs: Iterable[str],
                 age_bands: Iterable[str], placements: pd.DataFrame | None) -> dict:
    needs, bands = clean_needs(needs), check_age_bands(age_bands)
    records = prepare(records)
    as_at = as_at or default_as_at(records)
    filt = {"needs": needs, "age_bands": bands}
    months = report_months(records, as_at)
    return {
        "as_at": as_at.isoformat(),
        "la_code": str(la_code),
        "filters": {"need": list(needs), "age_band": list(bands)},
        "timeliness": timeliness_block(records, as_at=as_at, **filt),
        "requests": {"by_year": requests_by_year(records, as_at=as_at, **filt),
                     "by_month": requests_by_month(records, as_at=as_at, **filt)},
        "assessments": {"by_year": assessments_by_year(records, as_at=as_at, **filt)},
        "ceased": {"by_year": ceased_by_year(records, as_at=as_at, **filt)},
        "reviews": reviews_block(records, as_at=as_at, **filt),
        "ehcps": ehcps_block(records, as_at=as_at, months=months, **filt),
        "placements": placements_block(records, placements, as_at=as_at, **filt),
        "transitions": phase_transfers(records, as_at=as_at, **filt),
        "next_phase_transfer_deadline": next_deadline(as_at),
    }


def build_kpis(
    *,
    records: pd.DataFrame,
    complaints: pd.DataFrame,
    census: pd.DataFrame,
    benchmarks: pd.DataFrame,
    as_at: dt.date | None,
    la_code: str,
    needs: Iterable[str] = (),
    age_bands: Iterable[str] = (),
    comparators: Iterable[str] = (),
    benchmark_breakdowns: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    placements: pd.DataFrame | None = None,
    finance: pd.DataFrame | None = None,
    unfiltered: dict | None = None,
) -> dict:
    """The whole SPEC section 3 object (see the module docstring for the extra keys).

    ``placements`` is the placements frame (:mod:`frames.placements`; None: the records' own setting).
    ``finance`` is the finance budget frame (:mod:`frames.finance`), for its coverage end only.
    ``sources`` is the sources frame (what was loaded, file by file: ``dashboard.kpi.coverage``); without it
    the coverage ends and the measures not recorded are read from the frames alone.
    ``unfiltered``: :func:`unfiltered_parts` for the same frames, as-at date and comparators, when the caller
    keeps them (None: computed here).
    """
    from dashboard.kpi.benchmarks import filtered_block
    from dashboard.kpi.census import census_by_date

    records = prepare(records)  # once: every block below reads the typed frame and its derived columns
    as_at = as_at or default_as_at(records, sources=sources)
    out = _core_blocks(records=records, as_at=as_at, la_code=la_code, needs=needs, age_bands=age_bands,
                       placements=placements)
    when = dt.date.fromisoformat(out["as_at"])
    if unfiltered is None:
        unfiltered = unfiltered_parts(records=records, complaints=complaints, census=census, benchmarks=benchmarks,
                                      as_at=when, la_code=la_code, comparators=comparators, sources=sources,
                                      finance=finance)
    out["census"] = {"by_date": census_by_date(census, as_at=when, needs=tuple(out["filters"]["need"]),
                                               age_bands=tuple(out["filters"]["age_band"]))}
    out["complaints"] = to_plain(unfiltered["complaints"])  # a copy: coverage.apply blanks it in place
    out["benchmarks"] = filtered_block(unfiltered["benchmarks"], breakdowns=benchmark_breakdowns,
                                       needs=out["filters"]["need"], age_bands=out["filters"]["age_band"],
                                       years=unfiltered["years"])
    ends = unfiltered["coverage"]
    coverage.apply(out, ends=ends, records_source_end=coverage.records_end(ends, records),
                   missing=list(unfiltered["not_recorded"]))
    return to_plain(out)


def report_years(records: pd.DataFrame, as_at: dt.date) -> list[int]:
    """The years of the object's yearly rows and January snapshots (the benchmark series are cut to these)."""
    return sorted(set(event_years(records, as_at)) | {year for year, _ in january_dates(records, as_at=as_at)})


def unfiltered_parts(
    *,
    records: pd.DataFrame,
    complaints: pd.DataFrame,
    census: pd.DataFrame,
    benchmarks: pd.DataFrame,
    as_at: dt.date,
    la_code: str,
    comparators: Iterable[str] = (),
    sources: pd.DataFrame | None = None,
    finance: pd.DataFrame | None = None,
) -> dict:
    """What of :func:`build_kpis` no need or age-band filter changes, for one as-at date and comparators: the
    complaints block, the published benchmarks for all children, each source's coverage end and the measures
    not recorded. The app keeps it, so a filter change recomputes only the rest (``build_kpis(unfiltered=)``).
    Read-only to its users: ``build_kpis`` copies what it changes."""
    from dashboard.kpi.benchmarks import unfiltered_block
    from dashboard.kpi.complaints import complaints_block

    records = prepare(records)
    years = report_years(records, as_at)
    return {
        "years": years,
        "complaints": complaints_block(complaints, as_at=as_at),
        "benchmarks": unfiltered_block(benchmarks, la_code=str(la_code), comparators=[str(c) for c in comparators],
                                       years=years),
        "coverage": coverage.coverage(records=records, complaints=complaints, census=census, sources=sources,
                                      finance=finance),
        "not_recorded": tuple(coverage.not_recorded(records, sources)),
    }
