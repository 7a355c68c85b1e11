"""Complaints and compliments log (SPEC 1.3), CSV or XLSX: upserted by (la_code, record_id).

New record ids are inserted, changed ones updated, records not in the file left alone. A complaint
with no due date gets 20 working days after receipt (England and Wales bank holidays), stored as such.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, bindparam, insert, select, update

from data_access.importers import Parsed
from data_access.importers._table_file import mapped_table
from data_access.importers.base import (
    ImportRejected,
    ImportReport,
    clean_str,
    la_from_column,
    records,
)
from data_access.importers.mapping import mapping_la
from data_access.importers.working_days import add_working_days
from data_access.schema import Complaint

COLUMNS = ("record_id", "kind", "received_date", "stage", "category", "due_date", "responded_date",
           "outcome", "team", "la_code")
ALIASES = {
    "record_id": ("id", "reference", "complaint_id", "ref"),
    "kind": ("type", "record_type"),
    "received_date": ("date_received", "received"),
    "due_date": ("response_due", "due"),
    "responded_date": ("response_date", "date_responded", "responded"),
    "la_code": ("la", "lea"),
}
KINDS = ("complaint", "compliment")
STAGES = ("1", "2", "ombudsman")
CATEGORIES = ("decision", "process", "communication", "timeliness", "provision", "staff_conduct", "other")
OUTCOMES = ("upheld", "partly_upheld", "not_upheld", "withdrawn", "open")
FIELDS = ("kind", "received_date", "stage", "category", "due_date", "responded_date", "outcome", "team")
WORKING_DAYS_TO_RESPOND = 20

_WORDS = {"one": "1", "two": "2", "i": "1", "ii": "2"}
_SYNONYMS = {
    "kind": {"complaints": "complaint", "compliments": "compliment"},
    "outcome": {"partially_upheld": "partly_upheld", "part_upheld": "partly_upheld",
                "upheld_in_part": "partly_upheld", "partial": "partly_upheld", "not_up_held": "not_upheld"},
    "category": {"staff": "staff_conduct", "conduct": "staff_conduct", "communications": "communication"},
}


def _token(value: str) -> str:
    return re.sub(r"[\s\-_/]+", "_", value.strip().lower()).strip("_")


def _stage(value: str) -> str:
    t = value.strip().lower()
    if "ombudsman" in t or t in ("lgsco", "lgo"):
        return "ombudsman"
    t = re.sub(r"^stage[\s_\-]*", "", t).strip()
    return _WORDS.get(t, t)


def normalise(values: pd.Series, column: str) -> pd.Series:
    """Case/spacing variants onto the SPEC codes ('Partly upheld' -> partly_upheld, 'Stage 1' -> 1)."""
    s = clean_str(values)
    fn = _stage if column == "stage" else _token
    syn = _SYNONYMS.get(column, {})
    return s.map(lambda v: syn.get(fn(v), fn(v)) if isinstance(v, str) else v)


def resolve_la_code(df: pd.DataFrame, name: str, la_code: str | None, mapping: Mapping | None) -> str:
    """The LA a file is for: its la_code column, else the argument, else the mapping file's."""
    if "la_code" in df.columns:
        la_code = la_from_column(name, df["la_code"], int(df.attrs.get("first_row", 2))) or la_code
    la_code = la_code or mapping_la(mapping)
    if not la_code:
        raise ImportRejected(
            f"{name} has no la_code column and no LA code was given, so it is not known which LA it is for."
        )
    la_code = str(la_code).strip()
    if not re.fullmatch(r"\d{3}", la_code):  # given with --la, not read from the file
        raise ImportRejected(f"{name}: the LA code given for it is not a 3-digit DfE LA code.")
    return la_code


def parse(path: Path, data: bytes, *, la_code: str | None = None, mapping: Mapping[str, Any] | None = None) -> Parsed:
    name = path.name
    df, chk = mapped_table(path, data, COLUMNS, ALIASES, mapping, ("record_id", "received_date"))
    la = resolve_la_code(df, name, la_code, mapping)

    out = pd.DataFrame(index=df.index)
    rid = clean_str(df["record_id"])
    chk.reject(rid.isna(), "record_id", "'record_id' is required but empty")
    chk.reject(rid.str.len() > 64, "record_id", "'record_id' is longer than 64 characters")
    dup = rid.notna() & rid.duplicated(keep=False)
    chk.reject(dup, "record_id", "'record_id' appears more than once in this file")
    out["record_id"] = rid

    for col, allowed in (("kind", KINDS), ("stage", STAGES), ("category", CATEGORIES), ("outcome", OUTCOMES)):
        if col not in df:
            out[col] = "complaint" if col == "kind" else None
            continue
        s = normalise(df[col], col)
        unknown = s.notna() & ~s.isin(allowed)
        chk.reject(unknown, col, f"'{col}' has an unknown value (allowed: {', '.join(allowed)})")
        if col == "kind":
            chk.reject(s.isna(), col, "'kind' is required but empty (complaint or compliment)")
        out[col] = s.where(~unknown, None)

    received = chk.dates("received_date", required=True)
    due = chk.dates("due_date")
    responded = chk.dates("responded_date")
    chk.reject(responded < received, "responded_date", "'responded_date' is before 'received_date'")
    chk.reject(due < received, "due_date", "'due_date' is before 'received_date'")
    default_due = add_working_days(received, WORKING_DAYS_TO_RESPOND)
    out["received_date"] = received
    out["due_date"] = due.where(due.notna() | (out["kind"] != "complaint"), default_due)
    out["responded_date"] = responded
    team = clean_str(df["team"]) if "team" in df else pd.Series(None, index=df.index, dtype=object)
    chk.reject(team.str.len() > 100, "team", "'team' is longer than 100 characters")
    out["team"] = team

    report = ImportReport(file_name=name, kind="complaints")
    chk.report_into(report)
    good = out[~chk.bad].copy()
    if good.empty:
        first = report.rejections[0]
        raise ImportRejected(
            f"{name}: no row could be loaded (row {first.row}, column '{first.column}': {first.reason})."
        )
    good.insert(0, "la_code", la)
    return Parsed(kind="complaints", la_code=la, target=f"complaints:{la}", report=report, payload=good,
                  columns=tuple(df.columns))


def write(conn: Connection, parsed: Parsed, *, import_id: int, sha256: str) -> None:
    table = Complaint.__table__
    rows = records(parsed.payload[["record_id", *FIELDS]])
    existing = {
        r.record_id: r
        for r in conn.execute(
            select(table.c.id, table.c.record_id, table.c.synthetic, *[table.c[f] for f in FIELDS]).where(
                table.c.la_code == parsed.la_code
            )
        )
    }
    new, changed = [], []
    for row in rows:
        old = existing.get(row["record_id"])
        if old is None:
            new.append({**row, "la_code": parsed.la_code, "import_id": import_id, "synthetic": parsed.synthetic})
        elif old.synthetic != parsed.synthetic or any(getattr(old, f) != row[f] for f in FIELDS):
            changed.append({"b_id": old.id, "b_import_id": import_id, **{f"b_{f}": row[f] for f in FIELDS}})
    if new:
        conn.execute(insert(table), new)
    if changed:
        stmt = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(import_id=bindparam("b_import_id"), synthetic=parsed.synthetic,
                    **{f: bindparam(f"b_{f}") for f in FIELDS})
        )
        conn.execute(stmt, changed)
    parsed.extra.update(inserted=len(new), updated=len(changed))
