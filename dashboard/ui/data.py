"""Cached reads for the pages. Caching lives here only; everything below is plain functions.

What is shared between sessions (``st.cache_resource``: one object for every session, handed out
without a copy) is read-only: the frames read from the database, the KPI object for each set of
filters (keyed by every filter, so no session sees another's), the sidebar's options and the LA's
default comparators. Nothing may change them in place: the KPI engine and the views build new frames
(pandas copy-on-write), ``protect_kpis`` returns a new object, and ``tests/app/test_shared_caches.py``
checks that rendering every page leaves them as read. The small per-page results stay in
``st.cache_data`` (a copy per hit, cheap for lists of rows).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard import read
from dashboard.settings import load_settings
from data_access import queries
from data_access.engine import (
    DatabaseUnavailable,
    database_url,
    describe_db_error,
    ensure_schema,
    make_engine,
    schema_ready,
)

SETTINGS = load_settings()
TTL = int(SETTINGS["cache_ttl_seconds"])
KPI_ENTRIES = 500  # KPI objects kept (one per set of filters, ~40 kB each for the sample LA); the oldest go first


class NoData(Exception):
    """The database is reachable but holds nothing for the LA yet."""


def settings() -> dict:
    """The settings, read afresh (a small TOML file and the environment) so a change needs no restart."""
    return load_settings()


def db_url() -> str:
    return database_url(settings()["database_url"] or None)


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    """One engine per database for the whole server process. At start-up a database made by an older
    release is brought to the current schema (once per process; an account that may not alter it gets the
    pages' one-sentence database errors instead). DfE's published figures arrive with the first import
    (``dashboard.demo.import_file``), or from ``senddash serve`` for a database that has an LA's data but none."""
    eng = make_engine(url, create=url.startswith("sqlite"))
    if schema_ready(eng):
        try:
            ensure_schema(eng)
        except DatabaseUnavailable:
            pass
    return eng


def engine() -> Engine:
    return _engine(db_url())


def la_code() -> str:
    return str(settings()["la_code"])


@st.cache_resource(ttl=TTL, show_spinner="Reading the database…")
def frames(url: str, la: str) -> dict[str, pd.DataFrame]:
    """Every frame the KPI engine reads for the LA, held once for all sessions. Read-only."""
    eng = _engine(url)
    try:
        with eng.connect():
            pass
    except SQLAlchemyError as exc:
        raise DatabaseUnavailable(describe_db_error(eng, exc)) from exc
    if not schema_ready(eng):
        raise NoData("The database has not been set up yet.")
    return read.load_frames(eng, la_code=la)


@st.cache_resource(ttl=TTL, show_spinner=False)
def _neighbours(url: str, la: str) -> tuple[str, ...]:
    """The LA's statistical neighbours (the default comparators): the same for every filter."""
    f = frames(url, la)
    return tuple(read.comparator_codes(f["benchmarks"], la_code=la))


@st.cache_resource(ttl=TTL, max_entries=KPI_ENTRIES, show_spinner=False)
def _unfiltered(url: str, la: str, as_at: dt.date | None, comparators: tuple) -> dict:
    """The parts of the KPI object no need or age-band filter changes, for one as-at date and comparators
    (:func:`dashboard.read.unfiltered_parts`), shared by every filter choice. Read-only."""
    return read.unfiltered_parts(frames(url, la), la_code=la, as_at=as_at, comparators=comparators)


@st.cache_resource(ttl=TTL, max_entries=KPI_ENTRIES, show_spinner="Working out the KPIs…")
def kpis(url: str, la: str, as_at: dt.date | None, needs: tuple, age_bands: tuple, comparators: tuple) -> dict:
    """The KPI object for one set of filters, shared by every session using them. Read-only."""
    f = frames(url, la)
    comparators = comparators or _neighbours(url, la)
    return read.kpis_from_frames(f, la_code=la, as_at=as_at, needs=needs, age_bands=age_bands,
                                 comparators=comparators, unfiltered=_unfiltered(url, la, as_at, comparators))


@st.cache_resource(ttl=TTL, max_entries=KPI_ENTRIES, show_spinner=False)
def viewer_kpis(url: str, la: str, as_at: dt.date | None, needs: tuple, age_bands: tuple, comparators: tuple,
                threshold: int, protect_derived: bool) -> dict:
    """The viewer's copy of :func:`kpis` (every small number and what would give it away hidden). Read-only."""
    from dashboard.disclosure.kpis import protect_kpis

    return protect_kpis(kpis(url, la, as_at, needs, age_bands, comparators), threshold=threshold,
                        protect_derived=protect_derived)


@st.cache_data(ttl=TTL, show_spinner=False)
def import_history(url: str) -> pd.DataFrame:
    return queries.import_history(_engine(url)).drop(columns=["sha256_full"])


def clear_caches() -> None:
    """Forget everything read from the database (after an import); the engines stay."""
    from dashboard.ui import outlook

    st.cache_data.clear()
    for fn in (frames, _unfiltered, kpis, viewer_kpis, _neighbours, filter_options):
        fn.clear()
    outlook.clear()


def guard(fn, *args, **kwargs):
    """Run a read; on a database problem show one clear sentence and stop the page (no traceback)."""
    try:
        return fn(*args, **kwargs)
    except NoData:
        st.info("There is no data to show yet. An analyst can load extracts on the **Data** page, or run "
                "`senddash demo` to load the synthetic sample data.")
        st.stop()
    except DatabaseUnavailable as exc:
        st.error(str(exc))
        st.stop()
    except SQLAlchemyError as exc:
        st.error(describe_db_error(engine(), exc) + " Check the database settings or try again later.")
        st.stop()


@st.cache_data(ttl=TTL, show_spinner=False)
def benchmark_releases(url: str) -> pd.DataFrame:
    return queries.benchmark_releases(_engine(url))


@st.cache_resource(ttl=TTL, show_spinner=False)
def filter_options(url: str, la: str) -> dict:
    """Defaults for the sidebar; never fails (an empty or unreachable database gives empty options). Read-only."""
    try:
        f = frames(url, la)
    except (NoData, DatabaseUnavailable, SQLAlchemyError):
        return {"default_as_at": None, "comparators": {}}
    return read.filter_options(f, la_code=la)


def current_kpis() -> dict:
    """The KPI object for this session's filters (cached), or a helpful page when there is nothing."""
    from dashboard.ui.access import current as current_access
    from dashboard.ui.filters import current

    f = current()
    if current_access().can("unsuppressed"):
        return guard(kpis, db_url(), la_code(), f.as_at, f.needs, f.age_bands, f.comparators)
    s = settings()
    return guard(viewer_kpis, db_url(), la_code(), f.as_at, f.needs, f.age_bands, f.comparators,
                 int(s["suppression_threshold"]), bool(s["protect_derived_counts"]))


@st.cache_data(ttl=TTL, show_spinner=False)
def school_names(url: str) -> dict[str, str]:
    """URN -> name from the loaded establishments list."""
    return queries.load_school_names(_engine(url))


@st.cache_data(ttl=TTL, show_spinner=False)
def quality(url: str, la: str) -> dict:
    from dashboard.kpi import quality as q

    f = frames(url, la)
    return {"completeness": pd.DataFrame(q.completeness(f["records"])),
            "order": pd.DataFrame(q.dates_out_of_order(f["records"])),
            "not_recorded": pd.DataFrame(q.not_recorded(f["records"], f.get("sources"))),
            "unknown_urns": queries.load_unknown_urns(_engine(url), la_code=la, placements=f["placements"])
            .rename(columns={"urn": "URN", "placements": "Placements"})}


def heading(title: str, k: dict | None, caption: str = "") -> None:
    """Page title with the as-at date, the filters in force, and where each loaded source ends (a period
    after its source's end shows no data, not 0)."""
    from dashboard.measures.coverage import sources_line
    from dashboard.ui.filters import current

    st.title(title)
    bits = [caption] if caption else []
    if k:
        bits.append(f"As at {dt.date.fromisoformat(k['as_at']):%d %B %Y} · LA {k['la_code']} · {current().describe()}")
    if bits:
        st.caption(" — ".join(bits))
    if k and sources_line(k):
        st.caption(sources_line(k) + ". Periods after a source's end show no data, not 0.")


def _filters_key(k: dict) -> tuple:
    return (k["as_at"], tuple(k["filters"]["need"]), tuple(k["filters"]["age_band"]))


def unsuppressed() -> bool:
    """True when this session may see small numbers (leads and admins)."""
    from dashboard.ui.access import current as current_access

    return current_access().can("unsuppressed")


def monthly_stock(k: dict) -> list[dict]:
    """Plans maintained at each month end, from the KPI object (protected with its new and ceased plans)."""
    return [{**r, "area": "This LA"} for r in k["ehcps"].get("maintained_by_month", [])]


@st.cache_data(ttl=TTL, show_spinner=False)
def _needs_views(url: str, la: str, key: tuple) -> dict:
    from dashboard.kpi.views import need_by_age_band, need_trend

    as_at, needs, bands = key
    records, when = frames(url, la)["records"], dt.date.fromisoformat(as_at)
    return {"by_age": need_by_age_band(records, on=when, needs=needs, age_bands=bands),
            "trend": need_trend(records, as_at=when, needs=needs, age_bands=bands)}


def needs_views(k: dict) -> dict | None:
    """Need x age band and the need trend; None for viewers (their cells tie to totals shown elsewhere)."""
    return guard(_needs_views, db_url(), la_code(), _filters_key(k)) if unsuppressed() else None


@st.cache_data(ttl=TTL, show_spinner=False)
def _outstanding(url: str, la: str, key: tuple) -> list[dict]:
    from dashboard.kpi.views import transfers_outstanding

    as_at, needs, bands = key
    return transfers_outstanding(frames(url, la)["records"], as_at=dt.date.fromisoformat(as_at), needs=needs,
                                 age_bands=bands)


def transfers_outstanding(k: dict) -> list[dict]:
    return guard(_outstanding, db_url(), la_code(), _filters_key(k))


@st.cache_data(ttl=TTL, show_spinner=False)
def _census_breakdown(url: str, la: str, census_date: str, by: str, needs: tuple, bands: tuple) -> list[dict]:
    from dashboard.kpi.census import census_breakdown

    return census_breakdown(frames(url, la)["census"], census_date=dt.date.fromisoformat(census_date), by=by,
                            needs=needs, age_bands=bands)


def census_breakdown(k: dict, census_date: str, by: str) -> list[dict] | None:
    """Census counts split by one characteristic; None for viewers (small groups)."""
    if not unsuppressed():
        return None
    return guard(_census_breakdown, db_url(), la_code(), census_date, by, tuple(k["filters"]["need"]),
                 tuple(k["filters"]["age_band"]))


@st.cache_data(ttl=TTL, show_spinner=False)
def _complaints_tables(url: str, la: str, as_at: str) -> dict:
    """The 12 months to ``as_at`` (the caller stops them at the complaints log's end)."""
    from dashboard.kpi.complaints import complaints_by_category, outcomes

    end = dt.date.fromisoformat(as_at)
    start = dt.date(end.year - 1, end.month, 1)
    f = frames(url, la)
    cats = complaints_by_category(f["complaints"], start=start, end=end)
    return {
        "period": f"{start:%b %Y} to {end:%b %Y}",
        "category": [{"category": r["category"], "complaints": r["received"]} for r in cats],
        "outcome": [{"outcome": o, "complaints": n} for o, n in outcomes(f["complaints"], start=start, end=end).items()],
    }


def complaints_tables(k: dict) -> dict | None:
    """Complaints by category and outcome over the 12 months to the as-at date, or to the complaints log's
    end when it ends before (months after it have no data); None for viewers (small counts)."""
    last = min(filter(None, (k["as_at"], (k.get("coverage") or {}).get("complaints"))))
    return guard(_complaints_tables, db_url(), la_code(), last) if unsuppressed() else None


def database_ready() -> bool:
    """True when the database can be reached and has its tables; raises DatabaseUnavailable if unreachable."""
    eng = engine()
    try:
        with eng.connect():
            pass
    except SQLAlchemyError as exc:
        raise DatabaseUnavailable(describe_db_error(eng, exc)) from exc
    return schema_ready(eng)
