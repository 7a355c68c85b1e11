from sqlalchemy import inspect

from data_access.engine import database_url, make_engine, schema_ready, upgrade


def test_upgrade_creates_every_table_and_is_idempotent(engine):
    upgrade(engine)  # a second time changes nothing
    names = set(inspect(engine).get_table_names())
    assert {"person", "request", "assessment", "plan", "placement", "need", "review", "phase_transfer",
            "complaint", "census_aggregate", "benchmark", "import_log", "dataset"} <= names
    assert schema_ready(engine)


def test_url_resolution_order(tmp_path, monkeypatch):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[connections.sql]\nurl = "sqlite:///from-secrets.db"\n')
    monkeypatch.delenv("SENDDASH_DATABASE_URL", raising=False)
    assert database_url(None, secrets_path=secrets) == "sqlite:///from-secrets.db"
    monkeypatch.setenv("SENDDASH_DATABASE_URL", "sqlite:///from-env.db")
    assert database_url(None, secrets_path=secrets) == "sqlite:///from-env.db"
    assert database_url("sqlite:///explicit.db", secrets_path=secrets) == "sqlite:///explicit.db"


def test_default_is_sqlite_under_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SENDDASH_DATABASE_URL", raising=False)
    eng = make_engine()
    assert eng.url.database == "data/senddash.sqlite"
    assert (tmp_path / "data").is_dir()
    assert not schema_ready(eng)
    upgrade(eng)
    assert schema_ready(eng)


def _at_revision(engine, revision: str) -> None:
    from alembic import command

    from data_access.engine import _alembic_config

    cfg = _alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def test_migration_0002_marks_the_sample_records_synthetic_and_nothing_else(db_url):
    """A demo database made by the earlier release stays the demo; real records stay real."""
    import datetime as dt
    import hashlib

    from sqlalchemy import text

    from data_access import queries
    from data_access.engine import ensure_schema, schema_current
    from data_access.samples import sample_files, sample_hashes

    engine = make_engine(db_url)
    _at_revision(engine, "0001")
    assert not schema_current(engine)
    complaints_file = next(p for p, kind in sample_files() if kind == "complaints")  # plain CSV, no gzip
    complaints_sha = hashlib.sha256(complaints_file.read_bytes()).hexdigest()
    assert complaints_sha in sample_hashes()
    sample = sorted(sample_hashes() - {complaints_sha})[0]
    now = dt.datetime(2026, 1, 1)
    with engine.begin() as conn:
        for i, (sha, kind) in enumerate([(sample, "census"), ("f" * 64, "casework"), (complaints_sha, "complaints")], 1):
            conn.execute(text("INSERT INTO import_log (id, file_name, sha256, kind, status, rows_read, rows_loaded, "
                              "rows_rejected, started_at) VALUES (:i, 'x', :s, :k, 'loaded', 0, 0, 0, :t)"),
                         {"i": i, "s": sha, "k": kind, "t": now})
        for i, sha in ((1, sample), (2, "f" * 64)):
            conn.execute(text("INSERT INTO dataset (id, kind, la_code, key, import_id, sha256) "
                              "VALUES (:i, 'census', '351', :k, :i, :s)"), {"i": i, "k": f"k{i}", "s": sha})
        conn.execute(text("INSERT INTO complaint (id, la_code, record_id, kind, received_date, import_id) "
                          "VALUES (1, '351', 'C1', 'complaint', '2024-01-02', 3)"))
    ensure_schema(engine)
    assert schema_current(engine)
    with engine.connect() as conn:
        assert dict(conn.execute(text("SELECT id, synthetic FROM dataset ORDER BY id")).all()) == {1: True, 2: False}
        assert conn.execute(text("SELECT synthetic FROM complaint")).scalar() in (True, 1)
    assert queries.holds_real_records(engine)  # dataset 2 is real
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM dataset WHERE id = 2"))
    assert not queries.holds_real_records(engine)
    engine.dispose()
