"""The quarterly Safety Valve report as an Excel workbook (openpyxl), for the DfE return.

Sheets: Summary (actions by condition and state, overdue, a total row), one sheet per Safety Valve
condition (its actions, then its linked measures), Finance (only when the report shows finance) and Notes
(the title, quarter, as-at date, the suppression note and the source). Every table's header row is bold
and the first one on a sheet is frozen; numbers are numbers with number formats (``0.0`` percentages,
``#,##0`` counts, ``£#,##0`` money); a hidden value is the text "c"; status cells are filled with the
state's colour and carry its word. Every text cell goes through :func:`dashboard.formula_guard.put`.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.format import SUPPRESSED
from dashboard.formula_guard import put
from dashboard.kpi.programme import WORST_FIRST
from dashboard.reports.pdf_kit import HEADER_HEX, RAG_HEX, STATUS_HEX
from dashboard.reports.safety_valve import (
    ACTION_HEADER,
    FINANCE_HEADER,
    SOURCE,
    SUMMARY_HEADER,
    SUPPRESSION_NOTE,
    MeasureRow,
    SafetyValveReport,
    long_date,
    summary_rows,
)

FORMATS = {"pct": "0.0", "count": "#,##0", "money": "£#,##0", "number": "#,##0.0"}
BOLD = Font(bold=True)
MEASURE_HEADER = ["Measure", "Unit", "Period", "Value", "Target", "RAG", "England", "Region"]
_BAD = re.compile(r"[\[\]:*?/\\]")


def _fill(hex_colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=hex_colour.lstrip("#").upper())


def sheet_names(names: list[str], taken: tuple[str, ...] = ("Summary", "Finance", "Notes")) -> list[str]:
    """Excel-safe sheet names for ``names``: without []:*?/\\, at most 31 characters, unique (case-blind)
    among themselves and ``taken``."""
    used = {t.lower() for t in taken}
    out = []
    for name in names:
        base = _BAD.sub(" ", name).strip().strip("'") or "Condition"
        base = re.sub(r"\s+", " ", base)[:31].strip()
        candidate, n = base, 2
        while candidate.lower() in used:
            tail = f" ({n})"
            candidate, n = base[:31 - len(tail)].strip() + tail, n + 1
        used.add(candidate.lower())
        out.append(candidate)
    return out


def _header(ws: Worksheet, row: int, headers: list[str]) -> None:
    for j, text in enumerate(headers, start=1):
        cell = put(ws, row, j, text)
        cell.font, cell.fill = BOLD, _fill(HEADER_HEX)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(ws: Worksheet, widths: list[int]) -> None:
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width


def _summary(ws: Worksheet, report: SafetyValveReport) -> None:
    _header(ws, 1, SUMMARY_HEADER)
    for i, row in enumerate(summary_rows(report), start=2):
        put(ws, i, 1, str(row[0]))
        for j, value in enumerate(row[1:], start=2):
            cell = put(ws, i, j, int(value), FORMATS["count"])  # type: ignore[call-overload]
            status = WORST_FIRST[j - 3] if 3 <= j < 3 + len(WORST_FIRST) else None
            if status and value:
                cell.fill = _fill(STATUS_HEX[status])
        if row[0] == "All conditions":
            for j in range(1, len(row) + 1):
                ws.cell(row=i, column=j).font = BOLD
    ws.freeze_panes = "A2"
    _widths(ws, [48, 10, 14, 9, 9, 9, 11, 10])


def _value(ws: Worksheet, row: int, col: int, value: object, unit: str):
    if value == SUPPRESSED or isinstance(value, str):
        return put(ws, row, col, str(value))
    return put(ws, row, col, value, FORMATS.get(unit, FORMATS["number"]))


def _measure(ws: Worksheet, row: int, m: MeasureRow) -> None:
    put(ws, row, 1, m.label)
    put(ws, row, 2, m.unit)
    put(ws, row, 3, m.period or None)
    _value(ws, row, 4, m.value, m.unit)
    _value(ws, row, 5, m.target, m.unit)
    put(ws, row, 6, m.rag_word).fill = _fill(RAG_HEX.get(m.rag, RAG_HEX["none"]))
    _value(ws, row, 7, m.england, m.unit)
    _value(ws, row, 8, m.region, m.unit)


def _condition(ws: Worksheet, report: SafetyValveReport, index: int) -> None:
    c = report.conditions[index]
    _header(ws, 1, ACTION_HEADER)
    i = 1
    for i, a in enumerate(c.actions, start=2):
        for j, text in enumerate([a.ref, a.action, a.lead, a.date_text], start=1):
            put(ws, i, j, text).alignment = Alignment(wrap_text=True, vertical="top")
        put(ws, i, 5, a.status_word).fill = _fill(STATUS_HEX[a.status])
        put(ws, i, 6, "Yes" if a.overdue else "No")
    ws.freeze_panes = "A2"
    row = i + 2
    put(ws, row, 1, f"Linked measures of {c.name}").font = BOLD
    _header(ws, row + 1, MEASURE_HEADER)
    for r, m in enumerate(c.measures, start=row + 2):
        _measure(ws, r, m)
    if not c.measures:
        put(ws, row + 2, 1, "No action of this condition names a measure.")
    _widths(ws, [44, 50, 28, 18, 18, 12, 12, 12])


def _finance(ws: Worksheet, report: SafetyValveReport) -> None:
    _header(ws, 1, FINANCE_HEADER)
    for i, y in enumerate(report.finance or [], start=2):
        put(ws, i, 1, y.financial_year)
        for j, value in enumerate([y.in_year_balance, y.planned_in_year_balance, y.cumulative_balance,
                                   y.planned_cumulative_balance], start=2):
            put(ws, i, j, value, FORMATS["money"])
    last = len(report.finance or []) + 3
    put(ws, last, 1, report.finance_words)
    put(ws, last + 1, 1, "Balance = income - forecast outturn; negative is a deficit.")
    ws.freeze_panes = "A2"
    _widths(ws, [16, 18, 18, 20, 20])


def _notes(ws: Worksheet, report: SafetyValveReport) -> None:
    rows = [("Report", report.title), ("Quarter", report.quarter), ("As at", long_date(report.as_at)),
            ("Suppression", SUPPRESSION_NOTE), ("Source", SOURCE),
            ("Overdue", "Not complete and expected (else due) before the as-at date.")]
    if report.finance is None:
        rows.append(("Finance", report.finance_words))
    _header(ws, 1, ["Note", "Detail"])
    for i, (name, text) in enumerate(rows, start=2):
        put(ws, i, 1, name).font = BOLD
        put(ws, i, 2, text)
    ws.freeze_panes = "A2"
    _widths(ws, [14, 100])


def to_xlsx(report: SafetyValveReport) -> bytes:
    """The report as an .xlsx workbook (see the module docstring)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    _summary(ws, report)
    for index, name in enumerate(sheet_names([c.name for c in report.conditions])):
        _condition(wb.create_sheet(name), report, index)
    if report.finance is not None:
        _finance(wb.create_sheet("Finance"), report)
    _notes(wb.create_sheet("Notes"), report)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
