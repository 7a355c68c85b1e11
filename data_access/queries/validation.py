"""What the validation rules found at each SEN2 or casework import (issue 13), for the Data quality page."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from data_access.schema import ImportLog, ValidationFinding

IMPORT_COLUMNS = ["import_id", "file_name", "kind", "target", "finished_at", "errors", "queries"]
FINDING_COLUMNS = ["rule", "severity", "person_ref", "request_ref"]


def validated_imports(engine: Engine, *, la_code: str) -> pd.DataFrame:
    """The LA's loaded SEN2 and casework imports that were validated, oldest first (the trend's points)."""
    q = (select(ImportLog.id, ImportLog.file_name, ImportLog.kind, ImportLog.target, ImportLog.finished_at,
                ImportLog.errors, ImportLog.queries)
         .where(ImportLog.la_code == la_code, ImportLog.status == "loaded", ImportLog.errors.is_not(None))
         .order_by(ImportLog.id))
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    out = pd.DataFrame([tuple(r) for r in rows], columns=IMPORT_COLUMNS)
    return out.astype({"import_id": "int64", "errors": "int64", "queries": "int64"}) if len(out) else out


def import_findings(engine: Engine, import_id: int) -> pd.DataFrame:
    """Every finding of one import: rule, severity, person_ref, request_ref, in rule order."""
    q = (select(ValidationFinding.rule, ValidationFinding.severity, ValidationFinding.person_ref,
                ValidationFinding.request_ref).where(ValidationFinding.import_id == import_id)
         .order_by(ValidationFinding.rule, ValidationFinding.id))
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=FINDING_COLUMNS)


def findings_by_rule(engine: Engine, import_ids: list[int]) -> pd.DataFrame:
    """import_id, rule, findings: the counts per rule of several imports (one query)."""
    from sqlalchemy import func

    if not import_ids:
        return pd.DataFrame(columns=["import_id", "rule", "findings"])
    q = (select(ValidationFinding.import_id, ValidationFinding.rule, func.count())
         .where(ValidationFinding.import_id.in_(import_ids))
         .group_by(ValidationFinding.import_id, ValidationFinding.rule))
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=["import_id", "rule", "findings"])
