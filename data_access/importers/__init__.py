"""Import the extracts an LA has: ``run_import(engine, path)`` detects, checks, loads and logs one file.

Each kind lives in its own module exposing ``parse(path, data, *, la_code, mapping) -> Parsed`` (no
database) and ``write(conn, parsed, *, import_id, sha256) -> None`` (inside the file's transaction).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, insert, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from data_access.engine import DatabaseUnavailable, describe_db_error, ensure_schema, refused_value
from data_access.gc_pause import without_gc
from data_access.importers import columns
from data_access.importers.base import (
    MAX_REJECTIONS_KEPT,
    ImportRejected,
    ImportReport,
)
from data_access.importers.reading import read_bytes
from data_access.schema import ImportLog

KINDS = ("sen2", "casework", "complaints", "census", "benchmarks", "establishments", "placements", "finance",
         "programme")


@dataclass
class Parsed:
    """What ``parse`` hands to ``write``: checked rows plus what they replace."""

    kind: str
    la_code: str | None
    target: str  # e.g. "sen2:351:2025"; an import whose target+sha256 is already loaded is a no-op
    report: ImportReport
    payload: Any = None
    extra: dict = field(default_factory=dict)
    columns: tuple[str, ...] | None = None  # table kinds: the canonical columns the file had
    synthetic: bool = False  # the file is one of the bundled synthetic samples (set by run_import)


# PostgreSQL: fresh statistics on the tables each kind writes, or the planner picks bad joins on them
_ANALYZE = {
    "sen2": "ANALYZE dataset, person, request, assessment, plan, placement, need, review, phase_transfer",
    "casework": "ANALYZE dataset, casework_record (dataset_id)",  # its only join and filter column: 15x faster
    "complaints": "ANALYZE complaint",
    "census": "ANALYZE dataset, census_aggregate",
    "benchmarks": "ANALYZE benchmark (source, measure, geographic_level, area_code, breakdown_topic)",  # filtered on
    "establishments": "ANALYZE establishment",
    "placements": "ANALYZE dataset, casework_placement",
    "finance": "ANALYZE finance_budget, finance_agreement, finance_saving",
    "programme": "ANALYZE programme_action, programme_milestone, programme_risk, programme_decision",
}
_LOCK = threading.Lock()  # imports from one process are serialised; across processes the DB lock does it


def _module(kind: str):
    from data_access.importers import (
        benchmarks,
        casework,
        census,
        complaints,
        establishments,
        finance,
        placements,
        programme,
        sen2,
    )

    return {"sen2": sen2, "casework": casework, "complaints": complaints, "census": census,
            "benchmarks": benchmarks, "establishments": establishments, "placements": placements,
            "finance": finance, "programme": programme}[kind]


def detect_kind(path: Path, data: bytes, mapping: Mapping[str, Any] | None = None) -> str:
    """Guess the kind of an extract from its content (not its name)."""
    from data_access.importers.detect import detect

    return detect(path, data, mapping=mapping)


@without_gc
def run_import(
    engine: Engine,
    path: str | Path,
    *,
    kind: str | None = None,
    la_code: str | None = None,
    mapping: Mapping[str, Any] | None = None,
    allow_missing: Collection[str] = (),
    synthetic_hashes: Collection[str] = (),
    progress: Callable[[str], None] | None = None,
    measure_keys: Collection[str] | None = None,
) -> ImportReport:
    """Import one file in one transaction. Never raises for bad input: the report says what happened.

    ``allow_missing``: columns a table import may lack although the previous import had them or a KPI
    needs them (``*``: any); see :mod:`data_access.importers.columns`. ``synthetic_hashes``: sha256 of
    the bundled sample files; records from a file with one of these contents are marked synthetic.
    ``measure_keys``: the catalogue's measure keys, which a programme workbook's ``measure`` column must name
    (the dashboard passes them; None: not checked, as the data layer cannot read the catalogue).

    The import is logged in ``import_log`` before anything is written (status ``started``, committed on
    its own), then marked ``loaded`` in the same transaction as the data, or ``failed`` after a rollback;
    an import killed part-way is left ``started``, which the Data page shows as interrupted.
    """
    path = Path(path)
    report = ImportReport(file_name=path.name, kind=kind)
    try:
        data = read_bytes(path)
        if kind is not None and kind not in KINDS:
            raise ImportRejected(f"'{kind}' is not a kind of import; use one of {', '.join(KINDS)}.")
        kind = kind or detect_kind(path, data, mapping)
        report.kind = kind
        parsed: Parsed = _module(kind).parse(path, data, la_code=la_code, mapping=mapping,
                                             **_kind_options(kind, measure_keys))
    except ImportRejected as exc:
        report.status = "rejected"
        report.message = str(exc)
        return report
    except RecursionError:
        report.message = f"{path.name} is nested too deeply to be read safely, so nothing was imported."
        return report
    except MemoryError:
        report.message = f"{path.name} is too large to be read with the memory available, so nothing was imported."
        return report
    except Exception as exc:  # noqa: BLE001 - last safety net: the user gets one sentence, never a traceback
        report.message = (f"{path.name} could not be read because of an unexpected {type(exc).__name__} "
                          "in the importer, so nothing was imported.")
        return report
    report = parsed.report
    report.kind, report.la_code, report.target = kind, parsed.la_code, parsed.target
    sha = hashlib.sha256(data).hexdigest()
    parsed.synthetic = sha in synthetic_hashes
    import_id = None
    from data_access.validation import run as validation_run

    try:
        ensure_schema(engine)
        with engine.connect() as conn:
            if _last_loaded(conn, parsed.target) == sha:
                report.status = "unchanged"
                return report
            if parsed.columns is not None:
                present = columns.present_columns(kind, parsed.columns)
                previous = columns.previous_columns(conn, kind, parsed.la_code)
                refused, allowed = columns.allowed(columns.missing(kind, present, previous), allow_missing)
                report.missing_columns = {**refused, **allowed}
                if refused:
                    raise ImportRejected(columns.refusal(path.name, kind, refused, previous))
                if allowed:
                    report.warnings.append(f"Loaded without {columns.names(allowed)} (allowed as missing).")
                parsed.columns = present
            urns = validation_run.establishments_for(conn, parsed.kind)
        import_id = _log_start(engine, path, parsed, sha)
        # on PostgreSQL the rules read the parsed frames on a thread of their own while the COPY below waits on
        # the server, so their time overlaps its (casework x10: 1.33-1.57 -> 1.07-1.20 s); SQLite binds every
        # value under Python's lock, and there sharing it made both slower, so the rules run first
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="senddash-validate") as pool:
            pending = validation_run.start(pool if engine.dialect.name == "postgresql" else None, parsed, urns)
            report = _write(engine, parsed, report, pending, import_id=import_id, sha=sha)
    except ImportRejected as exc:
        report.status = "rejected"
        report.message = str(exc)
        _log_end(engine, import_id, "failed", report.message)
    except Exception as exc:  # noqa: BLE001 - the transaction was rolled back; one sentence, no traceback
        _failed(engine, path, report, exc)
        _log_end(engine, import_id, "failed", report.message)
    return report


def _kind_options(kind: str, measure_keys: Collection[str] | None) -> dict:
    """The keyword arguments only some kinds' ``parse`` takes."""
    return {"measure_keys": measure_keys} if kind == "programme" else {}


