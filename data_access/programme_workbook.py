"""The programme workbook (SPEC 1.8) written out: ``template_bytes()`` (blank, for
``senddash programme template``) and ``export_bytes(engine, la_code=...)`` (the current plan with its in-app
edits, for ``senddash programme export``), in one layout that the importer reads back unchanged.

Layout: a ``README`` sheet (what each sheet and column holds, the statuses), then the ``actions``,
``milestones``, ``risks`` and ``decisions`` sheets with SPEC 1.8's columns in its order (dates as Excel
dates shown dd/mm/yyyy; drop-down lists on the status and score columns). An export adds an ``la_code``
column at the end of each of the four sheets (so it imports without naming the LA) and an ``edit_history``
sheet (the audit trail of in-app edits; the importer ignores it). No time of saving is written into the
file: the same plan gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping

import pandas as pd
from sqlalchemy import Engine

from frames.programme import (
    EDIT_COLUMNS,
    PROGRAMME_FRAMES,
    RISK_STATUSES,
    SCORE_RANGE,
    STATUS_LABELS,
    STATUSES,
)

FIXED_TIME = dt.datetime(2000, 1, 1)  # the workbook's created/modified properties: no real time in the file
README: tuple[str, ...] = (
    "Programme workbook (the improvement plan): SPEC 1.8 of the SEND dashboard",
    "",
    "Four sheets, one row each: actions, milestones, risks, decisions. Keep the sheet names and the header row;",
    "other sheets (this README, an edit_history) are ignored on import. Import replaces the plan's rows of each",
    "sheet the workbook has; edits made in the dashboard are kept with who changed what and when.",
    "",
    "actions: ref (unique), workstream, condition (e.g. a Safety Valve condition), action, lead, due_date,",
    "  expected_date (the re-planned date when it differs from due_date), status, progress, success_measure,",
    "  measure (the dashboard measure key that evidences the action, e.g. timeliness_pct_ex).",
    "milestones: ref, workstream, milestone, due_date, expected_date, status.",
    "risks: ref, workstream, risk, likelihood (1-5), impact (1-5), mitigation, mitigated_likelihood (1-5),",
    "  mitigated_impact (1-5), owner, status (open or closed).",
    "decisions: ref, date, decision, made_by.",
    "",
    "Status (actions and milestones): " + "; ".join(f"{s} = {label}" for s, label in STATUS_LABELS.items()) + ".",
    "Dates: dd/mm/yyyy, yyyy-mm-dd or an Excel date, from 01/01/2000. 'TBC' is not a date: leave it blank.",
    "A row with a status outside the list, a date that is not a date or a score outside 1-5 is not imported;",
    "the import report names its row and column.",
)
_DATE_FORMAT = "dd/mm/yyyy"


def fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """The workbook with openpyxl's save time replaced by ``when`` and every zip entry dated 1980-01-01, so the
    same workbook gives the same bytes (the bundled sample files are compared by their hash)."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\g<2>", body)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), body,
                         compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def _cell(value):
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def workbook_bytes(frames: Mapping[str, pd.DataFrame] | None = None, *, la_code: str | None = None,
                   edits: pd.DataFrame | None = None, readme: Iterable[str] = README,
                   title: str = "Programme workbook", when: dt.datetime = FIXED_TIME) -> bytes:
    """The workbook of ``frames`` (the four sheets' rows; None or a missing sheet: its header only), with
    ``la_code`` as a last column when given and an ``edit_history`` sheet when ``edits`` is given."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    wb.properties.creator = "senddash"
    wb.properties.title = title
    wb.properties.created = wb.properties.modified = when
    ws = wb.active
    ws.title = "README"
    for line in readme:
        ws.append([line])
    ws["A1"].font = Font(bold=True)
    ws.column_dimensions["A"].width = 120
    lists = {"status": STATUSES}
    for sheet, kinds in PROGRAMME_FRAMES.items():
        header = [*kinds, *(["la_code"] if la_code else [])]
        sh = wb.create_sheet(sheet)
        sh.append(header)
        for cell in sh[1]:
            cell.font = Font(bold=True)
        df = (frames or {}).get(sheet)
        rows = 0
        if df is not None and len(df):
            for rec in df[list(kinds)].itertuples(index=False, name=None):
                sh.append([*(_cell(v) for v in rec), *([la_code] if la_code else [])])
            rows = len(df)
        last = max(rows + 1, 500)
        for i, col in enumerate(header, 1):
            letter = get_column_letter(i)
            sh.column_dimensions[letter].width = 40 if col in ("action", "progress", "risk", "mitigation",
                                                                "decision", "milestone", "success_measure") else 16
            if kinds.get(col) == "date":
                for (c,) in sh.iter_rows(min_row=2, max_row=rows + 1, min_col=i, max_col=i):
                    c.number_format = _DATE_FORMAT
            allowed = (RISK_STATUSES if sheet == "risks" else lists.get(col)) if col == "status" else None
            if kinds.get(col) == "Int64":
                allowed = tuple(str(n) for n in range(SCORE_RANGE[0], SCORE_RANGE[1] + 1))
            if allowed:
                dv = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True)
                dv.add(f"{letter}2:{letter}{last}")
                sh.add_data_validation(dv)
        sh.freeze_panes = "A2"
    if edits is not None:
        sh = wb.create_sheet("edit_history")
        sh.append(list(EDIT_COLUMNS))
        for cell in sh[1]:
            cell.font = Font(bold=True)
        for rec in edits[list(EDIT_COLUMNS)].itertuples(index=False, name=None):
            sh.append([_cell(v) for v in rec])
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue(), when)


def template_bytes() -> bytes:
    """The blank programme workbook: README and the four sheets with their headers."""
    return workbook_bytes(None, title="Programme workbook (blank template)")


def export_bytes(engine: Engine, *, la_code: str) -> bytes:
    """The LA's current plan (with the edits made in the app) in the template's layout, plus its edit history."""
    from data_access.queries.programme import load_edits, load_programme

    return workbook_bytes(load_programme(engine, la_code=la_code), la_code=la_code,
                          edits=load_edits(engine, la_code=la_code), title=f"Programme workbook, LA {la_code}")


__all__ = ["README", "export_bytes", "template_bytes", "workbook_bytes"]
