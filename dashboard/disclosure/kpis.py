"""The KPI object as a viewer, a CSV download or a briefing may show it (SPEC section 5). Default-deny.

One mechanism for every viewer-facing output: every count the catalogue declares becomes a cell of one
:class:`~dashboard.disclosure.system.Cells` system with the catalogue's ties (parts of a total, categories
of a breakdown, months of a year or quarter, a stock and its flows), which hides counts of 1 to
threshold-1 and every cell that the shown ones would give away by subtraction, through one tie or
several together. A rate is hidden when any count it is built from is; a growth when either year's
count is; a statistic (median weeks) with its count. Anything the catalogue does not declare is never
shown: an undeclared number becomes "c", undeclared text is dropped, and undeclared lists (lists of
individual children) become empty. DfE's published figures are public and pass unchanged, and so is a
figure of this LA equal to the DfE's publication for it (same period, all children): such counts are
public cells (never hidden, never complements; what follows from them alone is public too), and
``suppressed.published`` lists every (measure, period) shown because the DfE publishes it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from functools import cache

from dashboard.disclosure.layout import layout, rebuild
from dashboard.disclosure.system import Cells
from dashboard.measures.catalogue import CATALOGUE, TIES
from dashboard.measures.model import Breakdown, Flow, Measure, Periods, Sum, node_at, parse
from dashboard.measures.published import is_published
from dashboard.suppression import SUPPRESSED

Key = tuple[str, str, str | None]  # (measure, period, category)


def _figure(pattern: str, category: str | None) -> tuple[Measure, str | None] | None:
    found = layout().figures.get(pattern)
    if found is None:
        return None
    measure, loc = found
    return measure, loc.category or category


@cache
def _costs() -> dict[str, float]:
    """The counts behind a rate with a target (the headline figures), and plans maintained, are hidden as
    complements only when nothing else will do."""
    dear = {part for m in CATALOGUE if m.target for part in m.parts} | {"plans_maintained"}
    return {m.key: 1.0 if m.key in dear else 0.0 for m in CATALOGUE}


def register(k: dict, cells: Cells) -> dict[str, list[str]]:
    """Add every declared count of ``k`` to ``cells``; returns the periods of each list block in order."""
    order: dict[str, list[str]] = defaultdict(list)
    cost = _costs()

    def leaf(pattern: str, period: str, category: str | None, value: object) -> object:
        found = _figure(pattern, category)
        if found and found[0].kind == "count" and not isinstance(value, str):
            measure, cat = found
            cells.add((measure.key, period, cat), value, cost=cost[measure.key])
        if found:
            block = pattern.rsplit("[", 1)[0] if "[" in pattern else pattern
            if not order[block] or order[block][-1] != period:
                order[block].append(period)
        return value

    rebuild(k, leaf)
    return order


def _index(cells: Cells) -> dict[str, dict[tuple[str, str | None], Key]]:
    by: dict[str, dict[tuple[str, str | None], Key]] = defaultdict(dict)
    for key in cells.keys():
        if isinstance(key, tuple) and len(key) == 3:
            by[key[0]][(key[1], key[2])] = key  # type: ignore[index]
    return by


def _coarse(month: str, coarse: str) -> str:
    return month[:4] if coarse == "year" else f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def tie_up(k: dict, cells: Cells) -> None:
    """Declare the catalogue's ties between the registered cells (each only where the data bears it out)."""
    by = _index(cells)
    for tie in TIES:
        if isinstance(tie, Sum):
            for (period, cat), total in by[tie.total].items():
                members: list[Hashable] = [(p, period, cat) for p in tie.parts]
                if all(m in cells for m in members):
                    if tie.rest:
                        cells.add_rest((tie.rest, period, cat), total, members)
                    else:
                        cells.tie(total, members)
        elif isinstance(tie, Breakdown):
            parts: dict[str, list[Key]] = defaultdict(list)
            for (period, cat), key in by[tie.categories].items():
                if cat is not None and (not tie.only or cat in tie.only):
                    parts[period].append(key)
            for period, members in parts.items():
                total = (tie.total, period, tie.total_category)
                if total in cells:
                    if tie.rest:  # e.g. age not recorded
                        cells.add_rest((f"{tie.categories} (rest)", period, None), total, members)
                    else:
                        cells.tie(total, members)
        elif isinstance(tie, Periods):
            groups: dict[tuple[str, str | None], list[Key]] = defaultdict(list)
            for (period, cat), key in by[tie.measure].items():
                if len(period) == 7 and period[4] == "-" and period[5:].isdigit():
                    groups[(_coarse(period, tie.coarse), cat)].append(key)
            for (coarse, cat), months in groups.items():
                if (tie.measure, coarse, cat) in cells:
                    cells.tie((tie.measure, coarse, cat), months)
        elif isinstance(tie, Flow):
            _flow(k, tie, cells)


