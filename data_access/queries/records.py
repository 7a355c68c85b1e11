"""Read functions: an engine in, DataFrames out (the frames documented in docs/architecture.md).

``load_records`` builds the records frame (one row per request) in one parameterised SQL query: a
casework snapshot is read from ``casework_record`` as it is, SEN2 returns (and a snapshot imported before
that table) by joining the SEN2-shaped tables;
``available_las`` and ``last_import`` answer what the database holds.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pa_compute
from sqlalchemy import (
    Boolean,
    Date,
    Engine,
    String,
    and_,
    case,
    exists,
    false,
    func,
    inspect,
    literal,
    null,
    or_,
    select,
    type_coerce,
    union,
)
from sqlalchemy.sql import ColumnElement

from data_access.queries._frames import driver_rows
from data_access.queries._settings import classed, establishments, lexicographic
from data_access.schema import (
    Assessment,
    CaseworkRecord,
    Complaint,
    Dataset,
    FinanceAgreement,
    FinanceBudget,
    FinanceSaving,
    ImportLog,
    Need,
    Person,
    PhaseTransfer,
    Placement,
    Plan,
    Request,
    Review,
)
from frames.records import RECORD_COLUMNS

FINANCE_TABLES = (FinanceBudget.__table__, FinanceAgreement.__table__, FinanceSaving.__table__)

RECORD_KINDS = ("sen2", "casework")
_NO_DATE = dt.date(1900, 1, 1)  # sorts a review with no dates before any dated one
_PLAN_COLUMNS = {
    "plan_start_date", "plan_cease_date", "cease_reason", "transfer_la", "active", "primary_need",
    "secondary_need", "setting_type", "setting_in_la", "review_meeting_date", "last_review_date",
    "review_draft_date", "review_outcome", "review_decision_date", "phase_transfer_due_date",
    "phase_transfer_final_date",
}
_REVIEW_COLUMNS = {"review_meeting_date", "last_review_date", "review_draft_date", "review_outcome",
                   "review_decision_date"}



def _record_datasets(engine: Engine, la_code: str | None, *, source: str | None = None,
                     collection_year: int | None = None) -> tuple[str | None, list[int], str]:
    """The LA shown and the datasets its records come from (casework snapshot, else all SEN2 returns).

    ``source`` "casework" or "sen2" asks for that source only (no datasets when it has none);
    ``collection_year`` keeps only the SEN2 return of that collection year.
    """
    if source is not None and source not in RECORD_KINDS:
        raise ValueError(f"load_records has no source {source!r}; use one of {', '.join(RECORD_KINDS)}")
    if collection_year is not None and source != "sen2":
        raise ValueError("load_records: collection_year picks an SEN2 return, so it needs source='sen2'")
    with engine.connect() as conn:
        rows = conn.execute(
            select(Dataset.la_code, Dataset.kind, Dataset.id, Dataset.collection_year)
            .where(Dataset.kind.in_(RECORD_KINDS))
            .order_by(Dataset.la_code, Dataset.id)
        ).all()
    if la_code is None:
        la_code = rows[0].la_code if rows else None
    mine = [r for r in rows if r.la_code == la_code]
    casework = [r.id for r in mine if r.kind == "casework"]
    if source == "casework" or (source is None and casework):
        return la_code, casework, "casework"
    returns = [r.id for r in mine if r.kind == "sen2"
               and (collection_year is None or r.collection_year == int(collection_year))]
    return la_code, returns, "sen2"


def _first(table, plan, *, where, before) -> tuple:
    """Outer-join the one row of ``table`` per plan that no other row of that plan comes before.

    ``before(x, t)`` is true when row ``x`` comes before row ``t``; the NOT EXISTS is an index lookup
    on plan_id, much faster on SQLite than a window function over the whole table.
    """
    t, x = table.alias(), table.alias()
    cond = [t.c.plan_id == plan.c.id]
    cond_x = [x.c.plan_id == plan.c.id]
    if where is not None:
        cond.append(where(t))
        cond_x.append(where(x))
    cond.append(~exists().where(*cond_x, before(x, t)))
    return t, and_(*cond)


def _review_when(t):
    return func.coalesce(t.c.review_meeting_date, t.c.last_review_date, t.c.review_draft_date,
                         literal(_NO_DATE, Date))


def _spans(t, d) -> ColumnElement:
    """The placement row spans the dataset's reference date (SPEC: the placement at a date)."""
    ref = d.c.reference_date
    return and_(or_(t.c.entry_date.is_(None), t.c.entry_date <= ref),
                or_(t.c.leaving_date.is_(None), t.c.leaving_date >= ref))


