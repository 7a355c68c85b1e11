"""Numbers for people, RAG ratings and the colour-blind-safe palette, shared by the app (`ui`) and the
briefing. No Streamlit here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
