"""Where the database is, and getting it to the current schema version.

The URL comes from, in order: an explicit argument (the CLI's ``--db``), ``SENDDASH_DATABASE_URL``,
``[connections.sql] url`` in ``.streamlit/secrets.toml`` (the file ``st.connection("sql")`` reads), and
otherwise an SQLite file ``./data/senddash.sqlite`` created on first use.
"""

from __future__ import annotations

import functools
import os
import threading
import tomllib
import weakref
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, DataError, IntegrityError

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
    try:
        path = sqlite_path(url)
        engine = create_engine(url, future=True, pool_pre_ping=True)
    except (ArgumentError, ImportError, ValueError) as exc:  # NoSuchModuleError is an ArgumentError
        scheme = url.split(":", 1)[0][:40] if ":" in url else "no scheme"
        raise DatabaseUnavailable(
            f"The database URL (scheme '{scheme}') is not one this app can use ({_first_line(exc)}); give "
            "sqlite:///path/to/file.sqlite or postgresql://user:password@host/database."
        ) from exc
    if path is not None and create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailable(
                f"The database at {url} could not be created: its folder {path.parent} could not be made "
                f"({exc.strerror or exc})."
            ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def sqlite_path(url: str) -> Path | None:
    """The file of a writable SQLite URL whose folder may be created; None otherwise.

    Plain ``sqlite:///data/x.sqlite`` gives its path; the URI form
    ``sqlite:///file:/path/x.sqlite?mode=ro&uri=true`` gives the path after ``file:`` unless it is opened
    read-only (``mode=ro``), when nothing may be created. Memory databases give None.
    """
    if not url.startswith("sqlite:"):
        return None
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.query.get("uri") in ("true", "1") and database.startswith("file:"):
        if parsed.query.get("mode") in ("ro", "memory"):
            return None
        database = database[len("file:"):].split("?", 1)[0]
    if database in ("", ":memory:"):
        return None
    return Path(database)


def _alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = None
    return cfg


# Alembic's `context` and `op` are module-level proxies: two threads upgrading at once in one process
# trample each other (KeyError 'config'). Every upgrade in this process runs under this lock, and across
# processes under a database lock (see _schema_lock).
_UPGRADE_LOCK = threading.RLock()
_CURRENT: weakref.WeakSet[Engine] = weakref.WeakSet()  # engines whose database this process saw at head
SCHEMA_LOCK_ID = 4242000  # PostgreSQL advisory lock taken while the schema is created or upgraded


def _schema_lock(conn) -> None:
    """Hold the database's write lock for the rest of the transaction, so one process upgrades at a time.

    PostgreSQL: a transaction-scoped advisory lock (without it two first imports race to CREATE TABLE and
    one fails on pg_type's unique index). SQLite: ``BEGIN IMMEDIATE`` (without it both see no
    alembic_version table and the second fails with "table alembic_version already exists").
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": SCHEMA_LOCK_ID})
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


@functools.cache
def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(None)).get_current_head()


def schema_current(engine: Engine) -> bool:
    """True when the database's schema is at the newest version (reads only; False when it cannot tell)."""
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision() == head_revision()
    except Exception:  # noqa: BLE001 - missing, unreachable or unreadable: not known to be current
        return False


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema version (creates it when empty). Idempotent and serialised:
    one upgrade at a time in this process, and one at a time on the database."""
    from alembic import command

    with _UPGRADE_LOCK:
        cfg = _alembic_config(engine)
        try:
            with engine.begin() as conn:
                _schema_lock(conn)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except Exception as exc:  # noqa: BLE001 - turned into one sentence for a person
            raise DatabaseUnavailable(describe_db_error(engine, exc)) from exc
        _CURRENT.add(engine)


def ensure_schema(engine: Engine) -> None:
    """Upgrade the database once per engine in this process (at start-up); later calls cost a set lookup.

    A database already at the newest version is only read, so an account that may not create tables
    can still import into it.
    """
    if engine in _CURRENT:
        return
    with _UPGRADE_LOCK:
        if engine in _CURRENT:
            return
        if schema_current(engine):
            _CURRENT.add(engine)
            return
        upgrade(engine)


def schema_ready(engine: Engine) -> bool:
    """True when the database exists and has the tables (without creating anything)."""
    try:
        with engine.connect() as conn:
            return inspect(conn).has_table("alembic_version")
    except Exception:  # noqa: BLE001
        return False


def refused_value(exc: BaseException) -> bool:
    """True when the database refused a value (too long, a broken constraint) rather than failing itself.

    Also recognises a driver's own DataError/IntegrityError, e.g. from a PostgreSQL COPY.
    """
    orig = getattr(exc, "orig", exc)
    names = {c.__name__ for c in type(orig).__mro__}
    return isinstance(exc, (DataError, IntegrityError)) or bool(names & {"DataError", "IntegrityError"})


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0].rstrip(".")[:200] if lines else type(exc).__name__


def describe_db_error(engine: Engine, exc: BaseException) -> str:
    """One sentence for a person: where the database is (no password) and what went wrong."""
    url = engine.url
    where = f"sqlite:///{url.database}" if url.get_backend_name() == "sqlite" else url.render_as_string(
        hide_password=True)
    text = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = text.rstrip(".")
    low = text.lower()
    if "readonly" in low or "read-only" in low or "read only" in low:
        return f"The database at {where} is read-only, so nothing could be written ({text})."
    if refused_value(exc):
        return f"The database at {where} refused a value from the file, so nothing was written ({text})."
    if "permission denied" in low:
        return f"The database at {where} refused this account access ({text})."
    if "database is locked" in low:
        return (f"The database at {where} stayed busy with another import for too long, so nothing was written "
                f"({text}); try again when it has finished.")
    return f"The database at {where} could not be opened ({text})."
