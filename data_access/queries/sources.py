"""What has been loaded for an LA, file by file: the sources frame (docs/architecture.md).

One row per loaded dataset (an SEN2 return, the casework snapshot, a census date) and per loaded
complaints file, with the dates the KPI engine needs to say what each source covers
(``dashboard.kpi.coverage``) and the columns the file had (``import_log.columns``; None when the import
did not record them, as for SEN2 returns).
"""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import Engine, bindparam, select
from sqlalchemy.exc import SQLAlchemyError

from data_access.schema import Dataset, ImportLog

SOURCE_COLUMNS = ["kind", "key", "reference_date", "imported_at", "columns"]


def _columns(raw: str | None) -> tuple[str, ...] | None:
    if not raw:
        return None
    try:
        return tuple(str(c) for c in json.loads(raw))
    except (ValueError, TypeError):
        return None


def load_sources(engine: Engine, *, la_code: str) -> pd.DataFrame:
    """The LA's loaded datasets and complaints files: ``kind, key, reference_date, imported_at, columns``.

    ``imported_at`` is when the import finished (when it started, if the log has no end); dates are
    datetime64 (NaT when not known); ``columns`` is a tuple of the file's canonical columns, or None. An
    account that cannot read the import log gets the datasets without import dates or columns (no
    complaints rows: the complaints frame itself still says where the log ends).
    """
    log = ImportLog.__table__
    when = log.c.finished_at
    datasets = (
        select(Dataset.kind, Dataset.key, Dataset.reference_date, when, log.c.started_at, log.c.columns)
        .join(log, log.c.id == Dataset.import_id, isouter=True)
        .where(Dataset.la_code == bindparam("la"))
        .order_by(Dataset.kind, Dataset.key)
    )
    complaints = (
        select(log.c.kind, log.c.target, log.c.finished_at, log.c.started_at, log.c.columns)
        .where(log.c.kind == "complaints", log.c.la_code == bindparam("la"), log.c.status == "loaded")
        .order_by(log.c.id)
    )
    try:
        with engine.connect() as conn:
            rows = [(k, key, ref, end or start, cols) for k, key, ref, end, start, cols
                    in conn.execute(datasets, {"la": la_code}).all()]
            rows += [(k, target, None, end or start, cols) for k, target, end, start, cols
                     in conn.execute(complaints, {"la": la_code}).all()]
    except SQLAlchemyError:  # an account that may read the data but not the import log: the datasets alone
        only = select(Dataset.kind, Dataset.key, Dataset.reference_date).where(Dataset.la_code == bindparam("la"))
        with engine.connect() as conn:
            rows = [(k, key, ref, None, None) for k, key, ref in conn.execute(only, {"la": la_code}).all()]
    df = pd.DataFrame({
        "kind": pd.Series([r[0] for r in rows], dtype=object),
        "key": pd.Series([r[1] for r in rows], dtype=object),
        "reference_date": pd.to_datetime(pd.Series([r[2] for r in rows], dtype=object)).astype("datetime64[ns]"),
        "imported_at": pd.to_datetime(pd.Series([r[3] for r in rows], dtype=object)).astype("datetime64[ns]"),
        "columns": pd.Series([_columns(r[4]) for r in rows], dtype=object),
    }, columns=SOURCE_COLUMNS)
    return df
