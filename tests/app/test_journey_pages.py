"""The journey pages (Requests & assessments, Annual reviews, Placements, Ceased plans) on the sample LA: each
shows the KPI engine's numbers for the filters in force, beside England and the North West where DfE publishes
them; leads get the overdue-reviews list and children by school; viewers get neither; the Data page lists the
URNs the establishments list lacks."""

from __future__ import annotations

import shutil
import sqlite3

import pandas as pd
import pytest

from tests.app.test_access import ROLES_TOML

from .conftest import App

REGION = "North West (region)"
FILTERS = {"need ASD": {"need": ["ASD"]}, "age 11-15": {"age_band": ["11-15"]},
           "need SLCN, age 5-10": {"need": ["SLCN"], "age_band": ["5-10"]}}


def _filters(params: dict) -> dict:
    return {"needs": tuple(params.get("need", ())), "age_bands": tuple(params.get("age_band", ()))}


def _apply(app: App, params: dict) -> None:
    if "need" in params:
        app.at.multiselect(key="need").set_value(params["need"])
    if "age_band" in params:
        app.at.multiselect(key="age").set_value(params["age_band"])
    app.run()
    words = [f"need: {n}" for n in params.get("need", ())] + [f"age: {b}" for b in params.get("age_band", ())]
    assert all(any(w in c for c in app.captions()) for w in words), "the heading names the filters in force"


def _areas(chart: pd.DataFrame) -> set[str]:
    """The chart's areas, without any ", <year>" a label carries (a mix's published year)."""
    return {str(a).split(", ")[0] for a in chart["area"]}


@pytest.mark.parametrize("label", list(FILTERS))
def test_requests_page_follows_the_filters(open_app, demo_url, expected_kpis, label):
    app = open_app(demo_url).open("Requests & assessments")
    _apply(app, FILTERS[label])
    k = expected_kpis(**_filters(FILTERS[label]))
    latest = k["requests"]["by_year"][-1]
    funnel = app.charts()[f"Requests received in {latest['year']}, where they are now"]
    shown = dict(zip(funnel["stage"], funnel["requests"], strict=True))
    assert shown["Requests received"] == latest["received"]
    assert (shown["Decided to assess"], shown["Plan issued"], shown["Still being assessed"]) == (
        latest["assess"], latest["plan_issued"], latest["assessing"])
    assert latest["assess"] == (latest["plan_issued"] + latest["no_plan"] + latest["assessment_withdrawn"]
                                + latest["assessing"])
    outcomes = app.charts()["Requests received, by decision"]
    refused = outcomes[(outcomes["year"] == latest["year"]) & (outcomes["outcome"] == "Decided not to assess")]
    assert refused["requests"].tolist() == [latest["not_assess"]]


def test_refusal_rate_is_beside_england_the_region_and_the_comparators(open_app, demo_url, expected_kpis):
    app = open_app(demo_url).open("Requests & assessments")
    k = expected_kpis()
    rate = app.charts()["% of requests refused an assessment"]
    assert {"This LA", "England", REGION} <= _areas(rate) and any(a.startswith("Comparators") for a in _areas(rate))
    england = dict(zip(*[rate.loc[rate["area"] == "England", c] for c in ("year", "value")], strict=True))
    assert england == {int(y): v for y, v in k["benchmarks"]["england"]["refused_pct"].items() if int(y) in england}
    mine = rate[rate["area"] == "This LA"].set_index("year")["value"]
    assert mine[2024] == next(r["not_assess_pct"] for r in k["requests"]["by_year"] if r["year"] == 2024)
    tribunal = app.charts()["SEND Tribunal appeal rate (appeals per appealable decision)"]
    assert {"This LA (published by DfE)", "England"} <= _areas(tribunal)
    assert any("not for regions" in c for c in app.captions())


@pytest.mark.parametrize("label", list(FILTERS))
def test_reviews_page_follows_the_filters(open_app, demo_url, expected_kpis, label):
    app = open_app(demo_url).open("Annual reviews")
    _apply(app, FILTERS[label])
    reviews = expected_kpis(**_filters(FILTERS[label]))["reviews"]
    assert app.metrics()["Reviews overdue today"] == f"{reviews['overdue']:,}"
    yearly = app.charts()["Annual reviews each year"]
    due = yearly[yearly["stage"] == "Due"].set_index("year")["reviews"]
    assert due.to_dict() == {r["year"]: r["due"] for r in reviews["by_year"] if r["year"] in due.index}
    overdue = next(t for t in app.tables() if "Days overdue" in t.columns)
    assert len(overdue) == reviews["overdue"]


