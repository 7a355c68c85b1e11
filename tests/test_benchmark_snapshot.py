"""The benchmark files the KPIs read (data_access.benchmark_snapshot) give what the ``benchmark`` table gives.

Each case reads ``load_benchmarks`` twice, through the files and with them switched off, on SQLite and
PostgreSQL, and the frames must be equal to the dtype and the row order.
"""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import delete, func, select

from dashboard.kpi import bench_breakdowns
from dashboard.kpi import benchmarks as bench_kpi
from dashboard.read import NEED_CODES
from data_access import benchmark_snapshot, published
from data_access.importers import run_import
from data_access.queries import load_benchmarks
from data_access.reference import HERE
from data_access.schema import Benchmark, BenchmarkSnapshot

CALLS = {
    "the KPIs' headline rows": dict(headline_only=True, measures=bench_kpi.block_measures()),
    "a filtered view's breakdowns": dict(measures=bench_breakdowns.measures(NEED_CODES),
                                         levels=("National", "Regional")),
    "every headline row": dict(headline_only=True),
    "England only": dict(levels="National"),
}


def _both(engine, monkeypatch, **kw) -> tuple[pd.DataFrame, pd.DataFrame]:
    fast = load_benchmarks(engine, **kw)
    with monkeypatch.context() as m:
        m.setattr(benchmark_snapshot, "read", lambda *a, **k: None)
        slow = load_benchmarks(engine, **kw)
    return fast, slow


def _missing(conn) -> bool:
    """The files do not account for every row of ``benchmark``."""
    return benchmark_snapshot.held(conn) != conn.execute(select(func.count()).select_from(Benchmark)).scalar_one()


def _files(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(select(BenchmarkSnapshot.source, BenchmarkSnapshot.import_id)).all())


@pytest.fixture
def shipped(engine):
    for path in sorted((HERE / "ees").glob("*.zip")):
        assert run_import(engine, path, kind="benchmarks").ok
    return engine


@pytest.mark.parametrize("call", list(CALLS))
def test_the_files_give_the_tables_rows_in_its_order(shipped, monkeypatch, call):
    fast, slow = _both(shipped, monkeypatch, **CALLS[call])
    assert len(fast) > 1000
    pd.testing.assert_frame_equal(fast, slow)


def test_each_import_writes_its_sources_files_in_its_transaction(shipped):
    with shipped.connect() as conn:
        sources = set(conn.execute(select(Benchmark.source).distinct()).scalars())
        held = conn.execute(select(func.sum(BenchmarkSnapshot.rows))).scalar_one()
        total = conn.execute(select(func.count()).select_from(Benchmark)).scalar_one()
        assert not _missing(conn)
        assert not benchmark_snapshot.absent(conn)
    assert set(_files(shipped)) == sources
    assert held == total


def test_an_older_release_imported_after_the_newer_still_loses(engine, monkeypatch):
    """The 2022 release loaded after the 2025 one: its rows get the later ids and import id, yet where both
    publish a year the 2025 figures win, as they do reading the table, because that series runs later."""
    for year in (2025, 2022):
        assert run_import(engine, HERE / "ees" / f"ehcp-plans-release-{year}.zip", kind="benchmarks").ok
    assert len(set(_files(engine).values())) == 2
    fast, slow = _both(engine, monkeypatch, **CALLS["the KPIs' headline rows"])
    pd.testing.assert_frame_equal(fast, slow)


def test_a_database_from_before_the_files_reads_the_table_then_gets_them(shipped, monkeypatch):
    with shipped.begin() as conn:
        conn.execute(delete(BenchmarkSnapshot))
        assert _missing(conn)
        assert benchmark_snapshot.absent(conn)  # what ensure_published looks for
    with shipped.connect() as conn:
        assert benchmark_snapshot.read(conn, measures=None, headline_only=True, levels=None) is None
    from_table = load_benchmarks(shipped, headline_only=True)
    published._CHECKED.discard(shipped)
    assert published.ensure_published(shipped) == []  # nothing imported: the files are made from the rows
    assert set(_files(shipped).values()) == {0}
    fast, slow = _both(shipped, monkeypatch, headline_only=True)
    pd.testing.assert_frame_equal(fast, slow)
    pd.testing.assert_frame_equal(fast, from_table)


def test_an_import_into_such_a_database_makes_every_sources_file(engine, monkeypatch):
    assert run_import(engine, HERE / "ees" / "ehcp-plans-release-2022.zip", kind="benchmarks").ok
    with engine.begin() as conn:
        conn.execute(delete(BenchmarkSnapshot))  # as a database upgraded from before schema 0009
    assert run_import(engine, HERE / "ees" / "ehcp-plans-release-2025.zip", kind="benchmarks").ok
    with engine.connect() as conn:
        assert not _missing(conn)
    fast, slow = _both(engine, monkeypatch, **CALLS["the KPIs' headline rows"])
    pd.testing.assert_frame_equal(fast, slow)


def test_no_benchmarks_no_files(engine):
    assert load_benchmarks(engine, headline_only=True).empty
    with engine.connect() as conn:
        assert not _missing(conn)
        assert not benchmark_snapshot.absent(conn)
