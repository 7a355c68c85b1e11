"""The sign-in gate fails closed (issue 9, finding 1).

Before: ``holds_real_data`` read the import log and answered "no real data" on any error, and the gate
then gave everyone ``admin`` in demo mode. A database account that could not read ``import_log``, or an
emptied log, showed real children's data with no sign-in under a "Demo mode: synthetic sample data only"
banner. Now demo mode is decided by the records (``synthetic``, set only for a bundled sample file's
exact content), an error means real, and ``allow_unauthenticated`` gives the viewer role by default.
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from dashboard import demo, read
from data_access.engine import make_engine
from data_access.importers import run_import
from data_access.samples import sample_hashes
from tests.conftest import PG_URL

from .conftest import LA, App

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
LOCKED = "sign-in is not configured"


def _real_casework(tmp_path: Path) -> Path:
    """The sample casework with one request id changed: not byte for byte a sample file, so real."""
    path = tmp_path / "casework_tonight.csv"
    lines = (SAMPLE / "casework.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[4] = cells[4] + "-real"  # request_id
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _load(url: str, path: Path, **kw) -> None:
    eng = make_engine(url)
    report = demo.import_file(eng, path, la_code=LA, **kw)
    eng.dispose()
    assert report.status == "loaded", report.message


def _locked(app: App) -> None:
    assert app.errors() and LOCKED in app.errors()[0], app.errors()
    assert not app.at.metric
    assert not any("Demo mode" in w.value for w in app.at.warning)


def _sqlite_file(url: str) -> str:
    return url[len("sqlite:///"):]


def test_an_emptied_import_log_does_not_open_the_gate(open_app, tmp_path):
    url = f"sqlite:///{tmp_path / 'real.sqlite'}"
    _load(url, _real_casework(tmp_path))
    _locked(open_app(url).run())
    with sqlite3.connect(_sqlite_file(url)) as raw:  # the sqlite3 shell: foreign keys off
        raw.execute("DELETE FROM import_log")
        assert raw.execute("SELECT count(*) FROM import_log").fetchone() == (0,)
    _locked(open_app(url).run())
    with sqlite3.connect(_sqlite_file(url)) as raw:
        raw.execute("DROP TABLE import_log")
    _locked(open_app(url).run())


def test_the_sample_alone_is_the_demo_even_with_an_emptied_log(open_app, demo_url, tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    shutil.copy(_sqlite_file(demo_url), _sqlite_file(url))
    with sqlite3.connect(_sqlite_file(url)) as raw:
        raw.execute("DELETE FROM import_log")
    app = open_app(url).run()
    assert any("Demo mode" in w.value for w in app.at.warning)
    assert "EHC plans maintained" in app.metrics()


def test_one_real_file_beside_the_sample_locks_it(open_app, demo_url, tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    shutil.copy(_sqlite_file(demo_url), _sqlite_file(url))
    log = (SAMPLE / "complaints.csv").read_text(encoding="utf-8").splitlines()
    edited = tmp_path / "complaints.csv"  # the same name, one record id changed: a real log
    edited.write_text("\n".join([log[0], log[1].replace(",", "-x,", 1), *log[2:]]) + "\n", encoding="utf-8")
    eng = make_engine(url)
    # the app no longer puts a real file beside the sample (it asks, then removes the sample: issue 11), but a
    # database made by an earlier release, or by the importers directly, can hold both
    assert not demo.import_file(eng, edited, la_code=LA).ok
    assert run_import(eng, edited, la_code=LA, synthetic_hashes=sample_hashes()).status == "loaded"
    eng.dispose()
    _locked(open_app(url).run())


def test_a_broken_database_answers_real(tmp_path):
    eng = make_engine("postgresql+psycopg://nobody:x@127.0.0.1:1/none")
    real, why = read.real_data_check(eng)
    assert real is True and "127.0.0.1:1" in why and why.endswith("real data.")


def test_unauthenticated_access_is_a_viewer_unless_the_setting_says_otherwise(open_app, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'real.sqlite'}"
    _load(url, _real_casework(tmp_path))
    monkeypatch.setenv("SENDDASH_ALLOW_UNAUTHENTICATED", "true")
    app = open_app(url).run()
    assert any("Sign-in is switched off" in w.value and "as a viewer" in w.value for w in app.at.warning)
    app.page("Timeliness")
    assert any("shown to SEND leads only" in c for c in app.captions())  # no case lists
    with pytest.raises(Exception):  # noqa: B017 - the Data page is not in a viewer's navigation
        app.page("Data")
    monkeypatch.setenv("SENDDASH_UNAUTHENTICATED_ROLE", "lead")
    app = open_app(url).open("Timeliness")
    assert any("request_ref" in t.columns for t in app.tables())
    monkeypatch.setenv("SENDDASH_UNAUTHENTICATED_ROLE", "superuser")
    app = open_app(url).run()
    assert app.errors() == ["The unauthenticated_role setting is 'superuser'; use one of viewer, lead, admin."]
    assert not app.at.metric


# --------------------------------------------------------------------------- PostgreSQL: an account's grants


@pytest.fixture
def pg_database(pg_base_url):
    if not PG_URL:
        pytest.skip("PostgreSQL tests skipped: no server (set SENDDASH_TEST_POSTGRES_URL; .ci/run does)")
    admin = create_engine(pg_base_url)
    with admin.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    yield pg_base_url, admin
    admin.dispose()


@pytest.fixture
def reader_role(pg_database):
    """``reader_role(*not_granted)`` -> a URL logging in as a role that may read every table but those."""
    url, admin = pg_database
    made: list[str] = []

    def _make(*not_granted: str) -> str:
        name = f"senddash_reader_{uuid.uuid4().hex[:8]}"
        db = make_url(url).database
        with admin.begin() as conn:
            conn.execute(text(f"CREATE ROLE {name} LOGIN PASSWORD 'reader'"))
            conn.execute(text(f'GRANT CONNECT ON DATABASE "{db}" TO {name}'))
            conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {name}"))
            conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {name}"))
            for table in not_granted:
                conn.execute(text(f"REVOKE SELECT ON {table} FROM {name}"))  # noqa: S608 - test names
        made.append(name)
        return make_url(url).set(username=name, password="reader").render_as_string(hide_password=False)

    yield _make
    with admin.begin() as conn:
        for name in made:
            conn.execute(text(f"DROP OWNED BY {name}"))
            conn.execute(text(f"DROP ROLE {name}"))


@pytest.mark.postgres
def test_postgres_account_that_cannot_read_import_log(open_app, pg_database, reader_role, tmp_path, monkeypatch):
    url, _ = pg_database
    _load(url, _real_casework(tmp_path))
    reader = reader_role("import_log")
    _locked(open_app(reader).run())
    monkeypatch.setenv("SENDDASH_ALLOW_UNAUTHENTICATED", "true")  # behind the council's sign-in: a viewer
    app = open_app(reader).run()
    assert "EHC plans maintained" in app.metrics()
    assert not any("Demo mode" in w.value for w in app.at.warning)


@pytest.mark.postgres
def test_postgres_account_that_cannot_read_the_records_is_locked_with_a_reason(open_app, pg_database, reader_role,
                                                                                tmp_path):
    url, _ = pg_database
    _load(url, _real_casework(tmp_path))
    app = open_app(reader_role("import_log", "dataset")).run()
    assert len(app.errors()) == 1 and "permission denied for table dataset" in app.errors()[0], app.errors()
    assert not app.at.metric and not any("Demo mode" in w.value for w in app.at.warning)


@pytest.mark.postgres
def test_postgres_sample_records_are_the_demo_without_the_log(open_app, pg_database, reader_role):
    url, _ = pg_database
    _load(url, SAMPLE / "complaints.csv")
    app = open_app(reader_role("import_log")).run()
    assert any("Demo mode" in w.value for w in app.at.warning)


def test_the_data_page_shows_an_import_that_never_finished_as_interrupted(open_app, demo_url, tmp_path):
    import datetime as dt

    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    shutil.copy(_sqlite_file(demo_url), _sqlite_file(url))
    with sqlite3.connect(_sqlite_file(url)) as raw:  # what a killed import leaves: its committed start row
        raw.execute("INSERT INTO import_log (file_name, sha256, kind, la_code, target, status, rows_read, "
                    "rows_loaded, rows_rejected, started_at) VALUES ('casework_nightly.csv', ?, 'casework', "
                    "'351', 'casework:351', 'started', 10, 10, 0, ?)", ("e" * 64, dt.datetime(2026, 12, 1, 6, 30)))
    app = open_app(url).open("Data")
    assert any("**interrupted**" in w.value for w in app.at.warning)
    history = next(t for t in app.tables() if "file_name" in t.columns)
    assert history.loc[history["file_name"] == "casework_nightly.csv", "status"].tolist() == ["interrupted"]
    assert set(history.loc[history["file_name"] != "casework_nightly.csv", "status"]) == {"loaded"}
    app.page("Overview")  # the last import shown is the last that loaded
    assert any(c.startswith("Last import: ") and "casework_nightly.csv" not in c for c in app.captions())
