"""The programme reports' shared look: colours of the five action states and RAG, and a small ReportLab kit
(styles, a wrapped table, an A4 document with a footer) that the highlight report, the Safety Valve report
and the data pack's PDF all use, so they look like one family and like the scrutiny briefing.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from dashboard.format import PDF_HEADER_HEX, pdf_column_widths, pdf_footer, pdf_styles, pdf_table_style
from frames.programme import STATUS_LABELS

# fills (light, so black text stays readable) and the word shown with them: colour is never the only cue
STATUS_HEX: dict[str, str] = {"purple": "#D9C2EC", "red": "#FFC7CE", "amber": "#FFEB9C", "green": "#C6EFCE",
                              "blue": "#BDD7EE"}
RAG_HEX: dict[str, str] = {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE", "none": "#EDEDED"}
HEADER_HEX = PDF_HEADER_HEX
STATUS_WORDS = STATUS_LABELS  # purple: Re-planning needed ... blue: Complete

MARGIN = 15 * mm

STYLES = pdf_styles(title=(22, 28, 10), h1=(14, 5), h2=(6, 3))


def page_width(wide: bool = False) -> float:
    """The width inside the margins of an A4 page (landscape when ``wide``)."""
    size = landscape(A4) if wide else A4
    return size[0] - 2 * MARGIN


def p(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped)."""
    return Paragraph(escape(str(text)), STYLES[style])


def table(header: Sequence[str], rows: Sequence[Sequence[object]], *, width: float | None = None,
          numeric: Sequence[int] = (), fills: dict[tuple[int, int], str] | None = None) -> Table:
    """A table that fits ``width`` (default: A4 portrait), header repeated over pages; ``numeric``: columns
    set right; ``fills``: {(column, body row): hex colour}."""
    width = width or page_width()
    text = [["" if v is None else str(v) for v in row] for row in rows]
    data = [[p(h, "head") for h in header]]
    data += [[p(t, "num" if j in numeric else "cell") for j, t in enumerate(row)] for row in text]
    out = Table(data, colWidths=pdf_column_widths(list(header), text, width), repeatRows=1)
    style = pdf_table_style()
    for (col, row), hex_colour in (fills or {}).items():
        style.append(("BACKGROUND", (col, row + 1), (col, row + 1), colors.HexColor(hex_colour)))
    out.setStyle(TableStyle(style))
    return out


def document(story: list, *, title: str, footer: str, wide: bool = False, subject: str = "") -> bytes:
    """The story as an A4 PDF (landscape when ``wide``) with ``footer`` and the page number on every page."""
    size = landscape(A4) if wide else A4

    def draw(canvas, doc) -> None:
        pdf_footer(canvas, doc.page, page_width=size[0], margin=MARGIN, text=footer)

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN + 4 * mm, title=title, author="SEND performance dashboard",
                            subject=subject)
    doc.build(story, onFirstPage=draw, onLaterPages=draw)
    return out.getvalue()
