"""Numbers for people, RAG ratings and the colour-blind-safe palette. No Streamlit here."""

from __future__ import annotations

from dashboard.measures.rating import SUPPRESSED, Rag, num, rag  # noqa: F401 - re-exported for the pages

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
