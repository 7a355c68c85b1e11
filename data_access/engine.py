"""Where the database is, and getting it to the current schema version.

The URL comes from, in order: an explicit argument (the CLI's ``--db``), ``SENDDASH_DATABASE_URL``,
``[connections.sql] url`` in ``.streamlit/secrets.toml`` (the file ``st.connection("sql")`` reads), and
otherwise an SQLite file ``./data/senddash.sqlite`` created on first use.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect

DEFAULT_SQLITE = Path("data") / "senddash.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached or opened; the message is one sentence for a person."""


def database_url(explicit: str | None = None, *, secrets_path: Path | None = None) -> str:
    if explicit:
        return explicit
    env = os.environ.get("SENDDASH_DATABASE_URL")
    if env:
        return env
    secrets = secrets_path or Path(".streamlit") / "secrets.toml"
    if secrets.is_file():
        try:
            conf = tomllib.loads(secrets.read_text(encoding="utf-8"))
            url = conf.get("connections", {}).get("sql", {}).get("url")
            if url:
                return str(url)
        except (tomllib.TOMLDecodeError, OSError, AttributeError):
            pass
    return f"sqlite:///{DEFAULT_SQLITE}"


def is_default_url(url: str) -> bool:
    return url == f"sqlite:///{DEFAULT_SQLITE}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - trivial
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str | None = None, *, create: bool = True) -> Engine:
    """An engine for ``url`` (resolved as above). With ``create`` the SQLite folder is made."""
    url = database_url(url)
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith("sqlite:///") and create:
        path = Path(url[len("sqlite:///"):])
        if str(path) not in ("", ":memory:"):
            path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = None
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema version (creates it when empty). Idempotent."""
    from alembic import command

    cfg = _alembic_config(engine)
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception as exc:  # noqa: BLE001 - turned into one sentence for a person
        raise DatabaseUnavailable(describe_db_error(engine, exc)) from exc


def schema_ready(engine: Engine) -> bool:
    """True when the database exists and has the tables (without creating anything)."""
    try:
        with engine.connect() as conn:
            return inspect(conn).has_table("alembic_version")
    except Exception:  # noqa: BLE001
        return False


def describe_db_error(engine: Engine, exc: BaseException) -> str:
    where = engine.url.render_as_string(hide_password=True)
    text = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "readonly" in text.lower() or "read-only" in text.lower():
        return f"The database at {where} is read-only, so nothing could be written ({text})."
    return f"The database at {where} could not be opened ({text})."
