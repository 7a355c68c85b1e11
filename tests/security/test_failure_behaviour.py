"""When the database fails or imports collide (SPEC section 5: one clear sentence, data never half-written).

- a database that cannot be reached, or a URL that is not a database URL: ``run_import`` returns a
  rejected report with one sentence, and the CLI exits 1 with one sentence on standard error;
- a read-only SQLite database (opened ``mode=ro``; chmod does not stop root): a "read-only" sentence;
- an import killed with SIGKILL part-way through writing leaves exactly the previous data, not corrupt;
- two imports at once (two threads, two processes) run one after the other: both load, the final
  data is one complete file, and "database is locked" never reaches the user.
(``tests/test_cli.py`` already checks an unreachable PostgreSQL server for demo, import and kpis.)
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from dbsnap import snapshot
from sqlalchemy import create_engine, select, text

from dashboard.cli import main
from data_access import queries
from data_access.engine import make_engine, upgrade
from data_access.importers import run_import
from data_access.schema import Dataset, ImportLog
from tests.security import assert_one_sentence

pytestmark = pytest.mark.usefixtures("no_local_settings")

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"
COMPLAINTS = SAMPLE / "complaints.csv"


def casework(path: Path, rows: int, tag: str) -> set[str]:
    """A casework extract of ``rows`` requests (the sample LA's rows repeated under new ids); its request ids."""
    df = pd.read_csv(SAMPLE / "casework.csv", dtype=str, keep_default_na=False)
    big = pd.concat([df] * -(-rows // len(df)), ignore_index=True).iloc[:rows]
    copy = (np.arange(rows) // len(df)).astype(str)
    big["person_id"] = big["person_id"] + f"-{tag}" + copy
    big["request_id"] = big["request_id"] + f"-{tag}" + copy
    big.to_csv(path, index=False)
    return set(big["request_id"])


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --------------------------------------------------------------------------- unreachable / not a database


BAD_URLS = {
    "refused": "postgresql+psycopg://nobody:secret@127.0.0.1:1/none",
    "not a url": "not a database",
    "no driver": "mysql://nobody:secret@127.0.0.1/none",
    "folder is a file": "sqlite:///{tmp}/a-file/db.sqlite",
    "no such folder": "sqlite:////nonexistent-dir/db.sqlite",
}


@pytest.mark.parametrize("case", list(BAD_URLS))
def test_run_import_on_an_unusable_database_is_one_sentence(tmp_path, case):
    (tmp_path / "a-file").write_text("x")
    url = BAD_URLS[case].format(tmp=tmp_path)
    try:
        engine = make_engine(url, create=case != "no such folder")
    except Exception as exc:  # noqa: BLE001 - a bad URL is refused when the engine is made: one sentence
        assert type(exc).__name__ == "DatabaseUnavailable", exc
        assert_one_sentence(str(exc), "database")
        assert "secret" not in str(exc)
        return
    report = run_import(engine, COMPLAINTS, la_code="351")
    assert (report.status, report.database_error) == ("rejected", True)
    assert_one_sentence(report.message, "complaints.csv")
    assert report.message.startswith("complaints.csv was not imported: The database at ")
    assert "secret" not in report.message


@pytest.mark.parametrize("case", [c for c in BAD_URLS if c != "no such folder"])  # root could make it
@pytest.mark.parametrize("command", [["import", str(COMPLAINTS)], ["kpis"]], ids=["import", "kpis"])
def test_the_cli_on_an_unusable_database_exits_1_with_one_sentence(capsys, tmp_path, case, command):
    (tmp_path / "a-file").write_text("x")
    code, out, err = cli(capsys, "--db", BAD_URLS[case].format(tmp=tmp_path), *command)
    assert (code, out) == (1, "")
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("senddash: The database"), err
    assert_one_sentence(lines[0], "database")
    assert "secret" not in err


# --------------------------------------------------------------------------- read-only


@pytest.fixture
def ro(tmp_path) -> tuple[str, str]:
    """A database holding the complaints log, and the read-only URL of the same file."""
    path = tmp_path / "ro.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    assert run_import(engine, COMPLAINTS, la_code="351").status == "loaded"
    engine.dispose()
    return f"sqlite:///{path}", f"sqlite:///file:{path}?mode=ro&uri=true"


def test_a_read_only_database_says_so_and_is_unchanged(ro, tmp_path):
    rw_url, ro_url = ro
    rw = make_engine(rw_url)
    before = snapshot(rw)
    engine = make_engine(ro_url)
    assert not (tmp_path / "file:").exists()  # the URI form is not taken for a folder to create
    path = tmp_path / "casework.csv"
    casework(path, 50, "R")
    report = run_import(engine, path, la_code="351")
    assert (report.status, report.database_error) == ("rejected", True)
    assert_one_sentence(report.message, "casework.csv")
    assert "is read-only, so nothing could be written" in report.message, report.message
    assert snapshot(rw) == before
    assert len(queries.load_complaints(engine)) == 613  # reading still works


def test_a_read_only_empty_database_says_so(tmp_path):
    (tmp_path / "empty.sqlite").write_bytes(b"")
    engine = make_engine(f"sqlite:///file:{tmp_path / 'empty.sqlite'}?mode=ro&uri=true")
    report = run_import(engine, COMPLAINTS, la_code="351")
    assert report.status == "rejected"
    assert_one_sentence(report.message, "complaints.csv")
    assert "read-only" in report.message, report.message


def test_the_cli_import_into_a_read_only_database(ro, capsys, tmp_path):
    _, ro_url = ro
    own = tmp_path / "casework.csv"  # the council's own extract (the sample itself is never loaded beside real data)
    header, *rows = (SAMPLE / "casework.csv").read_text().splitlines()
    own.write_text("\n".join([header, *reversed(rows)]) + "\n")
    code, out, err = cli(capsys, "--db", ro_url, "import", str(own))
    assert code != 0 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "read-only" in lines[0], err
    assert_one_sentence(lines[0], "casework.csv")
    code, out, err = cli(capsys, "--db", ro_url, "kpis", "--la", "351")
    assert (code, err) == (0, "")
    assert json.loads(out)["la_code"] == "351"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod 0444; mode=ro covers this as root")
def test_a_chmod_read_only_file_says_so(ro, tmp_path):
    rw_url, _ = ro
    db = Path(rw_url[len("sqlite:///"):])
    db.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        report = run_import(make_engine(rw_url), SAMPLE / "casework.csv", la_code="351")
    finally:
        tmp_path.chmod(0o755)
        db.chmod(0o644)
    assert report.status == "rejected" and "read-only" in report.message, report.message


# --------------------------------------------------------------------------- killed part-way

CHILD = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from data_access.engine import make_engine
    from data_access.importers import run_import
    url, path, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    engine = make_engine(url)
    Path(str(go) + "." + Path(path).stem).touch()
    while not go.exists():
        time.sleep(0.01)
    report = run_import(engine, path, kind="casework", la_code="351")
    print(json.dumps({"status": report.status, "message": report.message}))
""")


def child(url: str, path: Path, go: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, url, str(path), str(go)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _writing(engine, url: str) -> bool:
    """True once the import holds its write lock (SQLite: a journal file; PostgreSQL: the advisory lock)."""
    if url.startswith("sqlite"):
        return Path(url[len("sqlite:///"):] + "-journal").exists()
    with engine.connect() as conn:
        return bool(conn.execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242001 AND granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).scalar())


def test_an_import_killed_part_way_leaves_the_previous_data(db_url, tmp_path):
    engine = make_engine(db_url)
    upgrade(engine)
    first = tmp_path / "first.csv"
    casework(first, 500, "F")
    assert run_import(engine, first, la_code="351").status == "loaded"
    before = snapshot(engine)
    big = tmp_path / "big.csv"
    casework(big, 120_000, "B")
    go = tmp_path / "go"
    go.touch()
    proc = child(db_url, big, go)
    deadline = time.monotonic() + 240
    while not _writing(engine, db_url):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.005)
    time.sleep(0.3)
    assert proc.poll() is None, "the import finished before it could be killed: make the file bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    engine.dispose()
    engine = make_engine(db_url)
    after = snapshot(engine)
    # the data is exactly as before; the log gained the killed import's row, committed before it wrote
    assert {t: rows for t, rows in after.items() if t != "import_log"} == {
        t: rows for t, rows in before.items() if t != "import_log"}
    assert after["import_log"][:len(before["import_log"])] == before["import_log"]
    with engine.connect() as conn:
        killed = conn.execute(select(ImportLog.file_name, ImportLog.status, ImportLog.finished_at)
                              .where(ImportLog.id > len(before["import_log"]))).all()
    assert [tuple(r) for r in killed] == [("big.csv", "started", None)]
    shown = queries.import_history(engine)
    assert shown.loc[shown["file_name"] == "big.csv", "status"].tolist() == ["interrupted"]
    if db_url.startswith("sqlite"):
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    report = run_import(engine, first.rename(tmp_path / "again.csv"), la_code="351")
    assert report.status == "unchanged", report.message  # the database is usable and knows the first file
    engine.dispose()


# --------------------------------------------------------------------------- two at once


def _check_serialised(engine, reports: list[dict], files: dict[str, set[str]]) -> None:
    for r in reports:
        assert r["status"] == "loaded", r["message"]
        assert "locked" not in r["message"]
    with engine.connect() as conn:
        log = conn.execute(select(ImportLog.id, ImportLog.file_name, ImportLog.status, ImportLog.finished_at)
                           .where(ImportLog.file_name.in_(list(files))).order_by(ImportLog.finished_at)).all()
        snapshot_of = conn.execute(select(Dataset.import_id).where(Dataset.kind == "casework")).scalars().all()
    assert [r.status for r in log] == ["loaded", "loaded"], log
    assert snapshot_of == [log[1].id]  # the snapshot is the one that committed last
    refs = set(queries.load_records(engine, la_code="351")["request_ref"])
    assert refs == files[log[1].file_name]  # the later import, complete: no mix of the two files


def test_two_threads_importing_at_once(sqlite_engine, tmp_path):
    files = {}
    for tag in ("a", "b"):
        files[f"{tag}.csv"] = casework(tmp_path / f"{tag}.csv", 5_000, tag)
    barrier = threading.Barrier(2)
    reports: list[dict] = []

    def one(name: str) -> None:
        barrier.wait()
        r = run_import(sqlite_engine, tmp_path / name, kind="casework", la_code="351")
        reports.append({"status": r.status, "message": r.message})

    threads = [threading.Thread(target=one, args=(name,)) for name in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    _check_serialised(sqlite_engine, reports, files)


def test_two_processes_importing_at_once(db_url, tmp_path):
    engine = make_engine(db_url)
    upgrade(engine)
    files = {f"{tag}.csv": casework(tmp_path / f"{tag}.csv", 10_000, tag) for tag in ("a", "b")}
    go = tmp_path / "go"
    procs = [child(db_url, tmp_path / name, go) for name in files]
    while not all(Path(f"{go}.{Path(n).stem}").exists() for n in files):  # both started and waiting
        assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
        time.sleep(0.01)
    go.touch()
    reports = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert (p.returncode, err) == (0, ""), err
        reports.append(json.loads(out))
    _check_serialised(engine, reports, files)
    engine.dispose()


def test_reading_while_an_import_writes(tmp_path):
    """The app keeps reading the previous data while an import holds the write lock (SQLite)."""
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    assert run_import(engine, COMPLAINTS, la_code="351").status == "loaded"
    raw = create_engine(url)
    with raw.connect() as conn:  # another writer holds the write (RESERVED) lock
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        assert len(queries.load_complaints(engine)) == 613
        conn.exec_driver_sql("ROLLBACK")
    raw.dispose()
