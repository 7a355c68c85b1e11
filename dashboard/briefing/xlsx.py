"""The briefing as an Excel workbook (openpyxl): a sheet per table, native Excel charts, notes, glossary.

Suppressed cells hold the text "c". Every text cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a
tab or carriage return) is written as text with a leading apostrophe, so a spreadsheet program never
runs it as a formula (SPEC section 5), e.g. a team called ``=HYPERLINK(...)`` in the case system.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.briefing.model import Briefing, Column, Table, is_suppressed
from dashboard.formula_guard import put

NUMBER_FORMATS = {"count": "#,##0", "pct": "0.0", "signed_pct": "+0.0;-0.0;0.0", "weeks": "0.0", "year": "0"}
BOLD, TITLE = Font(bold=True), Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
RAG_FILL = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE"}


def _put(ws: Worksheet, row: int, col: int, value: object, kind: str = "text"):
    cell = put(ws, row, col, value, NUMBER_FORMATS.get(kind))
    if isinstance(value, str) and is_suppressed(value):
        cell.alignment = Alignment(horizontal="right")
    return cell


def _kind(row: dict, column: Column) -> str:
    if column.kind != "value":
        return column.kind
    if column.key in ("england", "region"):
        return row.get("_bench_kind", "pct")
    return row.get("_kind", "pct") if column.key != "target" else ("pct" if row.get("_kind") == "pct" else "count")


def _table(ws: Worksheet, table: Table, top: int) -> tuple[int, int]:
    """Write a table at row ``top``; returns (header row, next free row)."""
    _put(ws, top, 1, table.title).font = BOLD
    header = top + 1
    for j, column in enumerate(table.columns, start=1):
        cell = _put(ws, header, j, column.label)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(table.rows, start=header + 1):
        for j, column in enumerate(table.columns, start=1):
            value = row.get(column.key)
            cell = _put(ws, i, j, value, _kind(row, column))
            if column.key == "rag":
                fill = RAG_FILL.get(next((s for s, w in _RAG_WORDS.items() if w(value)), ""), None)
                if fill:
                    cell.fill = PatternFill("solid", fgColor=fill)
            if table.total_label and row.get(table.columns[0].key) == table.total_label:
                cell.font = BOLD
    end = header + 1 + len(table.rows)
    if table.note:
        _put(ws, end, 1, table.note).font = Font(italic=True)
        end += 1
    return header, end + 1


_RAG_WORDS = {"green": lambda w: w == "On target", "amber": lambda w: w == "Near target",
              "red": lambda w: isinstance(w, str) and w.startswith(("Below target", "Above the target"))}


def _chart_block(ws: Worksheet, header: int, col: int, title: str, labels: list, series: dict[str, list]) -> tuple:
    """A small block of chart data (suppressed values left blank, so Excel draws a gap, not a zero)."""
    _put(ws, header - 1, col, title).font = Font(italic=True)
    _put(ws, header, col, "Year").font = BOLD
    for j, name in enumerate(series, start=col + 1):
        _put(ws, header, j, name).font = BOLD
    for i, label in enumerate(labels, start=header + 1):
        _put(ws, i, col, str(label))
        for j, values in enumerate(series.values(), start=col + 1):
            v = values[i - header - 1]
            _put(ws, i, j, v if isinstance(v, int | float) else None, "pct")
    return header, header + len(labels), col, col + len(series)


def _timeliness_chart(ws: Worksheet, b: Briefing, table: Table, header: int) -> None:
    col = len(table.columns) + 2
    names = {"pct_ex": "This LA", "england": "England", "region": b.region_name or "Region"}
    top, bottom, first, last = _chart_block(
        ws, header, col, "Chart data (c left blank)", [r["year"] for r in table.rows],
        {name: [r.get(key) for r in table.rows] for key, name in names.items()})
    chart = LineChart()
    chart.title = "% of EHC plans issued within 20 weeks (excluding exceptions)"
    chart.y_axis.title, chart.x_axis.title = "% within 20 weeks", "Year"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
    chart.add_data(Reference(ws, min_col=first + 1, max_col=last, min_row=top, max_row=bottom), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=first, min_row=top + 1, max_row=bottom))
    chart.display_blanks = "gap"
    chart.height, chart.width = 8, 16
    ws.add_chart(chart, f"{get_column_letter(last + 2)}{header}")


def _plans_chart(ws: Worksheet, table: Table, header: int) -> None:
    col = len(table.columns) + 2
    top, bottom, first, last = _chart_block(ws, header, col, "Chart data (c left blank)",
                                            [r["year"] for r in table.rows],
                                            {"EHC plans": [r.get("count") for r in table.rows]})
    for i in range(top + 1, bottom + 1):
        ws.cell(row=i, column=last).number_format = NUMBER_FORMATS["count"]
    chart = BarChart()
    chart.title, chart.y_axis.title, chart.x_axis.title = "EHC plans maintained at January", "EHC plans", "Year"
    chart.add_data(Reference(ws, min_col=last, min_row=top, max_row=bottom), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=first, min_row=top + 1, max_row=bottom))
    chart.legend = None
    chart.height, chart.width = 8, 16
    ws.add_chart(chart, f"{get_column_letter(last + 2)}{header}")


def _needs_chart(ws: Worksheet, b: Briefing, table: Table, header: int) -> None:
    rows = [r for r in table.rows if r.get("need") and r.get("need") != table.total_label]
    col = len(table.columns) + 2
    names = {"share": "This LA", "england": "England", "region": b.region_name or "Region"}
    top, bottom, first, last = _chart_block(ws, header, col, "Chart data (c left blank)", [r["need"] for r in rows],
                                            {name: [r.get(key) for r in rows] for key, name in names.items()})
    ws.cell(row=top, column=first).value = "Need"
    chart = BarChart()
    chart.title, chart.y_axis.title, chart.x_axis.title = "% of EHC plans by primary need", "% of plans", "Need"
    chart.add_data(Reference(ws, min_col=first + 1, max_col=last, min_row=top, max_row=bottom), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=first, min_row=top + 1, max_row=bottom))
    chart.height, chart.width = 8, 18
    ws.add_chart(chart, f"{get_column_letter(last + 2)}{header}")


CHARTS = {"timeliness_by_year": lambda ws, b, t, h: _timeliness_chart(ws, b, t, h),
          "plans_january": lambda ws, b, t, h: _plans_chart(ws, t, h), "needs": _needs_chart}
# one sheet per table (Excel allows 31 characters in a sheet name)
SHEET_NAMES = {"timeliness_by_year": "Timeliness by year", "timeliness_by_month": "Timeliness by month",
               "requests_by_year": "Requests", "open_by_team": "Open assessments", "plans_january": "Plans at January",
               "plans_by_age": "Plans by age band", "needs": "Needs", "complaints_by_quarter": "Complaints",
               "transitions": "Transitions"}


def sheet_name(table: Table) -> str:
    return SHEET_NAMES.get(table.key, table.key.replace("_", " ").capitalize())[:31]


def _sheet(wb: Workbook, name: str, b: Briefing, subtitle: str) -> Worksheet:
    ws = wb.create_sheet(name)
    _put(ws, 1, 1, f"{b.title} — {subtitle}").font = TITLE
    _put(ws, 2, 1, f"As at {b.as_at_text}; {b.filters_text}. 'c' = not shown to protect small numbers.")
    return ws


def _widths(ws: Worksheet, first: int = 20, rest: int = 14) -> None:
    for j in range(1, ws.max_column + 1):
        ws.column_dimensions[get_column_letter(j)].width = first if j == 1 else rest


def to_xlsx(b: Briefing) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    ws = _sheet(wb, "Headlines", b, "headline measures")
    head = b.headline_table()
    _, row = _table(ws, head, 4)
    _put(ws, row, 1, "Summary").font = BOLD
    for i, sentence in enumerate(b.sentences, start=row + 1):
        _put(ws, i, 1, sentence)
    _widths(ws, 48, 16)
    for tables in b.sections.values():
        for table in tables:
            ws = _sheet(wb, sheet_name(table), b, table.title)
            header, _ = _table(ws, table, 4)
            if table.key in CHARTS:
                CHARTS[table.key](ws, b, table, header)
            _widths(ws)
    for name, pairs, heads in (("Notes", b.notes, ("Note", "Detail")), ("Glossary", b.glossary, ("Term", "Meaning"))):
        ws = _sheet(wb, name, b, name.lower())
        for j, text in enumerate(heads, start=1):
            cell = _put(ws, 4, j, text)
            cell.font, cell.fill = BOLD, HEADER_FILL
        for i, (term, text) in enumerate(pairs, start=5):
            _put(ws, i, 1, term).font = BOLD
            _put(ws, i, 2, text).alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 26, 110
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
