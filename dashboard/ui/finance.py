"""The High-needs finance page's parts: the balance against the agreement (with the forecast's projection),
budget against forecast outturn by line, savings by workstream and status, and cost per placement."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.suppression import SUPPRESSED
from dashboard.ui import components as ui
from frames.finance import LINE_LABELS, STATUSES

STATUS_WORDS = {"purple": "Purple: re-planning needed", "red": "Red", "amber": "Amber", "green": "Green",
                "blue": "Blue: delivered"}


def money(value: object, *, signed: bool = False) -> str:
    """£12.3m / £450k / £900 (a deficit as -£4.1m)."""
    if value == SUPPRESSED:
        return SUPPRESSED
    if not isinstance(value, int | float):
        return "–"
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    v = abs(float(value))
    if v >= 1e6:
        return f"{sign}£{v / 1e6:,.1f}m"
    if v >= 1e4:
        return f"{sign}£{v / 1e3:,.0f}k"
    return f"{sign}£{v:,.0f}"


def tiles(fin: dict) -> None:
    years = {y["financial_year"]: y for y in fin["years"]}
    now = years.get(fin.get("current_year")) or (fin["years"][-1] if fin["years"] else {})
    c1, c2, c3 = st.columns(3)
    c1.metric(f"In-year balance {now.get('financial_year', '')}", money(now.get("in_year_balance"), signed=True),
              help="High-needs income less the forecast outturn at the latest month (negative: overspend).")
    c2.metric("Cumulative balance", money(now.get("cumulative_balance"), signed=True),
              delta=None if now.get("cumulative_gap") is None else f"{money(now['cumulative_gap'], signed=True)} against the agreement",
              help="The running sum of the loaded years' in-year balances, against the trajectory agreed with the DfE.")
    sav = fin.get("savings") or {}
    c3.metric("Savings delivered", money(sav.get("delivered")),
              help="Summed over every loaded year, against the target.")
    c3.caption(f"of {money(sav.get('target'))} targeted")


def _m(value: object) -> float | None:
    return round(value / 1e6, 2) if isinstance(value, int | float) else None


def balance_chart(fin: dict) -> None:
    """Cumulative balance per financial year against the agreement's trajectory, and the forecast's projection."""
    rows = []
    for y in fin["years"]:
        rows.append({"year": y["financial_year"], "series": "Cumulative balance", "m": _m(y.get("cumulative_balance"))})
        rows.append({"year": y["financial_year"], "series": "Agreement: planned cumulative balance",
                     "m": _m(y.get("planned_cumulative_balance"))})
    projected = fin.get("projected") or []
    now = next((y for y in fin["years"] if y["financial_year"] == fin.get("current_year")), None)
    if projected and now:  # the projection starts from this year's position
        rows.append({"year": now["financial_year"], "series": "Projected from the forecast",
                     "m": _m(now.get("cumulative_balance"))})
    for p in projected:
        rows.append({"year": p["financial_year"], "series": "Projected from the forecast", "m": _m(p.get("cumulative_balance"))})
        rows.append({"year": p["financial_year"], "series": "Agreement: planned cumulative balance",
                     "m": _m(p.get("planned_cumulative_balance"))})
    df = pd.DataFrame(rows, columns=["year", "series", "m"]).dropna(subset=["m"])
    bars = pd.DataFrame([{"year": y["financial_year"], "m": _m(y.get("in_year_balance"))} for y in fin["years"]],
                        columns=["year", "m"]).dropna()
    if df.empty and bars.empty:
        st.info("No balances to draw yet.")
        return
    order = sorted(set(df["year"]) | set(bars["year"]))
    x = alt.X("year:O", title="Financial year", sort=order)
    bar = alt.Chart(bars).mark_bar(opacity=0.35, color="#505a5f").encode(
        x=x, y=alt.Y("m:Q", title="£ million"), tooltip=["year", alt.Tooltip("m:Q", format=",.2f", title="in-year £m")])
    lines = alt.Chart(df).mark_line(point=True).encode(
        x=x, y="m:Q", color=alt.Color("series:N", title=None, scale=ui.color_scale(list(dict.fromkeys(df["series"]))),
                                      legend=alt.Legend(orient="bottom", labelLimit=400)),
        strokeDash=alt.condition(alt.datum.series == "Cumulative balance", alt.value([1, 0]), alt.value([5, 3])),
        tooltip=["series", "year", alt.Tooltip("m:Q", format=",.2f", title="£m")])
    rule = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="black").encode(y="y:Q")
    st.altair_chart(alt.layer(bar, lines, rule).properties(
        title="High-needs balance against the agreement, £ million (bars: in-year balance; negative = deficit)",
        height=380), width="stretch")
    cols = ("income", "forecast_outturn", "in_year_balance", "planned_in_year_balance", "cumulative_balance",
            "planned_cumulative_balance", "cumulative_gap", "dfe_contribution")
    ui.table_with_download(pd.DataFrame([{"financial_year": y["financial_year"], "latest_period": y.get("period"),
                                          **{c: pounds(y.get(c)) for c in cols}} for y in fin["years"]]),
                           "high-needs-balance")


def pounds(value: object) -> object:
    """Whole pounds for a table ("c" and blanks as they are)."""
    return round(value) if isinstance(value, float) and value == value else value


def lines_table(fin: dict) -> None:
    cols = ("budget", "forecast_outturn", "actual_to_date", "variance")
    rows = [{"line": r.get("label") or LINE_LABELS.get(r["line"], r["line"]), **{c: pounds(r.get(c)) for c in cols},
             "variance_pct": r.get("variance_pct")} for r in fin.get("by_line") or []]
    ui.table_with_download(pd.DataFrame(rows), "high-needs-budget-by-line", empty="No budget lines for the current year.")


def cost_per_placement(fin: dict) -> None:
    rows = [{"line": r.get("label") or r["line"], "forecast_outturn": pounds(r.get("forecast_outturn")),
             "plans": r.get("plans"), "cost_per_placement": pounds(r.get("cost_per_placement"))}
            for r in fin.get("by_line") or [] if r["line"] != "income"]
    ui.table_with_download(pd.DataFrame(rows), "cost-per-placement", empty="No placement lines for the current year.")
    st.caption("Plans in each line's settings at the January of the financial year; for the year in progress, the "
               "forecast for that January. A line with no plans has no cost per placement.")


def savings(fin: dict) -> None:
    sav = fin.get("savings") or {}
    ws = sav.get("by_workstream") or []
    if not ws:
        st.info("No savings plan loaded (the finance workbook's `savings` sheet).")
        return
    df = pd.DataFrame([{"workstream": w["workstream"], "measure": m, "pounds": w.get(k)} for w in ws
                       for m, k in (("Target", "target"), ("Delivered", "delivered"))])
    st.altair_chart(alt.Chart(df).mark_bar().encode(
        y=alt.Y("workstream:N", title=None, axis=alt.Axis(labelLimit=300)), x=alt.X("pounds:Q", title="£"), yOffset="measure:N",
        color=alt.Color("measure:N", title=None), tooltip=["workstream", "measure", alt.Tooltip("pounds:Q", format=",.0f")]
    ).properties(title="Savings delivered against target, by workstream (all loaded years)", height=60 + 50 * len(ws)),
        width="stretch")
    by = sav.get("by_status") or {}
    ui.table_with_download(pd.DataFrame([{"status": STATUS_WORDS[s], "schemes": (by.get(s) or {}).get("count"),
                                          "savings_target": pounds((by.get(s) or {}).get("target")),
                                          "delivered": pounds((by.get(s) or {}).get("delivered"))} for s in STATUSES]),
                           "savings-by-status")
    ui.table_with_download(pd.DataFrame([{"workstream": w["workstream"], "schemes": w.get("count"),
                                          "savings_target": pounds(w.get("target")), "delivered": pounds(w.get("delivered")),
                                          "delivered_pct": w.get("delivered_pct")} for w in ws]),
                           "savings-by-workstream")


def projection_table(fin: dict) -> None:
    cols = ("placement_cost", "income", "in_year_balance", "cumulative_balance", "planned_cumulative_balance")
    rows = [{"financial_year": p["financial_year"], "projected_plans": p.get("plans"), **{c: pounds(p.get(c)) for c in cols}}
            for p in fin.get("projected") or []]
    ui.table_with_download(pd.DataFrame(rows), "forecast-cost", empty="No cost per placement to project with.")
