"""A placement's setting at read time (SPEC 1.6, 2.1), shared by the records and placements frames.

A SEN2 placement (or a casework placement-history row) with a URN is classed by the establishments list
as it is now, so loading the list after a return reclasses the return:

- URN in the list: the establishment's ``setting_type``, turned into ``sen_unit`` / ``resourced_provision``
  when the placement's indicator is 1 and the school is mainstream; in area when the establishment's LA
  is the dataset's LA;
- URN not in the list: ``unknown``, in area not known;
- no URN: what was stored at import (SENSetting, a UKPRN alone = post16, a casework code).
"""

from __future__ import annotations

from sqlalchemy import Boolean, String, and_, case, literal, null, or_, type_coerce
from sqlalchemy.sql import ColumnElement

from data_access.schema import Establishment


def classed(urn: ColumnElement, stored_type: ColumnElement, stored_in_la: ColumnElement, est,
            la_code: ColumnElement, *, unit: ColumnElement | None = None,
            resourced: ColumnElement | None = None) -> tuple[ColumnElement, ColumnElement]:
    """(setting_type, setting_in_la) of a placement outer-joined to ``est`` (an establishment alias) on URN."""
    mainstream = est.c.setting_type == "mainstream"
    whens = [(urn.is_(None), stored_type), (est.c.urn.is_(None), literal("unknown", String))]
    if unit is not None:
        whens.append((and_(mainstream, unit.is_(True)), literal("sen_unit", String)))
    if resourced is not None:
        whens.append((and_(mainstream, resourced.is_(True)), literal("resourced_provision", String)))
    setting = case(*whens, else_=est.c.setting_type)
    in_la = case((urn.is_(None), stored_in_la), (or_(est.c.urn.is_(None), est.c.la_code.is_(None)),
                                                 type_coerce(null(), Boolean)),
                 else_=est.c.la_code == la_code)
    return setting, in_la


def establishments():
    """A fresh alias of the establishments table, to outer-join on URN."""
    return Establishment.__table__.alias()


def lexicographic(keys: list[tuple[ColumnElement, ColumnElement, bool]]) -> ColumnElement:
    """``x`` comes before ``t`` by keys ``(x_key, t_key, ascending)``, compared in order."""
    (xk, tk, asc), *rest = keys
    first = xk < tk if asc else xk > tk
    if not rest:
        return first
    return or_(first, and_(xk == tk, lexicographic(rest)))
