"""DfE's published figures in every database: the shipped releases are loaded on first use when absent.

A council that loads only its own files must still see England, its region, its own published figures
and its statistical neighbours (issue 10, part 3). The first use of a database by this process (an
import from the CLI or the Data page, ``senddash kpis`` / ``briefing``, and ``senddash serve`` for a
database holding an LA's data) checks once whether it holds any benchmark; when it holds none, the
releases shipped in ``data_access/reference/ees/`` are imported, each in its own transaction like any
import. A database that holds a newer release the user loaded is left alone, and ``senddash import`` of a
release still replaces the files it covers. The statistical neighbours are read from the shipped CSV.
"""

from __future__ import annotations

import threading
import weakref

from sqlalchemy import Engine, exists, select

from data_access import benchmark_snapshot
from data_access.engine import ensure_schema
from data_access.importers import ImportReport, run_import
from data_access.reference import shipped_benchmark_files
from data_access.schema import Benchmark

_CHECKED: weakref.WeakSet[Engine] = weakref.WeakSet()
_LOCK = threading.Lock()


def holds_benchmarks(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(conn.execute(select(exists().where(Benchmark.id.is_not(None)))).scalar())


def ensure_published(engine: Engine) -> list[ImportReport]:
    """Bring the schema up to date and load the shipped releases if the database has no benchmark.

    Once per engine in this process; returns the reports of what was loaded (empty when nothing was).
    Two processes doing this at once both load; the second finds each file already loaded ("unchanged").
    """
    if engine in _CHECKED:
        return []
    with _LOCK:
        if engine in _CHECKED:
            return []
        ensure_schema(engine)
        reports = [] if holds_benchmarks(engine) else [
            run_import(engine, path, kind="benchmarks") for path in shipped_benchmark_files()]
        with engine.connect() as conn:
            absent = benchmark_snapshot.absent(conn)
        if absent:  # a database from before schema 0009: its rows' files, once
            with engine.begin() as conn:
                benchmark_snapshot.rebuild(conn)
        if all(r.ok for r in reports):
            _CHECKED.add(engine)
        return reports
