"""The programme workbook (SPEC 1.8): the improvement plan's ``actions``, ``milestones``, ``risks`` and
``decisions`` sheets, or one CSV (or one-sheet XLSX) holding one of the four tables.

Which sheet is which: its name, ignoring case, spaces, underscores and hyphens (``Actions``, ``risk
register``), or a mapping file's ``[sheets]`` table (``"WSoA" = "actions"``); other sheets (a README) are
ignored. A lone CSV or sheet with another name is told by its columns. A workbook missing one of the four
sheets is read for the sheets it has; the report's warnings name each missing one.

Values accepted (everything else rejects the row, naming its row and column):

- ``ref``: required, at most 64 characters, once per table (every copy of a repeated ref is rejected);
- ``status`` of actions and milestones (required): purple, red, amber, green, blue in any case, the
  initials P/R/A/G/B, and ``complete``/``completed`` for blue; of risks: open or closed (blank = open);
- dates (``due_date``, ``expected_date``, a decision's ``date``): dd/mm/yyyy, yyyy-mm-dd or an Excel date,
  from 2000-01-01; ``TBC`` and other text is rejected; blank = not recorded;
- risk scores (``likelihood``, ``impact``, ``mitigated_likelihood``, ``mitigated_impact``): a whole number
  1-5; blank = not scored;
- ``measure``: blank, or (when ``parse`` is given ``measure_keys``, as the dashboard gives the catalogue's)
  one of those keys; without ``measure_keys`` it is not checked (the data layer cannot read the catalogue).

Replacement: each table the file holds (a sheet with only its header row included: that table is emptied)
replaces the LA's rows of that table; a table whose sheet is missing is left as it was. The audit trail of
in-app edits (``programme_edit``) is kept.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, delete, insert

from data_access.importers import Parsed, _sheets
from data_access.importers.base import (
    ImportRejected,
    ImportReport,
    RowChecker,
    clean_str,
    parse_dates,
    records,
)
from data_access.importers.finance import statuses
from data_access.schema import ProgrammeAction, ProgrammeDecision, ProgrammeMilestone, ProgrammeRisk
from frames.programme import EARLIEST_DATE, PROGRAMME_FRAMES, RISK_STATUSES, SCORE_RANGE, SHEETS, STATUSES

TABLES = {"actions": ProgrammeAction, "milestones": ProgrammeMilestone, "risks": ProgrammeRisk,
          "decisions": ProgrammeDecision}
COLUMNS: dict[str, tuple[str, ...]] = {sheet: (*cols, "la_code") for sheet, cols in PROGRAMME_FRAMES.items()}
# the columns a table cannot be loaded without (the file is refused when one is missing)
REQUIRED = {"actions": ("ref", "action", "status"), "milestones": ("ref", "milestone", "status"),
            "risks": ("ref", "risk"), "decisions": ("ref", "decision")}
# columns that tell a lone CSV's table apart
DISTINCT = {"actions": ("action", "lead", "condition", "progress", "success_measure", "measure"),
            "milestones": ("milestone",),
            "risks": ("risk", "likelihood", "impact", "mitigation", "mitigated_likelihood", "owner"),
            "decisions": ("decision", "made_by")}
DATES = {sheet: tuple(c for c, k in cols.items() if k == "date") for sheet, cols in PROGRAMME_FRAMES.items()}
SCORES = tuple(c for c, k in PROGRAMME_FRAMES["risks"].items() if k == "Int64")
ALIASES = {
    "ref": ("reference", "id", "action_ref", "risk_ref"),
    "due_date": ("due", "deadline", "original_date"),
    "expected_date": ("expected", "revised_date", "replanned_date", "re_planned_date", "forecast_date"),
    "status": ("rag", "rag_status"),
    "made_by": ("decided_by", "by"),
    "la_code": ("la", "lea"),
}
SHEET_ALIASES = {"actions": "actions", "action": "actions", "actionplan": "actions",
                 "milestones": "milestones", "milestone": "milestones",
                 "risks": "risks", "risk": "risks", "riskregister": "risks", "risklog": "risks",
                 "decisions": "decisions", "decision": "decisions", "decisionlog": "decisions"}
TEXT_LIMITS = {"ref": 64, "workstream": 200, "condition": 200, "lead": 200, "owner": 200, "made_by": 200,
               "measure": 80}
_TABLES = _sheets.Tables(SHEETS, COLUMNS, REQUIRED, DISTINCT, ALIASES, SHEET_ALIASES)
_EARLIEST = pd.Timestamp(EARLIEST_DATE)
_RISK_WORDS = {"open": "open", "closed": "closed", "close": "closed", "o": "open", "c": "closed"}


# --------------------------------------------------------------------------- values


def scores(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(1..5 as Int64 or <NA> when blank, bad) for each cell: whole numbers, as numbers or text."""
    low, high = SCORE_RANGE

    def one(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None, False
        if isinstance(v, bool):
            return None, True
        if isinstance(v, str):
            t = v.strip()
            if not t:
                return None, False
            try:
                v = float(t)
            except ValueError:
                return None, True
        if not isinstance(v, (int, float, np.integer, np.floating)) or not np.isfinite(v) or v != int(v):
            return None, True
        n = int(v)
        return (n, False) if low <= n <= high else (None, True)

    return _sheets.per_cell(one, values.astype(object).where(values.notna(), None), values.index, "Int64")


def risk_statuses(values: pd.Series) -> pd.Series:
    return clean_str(values).map(lambda v: _RISK_WORDS.get(v.strip().lower(), v) if isinstance(v, str) else v)


# --------------------------------------------------------------------------- tables


sheet_of, table_of = _TABLES.sheet_of, _TABLES.table_of


def check(sheet: str, df: pd.DataFrame, name: str, *, where: str = "",
          measure_keys: Collection[str] | None = None) -> tuple[pd.DataFrame, RowChecker]:
    """The rows of one table that can be loaded (in the frame's columns), and the checker holding the rest."""
    chk = RowChecker(df, name)
    missing = [c for c in REQUIRED[sheet] if c not in df.columns]
    if missing:
        cols = ", ".join(f"'{m}'" for m in missing)
        place = f"the {where}" if where else name
        raise ImportRejected(f"{name}: {place} has no {cols} column{'s' * (len(missing) > 1)}, "
                             "which this import needs, so nothing was imported.")
    pre = f"{where}: " if where else ""
    out = pd.DataFrame(index=df.index)
    for col, kind in PROGRAMME_FRAMES[sheet].items():
        if kind != "str" or col == "status":
            continue
        out[col] = _sheets.text_column(chk, df, col, TEXT_LIMITS, pre)
    chk.reject(out["ref"].isna(), "ref", f"{pre}'ref' is required but empty")

    if sheet in ("actions", "milestones"):
        status = statuses(df["status"])
        chk.reject(status.notna() & ~status.isin(STATUSES), "status",
                   f"{pre}'status' is not a status (allowed: {', '.join(STATUSES)}; complete = blue)")
        chk.reject(status.isna(), "status", f"{pre}'status' is required but empty")
        out["status"] = status
    if sheet == "risks":
        status = risk_statuses(df["status"]) if "status" in df else pd.Series(None, index=df.index, dtype=object)
        chk.reject(status.notna() & ~status.isin(RISK_STATUSES), "status",
                   f"{pre}'status' is not a risk status (allowed: {', '.join(RISK_STATUSES)})")
        out["status"] = status.fillna("open")
        for col in SCORES:
            if col not in df:
                out[col] = pd.Series(pd.NA, index=df.index, dtype="Int64")
                continue
            values, bad = scores(df[col])
            chk.reject(bad, col, f"{pre}'{col}' is not a score from 1 to 5")
            out[col] = values

    for col in DATES[sheet]:
        if col not in df:
            out[col] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
            continue
        values, bad = parse_dates(df[col])
        chk.reject(bad, col, f"{pre}'{col}' is not a date (dd/mm/yyyy, yyyy-mm-dd or an Excel date)")
        chk.reject(values < _EARLIEST, col, f"{pre}'{col}' is before {_EARLIEST:%d/%m/%Y}")
        out[col] = values

    if sheet == "actions" and measure_keys is not None:
        keys = set(measure_keys)
        chk.reject(out["measure"].notna() & ~out["measure"].isin(keys), "measure",
                   f"{pre}'measure' is not a measure key of the catalogue (e.g. timeliness_pct_ex)")

    keyed = out["ref"].notna() & ~chk.bad
    dup = keyed & out["ref"].where(keyed).duplicated(keep=False)
    chk.reject(dup, "ref", f"{pre}the same ref is on more than one row")
    good = out[~chk.bad].copy()
    return good[list(PROGRAMME_FRAMES[sheet])], chk


def _tables(path: Path, data: bytes, mapping) -> tuple[dict[str, pd.DataFrame], dict[str, str], list[str]]:
    """The file's tables (ours -> renamed frame), where each came from ("the 'X' sheet" or ""), and the
    sheets a workbook is missing."""
    name = path.name
    sheets = _sheets.read_sheets(path, data)
    frames, where = {}, {}
    for sheet, (title, df) in _sheets.named_sheets(name, sheets, lambda t: sheet_of(t, mapping)).items():
        frames[sheet], where[sheet] = df, f"'{title}' sheet"
    missing: list[str] = []
    if frames:
        missing = [s for s in SHEETS if s not in frames]
    elif len(sheets) == 1:
        (_, df), = sheets.items()
        if df.shape[1] == 0:
            raise ImportRejected(f"{name} has no header row, so nothing was imported.")
        sheet = table_of(df, mapping)
        if sheet is None:
            raise ImportRejected(
                f"{name} is not a programme table: its columns are not those of the actions, milestones, risks "
                "or decisions sheet (SPEC 1.8), so nothing was imported.")
        frames[sheet], where[sheet] = df, ""
    else:
        raise ImportRejected(
            f"{name} is a workbook with none of the programme's sheets (actions, milestones, risks, decisions, "
            "or sheets a mapping file's [sheets] names so), so nothing was imported.")
    renamed = {}
    for sheet, df in frames.items():
        if df.shape[1] == 0:
            missing.append(sheet)  # a blank sheet: as if it were not there
            continue
        renamed[sheet] = _TABLES.renamed(df, sheet, mapping)
    if not any(len(df) for df in renamed.values()):
        raise ImportRejected(f"{name} has no data rows in its programme sheets, so nothing was imported.")
    return renamed, where, [s for s in SHEETS if s in missing]


def parse(path: Path, data: bytes, *, la_code: str | None = None, mapping: Mapping[str, Any] | None = None,
          measure_keys: Collection[str] | None = None) -> Parsed:
    name = path.name
    frames, where, missing = _tables(path, data, mapping)
    la = _sheets.one_la(frames, name, la_code, mapping, "plan")
    report = ImportReport(file_name=name, kind="programme")
    for sheet in missing:
        report.warnings.append(f"{name} has no {sheet} sheet, so the plan's {sheet} were left as they were.")
    payload = _sheets.check_tables(report, [s for s in SHEETS if s in frames], name,
                           lambda s: check(s, frames[s], name, where=where[s], measure_keys=measure_keys),
                           {s: f"the {w or 'file'}" for s, w in where.items()})
    return Parsed(kind="programme", la_code=la, target=f"programme:{la}", report=report, payload=payload)


def write(conn: Connection, parsed: Parsed, *, import_id: int, sha256: str) -> None:
    """Replace the LA's rows of each table in the file (programme_edit, the edit history, is kept)."""
    for sheet, good in parsed.payload.items():
        table = TABLES[sheet].__table__
        conn.execute(delete(table).where(table.c.la_code == parsed.la_code))
        rows = records(good)
        for row in rows:
            row.update(la_code=parsed.la_code, import_id=import_id, synthetic=parsed.synthetic, version=1)
        if rows:
            conn.execute(insert(table), rows)
    parsed.extra.update(replaced=sorted(parsed.payload))




__all__ = ["COLUMNS", "SHEETS", "check", "parse", "risk_statuses", "scores", "sheet_of", "table_of", "write"]
