"""Every page of the app on the synthetic sample LA: it renders, and shows the KPI engine's numbers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.ui.tables import for_people
from dashboard.ui.tidy import YEARS_SHOWN, timeliness_table
from data_access.reference import shipped_benchmark_files
from data_access.samples import sample_files

from .conftest import PAGES

CHART_PAGES = [p for p in PAGES if p not in ("Overview", "Data", "Data quality")]


def _as_dict(df: pd.DataFrame, key: str, value: str) -> dict:
    return dict(zip(df[key], df[value], strict=True))


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_on_the_sample_data(open_app, demo_url, page):
    app = open_app(demo_url).open(page)
    assert app.titles() == [PAGES[page][1]]
    assert not app.errors()
    if page in CHART_PAGES:
        assert app.charts(), f"{page} shows no chart"
        assert not [i for i in app.infos() if i.startswith("No data for")], "the full sample has data for every chart"
    if page not in ("Data", "Data quality"):  # the data pages are not filtered by the sidebar
        assert any("As at 31 October 2025 · LA 351 · all children and young people" in c for c in app.captions())
    if page == "Data":
        history = next(t for t in app.tables() if "file_name" in t.columns)
        loaded = {p.name for p, _ in sample_files()} | {p.name for p in shipped_benchmark_files()}
        assert set(history["file_name"]) == loaded
        assert set(history["status"]) == {"loaded"}
        releases = next(t for t in app.tables() if "release" in t.columns)
        assert set(releases["release"]) == {p.stem.replace("-", "_") for p in shipped_benchmark_files()}
        assert {"timeliness_20_week", "caseload", "requests"} <= set(releases["source"])
        assert app.at.button  # the benchmark refresh's own upload form


def test_overview_tiles_are_the_kpi_values(open_app, demo_url, expected_kpis):
    k = expected_kpis()
    assert k["as_at"] == "2025-10-31"
    years = {r["year"]: r for r in k["timeliness"]["by_year"]}
    requests = {r["year"]: r for r in k["requests"]["by_year"]}
    jan = k["ehcps"]["january"][-1]
    shown = open_app(demo_url).open("Overview").metrics()
    assert shown["EHC plans maintained"] == f"{k['ehcps']['maintained']:,}" == "2,937"
    assert shown["Within 20 weeks, 2024"] == f"{years[2024]['pct_ex']:.1f}%" == "99.0%"
    assert shown["Within 20 weeks, 2025 to date"] == f"{years[2025]['pct_ex']:.1f}%"
    assert shown[f"Growth in plans, January {jan['year']}"] == f"{jan['growth_pct']:+.1f}%"
    assert shown["Requests for assessment, 2024"] == f"{requests[2024]['received']:,}"
    assert shown["Open assessments over 20 weeks"] == f"{k['timeliness']['open_over_20_weeks']:,}"
    last = [m for m in k["timeliness"]["by_month"] if m["issued_ex"]][-1]
    assert shown[f"Plans within 20 weeks, {pd.Period(last['month'], freq='M'):%B %Y}"] == f"{last['pct_ex']:.1f}%"
    q4 = next(q for q in k["complaints"]["by_quarter"] if q["quarter"] == "2025-Q4")
    assert shown["Complaints, Q4 2025 to date"] == f"{q4['received']:,}"
    transfers = {t["due_date"]: t for t in k["transitions"]}
    assert shown["School phase transfers on time, Feb 2025"] == f"{transfers['2025-02-15']['pct_on_time']:.1f}%"
    assert shown["Post-16 transfers on time, Mar 2025"] == f"{transfers['2025-03-31']['pct_on_time']:.1f}%"


def test_timeliness_table_and_charts_are_the_kpi_values(open_app, demo_url, expected_kpis):
    k = expected_kpis()
    app = open_app(demo_url).open("Timeliness")
    by_year = timeliness_table(k)  # the KPI rows, the DfE headline first, no years before the first plan
    assert set(by_year.columns) == set(k["timeliness"]["by_year"][0])
    assert by_year.to_dict("records") == [r for r in k["timeliness"]["by_year"] if r["year"] >= by_year["year"][0]]
    tables = [t for t in app.tables() if list(t.columns) == list(by_year.columns)]
    assert len(tables) == 1
    pd.testing.assert_frame_equal(tables[0].reset_index(drop=True), by_year, check_dtype=False)

    charts = app.charts()
    yearly = charts["% within 20 weeks, excluding exceptions"]
    la = yearly[yearly["area"] == "This LA"]
    recent = k["timeliness"]["by_year"][-YEARS_SHOWN:]
    assert _as_dict(la, "year", "value") == {r["year"]: r["pct_ex"] for r in recent if r["pct_ex"] is not None}
    assert 2024 in set(la["year"])
    england = yearly[yearly["area"] == "England"]
    published = {int(y): v for y, v in k["benchmarks"]["england"]["timeliness_pct_ex"].items()}
    assert len(england) > 0
    assert _as_dict(england, "year", "value") == {y: published[y] for y in england["year"]}

    issued = charts["Plans issued each month"]
    assert _as_dict(issued, "month", "issued") == {m["month"]: m["issued"] for m in k["timeliness"]["by_month"]}
    oa = k["timeliness"]["open_assessments"]
    assert app.metrics()["Open assessments"] == f"{oa['total']:,}"
    assert app.metrics()["Over 20 weeks"] == f"{k['timeliness']['open_over_20_weeks']:,}"
    by_weeks = charts["Open assessments by weeks since the request"]
    assert _as_dict(by_weeks, "weeks since the request", "assessments") == oa["by_weeks"]
    assert sum(oa["by_weeks"].values()) == oa["total"] > 0
    risk = pd.DataFrame(oa["at_risk"])
    for by in ("team", "caseworker"):  # the at-risk list counted both ways
        chart = charts[f"At-risk assessments by {by}"]
        assert chart["cases"].sum() == len(risk) > 0
        assert set(chart[by]) == set(risk[by].fillna("not recorded"))


def test_growth_charts_are_the_kpi_values(open_app, demo_url, expected_kpis):
    k = expected_kpis()
    charts = open_app(demo_url).open("EHCP growth").charts()
    jan = charts["EHC plans maintained in January"]
    recent = k["ehcps"]["january"][-YEARS_SHOWN:]
    assert _as_dict(jan, "year", "count") == {r["year"]: r["count"] for r in recent}
    assert max(jan["year"]) == dt.date.fromisoformat(k["as_at"]).year
    by_age = charts["By age band"]
    assert _as_dict(by_age, "age band", "plans") == k["ehcps"]["by_age_band"]
    assert sum(k["ehcps"]["by_age_band"].values()) == k["ehcps"]["maintained"]
    by_setting = charts["By setting type"]  # in words on the chart; the same counts
    assert _as_dict(by_setting, "setting", "plans")["Special school (maintained)"] == \
        k["ehcps"]["by_setting"]["special_maintained"]


def test_complaints_chart_is_the_kpi_values(open_app, demo_url, expected_kpis):
    k = expected_kpis()
    flows = open_app(demo_url).open("Complaints").charts()["Complaints and compliments each month"]
    received = flows[flows["kind"] == "Complaints received"]  # the legend in words
    assert _as_dict(received, "month", "records") == {m["month"]: m["received"] for m in k["complaints"]["by_month"]}
    assert received["records"].sum() > 0


def test_transitions_table_is_the_kpi_values(open_app, demo_url, expected_kpis):
    k = expected_kpis()
    app = open_app(demo_url).open("Transitions")
    expected = pd.DataFrame(k["transitions"])
    tables = [t for t in app.tables() if list(t.columns) == list(expected.columns)]
    assert len(tables) == 1
    # shares not yet due are blank: shown as "–", every other cell the KPI value formatted
    pd.testing.assert_frame_equal(tables[0].reset_index(drop=True), for_people(expected)[0], check_dtype=False)
    assert expected["pct_on_time"].isna().any() and "–" in set(tables[0]["pct_on_time"])
    nxt = k["next_phase_transfer_deadline"]
    assert app.metrics()[f"Days to the next statutory deadline ({nxt['kind']})"] == f"{nxt['days']:,}"
    # the outstanding list, split: deadlines ahead soonest first, then overdue most recent first
    ahead, overdue = [t for t in app.tables() if "days_to_due" in t.columns]
    assert (ahead["days_to_due"] >= 0).all() and ahead["days_to_due"].is_monotonic_increasing
    assert (overdue["days_to_due"] < 0).all() and overdue["days_to_due"].is_monotonic_decreasing
    assert len(ahead) + len(overdue) == sum(t["outstanding"] for t in k["transitions"])
    assert len(ahead) == sum(t["outstanding"] for t in k["transitions"] if t["due_date"] >= k["as_at"])


def test_census_table_is_the_kpi_values(open_app, demo_url, expected_kpis):
    k = expected_kpis()
    app = open_app(demo_url).open("Census")
    expected = pd.DataFrame(k["census"]["by_date"])
    expected = expected.drop(columns=["ehcp_by_need", "ehcp_need_pct", "sen_support_by_need", "sen_support_need_pct"])
    tables = [t for t in app.tables() if list(t.columns) == list(expected.columns)]
    assert len(tables) == 1
    pd.testing.assert_frame_equal(tables[0].reset_index(drop=True), expected, check_dtype=False)
    assert len(expected) >= 2
    charts = app.charts()
    for title, key, series in (("% of pupils with an EHC plan", "pct_ehcp", "This LA: EHC plan"),
                               ("% of pupils on SEN support", "pct_sen_support", "This LA: SEN support")):
        la = charts[title][charts[title]["series"] == series]
        assert _as_dict(la, "year", "value") == {int(r["census_date"][:4]): r[key] for r in k["census"]["by_date"]}
        assert set(charts[title]["series"]) == {series, series.replace("This LA", "England")}
