"""The import log as a table for people (newest first)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, func, select

from data_access.schema import Benchmark, ImportLog

HISTORY_COLUMNS = ["started_at", "finished_at", "file_name", "kind", "la_code", "status", "rows_read",
                   "rows_loaded", "rows_rejected", "sha256"]
INTERRUPTED = "interrupted"  # how a 'started' import that never finished is shown


def import_history(engine: Engine, *, limit: int = 500) -> pd.DataFrame:
    """The most recent imports: when, which file, what kind, rows read/loaded/rejected, newest first.

    An import logged as started that never finished (killed, out of memory, server restarted) is
    ``interrupted``: it changed nothing, as its data was written in one transaction that never committed.
    """
    cols = [getattr(ImportLog, c) for c in HISTORY_COLUMNS]
    stmt = select(*cols).order_by(ImportLog.id.desc()).limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    df = pd.DataFrame(rows, columns=HISTORY_COLUMNS)
    df["status"] = df["status"].replace({"started": INTERRUPTED})
    df["sha256_full"] = df["sha256"]
    df["sha256"] = df["sha256"].str.slice(0, 12)
    return df


def benchmark_releases(engine: Engine) -> pd.DataFrame:
    """The DfE releases the benchmarks come from: per release and file, the years covered and the rows."""
    stmt = (select(Benchmark.release, Benchmark.source, func.min(Benchmark.year), func.max(Benchmark.year),
                   func.count())
            .group_by(Benchmark.release, Benchmark.source).order_by(Benchmark.release, Benchmark.source))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pd.DataFrame(rows, columns=["release", "source", "first_year", "last_year", "rows"])
