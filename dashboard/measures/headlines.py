"""The headline figures, one list for the Overview tiles and the briefing's headline table and sentences.

Each headline names a catalogue measure and a period rule (the latest complete month, the year to date,
last year, this quarter, the latest deadline passed...); its label, unit, direction, target setting and
benchmark come from the catalogue entry, and its value is read from the (protected) KPI object at the
measure's own locations, so the Overview and the briefing cannot show two different figures for one
measure, period or month.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from dashboard.measures.catalogue import BY_KEY
from dashboard.measures.coverage import after_end, ends_text, records_source
from dashboard.measures.model import node_at, parse
from dashboard.measures.published import bench, is_published  # noqa: F401 - bench: the one reader
from dashboard.measures.rating import Rag, movement, rating

Value = int | float | str | None


@dataclass(frozen=True)
class Headline:
    key: str
    measure: str
    kind: str  # count | pct | signed_pct
    period: str
    value: Value
    previous_period: str
    previous: Value
    england: float | None
    region: float | None
    bench_year: int | None
    target: float | None
    rag: Rag
    movement: str  # Improved / Worsened / No change / Up / Down / "–"
    period_key: str = ""  # machine form of the period: "2025-10", "2025", "2025-02-15"
    measure_key: str = ""  # the catalogue entry
    published: bool = False  # the value is the DfE's published figure for this LA (public)
    bench_scope: str = ""  # a filtered view's benchmark breakdown: "ages 5-10", or "all children"
    no_data: str = ""  # why the period has no figure: "the complaints log ends on 31 December 2024"


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def month_label(month: str) -> str:
    return pd.Period(month, freq="M").strftime("%b %Y")


def figure(k: dict, measure: str, period: str, category: str | None = None) -> Value:
    """The value of a catalogue measure for one period (and category) as the KPI object holds it (its first
    location that holds one)."""
    for at in BY_KEY[measure].at:
        loc = parse(at)
        if loc.category is not None and loc.category != category:
            continue
        node = node_at(k, loc.block)
        if loc.row_key is None:
            rows = [node] if period == k.get("as_at") and isinstance(node, dict) else []
        else:
            rows = [r for r in node if str(r.get(loc.row_key)) == period] if isinstance(node, list) else []
        for row in rows:
            value = row.get(loc.value[:-2] if loc.categories else loc.value)
            if loc.categories:
                value = value.get(category) if isinstance(value, dict) else None
            if value is not None:
                return value
    return None


def latest_complete_month(as_at: dt.date) -> str:
    last_day = calendar.monthrange(as_at.year, as_at.month)[1]
    month = pd.Period(as_at, freq="M")
    return str(month if as_at.day == last_day else month - 1)


def bench_scope(k: dict, key: str | None) -> str:
    """Which breakdown the published ``key`` series is in a filtered view ("ages 5-10", "all children");
    "" for an unfiltered view, where it is simply the area's figure."""
    return str((((k.get("benchmarks") or {}).get("scope") or {}).get(key or "")) or "")


def bench_label(area: str, scope: str) -> str:
    """"England", "England, all children" (a filtered view compared with everyone), "England, ages 5-10"."""
    return f"{area}, {scope}" if scope else area


def _bench_year(k: dict, key: str | None, not_after: int) -> int | None:
    """The latest year England has a published value for ``key``, not after ``not_after``."""
    series = (((k.get("benchmarks") or {}).get("england") or {}).get(key or "")) or {}
    years = [int(y) for y, v in series.items() if v is not None and int(y) <= not_after]
    return max(years) if years else None


# period rules: (as_at, kpis) -> (period key, label, previous period key, label, benchmark year)
Rule = Callable[[dt.date, dict], tuple[str, str, str, str, int | None]]


def _month(as_at: dt.date, k: dict):
    """The latest complete month with plans issued; as-at's own month only when no earlier one has any (a
    month's figure hidden as "c" has plans: the choice is the same for a viewer and a lead)."""
    complete = latest_complete_month(as_at)
    issued = [r["month"] for r in k["timeliness"]["by_month"] if r.get("issued_ex") not in (0, None)]
    m = max((x for x in issued if x <= complete), default=max(issued, default=complete))
    prev = str(pd.Period(m, freq="M") - 1)
    return m, month_label(m), prev, month_label(prev), int(m[:4])


def _ytd(as_at: dt.date, k: dict):
    return str(as_at.year), f"{as_at.year} to date", str(as_at.year - 1), str(as_at.year - 1), as_at.year


def _last_year(as_at: dt.date, k: dict):
    y = as_at.year - 1
    return str(y), str(y), str(y - 1), str(y - 1), y


def _on_as_at_vs_january(as_at: dt.date, k: dict):
    jan = {r["year"]: r["date"] for r in k["ehcps"]["january"]}
    return (as_at.isoformat(), f"On {long_date(as_at)}", jan.get(as_at.year, ""), f"January {as_at.year}", None)


