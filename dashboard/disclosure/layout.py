"""Where the catalogue's figures sit in the KPI object: every leaf as (pattern, period, category).

:func:`rebuild` walks a KPI object and rebuilds it leaf by leaf through a callback that is told each
leaf's normalised path (``timeliness.by_year[year].issued``), its period (the row's year, month, date...,
or the as-at date outside a list) and its category (a dict key, or a row's category). Lists the catalogue
does not declare (lists of individual cases) are dropped; DfE's published figures pass unchanged.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from dashboard.measures.catalogue import CATALOGUE, LABELS, PUBLISHED
from dashboard.measures.model import Location, Measure, parse

Leaf = Callable[[str, str, str | None, object], object]  # (pattern, period, category, value) -> shown value


@dataclass(frozen=True)
class Layout:
    figures: dict[str, tuple[Measure, Location]]  # leaf pattern -> the measure it shows
    blocks: dict[str, tuple[str, bool]]  # list path -> (row key field, row key is a category)
    category_dicts: frozenset[str]  # patterns ending in "{}"
    labels: frozenset[str]


@cache
def layout() -> Layout:
    figures: dict[str, tuple[Measure, Location]] = {}
    blocks: dict[str, tuple[str, bool]] = {}
    labels = set(LABELS)
    for measure in CATALOGUE:
        for at in measure.at:
            loc = parse(at)
            if loc.pattern in figures:
                raise ValueError(f"{loc.pattern} is claimed by {figures[loc.pattern][0].key} and {measure.key}.")
            figures[loc.pattern] = (measure, loc)
            if loc.row_key:
                known = blocks.setdefault(loc.block, (loc.row_key, loc.row_is_category))
                if known != (loc.row_key, loc.row_is_category):
                    raise ValueError(f"{loc.block} is keyed two ways in the catalogue.")
                labels.add(f"{loc.block}[{loc.row_key}].{loc.row_key}")
    dicts = frozenset(p for p in figures if p.endswith("{}"))
    return Layout(figures, blocks, dicts, frozenset(labels))


def _join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


def rebuild(k: dict, leaf: Leaf) -> dict:
    """A copy of ``k`` whose every leaf is ``leaf(pattern, period, category, value)``."""
    lay = layout()
    as_at = str(k.get("as_at"))

    def walk(node: object, path: str, period: str, category: str | None) -> object:
        if path == PUBLISHED:
            return copy.deepcopy(node)
        if isinstance(node, dict):
            if path + "{}" in lay.category_dicts:
                return {key: leaf(path + "{}", period, str(key), v) for key, v in node.items()}
            return {key: walk(v, _join(path, key), period, category) for key, v in node.items()}
        if isinstance(node, list):
            if path in lay.blocks:
                field, is_category = lay.blocks[path]
                return [walk(row, f"{path}[{field}]", period if is_category else str(row.get(field)),
                             str(row.get(field)) if is_category else category) for row in node]
            return list(node) if path in lay.labels else []
        return leaf(path, period, category, node)

    return walk(k, "", as_at, None)  # type: ignore[return-value]
