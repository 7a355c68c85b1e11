"""The scrutiny briefing: suppressed content (:func:`build_briefing`) and its XLSX, HTML and PDF exports."""

from __future__ import annotations

from pathlib import Path

from dashboard.briefing.content import build_briefing
from dashboard.briefing.model import Briefing

FORMATS = (".xlsx", ".html", ".pdf")
MIME = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".html": "text/html", ".pdf": "application/pdf"}


def render(briefing: Briefing, suffix: str) -> bytes:
    """The briefing as the bytes of an .xlsx, .html or .pdf file."""
    suffix = suffix.lower()
    if suffix == ".xlsx":
        from dashboard.briefing.xlsx import to_xlsx

        return to_xlsx(briefing)
    if suffix == ".html":
        from dashboard.briefing.html import to_html

        return to_html(briefing).encode("utf-8")
    if suffix == ".pdf":
        from dashboard.briefing.pdf import to_pdf

        return to_pdf(briefing)
    raise ValueError(f"The briefing can be written as {', '.join(FORMATS)}, not '{suffix or 'no extension'}'.")


def write(briefing: Briefing, path: Path) -> None:
    path.write_bytes(render(briefing, path.suffix))


__all__ = ["FORMATS", "MIME", "Briefing", "build_briefing", "render", "write"]
