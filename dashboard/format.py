"""Numbers for people, RAG ratings and the colour-blind-safe palette, shared by the app (`ui`) and the
briefing; and the look the briefing's PDF and the programme reports' PDFs share (ReportLab, imported only
when one of the ``pdf_`` helpers is called). No Streamlit here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = {
    "la": "#0072B2",  # blue: this LA
    "england": "#000000",
    "region": "#E69F00",  # orange
    "comparators": "#009E73",  # green
    "ex": "#56B4E9",  # sky blue
    "accent": "#D55E00",  # vermillion
    "grey": "#999999",
}
SERIES = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


SUPPRESSED = "c"


def num(value: object) -> float | int | None:
    """A value for arithmetic: None for a suppressed ("c") or missing one."""
    return None if value is None or value == SUPPRESSED else value  # type: ignore[return-value]


@dataclass(frozen=True)
class Rag:
    status: str  # green | amber | red | none
    word: str  # shown with the colour so it never relies on colour alone

    @property
    def badge(self) -> str:
        """Streamlit markdown for a coloured badge carrying the word (colour is never the only cue)."""
        colour = {"green": "green", "amber": "orange", "red": "red"}.get(self.status, "gray")
        symbol = {"green": "✓", "amber": "!", "red": "✗"}.get(self.status, "–")
        return f":{colour}-badge[{symbol} {self.word}]"


def rag(value: float | None, target: float | None, *, amber_margin: float = 10.0,
        higher_is_better: bool = True) -> Rag:
    """Green at or beyond the target, amber within ``amber_margin`` points of it, red beyond that."""
    value = num(value)
    if value is None or target is None:
        return Rag("none", "No target" if target is None else "No data")
    gap = (value - target) if higher_is_better else (target - value)
    if gap >= 0:
        return Rag("green", "On target")
    if gap >= -amber_margin:
        return Rag("amber", "Near target")
    # said as what is wrong: "above target" alone reads as good news
    return Rag("red", "Below target" if higher_is_better else f"Above the target of {target:,g} (higher is worse)")


def fmt_int(value: float | int | str | None) -> str:
    if value == SUPPRESSED:
        return SUPPRESSED
    if value is None:
        return "–"
    return f"{int(round(value)):,}"


def fmt_pct(value: float | str | None, *, signed: bool = False) -> str:
    if value == SUPPRESSED:
        return SUPPRESSED
    if value is None:
        return "–"
    return f"{value:+.1f}%" if signed else f"{value:.1f}%"


def fmt_pp(value: float | None) -> str:
    """A change in percentage points."""
    if value is None:
        return "–"
    return f"{value:+.1f} pts"


def change(current: float | str | None, previous: float | str | None) -> float | None:
    current, previous = num(current), num(previous)
    if current is None or previous is None:
        return None
    return round(current - previous, 1)


def fmt_change(moved: float | None, compared: str, *, points: bool = False, word: str = "on") -> str | None:
    """A change and what it is compared with: "+24.9 pts on 2023", "-115 on 2023", "no change since
    January". None when there is no change to show (either value missing or hidden)."""
    if moved is None:
        return None
    if moved == 0:
        return f"no change {word} {compared}"
    return f"{moved:+.1f} pts {word} {compared}" if points else f"{moved:+,.0f} {word} {compared}"


def filters_text(needs: Sequence[str], age_bands: Sequence[str], *, need: str, age: str) -> str:
    """The need and age-band filters in words: ``need`` and ``age`` lead their lists ("primary need ASD; age
    5-10"); "all children and young people" when there is neither."""
    parts = []
    if needs:
        parts.append(need + ", ".join(needs))
    if age_bands:
        parts.append(age + ", ".join(age_bands))
    return "; ".join(parts) or "all children and young people"


def _local_zone() -> dt.tzinfo:
    try:
        return ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:  # no time-zone database on this machine: say UTC rather than guess
        return dt.UTC


def local_time(value: object) -> str:
    """A time the database holds in UTC (naive) as a UK date and time: "2 Dec 2026 06:44" (BST in summer);
    "–" when missing."""
    if value is None or value != value:  # None, NaN or NaT
        return "–"
    when = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    zone = _local_zone()
    local = when.astimezone(zone)
    return f"{local.day} {local:%b %Y %H:%M}" + ("" if zone is not dt.UTC else " UTC")


# --------------------------------------------------------------------------- PDF (ReportLab)

