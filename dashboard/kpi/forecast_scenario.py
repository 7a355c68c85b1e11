"""A forecast scenario: what changes against the baseline cohort-flow model (stored by name, as JSON).

* ``request_growth_pct``: new plans a year grow by this % a year on top of the baseline (whose joiners are
  held at the three-year rate); projection year k multiplies the joiners by ``(1 + g/100) ** k``.
* ``moves``: ``(from_line, to_line, plans a year)``: in projection year k, ``k * plans`` move from the first
  finance line (:data:`frames.finance.PLACEMENT_LINES`) to the second, never more than the first holds;
  the total is unchanged.
* ``cease_16_19_pct``: change in the share of plans that end each year at ages 16-19: +10 means the leaving
  share ``1 - c`` becomes ``(1 - c) * 1.10`` (capped to [0, 1]).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields

from frames.finance import PLACEMENT_LINES

Move = tuple[str, str, float]


def _number(value: object, what: str) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"The {what} must be a number, not {value!r}.") from None
    if not math.isfinite(number):
        raise ValueError(f"The {what} must be a finite number, not {value!r}.")
    return number


def _move(move: object) -> Move:
    if isinstance(move, Mapping):
        move = (move.get("from_line"), move.get("to_line"), move.get("plans"))
    if not isinstance(move, list | tuple) or len(move) != 3:
        raise ValueError(f"A move is (from_line, to_line, plans a year), not {move!r}.")
    source, target, amount = move
    for line in (source, target):
        if line not in PLACEMENT_LINES:
            raise ValueError(f"'{line}' is not a placement line; use one of {', '.join(PLACEMENT_LINES)}.")
    if source == target:
        raise ValueError(f"A move must be between two different lines, not from '{source}' to itself.")
    plans = _number(amount, "number of plans moved a year")
    if plans < 0:
        raise ValueError(f"The plans moved a year from '{source}' to '{target}' cannot be negative ({plans:g}).")
    return (str(source), str(target), plans)


@dataclass(frozen=True)
class Scenario:
    """A named change to the baseline forecast; validated on creation (ValueError with a sentence)."""

    request_growth_pct: float = 0.0
    moves: tuple[Move, ...] = ()
    cease_16_19_pct: float = 0.0
    name: str = "Baseline"

    def __post_init__(self) -> None:
        growth = _number(self.request_growth_pct, "growth in new plans (%)")
        if growth < -100:
            raise ValueError(f"New plans cannot fall by more than 100% a year ({growth:g}%).")
        cease = _number(self.cease_16_19_pct, "change in plans ending at 16-19 (%)")
        if cease < -100:
            raise ValueError(f"The share of plans ending at 16-19 cannot fall by more than 100% ({cease:g}%).")
        if isinstance(self.moves, str | bytes) or not isinstance(self.moves, list | tuple):
            raise ValueError(f"The moves must be a list of (from_line, to_line, plans a year), not {self.moves!r}.")
        object.__setattr__(self, "request_growth_pct", growth)
        object.__setattr__(self, "cease_16_19_pct", cease)
        object.__setattr__(self, "moves", tuple(_move(m) for m in self.moves))
        object.__setattr__(self, "name", str(self.name).strip() or "Baseline")

    @property
    def is_baseline(self) -> bool:
        """True when nothing changes against the baseline model."""
        return not (self.request_growth_pct or self.cease_16_19_pct or any(m[2] for m in self.moves))

    def to_dict(self) -> dict:
        """A JSON-safe dict (moves as lists) that :meth:`from_dict` reads back."""
        return {"name": self.name, "request_growth_pct": self.request_growth_pct,
                "moves": [[a, b, n] for a, b, n in self.moves], "cease_16_19_pct": self.cease_16_19_pct}

    @classmethod
    def from_dict(cls, data: Mapping) -> Scenario:
        """The scenario :meth:`to_dict` wrote (missing keys take their defaults; an unknown key is an error)."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"Unknown scenario setting '{unknown[0]}'; the settings are {', '.join(sorted(known))}.")
        return cls(**{k: (tuple(v) if k == "moves" else v) for k, v in data.items()})
