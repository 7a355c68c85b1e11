"""RAG ratings and movement words, worked out from shown values only (a hidden "c" rates as not shown)."""

from __future__ import annotations

from dataclasses import dataclass

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


NOT_SHOWN = Rag("none", "Not shown (small numbers)")
NO_TARGET = Rag("none", "No target")


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
    return Rag("red", "Below target" if higher_is_better else "Above target")


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
