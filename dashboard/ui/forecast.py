"""The Forecast page's parts: the scenario panel, tiles, the chart with its range and the simple methods,
the backtests in words, the breakdowns, the model's inputs and the workbook download."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.format import fmt_int
from dashboard.kpi.forecast import METHODS
from dashboard.kpi.forecast_methods import backtest_sentence
from dashboard.kpi.forecast_scenario import Scenario
from dashboard.suppression import SUPPRESSED
from dashboard.ui import components as ui
from dashboard.ui import outlook
from frames.finance import LINE_LABELS, PLACEMENT_LINES

SHORT = {"cohort": "Cohort-flow model", "linear": "Linear trend (5 Januaries)", "growth": "Average growth (3 years)"}
BREAKDOWNS = {"by_need": "Primary need", "by_age_band": "Age band", "by_group": "Setting group",
              "by_line": "Finance line"}
NEW_SCENARIO = "A new scenario…"
UNSAVED = "Unsaved scenario"
CURRENT = "_scenario_current"  # session key: the Forecast page's scenario as last shown, for the finance page
SUBJECTS = {key: subject for key, _, subject in METHODS}


def _n(value: object) -> str:
    return SUPPRESSED if value == SUPPRESSED else (fmt_int(value) if isinstance(value, int | float) else "–")


def scenario_panel(*, can_save: bool, controls: bool = True) -> Scenario | None:
    """Choose a saved scenario (in the URL as ?scenario=NAME); leads change and save one. None: the baseline.

    Without ``controls`` (the finance page) a lead's change made on the Forecast page and not saved yet is
    used while the same scenario is chosen, so its cost shows here too."""
    saved = outlook.saved_scenarios()
    names = [outlook.BASELINE, *sorted(saved)] + ([NEW_SCENARIO] if can_save else [])
    wanted = st.query_params.get("scenario")
    if "scenario" not in st.session_state or st.session_state["scenario"] not in names:
        st.session_state["scenario"] = wanted if wanted in names else outlook.BASELINE
    choice = st.selectbox("Scenario", names, key="scenario",
                          help="The baseline carries the last three years forward. Leads save scenarios by name.")
    if choice in saved:
        st.query_params["scenario"] = choice
    elif "scenario" in st.query_params:
        del st.query_params["scenario"]
    base = saved.get(choice) or Scenario(name=UNSAVED)
    if choice in saved:
        st.caption(f"{choice}: {describe(base)}.")
    if not can_save or not controls:
        current = st.session_state.get(CURRENT) if can_save else None
        if current and current["choice"] == choice:
            change = Scenario.from_dict(current["scenario"])
            if change != base and not change.is_baseline:
                st.caption(f"The Forecast page's change, not saved yet: {describe(change)}.")
                return change
        return None if base.is_baseline else base
    with st.expander("Change the scenario", expanded=choice == NEW_SCENARIO):
        scenario = _controls(base, choice)
        name = st.text_input("Save as", value="" if choice in (outlook.BASELINE, NEW_SCENARIO) else choice,
                             max_chars=80, key=f"sc_name_{choice}")
        c1, c2 = st.columns(2)
        if c1.button("Save scenario", key="sc_save", disabled=not name.strip()):
            outlook.save_scenario(Scenario.from_dict({**scenario.to_dict(), "name": name.strip()}))
            st.session_state["_scenario_next"] = name.strip()
            st.rerun()
        if choice in saved and c2.button(f"Delete '{choice}'", key="sc_delete"):
            outlook.delete_scenario(choice)
            st.session_state["_scenario_next"] = outlook.BASELINE
            st.rerun()
    st.session_state[CURRENT] = {"choice": choice, "scenario": scenario.to_dict()}
    if not scenario.is_baseline and scenario != base:
        st.caption(f"Showing a change not saved yet: {describe(scenario)}.")
    return None if scenario.is_baseline else scenario


def describe(scenario: Scenario) -> str:
    """The scenario in words ("new plans growing 5% a year faster; 5 fewer ... a year")."""
    bits = []
    if scenario.request_growth_pct:
        more = "faster" if scenario.request_growth_pct > 0 else "slower"
        bits.append(f"new plans growing {abs(scenario.request_growth_pct):g}% a year {more} than the baseline")
    for src, dst, n in scenario.moves:
        if n:
            bits.append(f"{n:g} fewer placements a year in {LINE_LABELS[src].lower()}, placed in "
                        f"{LINE_LABELS[dst].lower()} instead")
    if scenario.cease_16_19_pct:
        bits.append(f"{abs(scenario.cease_16_19_pct):g}% {'more' if scenario.cease_16_19_pct > 0 else 'fewer'} plans "
                    "ending each year at 16-19")
    return "; ".join(bits) or "the baseline"


def apply_pending_choice() -> None:
    """After a save or delete, select the saved scenario (or the baseline) before the selectbox is drawn."""
    nxt = st.session_state.pop("_scenario_next", None)
    if nxt is not None:
        st.session_state["scenario"] = nxt


def _controls(base: Scenario, choice: str) -> Scenario:
    k = f"_{choice}"
    growth = st.number_input("Growth of new plans, % a year on top of the baseline", -50.0, 100.0,
                             float(base.request_growth_pct), 1.0, format="%.1f", key=f"sc_growth{k}",
                             help="Requests, and so new plans, growing faster (or slower) than the last three years.")
    move = base.moves[0] if base.moves else ("special_independent", "special_maintained", 0.0)
    c1, c2, c3 = st.columns(3)
    per_year = c1.number_input("Fewer placements a year in", 0.0, 500.0, float(move[2]), 1.0, format="%.0f",
                               key=f"sc_n{k}")
    lines = list(PLACEMENT_LINES)
    src = c2.selectbox("from the line", lines, index=lines.index(move[0]), format_func=LINE_LABELS.get, key=f"sc_from{k}")
    dst = c3.selectbox("placed instead in", lines, index=lines.index(move[1]), format_func=LINE_LABELS.get,
                       key=f"sc_to{k}")
    cease = st.number_input("Change in plans ending each year at 16-19, %", -100.0, 200.0, float(base.cease_16_19_pct),
                            5.0, format="%.0f", key=f"sc_cease{k}", help="+20: a fifth more of the plans of 16- to 19-year-olds end "
                            "each year (e.g. more young people moving on to work or training).")
    moves = ((src, dst, float(per_year)),) if per_year > 0 and src != dst else ()
    return Scenario(name=base.name, request_growth_pct=float(growth), moves=moves, cease_16_19_pct=float(cease))


def tiles(fc: dict) -> None:
    first, last = fc["years"][0], fc["years"][-1]
    bt = fc.get("backtest") or {}
    c1, c2, c3 = st.columns(3)
    c1.metric(f"Plans forecast for January {first['year']}", _n(first["total"]),
              help=f"Range {_n(first['low'])} to {_n(first['high'])}.")
    c1.caption(f"Range {_n(first['low'])} to {_n(first['high'])}")
    c2.metric(f"January {last['year']}", _n(last["total"]))
    c2.caption(f"Range {_n(last['low'])} to {_n(last['high'])}")
    err = bt.get("error_pct")
    c3.metric("Model backtest error", f"{err:+.1f}%" if isinstance(err, int | float) else "–",
              help="The model run from three Januaries ago, against the plans actually maintained since.")


def chart(k: dict, fc: dict) -> None:
    """Plans at each January (actual), the forecast with its low-high band, and the two simple methods."""
    actual = [{"year": r["year"], "plans": r["count"], "series": "Actual (January)"}
              for r in (k.get("ehcps") or {}).get("january") or [] if isinstance(r.get("count"), int) and r["count"]]
    base = fc.get("base_year")
    rows = [r for r in actual if r["year"] <= (base or 9999)]
    band = pd.DataFrame([{"year": y["year"], "low": y["low"], "high": y["high"]} for y in fc["years"]
                         if isinstance(y["low"], int) and isinstance(y["high"], int)], columns=["year", "low", "high"])
    labels = SHORT
    last = next((r for r in rows if r["year"] == base), None)
    for key in ("cohort", "linear", "growth"):
        pts = [{"year": y["year"], "plans": y.get(key), "series": labels.get(key, key)} for y in fc.get("method_years") or []
               if isinstance(y.get(key), int)]
        if pts and last:
            pts.insert(0, {**last, "series": labels.get(key, key)})
        rows += pts
    df = pd.DataFrame(rows, columns=["year", "plans", "series"])
    if df.empty:
        st.info("Not enough January snapshots to draw the forecast.")
        return
    names = list(dict.fromkeys(df["series"]))
    colour = ui.color_scale(names)
    x = alt.X("year:O", title="January")
    layers = []
    if not band.empty:
        layers.append(alt.Chart(band).mark_area(opacity=0.2).encode(x=x, y="low:Q", y2="high:Q",
                                                                    tooltip=["year", "low", "high"]))
    layers.append(alt.Chart(df).mark_line(point=True).encode(
        x=x, y=alt.Y("plans:Q", title="EHC plans maintained"), color=alt.Color("series:N", scale=colour, title=None),
        strokeDash=alt.condition(alt.datum.series == "Actual (January)", alt.value([1, 0]), alt.value([5, 3])),
        tooltip=["series", "year", "plans"]))
    st.altair_chart(alt.layer(*layers).properties(title="EHC plans at each January: actual and forecast (shaded: the "
                                                        "model's low-high range)", height=340), width="stretch")


def backtests(fc: dict) -> None:
    st.markdown("**How well each method would have done**")
    for m in fc.get("methods") or []:
        if m.get("predicted") is None or m.get("predicted") == SUPPRESSED:
            st.markdown(f"- **{m['label']}**: not enough history for a backtest.")
            continue
        st.markdown(f"- **{m['label']}.** " + backtest_sentence(
            {k: m[k] for k in ("from_year", "to_year", "predicted", "actual", "error_pct")}, subject=SUBJECTS.get(m["key"], "It")))
    ui.about("forecast_methods")


def breakdown(fc: dict) -> None:
    by = st.radio("Break the forecast down by", list(BREAKDOWNS), format_func=BREAKDOWNS.get, horizontal=True,
                  key="fc_by")
    rows = [{"year": y["year"], "total": y["total"], **(y.get(by) or {})} for y in fc["years"]]
    ui.table_with_download(pd.DataFrame(rows), f"forecast-{by.replace('_', '-')}")


def _pct(value: object) -> object:
    return round(100 * value, 1) if isinstance(value, float) else value


def inputs(fc: dict) -> None:
    rows = [{"age": r["age"], "base_plans": r.get("plans"),
             **{f"{k}_pct": _pct(r.get(f"{k}_rate" if k == "continuation" else k))
                for k in ("continuation", "continuation_low", "continuation_high", "continuation_used")},
             **{k: None if r.get(k) is None else round(r[k], 1) for k in ("new_plans", "new_low", "new_high")}}
            for r in fc.get("inputs") or []]
    ui.table_with_download(pd.DataFrame(rows), "forecast-model-inputs")
