"""Where the rules run on a parsed file: at import (``run_import``) and in ``senddash validate`` (no database).

``findings_for(parsed)`` builds the file's :class:`~data_access.validation.model.Return` and runs every rule;
``write_findings`` keeps them beside the import; ``establishment_urns`` reads the loaded establishments list,
which the URN rule checks against (it is not checked when none is loaded).
"""

from __future__ import annotations

from concurrent.futures import Executor, Future

import pandas as pd
from sqlalchemy import Connection, func, insert, select, update

from data_access.schema import Establishment, ImportLog, ValidationFinding
from data_access.validation import build, engine

VALIDATED_KINDS = ("sen2", "casework")


def to_return(parsed, *, establishments: frozenset[str] | None = None):
    """The parsed file (``Parsed`` of kind sen2 or casework) as a Return."""
    p, name, rejections = parsed.payload, parsed.report.file_name, parsed.report.rejections
    if parsed.kind == "sen2":
        return build.from_sen2(p.tables, p.checks, p.dataset, file_name=name, rejections=rejections,
                               establishments=establishments)
    return build.from_casework(p.casework, p.dataset, file_name=name, rejections=rejections,
                               establishments=establishments)


def findings_for(parsed, *, establishments: frozenset[str] | None = None) -> pd.DataFrame:
    return engine.findings(to_return(parsed, establishments=establishments))


def establishments_for(conn: Connection, kind: str) -> frozenset[str] | None:
    """The loaded establishments' URNs, which the rules check, for a file of ``kind`` (None: not validated or
    no list loaded)."""
    return establishment_urns(conn) if kind in VALIDATED_KINDS else None


def start(pool: Executor | None, parsed, establishments: frozenset[str] | None) -> Future | None:
    """:func:`findings_for` the parsed file, worked out on ``pool`` while the import writes (the rules only read
    the parsed frames), or here and now without one; None for a kind without rules."""
    if parsed.kind not in VALIDATED_KINDS:
        return None
    if pool is not None:
        return pool.submit(findings_for, parsed, establishments=establishments)
    done: Future = Future()
    done.set_result(findings_for(parsed, establishments=establishments))
    return done


def counted(parsed, found: pd.DataFrame) -> pd.DataFrame:
    """``found``, with its errors, queries and findings by rule counted on the parsed file's report."""
    n = engine.counts(found)
    parsed.report.errors, parsed.report.queries = n["errors"], n["queries"]
    parsed.report.findings_by_rule = ({str(k): int(v) for k, v in found.groupby("rule").size().items()}
                                      if len(found) else {})
    return found


def establishment_urns(conn: Connection) -> frozenset[str] | None:
    """The URNs of the loaded establishments list, or None when none is loaded."""
    if not conn.execute(select(func.count()).select_from(Establishment)).scalar():
        return None
    return frozenset(str(u) for u in conn.execute(select(Establishment.urn)).scalars())


def establishment_urns_in_file(path) -> frozenset[str]:
    """The URNs of an establishments file (GIAS as downloaded, or urn, setting_type), read as its import reads it."""
    from pathlib import Path

    from data_access.importers import establishments

    path = Path(path)
    return frozenset(establishments.parse(path, path.read_bytes()).payload["urn"].dropna().astype(str))


def write_findings(conn: Connection, import_id: int, found: pd.DataFrame) -> None:
    """Keep the findings beside the import and their counts on its log row (inside the import's transaction)."""
    n = engine.counts(found)
    conn.execute(update(ImportLog).where(ImportLog.id == import_id).values(errors=n["errors"], queries=n["queries"]))
    if len(found):
        rows = found[["rule", "severity", "person_ref", "request_ref"]].astype(object)
        rows = rows.where(rows.notna(), None).assign(import_id=import_id)
        conn.execute(insert(ValidationFinding), rows.to_dict("records"))


def validate_file(path, *, la_code: str | None = None, mapping=None,
                  establishments: frozenset[str] | None = None) -> tuple[object, pd.DataFrame]:
    """Read and check one SEN2 return or casework extract without any database: ``(parsed, findings)``.

    Raises ``ImportRejected`` with one sentence when the file cannot be read or is another kind of file."""
    from pathlib import Path

    from data_access.importers import _module, detect_kind
    from data_access.importers.base import ImportRejected
    from data_access.importers.reading import read_bytes

    path = Path(path)
    data = read_bytes(path)
    kind = detect_kind(path, data, mapping)
    if kind not in VALIDATED_KINDS:
        raise ImportRejected(f"{path.name} is a {kind} file; only an SEN2 return or a casework extract is validated.")
    parsed = _module(kind).parse(path, data, la_code=la_code, mapping=mapping)
    return parsed, findings_for(parsed, establishments=establishments)
