"""The monthly highlight report as an editable Word document (python-docx), drawn from the same
:class:`~dashboard.reports.highlight.Highlight` model as the PDF: the title, the SRO, author, period and
as-at lines, the overall status with its reason, then the seven sections as Heading 1 (table captions as
Heading 2), each table a real Word table with a header row; status cells carry their word and are shaded
with the status colour (``w:shd`` on the cell's properties), so colour is never the only cue.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from dashboard.reports.highlight import HEADINGS, Block, Highlight, long_date
from dashboard.reports.pdf_kit import HEADER_HEX, STATUS_HEX


def shade(cell: _Cell, hex_colour: str) -> None:
    """Fill ``cell`` with ``hex_colour`` ("#RRGGBB") through a ``w:shd`` element on its ``w:tcPr``."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_colour.lstrip("#").upper())
    tc_pr.append(shd)


def _table(doc, b: Block) -> None:
    if b.caption:
        doc.add_heading(b.caption, level=2)
    t = doc.add_table(rows=1, cols=len(b.header))
    t.style = "Table Grid"
    for cell, label in zip(t.rows[0].cells, b.header, strict=True):
        cell.text = label
        cell.paragraphs[0].runs[0].bold = True
        shade(cell, HEADER_HEX)
    for i, row in enumerate(b.rows):
        cells = t.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
        status = b.statuses[i] if i < len(b.statuses) else None
        if b.status_col is not None and status in STATUS_HEX:
            shade(cells[b.status_col], STATUS_HEX[status])
    _mark_header(t)
    for row in t.rows:
        for cell in row.cells:
            for para in cell.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(8)
    doc.add_paragraph()


def _mark_header(t) -> None:
    """The first row repeats on every page and is announced as the header row."""
    tr_pr = t.rows[0]._tr.get_or_add_trPr()
    head = OxmlElement("w:tblHeader")
    head.set(qn("w:val"), "true")
    tr_pr.append(head)


def to_docx(h: Highlight) -> bytes:
    """The highlight report as a landscape A4 .docx (bytes)."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    doc.core_properties.title = h.title
    doc.core_properties.author = h.author
    doc.core_properties.subject = "Monthly highlight report"
    doc.add_heading(h.title, level=0)
    for label, value in (("Senior responsible owner", h.sro), ("Report author", h.author),
                         ("Period", h.period_text), ("As at", long_date(h.as_at))):
        para = doc.add_paragraph()
        para.add_run(f"{label}: ").bold = True
        para.add_run(value)
    for s in h.sections:
        doc.add_heading(s.heading, level=1)
        if s.heading == HEADINGS[0]:
            box = doc.add_table(rows=1, cols=1)
            box.style = "Table Grid"
            cell = box.rows[0].cells[0]
            cell.text = f"Overall status: {h.overall_word}"
            cell.paragraphs[0].runs[0].bold = True
            cell.paragraphs[0].runs[0].font.size = Pt(13)
            label = "Set by the programme (override)" if h.overridden else "Calculated"
            cell.add_paragraph(f"{label}; reason: {h.overall_reason}")
            if h.overall in STATUS_HEX:
                shade(cell, STATUS_HEX[h.overall])
            doc.add_paragraph()
        for text in s.text:
            doc.add_paragraph(text)
        for b in s.blocks:
            _table(doc, b)
    footer = section.footer.paragraphs[0]
    footer.text = f"{h.title} · {h.period_text} · as at {long_date(h.as_at)}"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
