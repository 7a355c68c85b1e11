"""The data pack as PowerPoint (python-pptx): 16:9 slides, each measure's chart a native chart (so an officer
can restyle it or read its data in PowerPoint), its sentence, and "Slide N" on every slide."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Emu, Inches, Pt

from dashboard.format import PALETTE
from dashboard.reports.data_pack import DataPack, Slide

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
NAVY = RGBColor(0x1F, 0x3A, 0x5F)
GREY = RGBColor(0x55, 0x55, 0x55)
NUMBER_FORMAT = {"pct": '0.0"%"', "signed_pct": '+0.0"%";-0.0"%"', "weeks": "0.0", "pounds": '"£"#,##0',
                 "count": "#,##0"}


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


COLOURS = [_rgb(PALETTE["la"]), _rgb(PALETTE["england"]), _rgb(PALETTE["region"])]


def _text(slide, left: Emu, top: Emu, width: Emu, height: Emu, text: str, *, size: int, bold: bool = False,
          colour: RGBColor | None = None, name: str = ""):
    box = slide.shapes.add_textbox(left, top, width, height)
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.text = line
        para.font.size, para.font.bold = Pt(size), bold
        if colour is not None:
            para.font.color.rgb = colour
    return box


def _frame(slide, s: Slide, pack: DataPack) -> None:
    """Title, the footer line and the slide's number."""
    _text(slide, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN - Inches(1.3), Inches(0.9), s.title, size=26, bold=True,
          colour=NAVY, name="Title")
    _text(slide, MARGIN, HEIGHT - Inches(0.45), Inches(10), Inches(0.35), pack.footer, size=10, colour=GREY,
          name="Footer")
    _text(slide, WIDTH - MARGIN - Inches(1.2), Inches(0.35), Inches(1.2), Inches(0.4), f"Slide {s.number}",
          size=12, bold=True, colour=GREY, name="Slide number")


def _chart(slide, s: Slide) -> None:
    data = CategoryChartData(number_format=NUMBER_FORMAT.get(s.unit, "#,##0"))
    data.categories = s.categories
    for series in s.series:
        data.add_series(series.name, series.values)
    kind = XL_CHART_TYPE.LINE_MARKERS if s.chart == "line" else XL_CHART_TYPE.COLUMN_CLUSTERED
    frame = slide.shapes.add_chart(kind, MARGIN, Inches(2.2), WIDTH - 2 * MARGIN, Inches(4.5), data)
    frame.name = "Chart"
    chart = frame.chart
    chart.has_legend = len(s.series) > 1 or s.chart == "bar"
    if chart.has_legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
        chart.legend.font.size = Pt(12)
    chart.font.size = Pt(11)
    for series, colour in zip(chart.plots[0].series, COLOURS, strict=False):
        fill = series.format.line if s.chart == "line" else series.format.fill
        if s.chart == "line":
            fill.color.rgb, fill.width = colour, Pt(2.25)
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = colour
            series.smooth = False
        else:
            fill.solid()
            fill.fore_color.rgb = colour
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.tick_labels.font.size = Pt(11)
    chart.category_axis.tick_labels.font.size = Pt(10 if len(s.categories) > 8 else 11)


def to_pptx(pack: DataPack) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    blank = prs.slide_layouts[6]
    for s in pack.slides:
        slide = prs.slides.add_slide(blank)
        _frame(slide, s, pack)
        if s.kind == "title":
            _text(slide, MARGIN, Inches(2.0), WIDTH - 2 * MARGIN, Inches(4.5), "\n".join(s.lines), size=20)
        elif s.kind == "contents":
            half = (len(s.lines) + 1) // 2
            column = (WIDTH - 2 * MARGIN) / 2
            for i, lines in enumerate((s.lines[:half], s.lines[half:])):
                _text(slide, MARGIN + int(column * i), Inches(1.3), int(column) - Inches(0.2), Inches(5.6),
                      "\n".join(lines), size=11)
        else:
            _text(slide, MARGIN, Inches(1.2), WIDTH - 2 * MARGIN, Inches(0.9), s.sentence, size=16, name="Sentence")
            if s.chart:
                _text(slide, MARGIN, Inches(1.85), WIDTH - 2 * MARGIN, Inches(0.3), s.axis, size=11, colour=GREY,
                      name="Axis")
                _chart(slide, s)
            if s.note:
                _text(slide, MARGIN, Inches(6.7), WIDTH - 2 * MARGIN, Inches(0.35), s.note, size=11, colour=GREY,
                      name="Note")
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