def _not_current(t, d) -> ColumnElement:
    return case((_spans(t, d), 0), else_=1)


def _current_entry(t, d) -> ColumnElement:
    """A current placement's entry date (the latest wins); the same for every other one (rank decides)."""
    return case((_spans(t, d), func.coalesce(t.c.entry_date, literal(_NO_DATE, Date))),
                else_=literal(_NO_DATE, Date))


def _joins(wanted: set[str]):
    """Column expressions and the FROM clause, joining only the tables the wanted columns need."""
    d, p, r = Dataset.__table__, Person.__table__, Request.__table__
    a, pl = Assessment.__table__, Plan.__table__
    cols: dict[str, ColumnElement] = {
        "dataset_id": d.c.id, "source": d.c.kind, "collection_year": d.c.collection_year,
        "reference_date": d.c.reference_date, "period_start": d.c.period_start, "period_end": d.c.period_end,
        "la_code": d.c.la_code, "person_ref": p.c.person_ref, "birth_date": p.c.birth_date, "sex": p.c.sex,
        "ethnicity": p.c.ethnicity, "request_ref": r.c.request_ref, "received_date": r.c.received_date,
        "request_source": r.c.request_source, "rya": r.c.rya, "request_outcome": r.c.request_outcome,
        "request_outcome_date": r.c.request_outcome_date, "request_mediation": r.c.request_mediation,
        "request_tribunal": r.c.request_tribunal, "assessment_outcome": a.c.assessment_outcome,
        "assessment_outcome_date": a.c.assessment_outcome_date, "week20_exception": a.c.week20_exception,
        "assessment_mediation": a.c.assessment_mediation, "assessment_tribunal": a.c.assessment_tribunal,
        "plan_start_date": pl.c.start_date, "plan_cease_date": pl.c.cease_date,
        "cease_reason": pl.c.cease_reason, "transfer_la": pl.c.transfer_la,
        # SEN2: a request with no plan under ActivePlans is not active; casework: NA (dates decide)
        "active": case((d.c.kind == "sen2", func.coalesce(pl.c.active, false())), else_=pl.c.active),
        "caseworker": r.c.caseworker, "team": r.c.team,
    }
    frm = r.join(d, d.c.id == r.c.dataset_id).join(p, p.c.id == r.c.person_id)
    if wanted & {"assessment_outcome", "assessment_outcome_date", "week20_exception", "assessment_mediation",
                 "assessment_tribunal"}:
        frm = frm.outerjoin(a, a.c.request_id == r.c.id)
    if wanted & _PLAN_COLUMNS:
        frm = frm.outerjoin(pl, pl.c.request_id == r.c.id)
    need = Need.__table__
    for col, rank in (("primary_need", 1), ("secondary_need", 2)):
        if col in wanted:
            t, on = _first(need, pl, where=lambda n, rank=rank: n.c.rank == rank,
                           before=lambda x, t: x.c.id < t.c.id)
            frm = frm.outerjoin(t, on)
            cols[col] = t.c.sen_type
    if wanted & {"setting_type", "setting_in_la"}:
        t, on = _first(Placement.__table__, pl, where=None, before=lambda x, t: lexicographic([
            (_not_current(x, d), _not_current(t, d), True),
            (_current_entry(x, d), _current_entry(t, d), False),
            (x.c.placement_rank, t.c.placement_rank, True), (x.c.id, t.c.id, True)]))
        est = establishments()
        frm = frm.outerjoin(t, on).outerjoin(est, est.c.urn == t.c.urn)
        cols["setting_type"], cols["setting_in_la"] = classed(
            t.c.urn, t.c.setting_type, t.c.setting_in_la, est, d.c.la_code, unit=t.c.sen_unit,
            resourced=t.c.resourced_provision)
    if wanted & _REVIEW_COLUMNS:
        t, on = _first(Review.__table__, pl, where=None, before=lambda x, t: or_(
            _review_when(x) > _review_when(t), and_(_review_when(x) == _review_when(t), x.c.id > t.c.id)))
        frm = frm.outerjoin(t, on)
        for c in _REVIEW_COLUMNS:
            cols[c] = t.c[c]
    if wanted & {"phase_transfer_due_date", "phase_transfer_final_date"}:
        t, on = _first(PhaseTransfer.__table__, pl, where=None, before=lambda x, t: or_(
            x.c.due_date > t.c.due_date, and_(x.c.due_date == t.c.due_date, x.c.id > t.c.id)))
        frm = frm.outerjoin(t, on)
        cols["phase_transfer_due_date"], cols["phase_transfer_final_date"] = t.c.due_date, t.c.final_date
    return cols, frm


