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
