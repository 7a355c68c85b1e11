"""The briefing's key charts as Altair specs built from its suppressed tables, and their images.

Only shown values reach a chart: a "c" is left out of the plotted data (a gap in a line, no bar) and
tooltips carry the same text the tables show. Images come from vl-convert (the Vega-Lite compiler and
renderer in one wheel: no browser, no Node, no system libraries), as PNG for the PDF and SVG for HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from dashboard.briefing.model import Briefing, fmt
from dashboard.format import PALETTE

WIDTH, HEIGHT = 520, 240
PAD = alt.AutoSizeParams(type="pad")  # the plot keeps its height; legends and labels add to it


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    chart: alt.Chart
    note: str = ""


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _areas(b: Briefing) -> tuple[list[str], list[str]]:
    region = f"{b.region_name} (region)" if b.region_name else "Region"
    return ["This LA", "England", region], [PALETTE["la"], PALETTE["england"], PALETTE["region"]]


def _drawn(df: pd.DataFrame, value: str, names: list[str], colours: list[str]) -> tuple[list[str], list[str]]:
    """The areas with at least one figure in ``df[value]``, with their colours: a legend lists only lines drawn
    (with no figure at all, this LA alone: an empty colour scale cannot be drawn)."""
    have = set(df.loc[df[value].notna(), "area"])
    kept = [(n, c) for n, c in zip(names, colours, strict=True) if n in have] or [(names[0], colours[0])]
    return [n for n, _ in kept], [c for _, c in kept]


def _timeliness(b: Briefing) -> Chart:
    names, colours = _areas(b)
    rows = []
    for r in b.table("timeliness_by_year").rows:
        for area, key in zip(names, ("pct_ex", "england", "region"), strict=True):
            rows.append({"year": str(r["year"]), "area": area, "value": _num(r.get(key)),
                         "shown": fmt(r.get(key), "pct")})
    df = pd.DataFrame(rows, columns=["year", "area", "value", "shown"])
    names, colours = _drawn(df, "value", names, colours)
    df = df[df["area"].isin(names)]
    chart = alt.Chart(df, title="% of EHC plans issued within 20 weeks (excluding exceptions)").mark_line(
        point=True).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title="% within 20 weeks", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("area:N", scale=alt.Scale(domain=names, range=colours), title=None,
                        legend=alt.Legend(orient="bottom")),
        strokeDash=alt.StrokeDash("area:N", legend=None),
        tooltip=[alt.Tooltip("area:N", title="Area"), alt.Tooltip("year:O", title="Year"),
                 alt.Tooltip("shown:N", title="% within 20 weeks")],
    ).properties(width=WIDTH, height=HEIGHT, autosize=PAD)  # a null (c, or no figure) breaks the line
    return Chart("timeliness", "20-week timeliness against England and the region", chart,
                 "Years shown as c in the table are gaps in this LA's line.")


def _monthly(b: Briefing) -> Chart:
    rows = [{"month": fmt(r["month"], "month"), "issued": _num(r.get("issued")),
             "issued_shown": fmt(r.get("issued"), "count"), "pct_shown": fmt(r.get("pct_ex"), "pct")}
            for r in b.table("timeliness_by_month").rows]
    df = pd.DataFrame(rows, columns=["month", "issued", "issued_shown", "pct_shown"])
    chart = alt.Chart(df, title="EHC plans issued each month").mark_bar(color=PALETTE["la"]).encode(
        x=alt.X("month:O", title=None, sort=None),
        y=alt.Y("issued:Q", title="Plans issued"),
        tooltip=[alt.Tooltip("month:O", title="Month"), alt.Tooltip("issued_shown:N", title="Plans issued"),
                 alt.Tooltip("pct_shown:N", title="% within 20 weeks (excl. exceptions)")],
    ).transform_filter("datum.issued != null").properties(width=WIDTH, height=HEIGHT, autosize=PAD)
    return Chart("monthly", "Plans issued each month", chart)


def _january(b: Briefing) -> Chart:
    rows = [{"year": str(r["year"]), "count": _num(r.get("count")), "count_shown": fmt(r.get("count"), "count"),
             "growth": fmt(r.get("growth_pct"), "signed_pct"), "england": fmt(r.get("england"), "signed_pct")}
            for r in b.table("plans_january").rows]
    df = pd.DataFrame(rows, columns=["year", "count", "count_shown", "growth", "england"])
    chart = alt.Chart(df, title="EHC plans maintained at January").mark_bar(color=PALETTE["la"]).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("count:Q", title="EHC plans"),
        tooltip=[alt.Tooltip("year:O", title="January"), alt.Tooltip("count_shown:N", title="EHC plans"),
                 alt.Tooltip("growth:N", title="Growth"), alt.Tooltip("england:N", title="England growth")],
    ).transform_filter("datum.count != null").properties(width=WIDTH, height=HEIGHT, autosize=PAD)
    return Chart("plans", "EHC plans at each January snapshot", chart)


def _needs(b: Briefing) -> Chart:
    rows = []
    for r in b.table("needs").rows:
        if r["need"] == "Total":
            continue
        for area, key in (("This LA", "share"), ("England", "england")):
            rows.append({"need": r["need"], "area": area, "share": _num(r.get(key)), "shown": fmt(r.get(key), "pct"),
                         "name": r["name"]})
    df = pd.DataFrame(rows, columns=["need", "area", "share", "shown", "name"])
    names, colours = _drawn(df, "share", ["This LA", "England"], [PALETTE["la"], PALETTE["england"]])
    chart = alt.Chart(df, title="Primary need: % of EHC plans, this LA and England").mark_bar().encode(
        x=alt.X("need:N", title=None, sort=None, axis=alt.Axis(labelAngle=-45)),
        xOffset=alt.XOffset("area:N"),
        y=alt.Y("share:Q", title="% of plans"),
        color=alt.Color("area:N", scale=alt.Scale(domain=names, range=colours),
                        title=None, legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("name:N", title="Need"), alt.Tooltip("area:N", title="Area"),
                 alt.Tooltip("shown:N", title="% of plans")],
    ).transform_filter("datum.share != null").properties(width=WIDTH, height=HEIGHT, autosize=PAD)
    return Chart("needs", "Primary needs against England", chart, "Needs shown as c are left out.")


def charts(b: Briefing) -> list[Chart]:
    """The key charts, most important first (the PDF takes the first three)."""
    return [_timeliness(b), _january(b), _needs(b), _monthly(b)]


def _spec(chart: alt.Chart) -> dict:
    return chart.configure_view(stroke=None).to_dict()


def to_png(chart: alt.Chart, *, scale: float = 2.0) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(_spec(chart), scale=scale)


def to_svg(chart: alt.Chart) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(_spec(chart))