def _flat():
    """Column expressions and the FROM clause of a casework snapshot: its own table and its dataset."""
    d, cw = Dataset.__table__, CaseworkRecord.__table__
    cols: dict[str, ColumnElement] = {c: cw.c[c] for c in RECORD_COLUMNS if c in cw.c}
    cols.update({
        "source": d.c.kind, "collection_year": d.c.collection_year, "reference_date": d.c.reference_date,
        "period_start": d.c.period_start, "period_end": d.c.period_end, "la_code": d.c.la_code,
        "active": type_coerce(null(), Boolean),  # casework: NA (maintenance follows from the dates)
    })
    return cols, cw.join(d, d.c.id == cw.c.dataset_id), cw.c.dataset_id, cw.c.id


def _dates(vals: tuple) -> pd.Series:
    """ISO date text (SQLite) or ``datetime.date`` (PostgreSQL) -> datetime64[ns], NaT for NULL: Arrow parses
    the whole column at once; anything else (a time part, an impossible date) goes to pandas' ISO parser."""
    first = next((v for v in vals if v is not None), None)
    try:
        if first is None or isinstance(first, str):
            days = pa_compute.cast(pa.array(vals, type=pa.string()), pa.date32())
        elif type(first) is dt.date:
            days = pa.array(vals, type=pa.date32())
        else:
            raise TypeError
        stamps = pa_compute.cast(days, pa.timestamp("ns"))
        return pd.Series(stamps.to_numpy(zero_copy_only=False), dtype="datetime64[ns]")
    except (pa.ArrowException, TypeError):
        return pd.to_datetime(pd.Series(vals, dtype=object), format="ISO8601").astype("datetime64[ns]")


def _typed(names: list[str], values: list[tuple], kinds: dict[str, str] = RECORD_COLUMNS) -> pd.DataFrame:
    """Columns of raw values -> the dtypes of their kinds (frames.records; ``kinds`` another frame's)."""
    out = {}
    for col, vals in zip(names, values, strict=True):
        kind = kinds[col]
        if kind == "date":
            out[col] = _dates(vals)
        elif kind == "boolean":
            out[col] = pd.array([None if v is None else bool(v) for v in vals], dtype="boolean")
        elif kind == "bool":
            out[col] = np.array([bool(v) for v in vals], dtype=bool)
        elif kind == "str":
            out[col] = pd.Series(np.array(vals, dtype=object) if vals else [], dtype=object)
        elif kind == "Int64":
            out[col] = pd.array(list(vals), dtype="Int64")
        else:
            out[col] = np.array(vals, dtype=kind)
    return pd.DataFrame(out, columns=names)


