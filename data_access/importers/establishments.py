"""The establishments list (SPEC 1.6): GIAS "all establishment data" as downloaded, or ``urn, setting_type``.

GIAS's own headers (``URN``, ``EstablishmentName``, ``TypeOfEstablishment (name)``, ``LA (code)``,
``EstablishmentStatus (name)``, ``PhaseOfEducation (name)``, ``UKPRN``) are matched as SPEC 1 matches any
header (case, spaces, underscores, hyphens ignored). The download is Windows-1252; UTF-8 with or without a
BOM is read too (``reading.decode_text``). Each establishment is classed to a setting code of SPEC 2.1 by
its type name; a two-column file gives the code itself. The import replaces the whole list, and SEN2
placements are classed against it when they are read, so loading it after a return reclasses the return.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, delete, insert

from data_access.importers import Parsed
from data_access.importers._table_file import read_or_reject
from data_access.importers.base import (
    ImportRejected,
    ImportReport,
    RowChecker,
    clean_str,
    match_columns,
    records,
)
from data_access.importers.codes import SETTING_TYPE_REASON, SETTING_TYPES
from data_access.schema import Establishment

GIAS = {"urn": "URN", "ukprn": "UKPRN", "name": "EstablishmentName", "type_name": "TypeOfEstablishment (name)",
        "la_code": "LA (code)", "status": "EstablishmentStatus (name)", "phase": "PhaseOfEducation (name)"}
COLUMNS = (*GIAS, "setting_type")
_LENGTHS = {"ukprn": 10, "name": 200, "type_name": 100, "status": 60, "phase": 60}

# GIAS TypeOfEstablishment (name), lower-cased -> SPEC 2.1 setting code
_TYPES: dict[str, tuple[str, ...]] = {
    "special_maintained": ("community special school", "foundation special school"),
    "special_academy_free": ("academy special converter", "academy special sponsor led", "free schools special"),
    "non_maintained_special": ("non-maintained special school",),
    "independent_special": ("other independent special school", "independent schools approved for sen pupils"),
    "independent_mainstream": ("other independent school",),
    "alternative_provision": ("pupil referral unit", "academy alternative provision converter",
                              "academy alternative provision sponsor led", "free schools alternative provision"),
    "post16": ("further education", "sixth form centres", "academy 16-19 converter",
               "academy 16 to 19 sponsor led", "free schools 16 to 19"),
    "specialist_post16": ("special post 16 institution",),
    "early_years": ("local authority nursery school",),
    "mainstream": ("community school", "foundation school", "voluntary aided school", "voluntary controlled school",
                   "academy converter", "academy sponsor led", "free schools", "university technical college",
                   "studio schools", "city technology college"),
}
TYPE_SETTING: dict[str, str] = {name: code for code, names in _TYPES.items() for name in names}


def setting_of_type(type_name: str | None) -> str:
    """The SPEC 2.1 code of a GIAS establishment type; ``unknown`` for a type not listed."""
    if not isinstance(type_name, str) or not type_name:
        return "unknown"
    return TYPE_SETTING.get(" ".join(type_name.lower().split()), "unknown")


def parse(path: Path, data: bytes, *, la_code: str | None = None,
          mapping: Mapping[str, Any] | None = None) -> Parsed:
    """Read and check an establishments list (``la_code`` and ``mapping`` are not used: it covers every LA)."""
    name = path.name
    raw = read_or_reject(path, data)
    df = match_columns(raw, COLUMNS, aliases={k: (v,) for k, v in GIAS.items()})
    df.attrs = raw.attrs
    chk = RowChecker(df, name)
    chk.require_columns(["urn"], df.columns)
    if "type_name" not in df and "setting_type" not in df:
        raise ImportRejected(f"{name} has neither a 'TypeOfEstablishment (name)' nor a 'setting_type' column, "
                             "so its establishments cannot be classed.")
    out = {c: clean_str(df[c]) if c in df else pd.Series(None, index=df.index, dtype=object) for c in COLUMNS}
    urn = out["urn"]
    chk.reject(urn.isna(), "urn", "'urn' is required but empty")
    chk.reject(~urn.fillna("0").str.fullmatch(r"\d{1,10}").astype(bool), "urn", "'urn' is not a number")
    chk.reject(urn.duplicated() & urn.notna(), "urn", "duplicate urn (the first row with it is kept)")
    ukprn = out["ukprn"]
    chk.reject(ukprn.notna() & ~ukprn.fillna("0").str.fullmatch(r"\d{1,10}").astype(bool), "ukprn",
               "'ukprn' is not a number")
    la = out["la_code"]
    chk.reject(la.notna() & ~la.fillna("000").str.fullmatch(r"\d{3}").astype(bool), "la_code",
               "'LA (code)' is not a 3-digit DfE LA code")
    given = out["setting_type"]
    if "setting_type" in df:
        chk.reject(given.notna() & ~given.isin(SETTING_TYPES), "setting_type", SETTING_TYPE_REASON)
    classed = out["type_name"].map(setting_of_type)
    out["setting_type"] = given.where(given.notna(), classed).fillna("unknown")
    for col, n in _LENGTHS.items():
        out[col] = out[col].str.slice(0, n).where(out[col].notna(), None)
    report = ImportReport(file_name=name, kind="establishments")
    chk.report_into(report)
    if report.rows_loaded == 0:
        first = report.rejections[0] if report.rejections else None
        why = f" (row {first.row}, column {first.column}: {first.reason})" if first else ""
        raise ImportRejected(f"{name} was not imported because no establishment could be loaded{why}.")
    rows = pd.DataFrame(out)[~chk.bad.to_numpy()]
    return Parsed(kind="establishments", la_code=None, target="establishments", report=report, payload=rows)


def write(conn: Connection, parsed: Parsed, *, import_id: int, sha256: str) -> None:
    """Replace the whole list."""
    conn.execute(delete(Establishment))
    rows = records(parsed.payload)
    for r in rows:
        r["import_id"] = import_id
    if rows:
        conn.execute(insert(Establishment), rows)
