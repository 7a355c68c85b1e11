"""The read path the CLI, the app and the exports share: an LA's frames from the database, the KPI
object from them, the sidebar's options, whether the database holds real data, the LA's display name.

No Streamlit here: the app wraps these in ``st.cache_data`` / ``st.cache_resource`` (``dashboard.ui.data``).
Writing (imports, the demo database) is :mod:`dashboard.demo`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Engine

from dashboard.kpi import bench_breakdowns
from dashboard.kpi import benchmarks as bench_kpi
from dashboard.kpi import outlook as outlook_kpi
from dashboard.kpi import programme as programme_kpi
from dashboard.kpi import reconcile as reconcile_kpi
from dashboard.kpi.forecast_scenario import Scenario
from dashboard.kpi.kpi_object import build_kpis, default_as_at
from dashboard.kpi.kpi_object import unfiltered_parts as unfiltered_kpis
from dashboard.kpi.records import UNKNOWN_NEED
from data_access import queries
from data_access.engine import describe_db_error
from data_access.gc_pause import without_gc
from data_access.importers.codes import SEN_TYPES
from data_access.published import ensure_published
from data_access.reference import statistical_neighbours
from data_access.samples import synthetic_counts
from frames.programme import PROGRAMME_FRAMES

# the need filter's codes: the SEN2 SENtype list, and UNKNOWN for plans with no primary need recorded
NEED_CODES: tuple[str, ...] = (*sorted(SEN_TYPES), UNKNOWN_NEED)


def real_data_check(engine: Engine) -> tuple[bool, str | None]:
    """(holds real data, why it could not be told). Fails closed: if the database cannot be read, or the
    question cannot be answered, the data is treated as real, and the second item says why in a sentence.

    Demo mode is decided by the records themselves (``synthetic``, set only for the content of a bundled
    sample file), never by the import log. A database with no tables yet holds nothing real.
    """
    try:
        return queries.holds_real_records(engine), None
    except Exception as exc:  # noqa: BLE001 - any doubt means real data
        return True, (f"{describe_db_error(engine, exc)} Until it can be read, the dashboard shows nothing, as it "
                      "cannot tell whether the database holds real data.")


def data_state(engine: Engine) -> tuple[str, str | None]:
    """("real" | "synthetic" | "empty", why it could not be told): :func:`real_data_check`, with a database
    holding no records at all (none yet, or only DfE's published figures) told apart from the demo."""
    real, problem = real_data_check(engine)
    if real:
        return "real", problem
    try:
        counts = synthetic_counts(engine)
    except Exception:  # noqa: BLE001 - read a moment ago: call it the demo, which shows only synthetic data
        return "synthetic", None
    return ("synthetic" if any(counts.values()) else "empty"), None


def holds_real_data(engine: Engine) -> bool:
    """True unless every record in the database is known to come from the bundled synthetic samples."""
    return real_data_check(engine)[0]


def comparator_codes(bench: pd.DataFrame, *, la_code: str, configured: Sequence[str] = ()) -> list[str]:
    if configured:
        return [str(c) for c in configured]
    return bench_kpi.statistical_neighbours(statistical_neighbours(), bench, la_code=la_code)


@without_gc
def load_frames(engine: Engine, *, la_code: str, breakdowns: bool = True) -> dict[str, pd.DataFrame]:
    """Everything the KPI engine reads for one LA. ``breakdowns``: also England's and the regions'
    published figures by age and need, which only a view filtered that way needs."""
    frames = {
        "records": queries.load_records(engine, la_code=la_code),
        "complaints": queries.load_complaints(engine, la_code=la_code),
        "census": queries.load_census(engine, la_code=la_code),
        "benchmarks": queries.load_benchmarks(engine, headline_only=True, measures=bench_kpi.block_measures()),
        "sources": queries.load_sources(engine, la_code=la_code),
        "placements": queries.load_placements(engine, la_code=la_code),
        **{f"finance_{name}": df for name, df in queries.load_finance(engine, la_code=la_code).items()},
        **{f"programme_{name}": df for name, df in queries.load_programme(engine, la_code=la_code).items()},
    }
    if breakdowns:
        frames["benchmark_breakdowns"] = queries.load_benchmarks(
            engine, measures=bench_breakdowns.measures(NEED_CODES), levels=("National", "Regional"))
    return frames


def programme_of(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The plan's four frames (actions, milestones, risks, decisions) out of :func:`load_frames`' frames."""
    return {name: frames[f"programme_{name}"] for name in PROGRAMME_FRAMES}


@without_gc
def kpis_from_frames(
    frames: dict[str, pd.DataFrame],
    *,
    la_code: str,
    as_at: dt.date | None = None,
    needs: Sequence[str] = (),
    age_bands: Sequence[str] = (),
    comparators: Sequence[str] = (),
    outlook: bool = False,
    scenario: Scenario | None = None,
    unfiltered: dict | None = None,
) -> dict:
    """The SPEC section 3 KPI object from already-loaded frames (the app caches the frames).

    ``outlook``: also the ``forecast`` (under ``scenario``; None: the baseline) and ``finance`` blocks, as the
    command line and the briefing carry them (the app's pages compute those apart, so a filter change on the
    other pages never waits for the forecast). ``unfiltered``: :func:`unfiltered_parts` for the same frames,
    as-at date and comparators, when the caller keeps them (the app does: a filter change does not redo them)."""
    comps = comparator_codes(frames["benchmarks"], la_code=la_code, configured=comparators)
    k = build_kpis(
        records=frames["records"], complaints=frames["complaints"], census=frames["census"],
        benchmarks=frames["benchmarks"], as_at=as_at, la_code=la_code,
        needs=tuple(needs), age_bands=tuple(age_bands), comparators=comps, sources=frames.get("sources"),
        benchmark_breakdowns=frames.get("benchmark_breakdowns"), placements=frames.get("placements"),
        finance=frames.get("finance_budget"), unfiltered=unfiltered,
    )
    if "programme_actions" in frames:
        k["programme"] = programme_kpi.programme_block(programme_of(frames), as_at=dt.date.fromisoformat(k["as_at"]))
    if outlook:
        k.update(outlook_kpi.outlook(frames, as_at=dt.date.fromisoformat(k["as_at"]), needs=k["filters"]["need"],
                                     age_bands=k["filters"]["age_band"], scenario=scenario))
    return k


@without_gc
def unfiltered_parts(frames: dict[str, pd.DataFrame], *, la_code: str, as_at: dt.date | None = None,
                     comparators: Sequence[str] = ()) -> dict:
    """What of :func:`kpis_from_frames`' object no need or age-band filter changes, for these frames, as-at date
    (None: the default) and comparators (:func:`dashboard.kpi.kpi_object.unfiltered_parts`)."""
    records = frames["records"]
    return unfiltered_kpis(
        records=records, complaints=frames["complaints"], census=frames["census"], benchmarks=frames["benchmarks"],
        as_at=as_at or default_as_at(records, sources=frames.get("sources")), la_code=la_code,
        comparators=comparator_codes(frames["benchmarks"], la_code=la_code, configured=comparators),
        sources=frames.get("sources"), finance=frames.get("finance_budget"))


@without_gc
def kpis(engine: Engine, *, la_code: str, **filters) -> dict:
    """The SPEC section 3 KPI object for one LA, from the database, with its forecast and finance."""
    ensure_published(engine)
    filtered = bool(filters.get("needs") or filters.get("age_bands"))
    return kpis_from_frames(load_frames(engine, la_code=la_code, breakdowns=filtered), la_code=la_code,
                            outlook=True, **filters)


def filter_options(frames: dict[str, pd.DataFrame], *, la_code: str) -> dict:
    """The sidebar's default as-at date and the LAs that can be chosen as comparators."""
    bench = frames["benchmarks"]
    las = bench.loc[bench["geographic_level"] == "Local authority", ["area_code", "area_name"]]
    las = las.drop_duplicates("area_code").sort_values("area_name")
    return {
        "default_as_at": default_as_at(frames["records"], sources=frames.get("sources")),
        "comparators": {c: n for c, n in zip(las["area_code"], las["area_name"], strict=True) if c != la_code},
    }


def la_display_name(engine: Engine, benchmarks: pd.DataFrame, la_code: str) -> str | None:
    """The LA's published name, or a synthetic-data label when only the bundled sample data is loaded.

    The sample LA follows LA 351's published totals but its children are made up: it must never be
    presented under the real council's name.
    """
    name = bench_kpi.la_name(benchmarks, la_code)
    if not holds_real_data(engine):
        return f"Synthetic sample LA (made-up children; totals modelled on {name or 'LA ' + la_code})"
    return name


def reconcile_frames(engine: Engine, *, la_code: str, year: int) -> dict[str, pd.DataFrame | None]:
    """What the reconciliation of collection year ``year`` reads, each source on its own: the casework
    snapshot and its placements, the one SEN2 return of that year (empty frames when not loaded) and the
    LA's published figures (every measure, the need counts included)."""
    casework = queries.load_records(engine, la_code=la_code, source="casework")
    return {
        "casework": casework,
        # load_placements reads the casework's placements whenever the LA has a casework snapshot
        "casework_placements": queries.load_placements(engine, la_code=la_code) if len(casework) else None,
        "sen2": queries.load_records(engine, la_code=la_code, source="sen2", collection_year=int(year)),
        "benchmarks": queries.load_benchmarks(engine, area_codes=[str(la_code)]),
    }


def reconciliation(engine: Engine, *, la_code: str, year: int) -> dict:
    """Casework, SEN2 return and DfE's published figures of collection year ``year`` side by side, with the
    requests counted differently (:func:`dashboard.kpi.reconcile.reconcile`). Reads only (the command line
    loads DfE's shipped figures first, as ``kpis`` does)."""
    f = reconcile_frames(engine, la_code=la_code, year=year)
    return reconcile_kpi.reconcile(f["casework"], f["sen2"], f["benchmarks"], year=int(year), la_code=la_code,
                                   casework_placements=f["casework_placements"])


def return_years(engine: Engine, *, la_code: str) -> list[int]:
    """The collection years of the LA's loaded SEN2 returns, latest first."""
    sources = queries.load_sources(engine, la_code=la_code)
    keys = sources.loc[sources["kind"] == "sen2", "key"]
    return sorted({int(k) for k in keys if str(k).isdigit()}, reverse=True)
