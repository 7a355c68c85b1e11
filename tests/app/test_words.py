"""Tables and labels a councillor can read (issue 11, parts 5 and 7): no "None" cells, the DfE headline first,
codes or names (never "Semh"), times of day as dates and times, caseworkers in order, words on the charts,
the need filter's names with the codes in the URL, RAG words that say what is wrong, changes that say what
they are compared with."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from dashboard.measures.needs import NEED_NAMES

from .conftest import PAGES


def _by_name(value: str) -> tuple:
    """"CW2" before "CW10", "not recorded" last."""
    return (value == "not recorded", [int(p) if p.isdigit() else p.lower() for p in re.findall(r"\d+|\D+", value)])


def _column_labels(app) -> list[dict[str, str]]:
    """Each shown table's column -> heading, as the browser shows them (the column_config labels)."""
    return [{c: v.get("label", c) for c, v in json.loads(d.proto.columns or "{}").items() if c != "_index"}
            for d in app.at.dataframe]


def _spec(app, title: str) -> dict:
    for chart in app.at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        t = spec.get("title")
        if (t.get("text") if isinstance(t, dict) else t) == title:
            return spec
    raise AssertionError(f"no chart titled {title!r}")


@pytest.mark.parametrize("page", [p for p in PAGES if p != "Overview"])
def test_no_table_shows_a_blank_cell_as_none(open_app, demo_url, page):
    """A blank in a number column is drawn by the browser as "None": every blank is a "–" instead. (Not in an
    editable grid: there a blank date is "not recorded" and must stay a date cell, which the grid draws empty.)"""
    app = open_app(demo_url).open(page)
    for table in (d.value for d in app.at.dataframe if d.editing_mode == "read_only"):
        blank = table.isna()
        assert not blank.any().any(), f"{page}: blank cells in {list(table.columns[blank.any()])}"


def test_years_before_the_first_plan_are_left_out(open_app, demo_url, expected_kpis):
    k = expected_kpis()
    empty = [r["year"] for r in k["timeliness"]["by_year"] if not r["issued"]]
    assert 2014 in empty  # the sample LA's first year has no plans issued
    app = open_app(demo_url).open("Timeliness")
    table = next(t for t in app.tables() if "pct_ex" in t.columns)
    assert 2014 not in set(table["year"])
    needs = open_app(demo_url).open("Needs")
    trend = next(t for t in needs.tables() if "year" in t.columns)
    assert 2014 not in set(trend["year"])


def test_the_dfe_headline_column_comes_first(open_app, demo_url):
    app = open_app(demo_url).open("Timeliness")
    table = next(t for t in app.tables() if "pct_ex" in t.columns)
    assert list(table.columns)[:3] == ["year", "pct_ex", "median_weeks"]
    labels = next(lab for lab in _column_labels(app) if "pct_ex" in lab)
    assert labels["pct_ex"] == "% within 20 weeks (excl. exceptions)"


def test_need_trend_headers_are_codes_never_title_cased(open_app, demo_url):
    app = open_app(demo_url).open("Needs")
    labels = next(lab for lab in _column_labels(app) if "SEMH" in lab and "year" in lab)
    headers = [h for c, h in labels.items() if c != "year"]
    assert "SEMH" in headers and "ASD" in headers
    assert not {"Semh", "Asd", "Ds", "Unknown"} & set(headers)
    assert all(h in NEED_NAMES or h == "Not recorded" for h in headers), [h for h in headers if h not in NEED_NAMES]


def test_import_history_shows_local_dates_and_times(open_app, demo_url):
    app = open_app(demo_url).open("Data")
    history = next(t for t in app.tables() if "finished_at" in t.columns)
    when = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}$")  # "2 Dec 2026 06:44", not 1796148505690.537
    assert all(when.match(v) for v in history["finished_at"]), history["finished_at"].tolist()[:3]
    assert all(when.match(v) for v in history["started_at"])
    assert not any("UTC" in c for c in app.captions())


def test_caseworker_axes_are_sorted(open_app, demo_url):
    for page, title in (("Timeliness", "At-risk assessments by caseworker"),
                        ("Transitions", "Outstanding by caseworker")):
        spec = _spec(open_app(demo_url).open(page), title)
        order = spec["encoding"]["x"]["sort"]
        assert isinstance(order, list) and len(order) > 3
        assert order == sorted(order, key=_by_name), f"{page}: {order}"


