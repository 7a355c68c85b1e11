"""The placements frame (frames.placements): every placement of a plan, with its dates and its setting.

From the datasets ``load_records`` reads (an LA's casework snapshot, else its SEN2 returns):

* SEN2: every ``placement`` row, its URN classed by the establishments list as it is now
  (:mod:`data_access.queries._settings`);
* casework: the LA's placement history file when one is loaded (rows carry the snapshot's
  ``dataset_id`` and the person of the same ``request_id``, None when the snapshot lacks it), else one
  row per casework record with a ``plan_start_date``: its own setting, entry and leaving dates NaT.

``load_unknown_urns`` lists the URNs of those placements that the establishments list lacks.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, Integer, String, and_, literal, null, select, type_coerce
from sqlalchemy.sql import ColumnElement

from data_access.queries._frames import driver_rows
from data_access.queries._settings import classed, establishments
from data_access.queries.records import _record_datasets, _typed
from data_access.schema import (
    CaseworkPlacement,
    CaseworkRecord,
    Dataset,
    Establishment,
    Person,
    Placement,
    Plan,
    Request,
)
from frames.placements import PLACEMENT_COLUMNS

_NAMES = list(PLACEMENT_COLUMNS)
_DATES = ("entry_date", "leaving_date")


def _sen2(ds_ids: list[int]):
    d, p, r, pl, pm = (Dataset.__table__, Person.__table__, Request.__table__, Plan.__table__,
                       Placement.__table__)
    est = establishments()
    setting, in_la = classed(pm.c.urn, pm.c.setting_type, pm.c.setting_in_la, est, d.c.la_code,
                             unit=pm.c.sen_unit, resourced=pm.c.resourced_provision)
    cols = {"dataset_id": d.c.id, "source": d.c.kind, "la_code": d.c.la_code, "person_ref": p.c.person_ref,
            "request_ref": r.c.request_ref, "placement_rank": pm.c.placement_rank, "urn": pm.c.urn,
            "setting_type": setting, "setting_in_la": in_la, "entry_date": pm.c.entry_date,
            "leaving_date": pm.c.leaving_date}
    frm = (pm.join(pl, pl.c.id == pm.c.plan_id).join(r, r.c.id == pl.c.request_id)
           .join(d, d.c.id == r.c.dataset_id).join(p, p.c.id == r.c.person_id).outerjoin(est, est.c.urn == pm.c.urn))
    return cols, frm, d.c.id.in_(ds_ids), (d.c.id, r.c.id, pm.c.placement_rank, pm.c.id)


def _history(casework_id: int, history_id: int):
    d, cw, cp = Dataset.__table__, CaseworkRecord.__table__, CaseworkPlacement.__table__
    est = establishments()
    setting, in_la = classed(cp.c.urn, cp.c.setting_type, cp.c.setting_in_la, est, d.c.la_code)
    cols = {"dataset_id": literal(casework_id, Integer), "source": literal("casework", String),
            "la_code": d.c.la_code, "person_ref": cw.c.person_ref, "request_ref": cp.c.request_ref,
            "placement_rank": cp.c.placement_rank, "urn": cp.c.urn, "setting_type": setting, "setting_in_la": in_la,
            "entry_date": cp.c.entry_date, "leaving_date": cp.c.leaving_date}
    frm = (cp.join(d, d.c.id == cp.c.dataset_id).outerjoin(est, est.c.urn == cp.c.urn)
           .outerjoin(cw, and_(cw.c.dataset_id == casework_id, cw.c.request_ref == cp.c.request_ref)))
    return cols, frm, cp.c.dataset_id == history_id, (cp.c.id,)


def _current(ds_ids: list[int]):
    d, cw = Dataset.__table__, CaseworkRecord.__table__
    cols = {"dataset_id": cw.c.dataset_id, "source": d.c.kind, "la_code": d.c.la_code,
            "person_ref": cw.c.person_ref, "request_ref": cw.c.request_ref, "placement_rank": literal(1, Integer),
            "urn": type_coerce(null(), String), "setting_type": cw.c.setting_type,
            "setting_in_la": cw.c.setting_in_la, "entry_date": null(), "leaving_date": null()}
    frm = cw.join(d, d.c.id == cw.c.dataset_id)
    return cols, frm, and_(cw.c.dataset_id.in_(ds_ids), cw.c.plan_start_date.is_not(None)), (cw.c.id,)


def _rows(engine: Engine, source: tuple) -> list:
    cols, frm, where, order = source
    sqlite = engine.dialect.name == "sqlite"
    exprs: list[ColumnElement] = []
    for c in _NAMES:
        e = cols[c]
        if sqlite and c in _DATES:
            e = type_coerce(e, String)
        exprs.append(e.label(c))
    return driver_rows(engine, select(*exprs).select_from(frm).where(where).order_by(*order))


def _history_id(engine: Engine, la_code: str | None) -> int | None:
    with engine.connect() as conn:
        return conn.execute(select(Dataset.id).where(
            Dataset.kind == "placements", Dataset.la_code == la_code, Dataset.key == "snapshot")).scalar()


def load_placements(engine: Engine, *, la_code: str | None = None) -> pd.DataFrame:
    """The placements frame of one LA (``la_code=None``: as ``load_records`` chooses)."""
    la, ds_ids, kind = _record_datasets(engine, la_code)
    rows: list = []
    if ds_ids and kind == "casework":
        history = _history_id(engine, la)
        rows = _rows(engine, _history(ds_ids[0], history) if history is not None else _current(ds_ids))
    if ds_ids and not rows:  # SEN2 returns, or a snapshot imported before casework_record existed
        rows = _rows(engine, _sen2(ds_ids))
    values = list(zip(*rows, strict=True)) if rows else [() for _ in _NAMES]
    return _typed(_NAMES, values, PLACEMENT_COLUMNS)


def load_school_names(engine: Engine) -> dict[str, str]:
    """Each URN of the establishments list with its name (for the leads' by-school table)."""
    with engine.connect() as conn:
        rows = conn.execute(select(Establishment.urn, Establishment.name).where(Establishment.name.is_not(None)))
        return {str(urn): str(name) for urn, name in rows}


def load_unknown_urns(engine: Engine, *, la_code: str | None = None,
                      placements: pd.DataFrame | None = None) -> pd.DataFrame:
    """URNs in the LA's placements that the establishments list lacks: ``urn``, ``placements``, most first.
    ``placements``: the LA's placements frame when the caller already holds it (else it is read)."""
    frame = load_placements(engine, la_code=la_code) if placements is None else placements
    urns = frame["urn"].dropna()
    known: set[str] = set()
    if not urns.empty:
        with engine.connect() as conn:
            known = set(conn.execute(select(Establishment.urn).where(Establishment.urn.in_(sorted(set(urns)))))
                        .scalars())
    missing = urns[~urns.isin(known)]
    counts = missing.value_counts().rename_axis("urn").reset_index(name="placements")
    counts = counts.sort_values(["placements", "urn"], ascending=[False, True], ignore_index=True)
    return counts.astype({"urn": object, "placements": "int64"})