PDF_HEADER_HEX = "#DDEBF7"  # a table's header row
PDF_CELL_PAD = 3.0  # points left and right of a table cell's text
PDF_CELL_FONT_SIZE = 7.5


def pdf_styles(*, title: tuple[float, float, float], h1: tuple[float, float],
               h2: tuple[float, float]) -> dict[str, ParagraphStyle]:
    """The paragraph styles (title, h1, h2, body, big, note, cell, num, head): ``title`` is (font size,
    leading, space after), ``h1`` (font size, space after), ``h2`` (space before, space after)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    base, cell = getSampleStyleSheet(), PDF_CELL_FONT_SIZE
    return {
        "title": ParagraphStyle("t", parent=base["Title"], fontSize=title[0], leading=title[1], spaceAfter=title[2]),
        "h1": ParagraphStyle("h1", parent=base["Heading1"], fontSize=h1[0], spaceBefore=6, spaceAfter=h1[1]),
        "h2": ParagraphStyle("h2", parent=base["Heading3"], fontSize=10.5, spaceBefore=h2[0], spaceAfter=h2[1]),
        "body": ParagraphStyle("b", parent=base["BodyText"], fontSize=9.5, leading=12.5),
        "big": ParagraphStyle("big", parent=base["BodyText"], fontSize=13, leading=18, spaceAfter=6),
        "note": ParagraphStyle("n", parent=base["BodyText"], fontSize=8, leading=10,
                               textColor=colors.HexColor("#444444"), fontName="Helvetica-Oblique"),
        "cell": ParagraphStyle("c", parent=base["BodyText"], fontSize=cell, leading=9),
        "num": ParagraphStyle("cn", parent=base["BodyText"], fontSize=cell, leading=9, alignment=TA_RIGHT),
        "head": ParagraphStyle("ch", parent=base["BodyText"], fontSize=cell, leading=9, fontName="Helvetica-Bold"),
    }


def pdf_column_widths(header: Sequence[str], body: Sequence[Sequence[str]], width: float) -> list[float]:
    """Column widths that fill ``width``: no word is broken when possible; long texts wrap first."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pad = 2 * PDF_CELL_PAD + 1.0
    least: list[float] = []
    natural: list[float] = []
    for j, label in enumerate(header):
        texts = [r[j] for r in body]
        words = [w for t in [*texts, label] for w in t.split()] or [""]
        least.append(max(stringWidth(w, "Helvetica-Bold", PDF_CELL_FONT_SIZE) for w in words) + pad)
        natural.append(max([least[-1], *(stringWidth(t, "Helvetica", PDF_CELL_FONT_SIZE) + pad for t in texts)]))
    if sum(natural) <= width:
        return [w * width / sum(natural) for w in natural]
    if sum(least) >= width:
        return [w * width / sum(least) for w in least]
    share = (width - sum(least)) / (sum(natural) - sum(least))
    return [lo + (hi - lo) * share for lo, hi in zip(least, natural, strict=True)]


def pdf_table_style() -> list[tuple]:
    """A table's grid, header fill, top alignment and cell padding (TableStyle commands; add fills after)."""
    from reportlab.lib import colors

    every = ((0, 0), (-1, -1))
    return [("GRID", *every, 0.4, colors.HexColor("#BBBBBB")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(PDF_HEADER_HEX)), ("VALIGN", *every, "TOP"),
            ("TOPPADDING", *every, 2), ("BOTTOMPADDING", *every, 2),
            ("LEFTPADDING", *every, PDF_CELL_PAD), ("RIGHTPADDING", *every, PDF_CELL_PAD)]


def pdf_footer(canvas: Any, page: int, *, page_width: float, margin: float, text: str, below: str = "") -> None:
    """A page's footer in small grey type: ``text`` at the left, cut (ending "…") to leave room for "Page N"
    at the right (a long LA name); ``below``, when given, under ``text`` on the page number's line."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    canvas.saveState()
    canvas.setFont("Helvetica", 7.5)
    canvas.setFillColor(colors.HexColor("#555555"))
    number = f"Page {page}"
    room = page_width - 2 * margin - canvas.stringWidth(number, "Helvetica", 7.5) - 6 * mm
    while canvas.stringWidth(text, "Helvetica", 7.5) > room and len(text) > 1:
        text = text[:-2] + "…"
    canvas.drawString(margin, (12 if below else 8.5) * mm, text)
    if below:
        canvas.drawString(margin, 8.5 * mm, below)
    canvas.drawRightString(page_width - margin, 8.5 * mm, number)
    canvas.restoreState()