def _january(as_at: dt.date, k: dict):
    jan = {r["year"]: r["date"] for r in k["ehcps"]["january"]}
    y = as_at.year
    return jan.get(y, ""), f"January {y}", jan.get(y - 1, ""), f"January {y - 1}", y


def _quarter(as_at: dt.date, k: dict):
    quarters = [q["quarter"] for q in k["complaints"].get("by_quarter") or []]
    now = f"{as_at.year}-Q{(as_at.month - 1) // 3 + 1}"
    before = quarters[quarters.index(now) - 1] if now in quarters and quarters.index(now) else ""
    label = now.replace("-Q", " Q")
    return now, f"{label} (to {as_at:%d %b})", before, before.replace("-Q", " Q") or "–", None


def _deadline(suffix: str) -> Rule:
    def rule(as_at: dt.date, k: dict):
        due = sorted(t["due_date"] for t in k["transitions"] if t["due_date"].endswith(suffix)
                     and t["due_date"] <= as_at.isoformat())
        if not due:
            return "", "–", "", "–", None
        last, before = due[-1], f"{int(due[-1][:4]) - 1}-{suffix}"
        return (last, f"Due {long_date(dt.date.fromisoformat(last))}", before,
                f"Due {long_date(dt.date.fromisoformat(before))}", None)
    return rule


@dataclass(frozen=True)
class Spec:
    key: str
    measure: str
    rule: Rule
    category: str | None = None
    target: float | None = None  # a fixed target (else the catalogue's target setting)
    margin: float | None = None  # a fixed amber margin (else the amber_margin_pct setting)
    better: str | None = None  # a direction for this headline (else the catalogue's)


SPECS: tuple[Spec, ...] = (
    Spec("timeliness_month", "timeliness_pct_ex", _month),
    Spec("timeliness_ytd", "timeliness_pct_ex", _ytd),
    Spec("timeliness_last_year", "timeliness_pct_ex", _last_year),
    Spec("plans_maintained", "plans_maintained", _on_as_at_vs_january),
    Spec("plans_growth", "plans_growth_pct", _january),
    Spec("requests", "requests", _last_year),
    Spec("decisions_6_weeks", "decided_within_6_weeks_pct", _last_year),
    Spec("refusals", "refusal_pct", _last_year),
    Spec("reviews_4_weeks", "reviews_within_4_weeks_pct", _last_year),
    Spec("independent_share", "independent_pct", _january),
    Spec("open_over_20_weeks", "open_by_weeks", lambda a, k: (a.isoformat(), f"On {long_date(a)}", "", "–", None),
         category="over 20 weeks", target=0.0, margin=5.0, better="lower"),
    Spec("complaints", "complaints", _quarter),
    Spec("complaints_on_time", "complaints_on_time_pct", _quarter),
    Spec("transfers_02-15", "transfers_on_time_pct", _deadline("02-15")),
    Spec("transfers_03-31", "transfers_on_time_pct", _deadline("03-31")),
)
LABELS = {"open_over_20_weeks": "Open assessments over 20 weeks",
          "transfers_02-15": "School phase transfers finalised on time",
          "transfers_03-31": "Post-16 transfers finalised on time"}


def headlines(k: dict, settings: dict) -> list[Headline]:
    """The headline rows for a (protected) KPI object, in the order the briefing shows them. A transfer
    deadline that has not yet passed once has no row."""
    as_at = dt.date.fromisoformat(k["as_at"])
    out = []
    for spec in SPECS:
        m = BY_KEY[spec.measure]
        period, label, before, before_label, year = spec.rule(as_at, k)
        if spec.key.startswith("transfers_") and not period:
            continue
        value = figure(k, m.key, period, spec.category) if period else None
        source = "complaints" if m.about == "complaints" else records_source(k)
        gap = ends_text(k, source) if value is None and after_end(k, source, period) else ""
        previous = figure(k, m.key, before, spec.category) if before else None
        direction = spec.better or m.better
        better = None if direction is None else direction == "higher"
        target = spec.target if spec.target is not None else (
            float(settings[m.target]) if m.target else None)
        margin = spec.margin if spec.margin is not None else float(settings["amber_margin_pct"])
        bench_year = _bench_year(k, m.benchmark, year) if m.benchmark and year else None
        out.append(Headline(
            spec.key, LABELS.get(spec.key, m.label), "signed_pct" if m.unit == "signed_pct" else m.unit, label,
            value, before_label, previous, bench(k, "england", m.benchmark, bench_year),
            bench(k, "region", m.benchmark, bench_year), bench_year, target,
            rating(value, target, margin=margin, higher_is_better=better is not False),
            movement(value, previous, better), period, m.key,
            published=bool(period) and is_published(k, m, period, value),
            bench_scope=bench_scope(k, m.benchmark) if m.benchmark else "", no_data=gap))
    return out