def _flow(k: dict, tie: Flow, cells: Cells) -> None:
    """stock(d) + out(m) = stock(d before) + in(m), through an undisplayed cell, for consecutive months."""
    loc = parse(tie.by)
    rows = node_at(k, loc.block)
    pairs = [(str(r[loc.row_key]), str(r[loc.value])) for r in (rows if isinstance(rows, list) else [])]
    for (before, _), (day, month) in zip(pairs, pairs[1:], strict=False):
        stock, prev = (tie.stock, day, None), (tie.stock, before, None)
        out, inflow = (tie.outflow, month, None), (tie.inflow, month, None)
        if not all(c in cells for c in (stock, prev, out, inflow)):
            continue
        values = [cells.value(c) for c in (stock, out, prev, inflow)]
        if None in values or values[0] + values[1] != values[2] + values[3]:  # type: ignore[operator]
            continue
        via = ("flow", tie.stock, day)
        cells.add(via, values[0] + values[1], shown=False)  # type: ignore[operator]
        cells.tie(via, [stock, out])
        cells.tie(via, [prev, inflow])


def publish(k: dict, cells: Cells) -> None:
    """Mark every count equal to the DfE's publication for this LA, period and breakdown as public."""
    by_key = {m.key: m for m in CATALOGUE}
    for key in cells.keys():
        if isinstance(key, tuple) and len(key) == 3 and key[2] is None:
            measure = by_key.get(key[0])
            if measure is not None and is_published(k, measure, key[1], cells.value(key)):
                cells.publish(key)


def protected_cells(k: dict, threshold: int, *, protect_derived: bool = True) -> tuple[Cells, dict[str, list[str]]]:
    cells = Cells(threshold, protect_derived=protect_derived)
    order = register(k, cells)
    tie_up(k, cells)
    publish(k, cells)
    cells.protect()
    return cells, order


def withhold_finance(k: dict) -> dict:
    """``k`` with its high-needs money withheld (a new object; ``k`` is not changed): only whether finance is
    loaded remains. Viewers get this unless the ``show_finance_to_viewers`` setting is on."""
    if "finance" not in k:
        return k
    fin = k["finance"] or {}
    return {**k, "finance": {"loaded": bool(fin.get("loaded")), "shown": False, "current_year": None, "years": [],
                             "by_line": [], "cost_per_placement": {}, "projected": [],
                             "savings": {"target": None, "delivered": None, "delivered_pct": None,
                                         "by_status": {}, "by_workstream": []}}}


def protect_kpis(k: dict, *, threshold: int = 5, protect_derived: bool = True, show_finance: bool = False) -> dict:
    """The viewer's copy of the KPI object: see the module docstring. The high-needs money is withheld
    unless ``show_finance`` (the ``show_finance_to_viewers`` setting)."""
    if not show_finance:
        k = withhold_finance(k)
    cells, order = protected_cells(k, threshold, protect_derived=protect_derived)
    lay = layout()
    public: set[tuple[str, str]] = set()

    def hidden(measure: str, period: str, cat: str | None) -> bool:
        for key in ((measure, period, cat), (measure, period, None)):
            if key in cells:
                return cells.hidden(key)
        return True  # a figure built on a count the object does not hold: nothing vouches for it

    def previous(pattern: str, period: str) -> str | None:
        periods = order.get(pattern.rsplit("[", 1)[0], [])
        i = periods.index(period) if period in periods else -1
        return periods[i - 1] if i > 0 else None

    def leaf(pattern: str, period: str, category: str | None, value: object) -> object:
        found = _figure(pattern, category)
        if found is None:
            if pattern in lay.labels:
                return value
            return None if value is None or isinstance(value, str) else SUPPRESSED
        measure, cat = found
        if value is None:
            return None
        if measure.kind == "count":
            key = (measure.key, period, cat)
            if key in cells and cells.public(key):  # marked by publish(): published, all children
                public.add((measure.key, period))
            return cells.count(key)
        if measure.kind == "growth":
            before = previous(pattern, period)
            gone = before is None or hidden(measure.parts[0], period, cat) or hidden(measure.parts[0], before, cat)
        else:
            gone = any(hidden(part, period, cat) for part in measure.parts)
        if cat is None and is_published(k, measure, period, value):
            public.add((measure.key, period))
            return value  # the DfE's own published figure for this LA is no secret
        return SUPPRESSED if gone else value

    out = rebuild(k, leaf)
    out["suppressed"] = {"threshold": threshold,
                         "published": [list(p) for p in sorted(public)]}
    return out
