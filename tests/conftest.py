"""Shared fixtures: a throwaway database on SQLite and, when a server exists, on PostgreSQL.

``engine`` is parametrised over both back ends; a test that takes it runs twice. PostgreSQL comes from
``SENDDASH_TEST_POSTGRES_URL`` (``.ci/run`` sets it); without it the PostgreSQL runs are skipped with a
message saying so. Each test gets an empty, migrated database.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from data_access.engine import make_engine, upgrade

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"
SAMPLE = ROOT / "sample_data"
PG_URL = os.environ.get("SENDDASH_TEST_POSTGRES_URL")


@pytest.fixture(scope="session")
def pg_base_url():
    """A database of this test process's own on the server (dropped at the end), emptied per test."""
    if not PG_URL:
        yield None
        return
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"senddash_t_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield PG_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path, pg_base_url):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite'}"
        return
    if not PG_URL:
        pytest.skip("PostgreSQL tests skipped: no server (set SENDDASH_TEST_POSTGRES_URL; .ci/run does)")
    url = pg_base_url
    eng = create_engine(url)
    with eng.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    eng.dispose()
    yield url


@pytest.fixture
def engine(db_url):
    """An empty database at the newest schema version."""
    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(tmp_path):
    """SQLite only, for tests that need no PostgreSQL run."""
    eng = make_engine(f"sqlite:///{tmp_path / 'only.sqlite'}")
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def reference_dir():
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference is not beside the project")
    return REFERENCE


def unique_name() -> str:
    return uuid.uuid4().hex[:8]


@pytest.fixture
def no_local_settings(monkeypatch, tmp_path):
    """No senddash.toml, secrets file or SENDDASH_* variable of the machine leaks into a test (for the CLI
    and failure tests, which read settings the way the installed command does)."""
    for name in list(os.environ):
        if name.startswith("SENDDASH_") and name != "SENDDASH_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("SENDDASH_SETTINGS", str(tmp_path / "no-such-settings.toml"))
    monkeypatch.chdir(tmp_path)
