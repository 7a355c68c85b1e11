"""First imports into a brand-new database, two processes x two threads at once (issue 9, finding 4).

Before: every import ran Alembic's upgrade outside any lock. Two first imports failed 19 times in 20 on
SQLite ("table alembic_version already exists") and 10 in 10 on PostgreSQL (a duplicate key in
pg_type_typname_nsp_index, blamed on the file); two threads in one process failed 93 in 100 with
KeyError('config') from Alembic's module-level proxies. Now the upgrade runs once per engine, under a
process lock and a database lock. Each round here is a new database; all four imports must load.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine, make_url, text

from tests.conftest import PG_URL

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 20
THREADS = 2
ROUND_SECONDS = 90  # a round takes well under a second; a stuck lock fails the test instead of hanging it

WORKER = textwrap.dedent("""
    import json, sys, threading, time
    from pathlib import Path
    from data_access.engine import make_engine
    from data_access.importers import run_import
    urls, files, sync = json.loads(sys.argv[1]), json.loads(sys.argv[2]), Path(sys.argv[3])
    me = sys.argv[4]
    (sync / f"ready.{me}").touch()
    results = []
    for i, url in enumerate(urls):
        while not (sync / f"go.{i}").exists():
            time.sleep(0.001)
        barrier = threading.Barrier(len(files))
        out = [None] * len(files)

        def one(k):
            try:
                engine = make_engine(url)  # an engine each, as two servers' sessions would have
                barrier.wait(timeout=60)
                r = run_import(engine, files[k], kind="complaints", la_code="351")
                out[k] = [r.status, r.message]
                engine.dispose()
            except BaseException as exc:  # reported as a failed import, never a hang
                out[k] = ["raised", repr(exc)]

        threads = [threading.Thread(target=one, args=(k,)) for k in range(len(files))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        results.append(out)
        (sync / f"done.{i}.{me}").touch()
    print(json.dumps(results))
""")


def _logs(tmp_path: Path, worker: str) -> list[str]:
    """A small complaints log per thread, with record ids of its own (each import loads rows)."""
    df = pd.read_csv(ROOT / "sample_data" / "complaints.csv", dtype=str, keep_default_na=False).head(40)
    paths = []
    for k in range(THREADS):
        one = df.assign(record_id=df["record_id"] + f"-{worker}{k}")
        path = tmp_path / f"log_{worker}{k}.csv"
        one.to_csv(path, index=False)
        paths.append(str(path))
    return paths


def _stop(procs: dict, why: str) -> None:
    """Kill the workers, then fail with what they printed (never wait on a live one)."""
    for p in procs.values():
        p.kill()
    printed = [(p.returncode, *(t[-1500:] for t in p.communicate())) for p in procs.values()]
    pytest.fail(f"{why}: {printed}")


def _alive(procs: dict) -> None:
    if any(p.poll() is not None for p in procs.values()):
        _stop(procs, "a worker process ended early")


def _race(tmp_path: Path, urls: list[str]) -> list:
    sync = tmp_path / "sync"
    sync.mkdir()
    procs = {w: subprocess.Popen([sys.executable, "-c", WORKER, json.dumps(urls), json.dumps(_logs(tmp_path, w)),
                                  str(sync), w], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for w in ("a", "b")}
    deadline = time.monotonic() + 900
    while not all((sync / f"ready.{w}").exists() for w in procs):
        _alive(procs)
        assert time.monotonic() < deadline
        time.sleep(0.01)
    for i in range(len(urls)):
        (sync / f"go.{i}").touch()
        round_deadline = min(deadline, time.monotonic() + ROUND_SECONDS)
        while not all((sync / f"done.{i}.{w}").exists() for w in procs):
            _alive(procs)
            if time.monotonic() > round_deadline:
                _stop(procs, f"round {i}'s four first imports did not finish within {ROUND_SECONDS} s")
            time.sleep(0.005)
    rounds: list = [[] for _ in urls]
    for p in procs.values():
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        for i, r in enumerate(json.loads(out)):
            rounds[i] += r
    return rounds


def _check(rounds: list) -> None:
    failed = [(i, r) for i, four in enumerate(rounds) for r in four if r[0] != "loaded"]
    assert not failed, f"{len(failed)} of {len(rounds) * 2 * THREADS} first imports failed, e.g. {failed[:3]}"
    assert len(rounds) == ROUNDS and all(len(four) == 2 * THREADS for four in rounds)


@pytest.mark.slow
def test_first_imports_into_new_sqlite_databases(tmp_path):
    urls = [f"sqlite:///{tmp_path / f'round{i}' / 'new.sqlite'}" for i in range(ROUNDS)]
    _check(_race(tmp_path, urls))


@pytest.mark.slow
@pytest.mark.postgres
def test_first_imports_into_new_postgres_databases(tmp_path):
    if not PG_URL:
        pytest.skip("PostgreSQL tests skipped: no server (set SENDDASH_TEST_POSTGRES_URL; .ci/run does)")
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    names = [f"senddash_race_{uuid.uuid4().hex[:8]}" for _ in range(ROUNDS)]
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        base = make_url(PG_URL)
        _check(_race(tmp_path, [base.set(database=n).render_as_string(hide_password=False) for n in names]))
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
