"""Every figure of a catalogue measure as a (protected) KPI object holds it, and the evidence beside a
programme action: its linked measure's latest value, target, RAG and England's figure.

Read from the object :func:`~dashboard.disclosure.kpis.protect_kpis` returns, so a small count shows as
``"c"`` here exactly as on the pages and in the briefing. The data pack draws each measure's slide from
:func:`measure_figures`; the Programme page and the reports put :func:`evidence` beside each action.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from dashboard.disclosure.layout import layout, rebuild
from dashboard.measures.catalogue import BY_KEY
from dashboard.measures.headlines import headlines
from dashboard.measures.published import bench
from dashboard.measures.rating import NO_TARGET, Rag, rating

Value = int | float | str | None


@dataclass(frozen=True)
class Figure:
    period: str  # "2025", "2025-10", "2025-01-16", "2025-Q3"
    category: str | None  # a breakdown's category (need, age band, setting...), None for the total
    value: Value


@dataclass(frozen=True)
class Evidence:
    measure: str  # the catalogue key
    label: str
    unit: str
    period: str  # the period the value is for ("" when there is none)
    value: Value  # None: no figure; "c": hidden (small numbers)
    target: float | None
    rag: Rag
    england: float | None
    region: float | None


def measure_figures(k: dict) -> dict[str, list[Figure]]:
    """Each catalogue measure's figures in ``k``, in the order the object holds them (one figure met at two
    locations is listed once)."""
    out: dict[str, list[Figure]] = defaultdict(list)
    seen: set[tuple[str, str, str | None]] = set()
    figures = layout().figures

    def leaf(pattern: str, period: str, category: str | None, value: object) -> object:
        found = figures.get(pattern)
        if found is not None and not isinstance(value, dict | list):
            measure, loc = found
            cat = loc.category or category
            key = (measure.key, period, cat)
            if key not in seen:
                seen.add(key)
                out[measure.key].append(Figure(period, cat, value))  # type: ignore[arg-type]
        return value

    rebuild(k, leaf)
    return dict(out)


def _year(period: str) -> int | None:
    return int(period[:4]) if period[:4].isdigit() else None


def latest(figures: list[Figure]) -> Figure | None:
    """The total (no category) of the latest period that has a value; else the latest period's first."""
    totals = [f for f in figures if f.category is None and f.value is not None]
    if totals:
        return max(totals, key=lambda f: f.period)
    shown = [f for f in figures if f.value is not None]
    return max(shown, key=lambda f: f.period) if shown else None


def evidence(k: dict, measure_key: str, settings: dict, *, figures: dict[str, list[Figure]] | None = None,
             heads: list | None = None) -> Evidence | None:
    """The linked measure's latest figure with its target, RAG and published England and regional figures;
    None for a key the catalogue does not know. A measure with a headline (Overview tile) takes the
    headline's period and value, so the action shows what the Overview shows."""
    m = BY_KEY.get(measure_key)
    if m is None:
        return None
    target = float(settings[m.target]) if m.target else None
    better = None if m.better is None else m.better == "higher"
    margin = float(settings["amber_margin_pct"])
    for h in heads if heads is not None else headlines(k, settings):
        if h.measure_key == measure_key and h.period_key:
            return Evidence(m.key, m.label, m.unit, h.period, h.value, target, h.rag, h.england, h.region)
    figs = figures if figures is not None else measure_figures(k)
    last = latest(figs.get(measure_key, []))
    if last is None:
        return Evidence(m.key, m.label, m.unit, "", None, target, NO_TARGET if target is None else rating(
            None, target, margin=margin), None, None)
    year = _year(last.period)
    return Evidence(m.key, m.label, m.unit, last.period, last.value, target,
                    rating(last.value, target, margin=margin, higher_is_better=better is not False),
                    bench(k, "england", m.benchmark, year), bench(k, "region", m.benchmark, year))


def evidence_table(k: dict, actions: pd.DataFrame, settings: dict) -> pd.DataFrame:
    """One row per action that names a measure: ref, measure, label, period, value, target, rag (word),
    england, region."""
    figs, heads = measure_figures(k), headlines(k, settings)
    rows = []
    for ref, key in zip(actions["ref"], actions["measure"], strict=True):
        if not isinstance(key, str) or not key:
            continue
        e = evidence(k, key, settings, figures=figs, heads=heads)
        if e is not None:
            rows.append({"ref": ref, "measure": e.measure, "label": e.label, "unit": e.unit, "period": e.period,
                         "value": e.value, "target": e.target, "rag": e.rag.word, "england": e.england,
                         "region": e.region})
    return pd.DataFrame(rows, columns=["ref", "measure", "label", "unit", "period", "value", "target", "rag",
                                       "england", "region"])