def load_records(engine: Engine, *, la_code: str | None = None, columns: list[str] | None = None,
                 source: str | None = None, collection_year: int | None = None) -> pd.DataFrame:
    """The records frame: one row per request of one LA (its casework snapshot, else its SEN2 returns).

    ``la_code=None`` means the only LA present (the first by code when there are several);
    ``columns`` selects fewer columns, in that order, for speed. ``source`` ("casework" or "sen2")
    reads that source only, whichever the KPIs would use (an empty frame when the LA has none), and
    ``collection_year`` (with ``source="sen2"``) the one SEN2 return of that year: the reconciliation
    of casework, SEN2 and published figures reads each source on its own.
    """
    names = list(RECORD_COLUMNS) if columns is None else list(columns)
    unknown = [c for c in names if c not in RECORD_COLUMNS]
    if unknown:
        raise ValueError(f"load_records has no column {unknown[0]!r}")
    _, ds_ids, kind = _record_datasets(engine, la_code, source=source, collection_year=collection_year)
    if not ds_ids:
        return _typed(names, [() for _ in names])
    rows = _read(engine, names, ds_ids, _flat()) if kind == "casework" else []
    if not rows:  # SEN2 returns, or a casework snapshot imported before casework_record existed
        r = Request.__table__
        rows = _read(engine, names, ds_ids, (*_joins(set(names)), r.c.dataset_id, r.c.id))
    # columnar: building from Row objects row by row is several times slower
    values = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return _typed(names, values)


def _read(engine: Engine, names: list[str], ds_ids: list[int], source: tuple) -> list:
    """The rows of ``names`` for the datasets, in dataset then request order."""
    cols, frm, dataset_id, row_id = source
    sqlite = engine.dialect.name == "sqlite"
    exprs = []
    for c in names:
        e = cols[c]
        if sqlite and RECORD_COLUMNS[c] == "date":
            e = type_coerce(e, String)  # ISO text straight to pandas' vectorised parser
        exprs.append(e.label(c))
    return driver_rows(engine, select(*exprs).select_from(frm).where(dataset_id.in_(ds_ids)).order_by(dataset_id, row_id))


def available_las(engine: Engine) -> list[str]:
    """LA codes that have any data (record datasets, census or complaints), sorted."""
    stmt = union(select(Dataset.la_code), select(Complaint.la_code))
    with engine.connect() as conn:
        return sorted({str(v) for v in conn.execute(stmt).scalars() if v})


def holds_real_records(engine: Engine) -> bool:
    """True when any record (casework, SEN2 or census dataset, complaint, or finance row) is not marked
    synthetic.

    Reads only ``dataset``, ``complaint`` and the finance tables, never the import log. A database with none of the tables
    yet holds nothing real; any error (unreachable, permission denied) is raised for the caller to treat
    as real.
    """
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        if "dataset" not in names:
            return False
        real = [exists().where(Dataset.synthetic.is_not(True)), exists().where(Complaint.synthetic.is_not(True))]
        # the finance tables (schema 0006; absent from a database not yet upgraded)
        real += [exists().where(t.c.synthetic.is_not(True)) for t in FINANCE_TABLES if t.name in names]
        return bool(conn.execute(select(or_(*real))).scalar())


def last_import(engine: Engine) -> dict | None:
    """The most recent successful import (a row of import_log as a dict), or None."""
    with engine.connect() as conn:
        row = conn.execute(
            select(ImportLog.__table__).where(ImportLog.status == "loaded").order_by(ImportLog.id.desc()).limit(1)
        ).mappings().first()
    if row is None:
        return None
    return {k: (v.item() if isinstance(v, np.generic) else v) for k, v in dict(row).items()}
