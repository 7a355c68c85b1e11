"""RAG ratings and movement words, worked out from shown values only (a hidden "c" rates as not shown)."""

from __future__ import annotations

from dashboard.format import SUPPRESSED, Rag, rag

NOT_SHOWN = Rag("none", "Not shown (small numbers)")
NO_TARGET = Rag("none", "No target")


def rating(value: object, target: float | None, *, margin: float, higher_is_better: bool = True) -> Rag:
    """:func:`rag`, with a hidden value rated "not shown" and no target "no target"."""
    if target is None:
        return NO_TARGET
    if value == SUPPRESSED:
        return NOT_SHOWN
    return rag(value if isinstance(value, int | float) else None, target, amber_margin=margin,
               higher_is_better=higher_is_better)


def movement(current: object, previous: object, higher_is_better: bool | None) -> str:
    """Improved / Worsened / No change (Up / Down for measures that are neither good nor bad); "–"
    when either value is missing or suppressed."""
    if not isinstance(current, int | float) or not isinstance(previous, int | float):
        return "–"
    if current == previous:
        return "No change"
    up = current > previous
    if higher_is_better is None:
        return "Up" if up else "Down"
    return "Improved" if up == higher_is_better else "Worsened"
