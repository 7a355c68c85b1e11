"""A casework LA's placement history (issue 12): CSV or XLSX, one row per placement of a request.

A casework extract is one row per request, so it holds only the current setting; DfE's January
placement mix needs the history. Columns: ``request_id`` and ``entry_date`` (required), ``leaving_date``,
and either ``setting_type`` (a SPEC 2.1 code) or ``urn`` (classed through the establishments list when
read), ``setting_in_la`` (with a URN the list decides), ``la_code``. Stored in ``casework_placement`` under
a dataset of kind ``placements``, key ``snapshot``, one per LA: an import replaces it. A ``request_id`` not
in the current casework snapshot is kept (the snapshot may be re-imported later).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, insert

from data_access.importers import Parsed
from data_access.importers._records import bulk_insert, delete_dataset
from data_access.importers._table_file import read_or_reject
from data_access.importers.base import (
    ImportRejected,
    ImportReport,
    RowChecker,
    clean_str,
    la_from_column,
    match_columns,
)
from data_access.importers.codes import MAX_REF_LENGTH, SETTING_TYPE_REASON, SETTING_TYPES
from data_access.importers.mapping import mapping_columns, mapping_la
from data_access.schema import CaseworkPlacement, Dataset

COLUMNS = ("request_id", "entry_date", "leaving_date", "setting_type", "urn", "setting_in_la", "la_code")
ALIASES = {"request_id": ("request_ref",), "entry_date": ("start_date",), "leaving_date": ("end_date",),
           "la_code": ("la", "lea")}
_LA = re.compile(r"^\d{3}$")


def parse(path: Path, data: bytes, *, la_code: str | None = None,
          mapping: Mapping[str, Any] | None = None) -> Parsed:
    """Read and check a placement history file; bad rows are reported, the rest loaded."""
    name = path.name
    raw = read_or_reject(path, data)
    df = match_columns(raw, COLUMNS, aliases=ALIASES, mapping=mapping_columns(mapping))
    df.attrs = raw.attrs
    chk = RowChecker(df, name)
    chk.require_columns(["request_id", "entry_date"], df.columns)
    if "setting_type" not in df and "urn" not in df:
        raise ImportRejected(f"{name} has neither a 'setting_type' nor a 'urn' column, so its placements "
                             "cannot be classed.")
    ids = clean_str(df["request_id"])
    chk.reject(ids.isna(), "request_id", "'request_id' is required but empty")
    chk.reject(ids.str.len() > MAX_REF_LENGTH, "request_id", f"'request_id' is longer than {MAX_REF_LENGTH} characters")
    entry = chk.dates("entry_date", required=True)
    leaving = chk.dates("leaving_date")
    chk.reject(leaving < entry, "leaving_date", "leaving_date is before entry_date")
    setting = clean_str(df["setting_type"]) if "setting_type" in df else pd.Series(None, index=df.index, dtype=object)
    unknown = setting.notna() & ~setting.isin(SETTING_TYPES)
    chk.reject(unknown, "setting_type", SETTING_TYPE_REASON)
    setting = setting.where(~unknown, None)
    urn = clean_str(df["urn"]) if "urn" in df else pd.Series(None, index=df.index, dtype=object)
    chk.reject(urn.notna() & ~urn.fillna("0").str.fullmatch(r"\d{1,10}").astype(bool), "urn", "'urn' is not a number")
    chk.reject(urn.isna() & setting.isna(), "setting_type", "neither 'setting_type' nor 'urn' is given")
    in_la = chk.flags("setting_in_la")
    report = ImportReport(file_name=name, kind="placements")
    chk.report_into(report)
    if report.rows_loaded == 0:
        first = report.rejections[0]
        raise ImportRejected(f"{name} was not imported because no row could be loaded "
                             f"(row {first.row}, column {first.column}: {first.reason}).")
    valid = ~chk.bad.to_numpy()
    la = la_from_column(name, df["la_code"][valid], chk.first_row, what="placements") if "la_code" in df else None
    la = la or mapping_la(mapping) or la_code
    if la is None:
        raise ImportRejected(f"{name} does not say which LA it is for; add a la_code column or pass --la.")
    if not _LA.match(str(la)):
        raise ImportRejected(f"{name} was not imported: the LA code given for it is not a 3-digit DfE LA code.")
    rows = pd.DataFrame({
        "request_ref": ids[valid].to_numpy(dtype=object), "urn": urn[valid].to_numpy(dtype=object),
        "setting_type": setting[valid].to_numpy(dtype=object),
        "setting_in_la": in_la[valid].to_numpy(dtype=object), "entry_date": entry[valid].to_numpy(),
        "leaving_date": leaving[valid].to_numpy(),
    })
    rows.insert(1, "placement_rank", rows.groupby("request_ref", sort=False).cumcount().to_numpy(np.int64) + 1)
    report.la_code, report.target = str(la), f"placements:{la}"
    return Parsed(kind="placements", la_code=str(la), target=report.target, report=report, payload=rows)


def write(conn: Connection, parsed: Parsed, *, import_id: int, sha256: str) -> None:
    """Replace the LA's placement history."""
    la = parsed.la_code
    delete_dataset(conn, kind="placements", la_code=la, key="snapshot")
    dataset_id = conn.execute(insert(Dataset).values(
        kind="placements", la_code=la, key="snapshot", import_id=import_id, sha256=sha256,
        synthetic=parsed.synthetic).returning(Dataset.id)).scalar_one()
    bulk_insert(conn, CaseworkPlacement.__table__, parsed.payload.assign(dataset_id=dataset_id))
