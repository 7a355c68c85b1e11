"""Casework extract, CSV / XLSX / .csv.gz, one row per request (SPEC section 1.2): the live feed.

Columns are matched case-insensitively ignoring spaces, underscores and hyphens, plus the LA's own
names from a mapping file (``[columns]``), whose ``[values.<column>]`` tables translate its codes.
Every check is vectorised over whole columns; a bad cell rejects its row (row number as the user sees
it, column, reason) and the other rows load. Importing replaces the LA's previous casework snapshot.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from data_access.importers import Parsed
from data_access.importers._casework_rows import build_rows
from data_access.importers._records import RecordTables, write_records
from data_access.importers.base import (
    ImportRejected,
    ImportReport,
    Rejection,
    RowChecker,
    clean_str,
    la_from_column,
    match_columns,
)
from data_access.importers.codes import (
    ASSESSMENT_OUTCOMES,
    CEASE_REASONS,
    MAX_LOCAL_TEXT,
    MAX_REF_LENGTH,
    REQUEST_OUTCOMES,
    REQUEST_SOURCES,
    REVIEW_OUTCOMES,
    SEN_TYPES,
    SETTING_TYPE_REASON,
    SETTING_TYPES,
    SEX_CODES,
    SEX_NUMERIC,
)
from data_access.importers.detect import binary_message, blade_message
from data_access.importers.mapping import apply_values, mapping_columns, mapping_la
from data_access.importers.reading import read_table
from frames.records import RECORD_COLUMNS

CODES = {
    "request_outcome": REQUEST_OUTCOMES, "request_source": REQUEST_SOURCES,
    "assessment_outcome": ASSESSMENT_OUTCOMES, "cease_reason": CEASE_REASONS,
    "primary_need": SEN_TYPES, "secondary_need": SEN_TYPES, "review_outcome": REVIEW_OUTCOMES,
}
TEXT = ("person_id", "request_id", "ethnicity", "transfer_la", "setting_type", "caseworker", "team", "la_code")
COLUMNS = (
    "person_id", "birth_date", "sex", "ethnicity", "request_id", "received_date", "request_source", "rya",
    "request_outcome", "request_outcome_date", "request_mediation", "request_tribunal",
    "assessment_outcome", "assessment_outcome_date", "assessment_mediation", "assessment_tribunal",
    "week20_exception", "plan_start_date",
    "plan_cease_date", "cease_reason", "transfer_la", "primary_need", "secondary_need", "setting_type",
    "setting_in_la", "review_meeting_date", "review_outcome", "last_review_date", "review_draft_date",
    "review_decision_date", "phase_transfer_due_date", "phase_transfer_final_date", "caseworker", "team", "la_code",
)
# typed as the records frame types them (frames.records), in the file's column order
DATES = tuple(c for c in COLUMNS if RECORD_COLUMNS.get(c) == "date")
FLAGS = tuple(c for c in COLUMNS if RECORD_COLUMNS.get(c) in ("boolean", "bool"))
# Other names case-management reports and SEN2 use for the same facts
ALIASES = {
    "person_id": ("person_ref", "child_id", "personid"),
    "birth_date": ("dob", "date_of_birth", "person_birth_date"),
    "sex": ("gender",),
    "request_id": ("request_ref",),
    "week20_exception": ("week20",),
    "plan_start_date": ("start_date", "plan_issued_date", "final_plan_date"),
    "plan_cease_date": ("cease_date",),
    "primary_need": ("sen_type_1", "primary_sen_type"),
    "secondary_need": ("sen_type_2", "secondary_sen_type"),
    "review_meeting_date": ("review_meeting",),
    "last_review_date": ("last_review",),
    "review_draft_date": ("review_draft",),
    "la_code": ("la", "lea"),
}
REQUIRED = ("person_id", "birth_date", "sex", "request_id", "request_outcome")
_LA = re.compile(r"^\d{3}$")
# r"[\s\-]+" spelled out: the 29 characters Python's \s matches, so pandas runs it in Arrow (RE2's \s is
# narrower, so pandas falls back to Python's re, one call per cell, for a pattern with \s)
_SPACES_OR_HYPHENS = "[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000-]+"


def canonical_headers(headers: Iterable[str], mapping: Mapping[str, Any] | None = None) -> set[str]:
    """The canonical casework columns a header row provides (used by detection)."""
    empty = pd.DataFrame(columns=list(dict.fromkeys(str(h) for h in headers)))
    return set(match_columns(empty, COLUMNS, aliases=ALIASES, mapping=mapping_columns(mapping)).columns)


def _row(chk: RowChecker, pos: int) -> int:
    """The file row number of the row at ``pos`` (index labels keep the file's order past blank rows)."""
    return int(chk.df.index[pos]) + chk.first_row


def _reject_each(chk: RowChecker, positions: np.ndarray, column: str, reasons: list[str]) -> None:
    """Per-row reasons (RowChecker.reject gives one reason to a whole mask)."""
    bad = chk.bad.to_numpy().copy()
    for pos, reason in zip(positions, reasons, strict=True):
        if not bad[pos]:
            chk.rejections.append(Rejection(_row(chk, pos), column, reason))
            bad[pos] = True
    chk.bad = pd.Series(bad, index=chk.df.index)


def _ids(chk: RowChecker, column: str) -> pd.Series:
    s = clean_str(chk.df[column])
    chk.reject(s.isna(), column, f"'{column}' is required but empty")
    chk.reject(s.str.len() > MAX_REF_LENGTH, column, f"'{column}' is longer than {MAX_REF_LENGTH} characters")
    return s


def _duplicates(chk: RowChecker, ids: pd.Series, column: str) -> None:
    dup = (ids.duplicated(keep=False) & ids.notna()).to_numpy()
    if not dup.any():
        return
    first: dict[str, int] = {}
    later, reasons = [], []
    for pos in np.flatnonzero(dup):
        value = ids.iat[pos]
        if value in first:
            later.append(pos)
            reasons.append(f"duplicate {column} (first seen on row {_row(chk, first[value])})")
        else:
            first[value] = pos
    _reject_each(chk, np.array(later, dtype=int), column, reasons)


def _frame(path: Path, data: bytes, mapping: Mapping[str, Any] | None) -> pd.DataFrame:
    message = binary_message(path, data) or blade_message(path, data)
    if message:
        raise ImportRejected(message)
    df = read_table(path, data)
    first_row = df.attrs.get("first_row", 2)
    df = match_columns(df, COLUMNS, aliases=ALIASES, mapping=mapping_columns(mapping))
    df = apply_values(df, mapping)
    if "sex" in df:
        sex = clean_str(df["sex"])
        df["sex"] = sex.where(~sex.isin(list(SEX_NUMERIC)), sex.map(SEX_NUMERIC))
    if "setting_type" in df:
        df["setting_type"] = clean_str(df["setting_type"],
                                       then=lambda t: t.str.lower().str.replace(_SPACES_OR_HYPHENS, "_", regex=True))
    df.attrs["first_row"] = first_row
    return df


def _check(chk: RowChecker) -> dict[str, pd.Series]:
    """Every column checked; returns clean columns (dates datetime64, flags True/False/None, codes str)."""
    df = chk.df
    out: dict[str, pd.Series] = {}
    out["request_id"] = _ids(chk, "request_id")
    _duplicates(chk, out["request_id"], "request_id")
    out["person_id"] = _ids(chk, "person_id")
    out["birth_date"] = chk.dates("birth_date", required=True)
    out["sex"] = chk.codes("sex", SEX_CODES, required=True)
    outcome = out["request_outcome"] = chk.codes("request_outcome", REQUEST_OUTCOMES, required=True)
    out["received_date"] = chk.dates("received_date", required=outcome.notna() & (outcome != "H"))
    out["request_outcome_date"] = chk.dates("request_outcome_date", required=outcome.isin(["Y", "N"]))
    for col, allowed in CODES.items():
        if col != "request_outcome":
            out[col] = chk.codes(col, allowed)
    for col in DATES:
        if col not in out:
            out[col] = chk.dates(col)
    for col in FLAGS:
        out[col] = chk.flags(col)
    for col in TEXT:
        if col not in out:
            out[col] = _text(df, col, then=_TRIM.get(col))
    eth = out["ethnicity"]
    chk.reject(eth.notna() & ~_matches(eth, r"[A-Z]{4}"), "ethnicity", "'ethnicity' is not a 4-letter ethnicity code")
    tla = out["transfer_la"]
    chk.reject(tla.notna() & ~_matches(tla, r"\d{3}"), "transfer_la", "'transfer_la' is not a 3-digit LA code")
    st = out["setting_type"]
    chk.reject(st.notna() & ~st.isin(SETTING_TYPES), "setting_type", SETTING_TYPE_REASON)
    chk.reject(out["plan_cease_date"] < out["plan_start_date"], "plan_cease_date",
               "'plan_cease_date' is before 'plan_start_date'")
    _impossible_order(chk, out)
    return out


def _text(df: pd.DataFrame, col: str, then=None) -> pd.Series:
    return clean_str(df[col], then=then) if col in df else pd.Series(None, index=df.index, dtype=object)


def _matches(s: pd.Series, pattern: str) -> pd.Series:
    """Where the str/None column fully matches ``pattern`` (one vectorised pass in Arrow)."""
    return s.astype("str").str.fullmatch(pattern).fillna(False).astype(bool)


# case and length of the free-text columns, applied while they are still Arrow strings
_TRIM = {"ethnicity": lambda t: t.str.upper(), "caseworker": lambda t: t.str.slice(0, MAX_LOCAL_TEXT),
         "team": lambda t: t.str.slice(0, MAX_LOCAL_TEXT)}


def _impossible_order(chk: RowChecker, out: dict[str, pd.Series]) -> None:
    """Dates that cannot be true of one request (they would count as timely, or as a negative age)."""
    birth, received = out["birth_date"], out["received_date"]
    chk.reject(birth > pd.Timestamp(dt.date.today()), "birth_date", "'birth_date' is in the future")
    chk.reject(birth > received, "birth_date", "'birth_date' is after 'received_date'")
    chk.reject(out["request_outcome_date"] < received, "request_outcome_date",
               "'request_outcome_date' is before 'received_date'")
    # a plan issued before its own request was received; a plan transferred in (transfer_la) or a
    # historical request (H) may carry its original start date
    own = out["request_outcome"].ne("H").fillna(True).astype(bool) & out["transfer_la"].isna()
    chk.reject(own & (out["plan_start_date"] < received), "plan_start_date",
               "'plan_start_date' is before 'received_date' of the same request")


def _la(name: str, la_col: pd.Series, valid: pd.Series, mapping, la_code: str | None, first_row: int) -> str:
    la = la_from_column(name, la_col[valid], first_row, what="extract") or mapping_la(mapping) or la_code
    if la is None:
        raise ImportRejected(f"{name} does not say which LA it is for; add a la_code column or pass --la.")
    if not _LA.match(str(la)):  # given with --la, not read from the file
        raise ImportRejected(f"{name} was not imported: the LA code given for it is not a 3-digit DfE LA code.")
    return str(la)


def parse(path: Path, data: bytes, *, la_code: str | None = None,
          mapping: Mapping[str, Any] | None = None) -> Parsed:
    """Read and check a casework extract; bad rows are reported, a bad file raises ImportRejected."""
    name = path.name
    df = _frame(path, data, mapping)
    chk = RowChecker(df, name)
    chk.require_columns(REQUIRED, df.columns)
    outcome = clean_str(df["request_outcome"], then=lambda t: t.str.upper())
    if (outcome.notna() & (outcome != "H")).any():
        chk.require_columns(["received_date"], df.columns)
    if outcome.isin(["Y", "N"]).any():
        chk.require_columns(["request_outcome_date"], df.columns)
    cols = _check(chk)
    valid = ~chk.bad
    report = ImportReport(file_name=name, kind="casework")
    chk.report_into(report)
    if report.rows_loaded == 0:
        first = report.rejections[0]
        raise ImportRejected(
            f"{name} was not imported because no row could be loaded "
            f"(row {first.row}, column {first.column}: {first.reason})."
        )
    la = _la(name, cols["la_code"], valid, mapping, la_code, chk.first_row)
    report.la_code, report.target = la, f"casework:{la}"
    dataset = {"kind": "casework", "la_code": la, "key": "snapshot", "collection_year": None,
               "reference_date": _snapshot_date(cols, valid), "period_start": None, "period_end": None}
    payload = RecordTables(dataset=dataset, casework=build_rows(cols, valid.to_numpy()))
    return Parsed(kind="casework", la_code=la, target=report.target, report=report, payload=payload,
                  columns=tuple(df.columns))


def _snapshot_date(cols: Mapping[str, Any], valid: pd.Series) -> dt.date:
    """The extract's as-of date: the latest event it records that is not after today (else today).

    Due dates are deadlines, not events, so they do not count.
    """
    today = pd.Timestamp(dt.date.today())
    latest = [s[valid & (s <= today)].max() for name, s in cols.items()
              if "due" not in name and isinstance(s, pd.Series) and pd.api.types.is_datetime64_any_dtype(s)]
    latest = [d for d in latest if pd.notna(d)]
    return max(latest).date() if latest else dt.date.today()


def write(conn: Connection, parsed: Parsed, *, import_id: int, sha256: str) -> None:
    write_records(conn, parsed.payload, import_id=import_id, sha256=sha256, synthetic=parsed.synthetic)
