"""The monthly data pack: numbered slides, one per catalogue measure in the catalogue's order, each a chart of
the LA beside England and its region with one plain-English sentence, after a title slide and contents.

Slide numbers depend only on the catalogue (a measure with no figures keeps its slide and says so), so "see
data pack slide 37" names the same measure every month. :func:`build_pack` makes the model (plain values
only) that :mod:`~dashboard.reports.data_pack_pptx` (native PowerPoint charts) and
:mod:`~dashboard.reports.data_pack_pdf` (one page per slide) both draw.

Every figure comes from the protected KPI object of :class:`~dashboard.reports.inputs.ReportInputs`: a small
number (and what would give it away) is "c" there, so it is a gap in the chart and "hidden" in the words,
exactly as in the scrutiny briefing. Money is in it only when the finance is shown.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from dashboard.disclosure.figures import Figure, evidence, measure_figures
from dashboard.format import SUPPRESSED, fmt_int, fmt_pct
from dashboard.measures.catalogue import BY_KEY
from dashboard.measures.categories import category_name
from dashboard.measures.headlines import headlines, long_date, month_label
from dashboard.measures.model import Measure
from dashboard.measures.published import bench
from dashboard.reports.inputs import ReportInputs

TITLE = "Monthly data pack"
CONTENTS_PER_SLIDE = 40  # two columns of 20
CONTENTS_SLIDES = math.ceil(len(BY_KEY) / CONTENTS_PER_SLIDE)
FIRST_MEASURE_SLIDE = 2 + CONTENTS_SLIDES
MAX_POINTS = 12
HIDDEN_NOTE = "c = hidden to protect small numbers (a gap in the chart)."
NO_FIGURES = "There are no figures for this measure in the loaded data."
WITHHELD = "The high-needs finance is shown to leads only, so this copy of the data pack leaves it out."
GRAINS = ("year", "date", "month", "quarter")  # the series a chart prefers, first to last
AXIS = {"year": "Each calendar year", "date": "At each date", "month": "Each month", "quarter": "Each quarter"}
ALL_HIDDEN = "Every figure of this measure is hidden to protect small numbers."


@dataclass(frozen=True)
class Series:
    name: str  # "This LA", "England", the region's name
    values: list[float | None]  # one per category; None is a gap (no figure, or hidden)


@dataclass(frozen=True)
class Slide:
    number: int
    kind: str  # title | contents | measure
    title: str
    sentence: str = ""
    lines: list[str] = field(default_factory=list)  # contents entries, or the title slide's lines
    chart: str = ""  # line | bar | "" (no figures)
    categories: list[str] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    unit: str = "count"
    axis: str = ""  # what a category is: "Each calendar year (2025 to date)", "At each date", ...
    key: str = ""
    note: str = ""  # under the chart: the hidden-value key, or why there is no chart


@dataclass(frozen=True)
class DataPack:
    title: str
    who: str
    as_at: dt.date
    slides: list[Slide]

    @property
    def footer(self) -> str:
        return f"{self.title}: {self.who}, as at {long_date(self.as_at)}"


def grain(period: str) -> str:
    if len(period) == 4 and period.isdigit():
        return "year"
    if len(period) == 7 and period[4] == "-" and period[5:].isdigit():
        return "month"
    if "-Q" in period:
        return "quarter"
    try:
        dt.date.fromisoformat(period[:10])
    except ValueError:
        return "text"  # already words (a headline's "Oct 2025")
    return "date"


def period_label(period: str) -> str:
    """"2025", "Oct 2025", "2025 Q3", "16 Jan 2025"."""
    g = grain(period)
    try:
        if g == "month":
            return month_label(period)
        if g == "quarter":
            return period.replace("-", " ")
        if g == "date":
            day = dt.date.fromisoformat(period[:10])
            return f"{day.day} {day:%b %Y}"
    except ValueError:
        pass
    return period


def says(value: object, unit: str) -> str:
    """A value in words as the tables write it: 1,234; 58.3%; +4.2%; 19.6 weeks; £1,234,000; c."""
    if value == SUPPRESSED:
        return SUPPRESSED
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return "–"
    if unit == "pct":
        return fmt_pct(value)
    if unit == "signed_pct":
        return fmt_pct(value, signed=True)
    if unit == "weeks":
        return f"{value:.1f} weeks"
    if unit == "pounds":
        return f"£{value:,.0f}"
    return fmt_int(value)


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _finance(m: Measure) -> bool:
    return m.unit == "pounds" or m.key.startswith("finance")


@dataclass(frozen=True)
class Chart:
    kind: str  # line | bar | "" (nothing to draw)
    categories: list[str]
    series: list[Series]
    hidden: bool  # a value in it is hidden
    axis: str = ""
    breakdown: list[tuple[str, object]] = field(default_factory=list)  # a bar chart's (category, value)
    period: str = ""  # a bar chart's period


def _year_label(period: str, as_at: dt.date) -> str:
    return f"{period} to date" if period == str(as_at.year) and (as_at.month, as_at.day) != (12, 31) else period


def chart_of(k: dict, m: Measure, figures: list[Figure], region: str) -> Chart:
    """Totals over time when the measure has them (yearly first, as England's and the region's figures are;
    at most the last 12 periods), else the latest period's breakdown as bars; an empty chart when there is
    nothing to draw (no figures, or every one hidden)."""
    as_at = dt.date.fromisoformat(k["as_at"])
    totals = [f for f in figures if f.category is None]
    by: dict[str, list[Figure]] = defaultdict(list)
    for f in totals:
        by[grain(f.period)].append(f)
    chosen = next((by[g] for g in GRAINS if len(by[g]) >= 2), None) or next((by[g] for g in GRAINS if by[g]), [])
    if chosen:
        points = sorted(chosen, key=lambda f: f.period)[-MAX_POINTS:]
        periods = [f.period for f in points]
        series = [Series("This LA", [_num(f.value) for f in points])]
        if m.benchmark and grain(periods[0]) in ("year", "date"):
            for area, name in (("england", "England"), ("region", region)):
                values = [bench(k, area, m.benchmark, int(p[:4])) for p in periods]
                if any(v is not None for v in values):
                    series.append(Series(name, values))
        hidden = any(f.value == SUPPRESSED for f in points)
        g = grain(periods[0])
        labels = [_year_label(p, as_at) if g == "year" else period_label(p) for p in periods]
        return _drawable(Chart("line", labels, series, hidden, AXIS[g]))
    cats = [f for f in figures if f.category is not None]
    if not cats:
        return Chart("", [], [], False)
    last = max(f.period for f in cats)
    shown = [f for f in cats if f.period == last]
    names = [category_name(m.key, f.category) for f in shown]  # in words: "Female", never "F"
    return _drawable(Chart("bar", names, [Series(f"This LA, {period_label(last)}", [_num(f.value) for f in shown])],
                           any(f.value == SUPPRESSED for f in shown), f"By category, {period_label(last)}",
                           [(n, f.value) for n, f in zip(names, shown, strict=True)], last))


def _drawable(chart: Chart) -> Chart:
    if any(v is not None for series in chart.series for v in series.values):
        return chart
    return Chart("", [], [], chart.hidden, breakdown=chart.breakdown, period=chart.period)


def the(region: str) -> str:
    """"the North West", "London", "Yorkshire and The Humber" (as a sentence names a region)."""
    return region if region in ("London", "the region") or region.startswith("Yorkshire") else f"the {region}"


def when(period: str) -> str:
    """"in 2025", "in Oct 2025", "in 2025 Q3", "at 16 Jan 2025"."""
    if not period:
        return "in the latest period"
    if grain(period) == "text":  # a headline's own words: "On 31 October 2025", "Due 15 February 2025"
        first, _, rest = period.partition(" ")
        return f"{first.lower()} {rest}" if first in ("On", "At", "In", "By", "To", "Due") and rest else f"in {period}"
    return ("at " if grain(period) == "date" else "in ") + period_label(period)  # "in Oct 2025"


def breakdown_sentence(m: Measure, chart: Chart) -> str:
    """A breakdown in words: its largest shown categories."""
    shown = sorted(((n, v) for n, v in chart.breakdown if _num(v) is not None), key=lambda nv: -float(nv[1]))
    if not shown:
        return ALL_HIDDEN if chart.hidden else NO_FIGURES
    top = ", then ".join(f"{n} ({says(v, m.unit)})" for n, v in shown[:3])
    hidden = "; some categories are hidden to protect small numbers" if chart.hidden else ""
    return f"{m.label} {when(chart.period)}: the largest {'is' if len(shown) == 1 else 'are'} {top}{hidden}."


def sentence(m: Measure, ev, region: str, *, has_figures: bool) -> str:
    """One plain-English sentence from the measure's latest figure (what the Overview and the reports show)."""
    if ev is None or ev.value is None:
        return NO_FIGURES if not has_figures else f"{m.label} has no single latest figure; the chart shows it."
    if ev.value == SUPPRESSED:
        return f"{m.label} {when(ev.period)}: hidden to protect small numbers."
    text = f"{m.label}: {says(ev.value, m.unit)} {when(ev.period)}"
    against = [f"{says(v, m.unit)} in {name}" for v, name in ((ev.england, "England"), (ev.region, the(region)))
               if v is not None]
    if against:
        text += ", against " + " and ".join(against)
    if ev.target is not None:
        text += f"; the target is {says(ev.target, m.unit)} ({ev.rag.word.lower()})"
    return text + "."