def test_leads_narrow_the_overdue_list_to_a_team_and_a_caseworker(open_app, demo_url, expected_kpis):
    app = open_app(demo_url).open("Annual reviews")
    reviews = expected_kpis()["reviews"]
    team, n = max(reviews["overdue_by_team"].items(), key=lambda kv: kv[1])
    app.at.selectbox(key="overdue_team").set_value(team)
    app.run()
    listed = next(t for t in app.tables() if "Days overdue" in t.columns)
    assert len(listed) == n and set(listed["Team"]) == {team}
    workers = app.at.selectbox(key="overdue_caseworker").options
    assert set(workers) == set(listed["Caseworker"])
    worker = workers[0]
    app.at.selectbox(key="overdue_caseworker").set_value(worker)
    app.run()
    one = next(t for t in app.tables() if "Days overdue" in t.columns)
    assert set(one["Caseworker"]) == {worker} and len(one) == (listed["Caseworker"] == worker).sum()
    assert one["Days overdue"].is_monotonic_decreasing and (one["Days overdue"] > 0).all()


@pytest.mark.parametrize("label", list(FILTERS))
def test_placements_page_follows_the_filters(open_app, demo_url, expected_kpis, label):
    app = open_app(demo_url).open("Placements")
    _apply(app, FILTERS[label])
    p = expected_kpis(**_filters(FILTERS[label]))["placements"]
    assert app.metrics()["Plans maintained"] == f"{p['at_as_at']['total']:,}"
    january = app.charts()["Plans at each January, by setting"]
    last = p["january"][-1]
    special = january[(january["year"] == last["year"]) & (january["setting"] == "Special school")]
    assert special["plans"].tolist() == [last["special"]]
    schools = next(t for t in app.tables() if "School" in t.columns)
    assert schools["Plans"].sum() == sum(r["total"] for r in p["by_school"])


def test_placements_mix_is_beside_england_and_the_region_and_schools_have_names(open_app, demo_url):
    app = open_app(demo_url).open("Placements")
    mix = app.charts()["Share of plans by setting, January 2025 (%)"]
    assert {"This LA", "England", REGION} <= _areas(mix)
    independent = app.charts()["% of plans in independent or non-maintained schools"]
    assert {"This LA", "England", REGION} <= _areas(independent)
    schools = next(t for t in app.tables() if "School" in t.columns)
    assert schools["Plans"].is_monotonic_decreasing
    assert not (schools["School"] == "not in the establishments list").any()  # the sample lists every school


@pytest.mark.parametrize("label", list(FILTERS))
def test_ceased_page_follows_the_filters(open_app, demo_url, expected_kpis, label):
    app = open_app(demo_url).open("Ceased plans")
    _apply(app, FILTERS[label])
    ceased = expected_kpis(**_filters(FILTERS[label]))["ceased"]["by_year"]
    table = next(t for t in app.tables() if "Plans ceased" in t.columns).set_index("Year")
    shown = [r for r in ceased if r["year"] in table.index]
    assert len(shown) == len(table) and shown[-1] == ceased[-1]  # the recent years, up to the as-at date
    assert table["Plans ceased"].to_dict() == {r["year"]: r["total"] for r in shown}
    assert table["Reached the maximum age"].to_dict() == {r["year"]: r["by_reason"]["1"] for r in shown}


def test_ceased_reasons_are_beside_england_and_the_region(open_app, demo_url):
    app = open_app(demo_url).open("Ceased plans")
    # 2025 is not yet published, so the comparison is made on 2024, the latest year DfE has
    shares = app.charts()["Share of plans ceased in 2024 by reason (%)"]
    assert {"This LA", "England", REGION} <= _areas(shares)


@pytest.fixture
def viewer(monkeypatch, tmp_path, demo_url):
    settings = tmp_path / "senddash.toml"
    settings.write_text(ROLES_TOML)
    monkeypatch.setenv("SENDDASH_SETTINGS", str(settings))
    app = App(monkeypatch, demo_url)
    app.at.user = {"is_logged_in": True, "email": "member@council.gov.uk"}
    return app


def test_viewers_get_no_overdue_list_and_no_schools(viewer):
    viewer.open("Annual reviews")
    assert any("shown to SEND leads only" in c for c in viewer.captions())
    assert not any("Days overdue" in t.columns for t in viewer.tables())
    assert "Overdue reviews by team" not in viewer.charts()
    viewer.page("Placements")
    assert any("shown to SEND leads only" in c for c in viewer.captions())
    assert not any("School" in t.columns or "urn" in t.columns for t in viewer.tables())


def test_data_page_lists_the_urns_the_establishments_list_lacks(open_app, demo_url, tmp_path):
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_url.removeprefix("sqlite:///"), copy)
    with sqlite3.connect(copy) as conn:
        (urn, placements), = conn.execute(
            "SELECT urn, COUNT(*) FROM casework_placement WHERE urn IS NOT NULL GROUP BY urn ORDER BY urn LIMIT 1")
        conn.execute("DELETE FROM establishment WHERE urn = ?", (urn,))
    app = open_app(f"sqlite:///{copy}").open("Data")
    listed = next(t for t in app.tables() if "URN" in t.columns)
    assert listed.to_dict("records") == [{"URN": urn, "Placements": placements}]
    assert any("counts as setting unknown" in c for c in app.captions())
    complete = open_app(demo_url).open("Data")
    assert not any("URN" in t.columns for t in complete.tables())
    assert "Every placement's URN is in the establishments list." in complete.infos()
