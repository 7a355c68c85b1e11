"""The programme reports' shared look: colours of the five action states and RAG, and a small ReportLab kit
(styles, a wrapped table, an A4 document with a footer) that the highlight report, the Safety Valve report
and the data pack's PDF all use, so they look like one family and like the scrutiny briefing.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from frames.programme import STATUS_LABELS

# fills (light, so black text stays readable) and the word shown with them: colour is never the only cue
STATUS_HEX: dict[str, str] = {"purple": "#D9C2EC", "red": "#FFC7CE", "amber": "#FFEB9C", "green": "#C6EFCE",
                              "blue": "#BDD7EE"}
RAG_HEX: dict[str, str] = {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE", "none": "#EDEDED"}
HEADER_HEX = "#DDEBF7"
STATUS_WORDS = STATUS_LABELS  # purple: Re-planning needed ... blue: Complete

MARGIN = 15 * mm
CELL_PAD = 3.0

_base = getSampleStyleSheet()
STYLES = {
    "title": ParagraphStyle("t", parent=_base["Title"], fontSize=22, leading=28, spaceAfter=10),
    "h1": ParagraphStyle("h1", parent=_base["Heading1"], fontSize=14, spaceBefore=6, spaceAfter=5),
    "h2": ParagraphStyle("h2", parent=_base["Heading3"], fontSize=10.5, spaceBefore=6, spaceAfter=3),
    "body": ParagraphStyle("b", parent=_base["BodyText"], fontSize=9.5, leading=12.5),
    "big": ParagraphStyle("big", parent=_base["BodyText"], fontSize=13, leading=18, spaceAfter=6),
    "note": ParagraphStyle("n", parent=_base["BodyText"], fontSize=8, leading=10,
                           textColor=colors.HexColor("#444444"), fontName="Helvetica-Oblique"),
    "cell": ParagraphStyle("c", parent=_base["BodyText"], fontSize=7.5, leading=9),
    "num": ParagraphStyle("cn", parent=_base["BodyText"], fontSize=7.5, leading=9, alignment=TA_RIGHT),
    "head": ParagraphStyle("ch", parent=_base["BodyText"], fontSize=7.5, leading=9, fontName="Helvetica-Bold"),
}


def page_width(wide: bool = False) -> float:
    """The width inside the margins of an A4 page (landscape when ``wide``)."""
    size = landscape(A4) if wide else A4
    return size[0] - 2 * MARGIN


def p(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped)."""
    return Paragraph(escape(str(text)), STYLES[style])


def _widths(header: Sequence[str], body: Sequence[Sequence[str]], width: float) -> list[float]:
    pad = 2 * CELL_PAD + 1.0
    least, natural = [], []
    for j, label in enumerate(header):
        texts = [r[j] for r in body]
        words = [w for t in [*texts, label] for w in t.split()] or [""]
        least.append(max(stringWidth(w, "Helvetica-Bold", 7.5) for w in words) + pad)
        natural.append(max([least[-1], *(stringWidth(t, "Helvetica", 7.5) + pad for t in texts)]))
    if sum(natural) <= width:
        return [w * width / sum(natural) for w in natural]
    if sum(least) >= width:
        return [w * width / sum(least) for w in least]
    share = (width - sum(least)) / (sum(natural) - sum(least))
    return [lo + (hi - lo) * share for lo, hi in zip(least, natural, strict=True)]


def table(header: Sequence[str], rows: Sequence[Sequence[object]], *, width: float | None = None,
          numeric: Sequence[int] = (), fills: dict[tuple[int, int], str] | None = None) -> Table:
    """A table that fits ``width`` (default: A4 portrait), header repeated over pages; ``numeric``: columns
    set right; ``fills``: {(column, body row): hex colour}."""
    width = width or page_width()
    text = [["" if v is None else str(v) for v in row] for row in rows]
    data = [[p(h, "head") for h in header]]
    data += [[p(t, "num" if j in numeric else "cell") for j, t in enumerate(row)] for row in text]
    out = Table(data, colWidths=_widths(list(header), text, width), repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#BBBBBB")),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEADER_HEX)), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
             ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD)]
    for (col, row), hex_colour in (fills or {}).items():
        style.append(("BACKGROUND", (col, row + 1), (col, row + 1), colors.HexColor(hex_colour)))
    out.setStyle(TableStyle(style))
    return out


def document(story: list, *, title: str, footer: str, wide: bool = False, subject: str = "") -> bytes:
    """The story as an A4 PDF (landscape when ``wide``) with ``footer`` and the page number on every page."""
    size = landscape(A4) if wide else A4

    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        page = f"Page {doc.page}"
        text = footer
        room = size[0] - 2 * MARGIN - canvas.stringWidth(page, "Helvetica", 7.5) - 6 * mm
        while canvas.stringWidth(text, "Helvetica", 7.5) > room and len(text) > 1:
            text = text[:-2] + "…"
        canvas.drawString(MARGIN, 8.5 * mm, text)
        canvas.drawRightString(size[0] - MARGIN, 8.5 * mm, page)
        canvas.restoreState()

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN + 4 * mm, title=title, author="SEND performance dashboard",
                            subject=subject)
    doc.build(story, onFirstPage=draw, onLaterPages=draw)
    return out.getvalue()