def _contents(start: int) -> list[Slide]:
    entries = [f"{FIRST_MEASURE_SLIDE + i}  {m.label}" for i, m in enumerate(BY_KEY.values())]
    return [Slide(start + n, "contents", "Contents" + (f" ({n + 1} of {CONTENTS_SLIDES})" if CONTENTS_SLIDES > 1
                                                        else ""),
                  lines=entries[n * CONTENTS_PER_SLIDE:(n + 1) * CONTENTS_PER_SLIDE]) for n in range(CONTENTS_SLIDES)]


def build_pack(inputs: ReportInputs) -> DataPack:
    k, settings = inputs.k, inputs.settings
    region = ((k.get("benchmarks") or {}).get("region") or {}).get("name") or "the region"
    figures, heads = measure_figures(k), headlines(k, settings)
    title = Slide(1, "title", TITLE, lines=[
        inputs.who, f"Figures as at {long_date(inputs.as_at)}",
        f"{len(BY_KEY)} measures, one a slide from slide {FIRST_MEASURE_SLIDE}, in the order of the measure "
        "catalogue (docs/measures.md); each shows England and the region where the DfE publishes them.",
        "Small numbers are hidden as in the scrutiny briefing (c). " +
        ("The high-needs finance is included." if inputs.show_finance else "The high-needs finance is not included."),
    ])
    slides = [title, *_contents(2)]
    for n, m in enumerate(BY_KEY.values()):
        number = FIRST_MEASURE_SLIDE + n
        figs = figures.get(m.key, [])
        if _finance(m) and not inputs.show_finance:
            slides.append(Slide(number, "measure", m.label, WITHHELD, unit=m.unit, key=m.key, note=WITHHELD))
            continue
        chart = chart_of(k, m, figs, region)
        totals = any(f.category is None for f in figs)
        ev = evidence(k, m.key, settings, figures=figures, heads=heads) if totals else None
        words = sentence(m, ev, region, has_figures=bool(figs)) if totals or not figs else breakdown_sentence(m, chart)
        hidden = chart.hidden or (ev is not None and ev.value == SUPPRESSED)
        note = (HIDDEN_NOTE if chart.kind else ALL_HIDDEN) if hidden else ("" if chart.kind else NO_FIGURES)
        slides.append(Slide(number, "measure", m.label, words, chart=chart.kind, categories=chart.categories,
                            series=chart.series, unit=m.unit, axis=chart.axis, key=m.key, note=note))
    return DataPack(TITLE, inputs.who, inputs.as_at, slides)


def render(inputs: ReportInputs, suffix: str) -> bytes:
    suffix = suffix.lower()
    if suffix == ".pptx":
        from dashboard.reports.data_pack_pptx import to_pptx

        return to_pptx(build_pack(inputs))
    if suffix == ".pdf":
        from dashboard.reports.data_pack_pdf import to_pdf

        return to_pdf(build_pack(inputs))
    raise ValueError(f"The monthly data pack is written as .pdf or .pptx, not {suffix}.")
