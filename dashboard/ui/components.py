"""Reusable page pieces: KPI tiles, charts with tooltips and CSV downloads, tables."""

from __future__ import annotations

import html
from collections.abc import Sequence

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.format import PALETTE, SERIES, Rag
from dashboard.formula_guard import safe_csv
from dashboard.measures.about import ABOUT
from dashboard.ui.tables import for_people, in_words
from dashboard.ui.tidy import natural_key


def about(kpi_id: str) -> None:
    """The "About this indicator" text under a chart or tile."""
    text = ABOUT.get(kpi_id)
    if text:
        with st.expander("About this indicator"):
            st.markdown(text)


def tile(label: str, value: str, *, delta: str | None = None, help: str | None = None,
         rag: Rag | None = None, delta_color: str = "normal", compare: str | None = None,
         delta_arrow: str = "auto") -> None:
    with st.container(border=True):
        # the label as text above the number: a metric's own label is cut off at the tile's width
        st.markdown(f"<div style='font-size:0.875rem;line-height:1.3'>{html.escape(label)}</div>",
                    unsafe_allow_html=True, help=help)
        st.metric(label, value, delta=delta, delta_color=delta_color, label_visibility="collapsed",
                  delta_arrow=delta_arrow)
        if compare:
            st.caption(compare)
        if rag is not None and rag.status != "none":
            st.markdown(rag.badge)


def csv_download(df: pd.DataFrame, name: str, *, label: str = "Download data (CSV)") -> None:
    st.download_button(label, safe_csv(df), file_name=f"{name}.csv",
                       mime="text/csv", key=f"dl-{name}", icon=":material/download:")


def table_with_download(df: pd.DataFrame | list, name: str, *, empty: str = "Nothing to show.") -> None:
    df = pd.DataFrame(df) if not isinstance(df, pd.DataFrame) else df
    if df.empty:
        st.info(empty)
        return
    shown, config = for_people(df)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config)
    csv_download(df, name)


def color_scale(names: Sequence[str]) -> alt.Scale:
    """Fixed colours for the benchmarks (England black, region orange, comparators green); others in turn."""
    spare = iter([c for c in SERIES if c not in (PALETTE["england"], PALETTE["region"], PALETTE["comparators"])])
    colours = []
    for n in names:
        if n.startswith("England"):
            colours.append(PALETTE["england"])
        elif "(region)" in n:
            colours.append(PALETTE["region"])
        elif n.startswith("Comparators"):
            colours.append(PALETTE["comparators"])
        else:
            colours.append(next(spare, PALETTE["grey"]))
    return alt.Scale(domain=list(names), range=colours)


def _plottable(df: pd.DataFrame, y: str, title: str) -> pd.DataFrame | None:
    """``df`` with ``y`` numeric (a suppressed "c" is not plotted), or None, having said there is no data,
    when there is nothing to plot (no rows, or no columns at all: an empty list of rows)."""
    if df.empty or y not in df.columns:
        st.info(f"No data for {title.lower()} yet.")
        return None
    return df.assign(**{y: pd.to_numeric(df[y], errors="coerce")})


def line_chart(df: pd.DataFrame, *, x: str, y: str, series: str, title: str, y_title: str,
               name: str, x_type: str = "O", percent: bool = False, height: int = 320) -> None:
    """A line chart of ``y`` by ``x`` for each ``series`` (this LA, England, region...), with tooltips."""
    download = df
    df = _plottable(df, y, title)
    if df is None:
        return
    if df[y].notna().sum() == 0:
        st.info(f"No data for {title.lower()} yet.")
        return
    df = df.dropna(subset=[y])
    names = list(dict.fromkeys(df[series]))  # the legend lists only the lines drawn
    fmt = ".1f" if percent else ",.0f"
    chart = (
        alt.Chart(df, title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X(f"{x}:{x_type}", title=None),
            y=alt.Y(f"{y}:Q", title=y_title),
            color=alt.Color(f"{series}:N", scale=color_scale(names), title=None,
                            legend=alt.Legend(orient="bottom", labelLimit=360, columns=2)),
            strokeDash=alt.StrokeDash(f"{series}:N", legend=None),
            tooltip=[alt.Tooltip(f"{series}:N", title="Area"), alt.Tooltip(f"{x}:{x_type}", title=x.replace("_", " ")),
                     alt.Tooltip(f"{y}:Q", title=y_title, format=fmt)],
        )
        .properties(height=height)
    )
    st.altair_chart(chart, width="stretch")
    csv_download(download, name)


def bar_chart(df: pd.DataFrame, *, x: str, y: str, title: str, y_title: str, name: str,
              color: str | None = None, x_type: str = "O", stack: bool = True, height: int = 300,
              horizontal: bool = False, sort_x: bool = False, keep_order: bool = False) -> None:
    """Bars of ``y`` by ``x`` (codes in words), grouped or stacked by ``color``. ``sort_x`` orders the
    categories by name ("CW2" before "CW10"); a horizontal chart orders them by size and never cuts a label."""
    download = df
    df = _plottable(df, y, title)
    if df is None:
        return
    if df[y].fillna(0).sum() == 0:
        st.info(f"No data for {title.lower()} yet.")
        return
    df = df.assign(**{c: in_words(df[c]) for c in (x, color) if c})
    if horizontal:  # every category gets a readable row
        height = max(height, 28 * df[x].nunique() * (df[color].nunique() if color and not stack else 1) + 60)
    order = sorted(dict.fromkeys(df[x]), key=natural_key) if sort_x else None
    if keep_order:  # the rows' own order (a journey's stages)
        order = list(dict.fromkeys(df[x]))
    few = df[x].nunique() <= 6  # a handful of categories: their labels read across, not up the page
    enc_x = alt.X(f"{x}:{x_type}", title=None, sort=order,
                  axis=alt.Axis(labelLimit=0, labelAngle=0) if few else alt.Axis(labelLimit=0))
    enc_y = alt.Y(f"{y}:Q", title=y_title, stack=stack or None)
    tooltip = [alt.Tooltip(f"{x}:{x_type}"), alt.Tooltip(f"{y}:Q", format=",.0f", title=y_title)]
    chart = alt.Chart(df, title=title).mark_bar()
    if horizontal:
        enc_x = alt.X(f"{y}:Q", title=y_title)
        enc_y = alt.Y(f"{x}:{x_type}", title=None, sort=order or "-x", axis=alt.Axis(labelLimit=0))
    encoding = {"x": enc_x, "y": enc_y, "tooltip": tooltip}
    if color:
        names = [str(n) for n in dict.fromkeys(df.loc[df[y].notna(), color])]  # only the bars drawn
        # years are ordered: a sequential scheme keeps every year distinguishable
        scale = alt.Scale(scheme="blues", domain=names) if all(n.isdigit() for n in names) else color_scale(names)
        encoding["color"] = alt.Color(f"{color}:N", scale=scale, title=None,
                                      legend=alt.Legend(orient="bottom", labelLimit=360))
        tooltip.insert(0, alt.Tooltip(f"{color}:N"))
        if not stack:  # side by side
            encoding["yOffset" if horizontal else "xOffset"] = alt.YOffset(f"{color}:N") if horizontal \
                else alt.XOffset(f"{color}:N")
    else:
        encoding["color"] = alt.value(PALETTE["la"])
    st.altair_chart(chart.encode(**encoding).properties(height=height), width="stretch")
    csv_download(download, name)


