"""The Overview page's tiles: the headline figures the briefing shows, from the same function."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.format import Rag, change, fmt_change, fmt_int, fmt_pct, local_time
from dashboard.measures.catalogue import BY_KEY
from dashboard.measures.headlines import Headline, bench_label, figure, headlines
from dashboard.ui import components as ui


@dataclass
class Tile:
    label: str
    value: str
    delta: str | None = None
    compare: str | None = None
    rag: Rag | None = None
    help: str | None = None
    delta_color: str = "normal"
    delta_arrow: str = "auto"
    key: str = ""  # the headline it shows (:mod:`dashboard.measures.headlines`)
    also: tuple[str, ...] = ()  # headlines shown in its text and RAG

    def __post_init__(self) -> None:
        if self.delta and self.delta.startswith("no change"):  # no arrow: nothing went up or down
            self.delta_arrow = "off"

    def show(self) -> None:
        ui.tile(self.label, self.value, delta=self.delta, compare=self.compare, rag=self.rag, help=self.help,
                delta_color=self.delta_color, delta_arrow=self.delta_arrow)


def has_data(k: dict) -> bool:
    return bool(k["timeliness"]["by_year"] or k["ehcps"]["january"] or k["requests"]["by_year"])


def _bench_text(h: Headline, region: str | None) -> str | None:
    parts = [f"{bench_label('England', h.bench_scope)} {fmt_pct(h.england)}"] if h.england is not None else []
    if h.region is not None:
        parts.append(f"{bench_label(region or 'Region', h.bench_scope)} {fmt_pct(h.region)}")
    return f"{h.bench_year}: " + " · ".join(parts) if parts else None


def _pp(h: Headline, compared: str | None = None) -> str | None:
    """The change in points and what it is compared with: "+24.9 pts on 2023"."""
    return fmt_change(change(h.value, h.previous), compared or h.previous_period, points=True)


def _value(h: Headline) -> str:
    return fmt_int(h.value) if h.kind == "count" else fmt_pct(h.value, signed=h.kind == "signed_pct")


def _parts(k: dict, h: Headline) -> tuple | None:
    """(numerator, denominator) of a rate headline for its period, as the KPI object shows them."""
    parts = BY_KEY[h.measure_key].parts
    if len(parts) != 2 or not h.period_key:
        return None
    return tuple(figure(k, p, h.period_key) for p in parts)


def _counts(k: dict, h: Headline, unit: str) -> str | None:
    """"36 of 40 plans": the counts a rate is built from, for its period."""
    both = _parts(k, h)
    return None if both is None else f"{fmt_int(both[0])} of {fmt_int(both[1])} {unit}"


def tiles(k: dict, settings: dict) -> list[Tile]:
    """One tile per headline (:func:`dashboard.measures.headlines.headlines`, as the briefing's table): the
    same value, period, RAG and benchmark; the decisions and complaints-on-time headlines sit in the
    requests and complaints tiles."""
    h = {x.key: x for x in headlines(k, settings)}
    region = ((k.get("benchmarks") or {}).get("region") or {}).get("name")
    target = settings["target_timeliness_pct"]
    out: list[Tile] = []
    m = h["timeliness_month"]
    month = pd.Period(m.period_key, freq="M").strftime("%B %Y")
    out.append(Tile(f"Plans within 20 weeks, {month}", _value(m), delta=_pp(m),
                    compare=_counts(k, m, "plans, excluding exceptions"), rag=m.rag, key=m.key))
    y = h["timeliness_ytd"]
    out.append(Tile(f"Within 20 weeks, {y.period}", _value(y),
                    compare=f"{_counts(k, y, 'plans')}; target {target:.0f}%", rag=y.rag, key=y.key))
    last = h["timeliness_last_year"]
    out.append(Tile(f"Within 20 weeks, {last.period}", _value(last), delta=_pp(last),
                    compare=_bench_text(last, region), rag=last.rag, key=last.key))
    p = h["plans_maintained"]
    out.append(Tile("EHC plans maintained", _value(p), delta=fmt_change(change(p.value, p.previous),
                                                                          p.previous_period, word="since"),
                    delta_color="off", key=p.key))
    g = h["plans_growth"]
    out.append(Tile(f"Growth in plans, {g.period}", _value(g), compare=_bench_text(g, region), delta_color="off",
                    key=g.key))
    r, d = h["requests"], h["decisions_6_weeks"]
    out.append(Tile(f"Requests for assessment, {r.period}", _value(r),
                    delta=fmt_change(change(r.value, r.previous), r.previous_period), delta_color="off",
                    compare=" · ".join(filter(None, (f"Decided within 6 weeks: {_value(d)}", _bench_text(d, region)))),
                    rag=d.rag, key=r.key, also=(d.key,)))
    f, v, i = h["refusals"], h["reviews_4_weeks"], h["independent_share"]
    out.append(Tile(f"Requests refused an assessment, {f.period}", _value(f), delta=_pp(f), delta_color="off",
                    compare=_bench_text(f, region), key=f.key))
    out.append(Tile(f"Annual reviews decided within 4 weeks, {v.period}", _value(v), delta=_pp(v),
                    compare=_bench_text(v, region), rag=v.rag, key=v.key))
    out.append(Tile(f"In independent or non-maintained schools, {i.period}", _value(i), delta=_pp(i),
                    delta_color="inverse", compare=_bench_text(i, region), key=i.key))
    o = h["open_over_20_weeks"]
    oa = k["timeliness"].get("open_assessments") or {}
    out.append(Tile(o.measure, _value(o), compare=f"{fmt_int(oa.get('weeks_16_to_20'))} more at 16–20 weeks; "
                    f"{fmt_int(oa.get('total'))} open", rag=o.rag, key=o.key))
    c, t = h["complaints"], h["complaints_on_time"]
    if c.no_data:  # the complaints log ends before the quarter began: no data, not 0
        quarter = c.period_key.replace("-", " ")
        out.append(Tile(f"Complaints, {quarter[-2:]} {quarter[:4]} to date", "No data", delta_color="off",
                        compare=f"No complaints data: {c.no_data}.", key=c.key, also=(t.key,)))
    elif c.value is not None:
        quarter = c.period_key.replace("-", " ")
        out.append(Tile(f"Complaints, {quarter[-2:]} {quarter[:4]} to date", _value(c),
                        delta=fmt_change(change(c.value, c.previous), f"all of {c.previous_period}"),
                        delta_color="inverse", compare=f"Answered on time: {_value(t)} · compliments: "
                        f"{fmt_int(figure(k, 'compliments', c.period_key))}", rag=t.rag, key=c.key, also=(t.key,)))
    for key, what in (("transfers_02-15", "School phase transfers"), ("transfers_03-31", "Post-16 transfers")):
        if key in h:
            x, due = h[key], dt.date.fromisoformat(h[key].period_key)
            out.append(Tile(f"{what} on time, {due:%b %Y}", _value(x),
                            delta=_pp(x, f"{due.replace(year=due.year - 1):%b %Y}"),
                            compare=f"{_counts(k, x, 'by ' + f'{due:%d %B}')}; "
                                    f"{fmt_int(figure(k, 'transfers_outstanding', x.period_key))} outstanding",
                            rag=x.rag, key=x.key))
    filtered = any(k["filters"].values())
    for t in out:
        head = h[t.key]
        if head.no_data and t.value == "–":  # a period after its source's end says so, rather than "–"
            t.value, t.rag, t.delta, t.compare = "No data", None, None, f"No data: {head.no_data}."
        if head.published:  # the DfE's own figure for this LA: say so, as the briefing does
            t.compare = "Published by DfE" + (f" · {t.compare}" if t.compare else "")
        for key in (t.key, *t.also):
            few = _few(k, h[key])
            if few:  # "(3 of 7)" unless the tile says it already, then the caution
                counts = f"{few[0]} of {few[1]}"
                said = t.compare is not None and counts in t.compare
                t.compare = " · ".join(filter(None, (t.compare, f"{'' if said else f'({counts}) '}fewer than "
                                                                 f"{FEW} cases: read with care")))
        if filtered and t.key == "complaints":
            t.compare = f"{t.compare} · all children: complaints are not recorded by need or age"
    return out


FEW = 10  # a percentage on fewer cases than this says how many, and to read it with care


def _few(k: dict, h: Headline) -> tuple[str, str] | None:
    """The counts ("3", "7") of a rate on fewer than :data:`FEW` cases, else None."""
    both = _parts(k, h) if h.kind == "pct" and isinstance(h.value, int | float) else None
    if both is None:
        return None
    num, den = both
    if not isinstance(den, int) or not 0 < den < FEW:
        return None
    return fmt_int(num), fmt_int(den)


def last_import_text(history: pd.DataFrame) -> str:
    """The newest import that loaded (one interrupted or failed since changed nothing)."""
    loaded = history[history["status"] == "loaded"] if history is not None and not history.empty else None
    if loaded is None or loaded.empty:
        return "No files imported yet."
    last = loaded.iloc[0]
    return f"Last import: {last['file_name']} ({last['kind']}) at {local_time(last['finished_at'])}."