def test_complaint_categories_and_outcomes_are_words_in_one_case_style(open_app, demo_url):
    charts = open_app(demo_url).open("Complaints").charts()
    categories = set(charts[next(t for t in charts if t.startswith("By category"))]["category"])
    outcomes = set(charts[next(t for t in charts if t.startswith("By outcome"))]["outcome"])
    assert {"Decision", "Staff conduct"} <= categories and {"Not upheld", "Still open"} <= outcomes
    for word in categories | outcomes:
        assert "_" not in word and word[0].isupper() and word[1:] == word[1:].lower(), word


def test_need_filter_shows_names_and_the_url_keeps_the_codes(open_app, demo_url):
    app = open_app(demo_url, query_params={"need": ["SEMH"]}).open("Overview")
    need = app.at.multiselect(key="need")
    assert "ASD – Autistic spectrum disorder" in need.options
    assert need.value == ["SEMH"]
    need.set_value(["ASD", "SEMH"])
    app.run()
    assert _url_needs(app) == ["ASD", "SEMH"]  # codes, not names
    app.page("Timeliness")
    assert _url_needs(app) == ["ASD", "SEMH"]  # and they hold on another page
    assert app.at.multiselect(key="need").value == ["ASD", "SEMH"]


def test_census_breakdowns_are_in_words(open_app, demo_url):
    app = open_app(demo_url).open("Census")
    by_need = app.charts()["Pupils with an EHC plan and on SEN support"]
    assert "SEN support without a specialist assessment" in set(by_need["need"])
    assert not {"NSA", "NONE", "ASD"} & set(by_need["need"])
    for by, words in (("sex", {"Boys", "Girls"}), ("fsm", {"Free school meals", "No free school meals"}),
                      ("eal", {"English as an additional language", "English as a first language"})):
        app.at.session_state["census_by"] = by
        app.run()
        shown = set(app.charts()["Pupils with an EHC plan and on SEN support"][by])
        assert shown == words, (by, shown)


def test_plans_by_sex_are_boys_girls_and_not_known(open_app, demo_url):
    by_sex = open_app(demo_url).open("EHCP growth").charts()["By sex"]
    assert set(by_sex["sex"]) <= {"Boys", "Girls", "Not known"} and "Boys" in set(by_sex["sex"])


def test_horizontal_bar_labels_are_never_cut(open_app, demo_url):
    spec = _spec(open_app(demo_url).open("EHCP growth"), "By setting type")
    assert spec["encoding"]["y"]["axis"]["labelLimit"] == 0


def test_open_assessments_over_target_says_what_is_wrong(open_app, demo_url, expected_kpis):
    assert expected_kpis()["timeliness"]["open_over_20_weeks"] > 0
    badges = [m.value for m in open_app(demo_url).open("Overview").at.markdown if "badge[" in m.value]
    assert any("Above the target of 0 (higher is worse)" in b for b in badges), badges
    assert not any(b.endswith("Above target]") for b in badges)


def _url_needs(app) -> list[str]:
    """The need codes in the app's URL (AppTest holds a repeated key as a list)."""
    value = app.at.query_params.get("need", [])
    return [value] if isinstance(value, str) else list(value)


def _deltas(app) -> dict[str, str]:
    return {m.label: m.proto.delta for m in app.at.metric}


def test_every_change_says_what_it_is_compared_with(open_app, demo_url):
    deltas = _deltas(open_app(demo_url).open("Overview"))
    assert deltas["Within 20 weeks, 2024"] == "+24.9 pts on 2023"
    assert deltas["Plans within 20 weeks, October 2025"].endswith(" pts on Sep 2025")
    assert deltas["Requests for assessment, 2024"].endswith(" on 2023")
    assert deltas["EHC plans maintained"].endswith(" since January 2025")
    assert re.fullmatch(r"([+-]\d+\.\d pts|no change) on Feb 2024", deltas["School phase transfers on time, Feb 2025"])
    for label, delta in deltas.items():
        assert not delta or re.search(r" (on|since) ", delta), (label, delta)


def test_no_change_since_january_is_said_in_words(open_app, demo_url):
    # on the January census day itself, the plans maintained are January's: no change
    app = open_app(demo_url, query_params={"as_at": "2025-01-16"}).open("Overview")
    metric = next(m for m in app.at.metric if m.label == "EHC plans maintained")
    assert metric.proto.delta == "no change since January 2025"
    assert "+0" not in metric.proto.delta


def test_census_breakdown_table_names_the_needs_and_keeps_its_numbers(open_app, demo_url):
    table = next(t for t in open_app(demo_url).open("Census").tables() if "share_of_ehcp" in t.columns)
    assert "SEN support without a specialist assessment" in set(table["need"]) and "NSA" not in set(table["need"])
    assert pd.api.types.is_numeric_dtype(table["pupils"])
