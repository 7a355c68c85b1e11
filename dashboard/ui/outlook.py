"""Cached reads of the Forecast and High-needs finance pages, and the saved scenarios.

The model's inputs (the heavy part: the history by single year of age, the rates, the methods' backtests)
are fitted once per as-at date and need filter and shared by every session (read-only); a scenario change
re-runs only the projection. A viewer's forecast goes through the one disclosure control; a viewer sees
the money only when ``show_finance_to_viewers`` is on (:func:`dashboard.access.sees_finance`).
"""

from __future__ import annotations

import datetime as dt
import json

import streamlit as st

from dashboard.access import sees_finance
from dashboard.disclosure.kpis import protect_kpis
from dashboard.kpi import outlook as outlook_kpi
from dashboard.kpi.forecast import ForecastInputs, forecast_inputs
from dashboard.kpi.forecast_scenario import Scenario
from dashboard.ui import data
from dashboard.ui.access import current as current_access
from data_access import queries

BASELINE = "Baseline"


@st.cache_resource(ttl=data.TTL, max_entries=50, show_spinner="Fitting the forecast…")
def _inputs(url: str, la: str, as_at: dt.date, needs: tuple) -> ForecastInputs:
    f = data.frames(url, la)
    return forecast_inputs(f["records"], f.get("placements"), as_at=as_at, needs=needs)


@st.cache_data(ttl=data.TTL, max_entries=500, show_spinner=False)
def _forecast(url: str, la: str, as_at: dt.date, needs: tuple, bands: tuple, scenario: str) -> dict:
    return outlook_kpi.forecast_object(_inputs(url, la, as_at, needs), scenario=_scenario(scenario), age_bands=bands)


@st.cache_resource(ttl=data.TTL, max_entries=50, show_spinner=False)
def _finance_base(url: str, la: str, as_at: dt.date) -> dict:
    """Balances, lines, savings, cost per placement: the same for every scenario. Read-only."""
    f = data.frames(url, la)
    return outlook_kpi.finance_base(f, f["records"], f.get("placements"), as_at=as_at,
                                    baseline=_forecast(url, la, as_at, (), (), ""))


@st.cache_data(ttl=data.TTL, max_entries=200, show_spinner=False)
def _finance(url: str, la: str, as_at: dt.date, scenario: str) -> dict:
    # the whole block's money: the cost of every child's plan, whatever the sidebar's filters
    return outlook_kpi.with_projection(_finance_base(url, la, as_at), _forecast(url, la, as_at, (), (), scenario))


def _scenario(text: str) -> Scenario | None:
    return Scenario.from_dict(json.loads(text)) if text else None


def _key(scenario: Scenario | None) -> str:
    return json.dumps(scenario.to_dict(), sort_keys=True) if scenario else ""


def _protected(k: dict, part: dict, name: str, *, show_finance: bool = False) -> dict:
    s = data.settings()
    obj = {"as_at": k["as_at"], "la_code": k["la_code"], "filters": k["filters"], name: part}
    return protect_kpis(obj, threshold=int(s["suppression_threshold"]), protect_derived=bool(s["protect_derived_counts"]),
                        show_finance=show_finance)[name]


def forecast(k: dict, scenario: Scenario | None = None) -> dict:
    """The ``forecast`` block for this session's filters and scenario (a viewer's protected)."""
    fc = data.guard(_forecast, data.db_url(), data.la_code(), dt.date.fromisoformat(k["as_at"]),
                    tuple(k["filters"]["need"]), tuple(k["filters"]["age_band"]), _key(scenario))
    return fc if data.unsuppressed() else _protected(k, fc, "forecast")


def with_outlook(k: dict) -> dict:
    """``k`` (not changed) with the baseline ``forecast`` and ``finance`` blocks, unprotected, as
    ``dashboard.read.kpis`` carries them: for the briefing, which protects the whole object itself."""
    url, la, as_at = data.db_url(), data.la_code(), dt.date.fromisoformat(k["as_at"])
    fc = _forecast(url, la, as_at, tuple(k["filters"]["need"]), tuple(k["filters"]["age_band"]), "")
    return {**k, "forecast": fc, "finance": _finance(url, la, as_at, "")}


def finance_shown() -> bool:
    """May this session see the high-needs money?"""
    return sees_finance(current_access(), data.settings())


def finance(k: dict, scenario: Scenario | None = None) -> dict | None:
    """The ``finance`` block with the forecast's cost under ``scenario``; None when this session may not see money."""
    if not finance_shown():
        return None
    fin = data.guard(_finance, data.db_url(), data.la_code(), dt.date.fromisoformat(k["as_at"]), _key(scenario))
    return fin if data.unsuppressed() else _protected(k, fin, "finance", show_finance=True)


@st.cache_data(ttl=data.TTL, show_spinner=False)
def _saved(url: str, la: str) -> list[dict]:
    return queries.load_scenarios(data.engine(), la_code=la)


def saved_scenarios() -> dict[str, Scenario]:
    """The leads' saved scenarios by name (none when the table cannot be read yet)."""
    rows = data.guard(_saved, data.db_url(), data.la_code())
    out = {}
    for row in rows:
        try:
            out[row["name"]] = Scenario.from_dict({**row["params"], "name": row["name"]})
        except (ValueError, TypeError, KeyError):
            continue  # a scenario saved by an older release that no longer reads: not offered
    return out


def save_scenario(scenario: Scenario) -> None:
    who = current_access().who
    queries.save_scenario(data.engine(), la_code=data.la_code(), name=scenario.name, params=scenario.to_dict(),
                          saved_by=who)
    _saved.clear()


def delete_scenario(name: str) -> None:
    queries.delete_scenario(data.engine(), la_code=data.la_code(), name=name)
    _saved.clear()


def clear() -> None:
    for fn in (_inputs, _forecast, _finance_base, _finance, _saved):
        fn.clear()
