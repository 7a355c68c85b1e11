"""The briefing as an A4 PDF with ReportLab: title page, headline table, summary, three key charts (PNG
from vl-convert), the section tables, glossary and data notes.

ReportLab: pure-Python wheels with no system libraries (unlike WeasyPrint's Pango/Cairo), maintained
since 2000, and its Platypus layout flows long tables over pages with repeated header rows.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from dashboard.briefing import charts as briefing_charts
from dashboard.briefing.model import Briefing, fmt_cell
from dashboard.briefing.model import Table as BriefingTable
from dashboard.format import pdf_column_widths, pdf_footer, pdf_styles, pdf_table_style

MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN
RAG_COLOURS = {"green": colors.HexColor("#C6EFCE"), "amber": colors.HexColor("#FFEB9C"),
               "red": colors.HexColor("#FFC7CE")}
NUMERIC = ("count", "pct", "signed_pct", "weeks", "value", "year")

STYLES = pdf_styles(title=(24, 30, 12), h1=(15, 6), h2=(8, 4))


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(escape(text), STYLES[style])


def _table(table: BriefingTable, rag: list[str] | None = None) -> Table:
    text = [[fmt_cell(row, c) for c in table.columns] for row in table.rows]
    data = [[_p(c.label, "head") for c in table.columns]]
    for row in text:
        data.append([_p(t, "num" if c.kind in NUMERIC else "cell") for t, c in zip(row, table.columns, strict=True)])
    out = Table(data, colWidths=pdf_column_widths([c.label for c in table.columns], text, WIDTH), repeatRows=1)
    style = pdf_table_style()
    if table.total_label is not None:
        for i, row in enumerate(table.rows, start=1):
            if row.get(table.columns[0].key) == table.total_label:
                style.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#F2F2F2")))
    if rag:
        col = [c.key for c in table.columns].index("rag")
        for i, status in enumerate(rag, start=1):
            if status in RAG_COLOURS:
                style.append(("BACKGROUND", (col, i), (col, i), RAG_COLOURS[status]))
    out.setStyle(TableStyle(style))
    return out


def _footer(b: Briefing):
    def draw(canvas, doc) -> None:
        pdf_footer(canvas, doc.page, page_width=A4[0], margin=MARGIN, text=f"{b.title} · as at {b.as_at_text}",
                   below="c = not shown to protect small numbers")
    return draw


def _title_page(b: Briefing) -> list:
    who = f"{b.la_name} (LA {b.la_code})" if b.la_name else f"Local authority {b.la_code}"
    small = f"1 to {b.threshold - 1}" if b.threshold > 2 else "1"
    return [Spacer(1, 50 * mm), _p("SEND scrutiny briefing", "title"), _p(who, "big"),
            _p(f"As at {b.as_at_text}", "big"), _p(f"Children and young people: {b.filters_text}", "body"),
            _p(f"Comparator councils: {', '.join(b.comparators) or 'none'}", "body"), Spacer(1, 8 * mm),
            _p(f"Counts from {small} are shown as c, and so are percentages built on them and any number "
               "from which a hidden one could be worked out.", "body"),
            _p(f"On the dashboard: {b.link}" if "://" in b.link else
               f"On the dashboard, at this path after its address: {b.link}", "note"), PageBreak()]


def _charts(b: Briefing) -> list:
    out: list = [_p("Key charts", "h1")]
    for chart in briefing_charts.charts(b):
        png = briefing_charts.to_png(chart.chart, scale=2)
        img = Image(io.BytesIO(png))
        ratio = img.imageHeight / img.imageWidth
        img.drawWidth, img.drawHeight = WIDTH * 0.62, WIDTH * 0.62 * ratio
        parts = [img] + ([_p(chart.note, "note")] if chart.note else []) + [Spacer(1, 4 * mm)]
        out.append(KeepTogether(parts))
    return out


def to_pdf(b: Briefing) -> bytes:
    story: list = _title_page(b)
    head = b.headline_table()
    story += [_p("Headline measures", "h1"), _table(head, [h.rag.status for h in b.headlines]),
              _p("RAG compares with the council's target; Movement compares with the previous period.", "note"),
              _p("Summary", "h1")]
    story += [Paragraph("• " + escape(s), STYLES["body"]) for s in b.sentences]
    story += [PageBreak(), *_charts(b)]
    for name, tables in b.sections.items():
        story += [PageBreak(), _p(name, "h1")]
        for t in tables:
            story += [KeepTogether([_p(t.title, "h2"), _table(t)])] if len(t.rows) < 20 else [_p(t.title, "h2"),
                                                                                            _table(t)]
            if t.note:
                story.append(_p(t.note, "note"))
    story += [PageBreak(), _p("Glossary", "h1")]
    story += [Paragraph(f"<b>{escape(term)}</b>: {escape(text)}", STYLES["body"]) for term, text in b.glossary]
    story += [Spacer(1, 6 * mm), _p("Data notes", "h1")]
    story += [Paragraph(f"<b>{escape(term)}</b>: {escape(text)}", STYLES["body"]) for term, text in b.notes]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN + 4 * mm, title=b.title, author="SEND performance dashboard",
                            subject=f"As at {b.as_at_text}")
    doc.build(story, onFirstPage=_footer(b), onLaterPages=_footer(b))
    return out.getvalue()
