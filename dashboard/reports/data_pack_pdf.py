"""The data pack as PDF: one 16:9 page per slide with the same numbers ("Slide N" = page N), the chart drawn
with ReportLab's canvas (no browser), a hidden value a gap in a line or a missing bar."""

from __future__ import annotations

import io
import math
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from dashboard.format import PALETTE
from dashboard.reports.data_pack import DataPack, Slide, says

W, H = 960.0, 540.0  # points, 16:9
M = 36.0
NAVY, GREY = colors.HexColor("#1F3A5F"), colors.HexColor("#555555")
COLOURS = [colors.HexColor(PALETTE["la"]), colors.HexColor(PALETTE["england"]), colors.HexColor(PALETTE["region"])]
SENTENCE = ParagraphStyle("dp", fontName="Helvetica", fontSize=14, leading=18)
LINE = ParagraphStyle("dpl", fontName="Helvetica", fontSize=17, leading=24, spaceAfter=6)


def _para(c: Canvas, text: str, style: ParagraphStyle, x: float, top: float, width: float) -> float:
    """Draw wrapped text with its top at ``top``; returns its height."""
    para = Paragraph(escape(text), style)
    _, height = para.wrap(width, H)
    para.drawOn(c, x, top - height)
    return height


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis values covering [low, high] (0 included)."""
    low, high = min(0.0, low), max(0.0, high)
    if high == low:
        high = low + 1
    raw = (high - low) / count
    step = 10 ** math.floor(math.log10(raw))
    step *= next(m for m in (1, 2, 2.5, 5, 10) if raw <= m * step)
    start = math.floor(low / step) * step
    ticks, t = [], start
    while t < high + step * 0.999:
        ticks.append(round(t, 10))
        t += step
    return ticks


def _chart(c: Canvas, s: Slide, x: float, y: float, w: float, h: float) -> None:
    values = [v for series in s.series for v in series.values if v is not None]
    legend_h = 22.0
    ticks = nice_ticks(min(values, default=0.0), max(values, default=1.0))
    lo, hi = ticks[0], ticks[-1]
    label_w = max(stringWidth(says(t, s.unit).replace(" weeks", ""), "Helvetica", 9) for t in ticks) + 8
    px, py, pw, ph = x + label_w, y + legend_h + 26, w - label_w, h - legend_h - 26

    def ypos(v: float) -> float:
        return py + (v - lo) / (hi - lo) * ph

    c.setFont("Helvetica", 9)
    for t in ticks:
        c.setStrokeColor(colors.HexColor("#DDDDDD"))
        c.line(px, ypos(t), px + pw, ypos(t))
        c.setFillColor(GREY)
        c.drawRightString(px - 4, ypos(t) - 3, says(t, s.unit).replace(" weeks", ""))
    n = max(1, len(s.categories))
    slot = pw / n
    every = max(1, math.ceil(n * 60 / pw))  # room for ~60 pt per label
    for i, cat in enumerate(s.categories):
        if i % every == 0:
            c.setFillColor(GREY)
            c.drawCentredString(px + slot * (i + 0.5), py - 14, cat[:22])
    if s.chart == "bar":
        bar = slot * 0.6
        for i, v in enumerate(s.series[0].values):
            if v is not None:
                c.setFillColor(COLOURS[0])
                c.rect(px + slot * i + (slot - bar) / 2, ypos(0), bar, ypos(v) - ypos(0), stroke=0, fill=1)
    else:
        for series, colour in zip(s.series, COLOURS, strict=False):
            c.setStrokeColor(colour)
            c.setFillColor(colour)
            c.setLineWidth(2)
            points = [(px + slot * (i + 0.5), v) for i, v in enumerate(series.values)]
            for (x0, v0), (x1, v1) in zip(points, points[1:], strict=False):
                if v0 is not None and v1 is not None:
                    c.line(x0, ypos(v0), x1, ypos(v1))
            for x0, v0 in points:
                if v0 is not None:
                    c.circle(x0, ypos(v0), 3, stroke=0, fill=1)
    c.setLineWidth(1)
    lx = px
    c.setFont("Helvetica", 10)
    for series, colour in zip(s.series, COLOURS, strict=False):
        c.setFillColor(colour)
        c.rect(lx, y + 4, 14, 8, stroke=0, fill=1)
        c.setFillColor(colors.black)
        c.drawString(lx + 18, y + 4, series.name)
        lx += 40 + stringWidth(series.name, "Helvetica", 10)


def _slide(c: Canvas, s: Slide, pack: DataPack) -> None:
    c.setFillColor(NAVY)
    c.setFont("Helvetica-Bold", 22)
    title = s.title if stringWidth(s.title, "Helvetica-Bold", 22) < W - 2 * M - 90 else s.title[:70] + "…"
    c.drawString(M, H - M - 14, title)
    c.setFillColor(GREY)
    c.setFont("Helvetica-Bold", 11)
    c.drawRightString(W - M, H - M - 10, f"Slide {s.number}")
    c.setFont("Helvetica", 8.5)
    c.drawString(M, 16, pack.footer)
    top = H - M - 34
    if s.kind == "title":
        for line in s.lines:
            top -= _para(c, line, LINE, M, top - 40, W - 2 * M) + 8
    elif s.kind == "contents":
        half = (len(s.lines) + 1) // 2
        c.setFillColor(colors.black)
        c.setFont("Helvetica", 10)
        for col, lines in enumerate((s.lines[:half], s.lines[half:])):
            for i, line in enumerate(lines):
                text = line if stringWidth(line, "Helvetica", 10) < (W - 2 * M) / 2 - 12 else line[:72] + "…"
                c.drawString(M + col * (W - 2 * M) / 2, top - 14 - i * 20.5, text)
    else:
        top -= _para(c, s.sentence, SENTENCE, M, top - 4, W - 2 * M) + 14
        note_h = 20 if s.note else 0
        if s.chart:
            c.setFillColor(GREY)
            c.setFont("Helvetica", 10)
            c.drawString(M, top - 6, s.axis)
            _chart(c, s, M, 30 + note_h, W - 2 * M, top - 22 - 30 - note_h)
        if s.note:
            c.setFillColor(GREY)
            c.setFont("Helvetica-Oblique", 10)
            c.drawString(M, 34, s.note)


def to_pdf(pack: DataPack) -> bytes:
    out = io.BytesIO()
    c = Canvas(out, pagesize=(W, H), pageCompression=1)
    c.setTitle(f"{pack.title}: {pack.who}")
    c.setAuthor("SEND performance dashboard")
    for s in pack.slides:
        _slide(c, s, pack)
        c.showPage()
    c.save()
    return out.getvalue()
