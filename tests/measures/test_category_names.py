"""Every category of every breakdown the catalogue declares has words a person can read: a chart, a table or
the data pack never shows a raw code ("1", "M", "SEMH", "resourced_provision") in their place. Codes come
from the engine's own code lists and from the synthetic sample LA's KPI object."""

from __future__ import annotations

import pytest

from dashboard import demo, read
from dashboard.disclosure.figures import measure_figures
from dashboard.kpi.ehcps import SETTING_TYPES, SEXES
from dashboard.kpi.requests import SOURCES
from dashboard.measures.catalogue import BY_KEY, CATALOGUE
from dashboard.measures.categories import AS_NAMED, CATEGORY_NAMES, CEASE_NAMES, category_name
from dashboard.measures.forecast import METHODS
from dashboard.measures.model import parse
from data_access.engine import make_engine
from frames.finance import LINE_LABELS
from frames.placements import GROUPS

BREAKDOWNS = [m.key for m in CATALOGUE if any((loc := parse(a)).categories or loc.row_is_category or loc.category
                                              for a in m.at)]
CODE_LISTS = {
    "requests_by_source": SOURCES, "plans_by_sex": SEXES, "plans_by_setting": SETTING_TYPES,
    "plans_by_need": read.NEED_CODES, "census_ehcp_by_need": (*read.NEED_CODES, "NSA", "NONE"),
    "plans_by_area": ("in_area", "out_of_area", "unknown"), "forecast_by_group": GROUPS,
    "forecast_by_line": tuple(LINE_LABELS), "forecast_method_plans": METHODS,
}


@pytest.fixture(scope="module")
def sample_categories(tmp_path_factory) -> dict[str, set[str]]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('categories') / 'demo.sqlite'}")
    demo.build_demo(engine, la_code="351")
    frames = read.load_frames(engine, la_code="351")
    engine.dispose()
    k = read.kpis_from_frames(frames, la_code="351", outlook=True)
    return {key: {f.category for f in figs if f.category is not None} for key, figs in measure_figures(k).items()}


def test_the_breakdowns_are_found():
    assert {"requests_by_source", "plans_by_sex", "plans_by_need", "plans_by_setting"} <= set(BREAKDOWNS)


def test_every_breakdown_is_named_or_declared_as_words_already():
    assert sorted(set(BREAKDOWNS) - set(CATEGORY_NAMES) - AS_NAMED) == []
    assert set(CATEGORY_NAMES) & AS_NAMED == set()
    assert set(CATEGORY_NAMES) | AS_NAMED <= set(BREAKDOWNS), "a name for a breakdown the catalogue lacks"


@pytest.mark.parametrize("key", sorted(CODE_LISTS))
def test_every_code_of_the_engines_code_lists_has_a_name(key):
    missing = [c for c in CODE_LISTS[key] if category_name(key, c) == str(c)]
    assert missing == []


def test_every_category_in_the_sample_has_a_name(sample_categories):
    missing = {key: sorted(c for c in cats if category_name(key, c) == c)
               for key, cats in sample_categories.items() if key in CATEGORY_NAMES}
    assert {key: cs for key, cs in missing.items() if cs} == {}
    assert {key for key, cats in sample_categories.items() if cats} <= set(CATEGORY_NAMES) | AS_NAMED


def test_two_categories_of_one_breakdown_never_share_a_name():
    for key, names in CATEGORY_NAMES.items():
        assert len(set(names.values())) == len(names), key


def test_the_sen2_words():
    assert [category_name("requests_by_source", c) for c in ("1", "2", "3", "4", "5")] == [
        "Parent or young person", "School or setting", "Health", "Social care", "Other"]
    assert [category_name("plans_by_sex", c) for c in ("M", "F", "U")] == ["Male", "Female", "Not known"]
    assert category_name("plans_by_need", "SEMH") == "Social, emotional and mental health"
    assert category_name("open_by_weeks", "16-20 weeks") == "16-20 weeks"  # words already


def test_each_cease_reason_measure_says_the_reason_in_words():
    """The cease reasons are measures of their own (not a breakdown): their labels carry SEN2's code and its words."""
    assert BY_KEY["ceased_reason_5"].label == "EHC plans ceased, reason 5: moved to another LA"
    assert BY_KEY["ceased_reason_unknown_pct"].label == "Share of ceased plans, reason not recorded"
    for code, words in CEASE_NAMES.items():
        assert words.lower() in BY_KEY[f"ceased_reason_{code}"].label.lower()