def _write(engine: Engine, parsed: Parsed, report: ImportReport, pending, *, import_id: int, sha: str) -> ImportReport:
    """The import's one transaction: its rows, the validation findings (``pending``: being worked out) and the
    log row marked loaded; or, if the same file finished loading meanwhile, nothing and "unchanged"."""
    from data_access.validation import run as validation_run

    with _LOCK, engine.begin() as conn:
        _serialise(conn)
        if _last_loaded(conn, parsed.target) == sha:  # the same file finished loading meanwhile
            conn.execute(delete(ImportLog).where(ImportLog.id == import_id))
            report.status = "unchanged"
            return report
        _module(parsed.kind).write(conn, parsed, import_id=import_id, sha256=sha)
        if pending is not None:
            validation_run.write_findings(conn, import_id, validation_run.counted(parsed, pending.result()))
        if conn.dialect.name == "postgresql":
            conn.execute(text(_ANALYZE[parsed.kind]))
        report.status = "loaded"
        conn.execute(update(ImportLog).where(ImportLog.id == import_id).values(
            status="loaded", finished_at=_now(), message=report.summary()))
    return report


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _last_loaded(conn, target: str) -> str | None:
    """sha256 of the file most recently loaded for ``target`` (None: none)."""
    return conn.execute(
        select(ImportLog.sha256).where(ImportLog.target == target, ImportLog.status == "loaded")
        .order_by(ImportLog.id.desc()).limit(1)
    ).scalar()


