"""What a catalogue entry says about a measure, and how its figures tie to others.

A :class:`Measure` is declarative: its key, label, unit, which direction is better, where its figures sit
in the KPI object (``at``), the counts a rate is built from (``parts``), its target setting, its
benchmark key (and, for a count, the key of the LA's own published count: a figure equal to the DfE's
publication for this LA, period and breakdown is public), its "About this indicator" text and its glossary
term. Ties say how counts add up:

* :class:`Sum`: ``total = parts + rest`` in every period (and category) where all are present, ``rest``
  being an undisplayed count that follows from the others (plans issued late = issued - within);
* :class:`Breakdown`: a count's categories add up to a total (plans by need add up to plans maintained);
* :class:`Periods`: months add up to their year or quarter;
* :class:`Flow`: a stock and its flows, ``stock(month) + out(month) = stock(month before) + in(month)``.

A tie is only used where the data bears it out exactly (a tie that does not hold gives nothing away).

Locations (``at``) use a small path syntax over the KPI object:

* ``timeliness.by_year[year].issued``: a list of rows; the row's ``year`` is the period, ``issued`` the count;
* ``timeliness.open_assessments.by_team[:team].total``: a list of rows whose ``team`` is the category;
* ``ehcps.by_need{}``: a dict whose keys are the categories; the period is the as-at date;
* ``timeliness.open_over_20_weeks#over 20 weeks``: one value standing for one category (the same cell
  as ``by_weeks["over 20 weeks"]``, so the two are never shown differently).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

UNITS = ("count", "pct", "signed_pct", "weeks", "pounds")
KINDS = ("count", "rate", "growth", "stat")


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str  # one of UNITS
    kind: str = "count"  # count | rate (parts = numerator..., denominator) | growth (of parts[0]) | stat (of parts[0])
    at: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    better: str | None = None  # "higher" | "lower" | None (neither: a volume)
    target: str | None = None  # the settings key holding its target
    benchmark: str | None = None  # the key of its published figure in ``kpis["benchmarks"]``
    published: str | None = None  # the key of the LA's own published count in ``kpis["benchmarks"]["la_published"]``
    about: str | None = None  # the key of its "About this indicator" text
    glossary: str | None = None  # the glossary term that explains it
    note: str = ""  # one line on how it is counted, for docs/measures.md

    def __post_init__(self) -> None:
        if self.unit not in UNITS or self.kind not in KINDS:
            raise ValueError(f"Measure {self.key}: unit {self.unit!r} / kind {self.kind!r} is not known.")
        if self.kind != "count" and not self.parts:
            raise ValueError(f"Measure {self.key}: a {self.kind} names the counts it is built from.")


@dataclass(frozen=True)
class Sum:
    total: str
    parts: tuple[str, ...]
    rest: str | None = None  # an undisplayed count: total - sum(parts)


@dataclass(frozen=True)
class Breakdown:
    total: str
    categories: str  # a measure whose figures carry a category
    only: tuple[str, ...] = ()  # just these categories add up to the total (default: all of them)
    rest: bool = False  # the categories may leave some out (an undisplayed rest: e.g. age not known)
    total_category: str | None = None  # the total is itself one category of its measure


@dataclass(frozen=True)
class Periods:
    measure: str
    fine: str = "month"  # month
    coarse: str = "year"  # year | quarter


@dataclass(frozen=True)
class Flow:
    stock: str
    inflow: str
    outflow: str
    by: str  # a label location giving the flows' period (a month) for each period (a date) of the stock


Tie = Sum | Breakdown | Periods | Flow


@dataclass(frozen=True)
class Location:
    """One parsed ``at`` path: where the block is, how its rows are keyed, and the value inside a row."""

    block: str  # path of the list or dict ("timeliness.by_year", "ehcps")
    row_key: str | None  # field naming each row of a list (None: not a list)
    row_is_category: bool  # the row key is a category, not a period
    value: str  # path inside the row (or the block) to the value; ends in "{}" for a dict of categories
    category: str | None = None  # a fixed category (``#...``)
    pattern: str = field(default="", compare=False)  # the normalised leaf path this location matches

    @property
    def categories(self) -> bool:
        return self.value.endswith("{}")


def node_at(k: dict, path: str) -> object:
    """The part of the KPI object at a dotted path (``timeliness.by_year``), or None."""
    node: object = k
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


_LIST = re.compile(r"^(?P<block>[^\[]+)\[(?P<cat>:?)(?P<key>\w+)\]\.(?P<value>.+)$")


def parse(at: str) -> Location:
    """A :class:`Location` from the path syntax described in the module docstring."""
    path, _, category = at.partition("#")
    m = _LIST.match(path)
    if m:
        block, key, value = m["block"], m["key"], m["value"]
        return Location(block, key, bool(m["cat"]), value, category or None, f"{block}[{key}].{value}")
    block, _, value = path.rpartition(".")
    return Location(block, None, False, value, category or None, path)
