"""The Forecast and High-needs finance pages on the sample LA: the engine's figures for leads, a scenario that
moves placements between finance lines (saved by name, in the URL), viewers (no money unless the setting is
on, no model inputs, no scenario controls), no finance loaded and one financial year loaded."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from dashboard.format import fmt_int
from tests.app.test_access import ROLES_TOML

from .conftest import App


def _rows(app: App, column: str):
    """The first table on the page with ``column``, as a frame (raw KPI keys)."""
    return next(t for t in app.tables() if column in t.columns)


def _copy(demo_url: str, tmp_path, sql: tuple[str, ...] = ()) -> str:
    path = tmp_path / "copy.sqlite"
    shutil.copy(demo_url.removeprefix("sqlite:///"), path)
    with sqlite3.connect(path) as conn:
        for statement in sql:
            conn.execute(statement)
    return f"sqlite:///{path}"


def test_lead_sees_the_forecast_its_range_and_the_three_backtests(open_app, demo_url, expected_kpis):
    fc = expected_kpis()["forecast"]
    app = open_app(demo_url).open("Forecast")
    first, last = fc["years"][0], fc["years"][-1]
    metrics = app.metrics()
    assert metrics[f"Plans forecast for January {first['year']}"] == fmt_int(first["total"])
    assert metrics[f"January {last['year']}"] == fmt_int(last["total"])
    assert f"Range {fmt_int(first['low'])} to {fmt_int(first['high'])}" in app.captions()
    assert len(fc["years"]) == 5 and first["low"] <= first["total"] <= first["high"]
    chart = app.charts()["EHC plans at each January: actual and forecast (shaded: the model's low-high range)"]
    assert set(chart["series"].dropna()) >= {"Actual (January)", "Cohort-flow model", "Linear trend (5 Januaries)",
                                             "Average growth (3 years)"}
    text = app.text()
    for m in fc["methods"]:
        assert f"predicted {fmt_int(m['predicted'])} plans for January {m['to_year']}" in text
        assert f"there were {fmt_int(m['actual'])}" in text
    inputs = _rows(app, "continuation_pct")
    assert list(inputs["age"]) == list(range(26))
    assert inputs["base_plans"].sum() == fc["base"]["total"]
    assert any(b.label.startswith("Download the forecast") for b in app.at.get("download_button"))


def test_a_scenario_moving_independent_placements_shifts_the_lines_not_the_total(open_app, demo_url, expected_kpis,
                                                                                   tmp_path):
    base = {y["year"]: y for y in expected_kpis()["forecast"]["years"]}
    app = open_app(_copy(demo_url, tmp_path)).open("Forecast")
    app.at.number_input(key="sc_n_Baseline").set_value(5.0)
    app.run()
    assert ("Showing a change not saved yet: 5 fewer placements a year in independent and non-maintained special, "
            "placed in maintained special and special academies instead.") in app.captions()
    app.at.radio(key="fc_by").set_value("by_line")
    app.run()
    lines = _rows(app, "special_independent").set_index("year")
    for k, (year, row) in enumerate(sorted(base.items()), start=1):
        moved = min(5 * k, row["by_line"]["special_independent"])
        assert lines.loc[year, "special_independent"] == row["by_line"]["special_independent"] - moved
        assert lines.loc[year, "special_maintained"] == row["by_line"]["special_maintained"] + moved
        assert lines.loc[year, "total"] == row["total"]
    cost = _rows(app, "placement_cost")
    assert len(cost) == 4  # 2026-27 .. 2029-30: the financial years after the current one
    app.page("High-needs finance")  # the change, not saved yet, is priced on the finance page too
    assert any(c.startswith("The Forecast page's change, not saved yet: 5 fewer") for c in app.captions())
    assert _rows(app, "projected_plans")["placement_cost"].tolist() == cost["placement_cost"].tolist()
    app.page("Forecast")  # (Streamlit forgets a page's widgets when another page is shown)
    app.at.number_input(key="sc_n_Baseline").set_value(5.0)
    app.run()
    app.at.radio(key="fc_by").set_value("by_line")
    app.run()

    app.at.text_input(key="sc_name_Baseline").input("Five fewer independent a year")
    app.run()
    app.at.button(key="sc_save").click()
    app.run()
    assert app.at.selectbox(key="scenario").value == "Five fewer independent a year"
    assert any(c.startswith("Five fewer independent a year: 5 fewer placements a year") for c in app.captions())
    assert app.at.query_params["scenario"] in ("Five fewer independent a year", ["Five fewer independent a year"])
    again = _rows(app, "special_independent").set_index("year")
    assert again.equals(lines)


def test_lead_sees_the_balance_against_the_agreement(open_app, demo_url, expected_kpis):
    fin = expected_kpis()["finance"]
    app = open_app(demo_url).open("High-needs finance")
    balance = _rows(app, "cumulative_balance")
    assert list(balance["financial_year"]) == [y["financial_year"] for y in fin["years"]]
    assert list(balance["cumulative_balance"]) == [round(y["cumulative_balance"]) for y in fin["years"]]
    # the cumulative balance is the running sum of the in-year balances
    assert list(balance["in_year_balance"].cumsum()) == pytest.approx(list(balance["cumulative_balance"]), abs=8)
    lines = _rows(app, "variance_pct")
    assert len(lines) == 9  # eight placement lines and income
    assert "Cost per placement" in [h.value for h in app.at.subheader]
    assert "High-needs balance against the agreement, £ million (bars: in-year balance; negative = deficit)" in app.charts()
    assert len(_rows(app, "projected_plans")) == 4


@pytest.fixture
def viewer(monkeypatch, tmp_path, demo_url):
    def _open(extra: str = "") -> App:
        settings = tmp_path / "senddash.toml"
        settings.write_text(extra + ROLES_TOML)
        monkeypatch.setenv("SENDDASH_SETTINGS", str(settings))
        app = App(monkeypatch, demo_url)
        app.at.user = {"is_logged_in": True, "email": "member@council.gov.uk"}
        return app
    return _open


def test_viewer_sees_the_forecast_but_no_inputs_no_controls_and_no_money(viewer, expected_kpis):
    fc = expected_kpis()["forecast"]
    app = viewer().open("Forecast")
    assert app.metrics()[f"Plans forecast for January {fc['years'][0]['year']}"] == fmt_int(fc["years"][0]["total"])
    assert not any("continuation_pct" in t.columns for t in app.tables())
    assert not app.at.number_input, "a viewer has no scenario controls"
    assert all(not b.label.startswith("Download the forecast") for b in app.at.get("download_button"))
    assert not any("placement_cost" in t.columns for t in app.tables())
    with pytest.raises(Exception):  # noqa: B017 - the finance page is not in a viewer's navigation
        app.page("High-needs finance")
        assert app.titles() == ["High-needs finance"]


def test_viewer_sees_money_when_the_council_shows_it_but_never_cost_per_placement(viewer, expected_kpis):
    fin = expected_kpis()["finance"]
    app = viewer("show_finance_to_viewers = true\n").open("High-needs finance")
    balance = _rows(app, "cumulative_balance")
    assert list(balance["cumulative_balance"]) == [round(y["cumulative_balance"]) for y in fin["years"]]
    assert "Cost per placement" not in [h.value for h in app.at.subheader]
    assert not any("cost_per_placement" in t.columns for t in app.tables())


def test_no_finance_loaded_says_how_to_load_it(open_app, demo_url, tmp_path):
    url = _copy(demo_url, tmp_path, ("DELETE FROM finance_budget", "DELETE FROM finance_agreement",
                                     "DELETE FROM finance_saving"))
    app = open_app(url).open("High-needs finance")
    assert any("No high-needs finance loaded yet" in i for i in app.infos())
    app.page("Forecast")
    assert app.metrics() and "What this scenario would cost" not in [h.value for h in app.at.subheader]


def test_one_financial_year_loaded(open_app, demo_url, tmp_path):
    url = _copy(demo_url, tmp_path, ("DELETE FROM finance_budget WHERE financial_year <> '2025-26'",
                                     "DELETE FROM finance_agreement", "DELETE FROM finance_saving"))
    app = open_app(url).open("High-needs finance")
    balance = _rows(app, "cumulative_balance")
    assert list(balance["financial_year"]) == ["2025-26"]
    assert balance["cumulative_balance"].iloc[0] == balance["in_year_balance"].iloc[0]
    assert any("No savings plan loaded" in i for i in app.infos())
    assert "Cumulative balance" in app.metrics()
