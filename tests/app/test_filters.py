"""The shared sidebar filters: changing one changes the numbers to the KPI engine's for those filters, the
filters hold across pages, and a URL's query string sets them."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.ui.tidy import timeliness_table

MAINTAINED = "EHC plans maintained"


def _maintained(k: dict) -> str:
    return f"{k['ehcps']['maintained']:,}"


def test_need_filter_changes_the_overview_to_the_filtered_kpis(open_app, demo_url, expected_kpis):
    app = open_app(demo_url).open("Overview")
    everyone = app.metrics()[MAINTAINED]
    assert everyone == _maintained(expected_kpis())

    app.at.multiselect(key="need").set_value(["ASD"])
    app.run()
    asd = expected_kpis(needs=("ASD",))
    assert asd["filters"]["need"] == ["ASD"]
    assert app.metrics()[MAINTAINED] == _maintained(asd) != everyone
    assert {n: c for n, c in asd["ehcps"]["by_need"].items() if c} == {"ASD": asd["ehcps"]["maintained"]}
    assert any("need: ASD" in c for c in app.captions())
    years = {r["year"]: r for r in asd["timeliness"]["by_year"]}
    assert app.metrics()["Within 20 weeks, 2024"] == f"{years[2024]['pct_ex']:.1f}%"


def test_age_band_filter_changes_the_overview_to_the_filtered_kpis(open_app, demo_url, expected_kpis):
    app = open_app(demo_url).open("Overview")
    app.at.multiselect(key="age").set_value(["11-15"])
    app.run()
    teens = expected_kpis(age_bands=("11-15",))
    assert app.metrics()[MAINTAINED] == _maintained(teens) != _maintained(expected_kpis())
    assert teens["ehcps"]["by_age_band"]["11-15"] == teens["ehcps"]["maintained"]
    assert any("age: 11-15" in c for c in app.captions())


def test_as_at_date_changes_the_overview_to_the_kpis_at_that_date(open_app, demo_url, expected_kpis):
    app = open_app(demo_url).open("Overview")
    assert app.at.date_input(key="as_at").value == dt.date(2025, 10, 31)
    app.at.date_input(key="as_at").set_value(dt.date(2024, 12, 31))
    app.run()
    then = expected_kpis(as_at=dt.date(2024, 12, 31))
    shown = app.metrics()
    assert shown[MAINTAINED] == _maintained(then) != _maintained(expected_kpis())
    years = {r["year"]: r for r in then["timeliness"]["by_year"]}
    assert shown["Within 20 weeks, 2023"] == f"{years[2023]['pct_ex']:.1f}%"
    assert shown["Within 20 weeks, 2024 to date"] == f"{years[2024]['pct_ex']:.1f}%"
    assert "Within 20 weeks, 2025 to date" not in shown
    assert any("As at 31 December 2024" in c for c in app.captions())


def test_filters_hold_when_moving_to_another_page(open_app, demo_url, expected_kpis):
    app = open_app(demo_url).open("Overview")
    app.at.multiselect(key="need").set_value(["SEMH"])
    app.at.date_input(key="as_at").set_value(dt.date(2024, 12, 31))
    app.run()
    app.page("Timeliness")
    assert app.at.multiselect(key="need").value == ["SEMH"]
    k = expected_kpis(as_at=dt.date(2024, 12, 31), needs=("SEMH",))
    expected = timeliness_table(k)
    assert expected["issued"].sum() < pd.DataFrame(expected_kpis()["timeliness"]["by_year"])["issued"].sum()
    tables = [t for t in app.tables() if list(t.columns) == list(expected.columns)]
    assert len(tables) == 1
    pd.testing.assert_frame_equal(tables[0].reset_index(drop=True), expected, check_dtype=False)


def test_age_band_and_date_in_the_url_set_the_filters(open_app, demo_url, expected_kpis):
    app = open_app(demo_url, query_params={"age": ["16-19"], "as_at": "2024-12-31"}).open("Overview")
    assert app.at.multiselect(key="age").value == ["16-19"]
    assert app.at.date_input(key="as_at").value == dt.date(2024, 12, 31)
    k = expected_kpis(as_at=dt.date(2024, 12, 31), age_bands=("16-19",))
    assert app.metrics()[MAINTAINED] == _maintained(k)
    assert app.at.query_params == {"age": "16-19", "as_at": "2024-12-31"}


def test_need_code_in_the_url_sets_the_filter(open_app, demo_url, expected_kpis):
    app = open_app(demo_url, query_params={"need": ["SEMH"]}).open("Overview")
    assert app.at.multiselect(key="need").value == ["SEMH"]
    assert app.metrics()[MAINTAINED] == _maintained(expected_kpis(needs=("SEMH",)))


def test_comparators_chosen_in_the_sidebar_reach_the_benchmarks(open_app, demo_url, demo_engine):
    from dashboard import read

    app = open_app(demo_url, query_params={"cmp": ["350", "352"]}).open("Timeliness")
    assert app.at.multiselect(key="cmp").value == ["350", "352"]
    k = read.kpis(demo_engine, la_code="351", comparators=["350", "352"])
    assert [c["la_code"] for c in k["benchmarks"]["comparators"]] == ["350", "352"]
    yearly = app.charts()["% within 20 weeks, excluding exceptions"]
    mean = yearly[yearly["area"] == "Comparators (mean)"]
    published = {int(y): v for y, v in k["benchmarks"]["comparator_mean"]["timeliness_pct_ex"].items()}
    assert len(mean) > 0 and _as_dict(mean) == {y: published[y] for y in mean["year"]}
    assert any("Bolton (350)" in c and "Manchester (352)" in c for c in app.captions())


def _as_dict(df):
    return dict(zip(df["year"], df["value"], strict=True))


def test_needs_page_shows_the_engines_shares(open_app, demo_url, expected_kpis):
    k = expected_kpis()
    app = open_app(demo_url).open("Needs")
    shares = app.charts()["% of plans by primary need"]
    la = shares[shares["area"] == "This LA"]
    assert dict(zip(la["need"], la["share"], strict=True)) == {
        n: v for n, v in k["ehcps"]["by_need_pct"].items() if v}  # a 0% bar is not drawn
    england = shares[shares["area"] == "England"]
    assert dict(zip(england["need"], england["share"], strict=True)) == {
        n: v for n, v in k["benchmarks"]["england"]["need_shares"].items() if v is not None}
    by_age = next(t for t in app.tables() if "need" in t.columns and "5-10" in t.columns)
    assert by_age["5-10"].sum() == k["ehcps"]["by_age_band"]["5-10"]


def _areas(app) -> set[str]:
    return {a for df in app.charts().values() if "area" in df.columns for a in df["area"].dropna()}


def test_a_filtered_view_is_compared_with_the_matching_published_breakdown_or_says_it_is_everyone(
        open_app, demo_url, expected_kpis):
    app = open_app(demo_url, {"age": ["5-10"]}).open("Timeliness")
    assert not app.errors()
    # the DfE publishes timeliness by single year of age: England is ages 5-10, not every child
    assert {"England, ages 5-10", "North West (region), ages 5-10"} <= _areas(app)
    band = expected_kpis(age_bands=("5-10",))["benchmarks"]
    assert band["england"]["timeliness_pct_ex"][2024] != expected_kpis()["benchmarks"]["england"]["timeliness_pct_ex"][2024] \
        or band["region"]["timeliness_pct_ex"][2024] != expected_kpis()["benchmarks"]["region"]["timeliness_pct_ex"][2024]
    app = open_app(demo_url, {"need": ["ASD"], "age": ["5-10"]}).open("Timeliness")
    assert "England, all children" in _areas(app) and "England" not in _areas(app)  # no such breakdown: said so
    app = open_app(demo_url, {"need": ["ASD"]}).open("Overview")
    tiles = " ".join(app.captions() + app.text().split("\n"))
    assert "England, all children" in tiles
    assert "complaints are not recorded by need or age" in tiles
    plain = open_app(demo_url).open("Overview")
    assert "England, all children" not in plain.text() and "Published by DfE · 2024: England 46.4%" in plain.text()


def test_the_complaints_page_says_the_filters_do_not_apply(open_app, demo_url):
    app = open_app(demo_url, {"need": ["ASD"]}).open("Complaints")
    assert any("filters do not apply here" in i for i in app.infos())
    assert not any("filters do not apply here" in i for i in open_app(demo_url).open("Complaints").infos())


def test_a_percentage_on_fewer_than_ten_cases_says_how_many_and_to_read_it_with_care(open_app, demo_url,
                                                                                    expected_kpis):
    k = expected_kpis(needs=("PMLD",), age_bands=("5-10",))
    row = next(r for r in k["timeliness"]["by_year"] if r["year"] == 2024)
    assert 0 < row["issued_ex"] < 10  # the sample has few such plans
    app = open_app(demo_url, {"need": ["PMLD"], "age": ["5-10"]}).open("Overview")
    text = app.text()
    assert f"({row['within_ex']} of {row['issued_ex']}) fewer than 10 cases: read with care" in text
    from dashboard.settings import load_settings
    from dashboard.ui.overview import tiles

    everyone = {t.key: t for t in tiles(expected_kpis(), load_settings())}
    assert "read with care" not in everyone["timeliness_last_year"].compare  # 293 of 296