def _log_start(engine: Engine, path: Path, parsed: Parsed, sha: str) -> int:
    """The import's log row, committed before any data is written, so a killed import leaves a trace."""
    report = parsed.report
    with engine.begin() as conn:
        return conn.execute(
            insert(ImportLog).values(
                file_name=path.name[:255], sha256=sha, kind=parsed.kind, la_code=parsed.la_code,
                target=parsed.target, status="started", rows_read=report.rows_read,
                rows_loaded=report.rows_loaded, rows_rejected=report.rows_rejected,
                rejections=json.dumps([r.as_dict() for r in report.rejections[:MAX_REJECTIONS_KEPT]]),
                columns=json.dumps(list(parsed.columns)) if parsed.columns is not None else None,
                started_at=_now(),
            ).returning(ImportLog.id)
        ).scalar_one()


def _log_end(engine: Engine, import_id: int | None, status: str, message: str) -> None:
    """Mark a logged import as ended without loading (best effort: the database may be what failed)."""
    if import_id is None:
        return
    try:
        with engine.begin() as conn:
            conn.execute(update(ImportLog).where(ImportLog.id == import_id).values(
                status=status, finished_at=_now(), message=message))
    except Exception:  # noqa: BLE001, S110 - the log row then stays 'started' (shown as interrupted)
        pass


def _failed(engine: Engine, path: Path, report: ImportReport, exc: Exception) -> None:
    """Writing failed and the transaction was rolled back: say why in one sentence."""
    report.status = "rejected"
    dbapi = getattr(engine.dialect, "loaded_dbapi", None)
    if isinstance(exc, DatabaseUnavailable):
        report.message = f"{path.name} was not imported: {exc}"
        report.database_error = True
    elif isinstance(exc, SQLAlchemyError) or (dbapi is not None and isinstance(exc, dbapi.Error)):
        # (raw driver calls such as PostgreSQL COPY raise the driver's own errors, not SQLAlchemy's)
        report.message = f"{path.name} was not imported: {describe_db_error(engine, exc)}"
        report.database_error = not refused_value(exc)
    else:
        report.message = (f"{path.name} was not imported because of an unexpected {type(exc).__name__} "
                          "while saving it; the database is unchanged.")


def _serialise(conn) -> None:
    """Take the import lock at the start of the transaction, so imports run one after another.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: ``BEGIN IMMEDIATE`` takes the write lock
    now (waiting up to the busy timeout) rather than at the first INSERT, where two deferred
    transactions that have both read can deadlock and one fails at once with "database is locked".
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(4242001)"))
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


__all__ = ["KINDS", "ImportRejected", "ImportReport", "Parsed", "detect_kind", "run_import"]


def readable(path: str | Path, *, kind: str | None = None, la_code: str | None = None,
             mapping: Mapping[str, Any] | None = None, allow_missing: Collection[str] = (),
             measure_keys: Collection[str] | None = None) -> bool:
    """True when ``run_import`` could load the file into a database with no earlier import of its kind: it
    is detected, parsed, and has the columns a KPI needs. Nothing is written or logged. For a question to
    ask before an import (e.g. whether a file may replace the demo's records)."""
    path = Path(path)
    try:
        data = read_bytes(path)
        kind = kind or detect_kind(path, data, mapping)
        if kind not in KINDS:
            return False
        parsed = _module(kind).parse(path, data, la_code=la_code, mapping=mapping,
                                     **_kind_options(kind, measure_keys))
    except Exception:  # noqa: BLE001 - ImportRejected or anything else: run_import says why in a sentence
        return False
    if parsed.columns is not None:
        present = columns.present_columns(kind, parsed.columns)
        refused, _ = columns.allowed(columns.missing(kind, present, set()), allow_missing)
        return not refused
    return True
