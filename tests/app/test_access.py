"""Sign-in and roles in AppTest: at.user fakes the identity provider's answer."""

from __future__ import annotations

import pytest

from tests.app.conftest import App

ROLES_TOML = """
require_sign_in = true
[roles]
admin = ["admin@council.gov.uk"]
lead = ["group:SEND Leadership"]
viewer = ["*@council.gov.uk"]
"""


@pytest.fixture
def signed_in(monkeypatch, tmp_path, demo_url):
    """``signed_in(user_dict)`` -> an App on the demo database with sign-in required and the roles above."""
    settings = tmp_path / "senddash.toml"
    settings.write_text(ROLES_TOML)
    monkeypatch.setenv("SENDDASH_SETTINGS", str(settings))

    def _open(user: dict) -> App:
        app = App(monkeypatch, demo_url)
        app.at.user = user
        return app

    return _open


def test_signed_out_person_sees_only_the_sign_in_page(signed_in):
    app = signed_in({"is_logged_in": False}).run()
    assert app.titles() == ["SEND performance dashboard"]
    assert [b.label for b in app.at.button] == ["Sign in"]
    assert not app.at.metric


def test_person_without_a_role_is_told_so(signed_in):
    app = signed_in({"is_logged_in": True, "email": "someone@elsewhere.org"}).run()
    assert app.errors() and "have not been given access" in app.errors()[0]
    assert not app.at.metric


def test_viewer_sees_aggregates_but_no_case_lists_and_no_data_page(signed_in):
    app = signed_in({"is_logged_in": True, "email": "member@council.gov.uk"}).run()
    assert "EHC plans maintained" in app.metrics()
    assert any("Signed in as member@council.gov.uk (viewer)" in c for c in app.captions())
    app.page("Timeliness")
    assert any("shown to SEND leads only" in c for c in app.captions())
    assert not any("request_ref" in t.columns for t in app.tables())
    with pytest.raises(Exception):  # noqa: B017 - the Data page is not in a viewer's navigation
        app.page("Data")
        assert app.titles() == ["Data"]


def test_lead_sees_case_lists(signed_in):
    app = signed_in({"is_logged_in": True, "email": "head@council.gov.uk", "groups": ["SEND Leadership"]})
    app.open("Timeliness")
    assert any("request_ref" in t.columns for t in app.tables())
    assert any("(lead)" in c for c in app.captions())


def test_admin_can_open_the_data_page(signed_in):
    app = signed_in({"is_logged_in": True, "email": "ADMIN@council.gov.uk"}).open("Data")
    assert app.titles() == ["Data"]


def test_demo_mode_banner_without_sign_in(open_app, demo_url):
    app = open_app(demo_url).run()
    assert any("Demo mode" in w.value for w in app.at.warning)


def test_real_data_without_sign_in_is_refused_unless_allowed(open_app, tmp_path, monkeypatch):
    from data_access.engine import make_engine
    from data_access.importers import run_import

    url = f"sqlite:///{tmp_path / 'real.sqlite'}"
    csv = tmp_path / "casework.csv"
    csv.write_text("person_id,birth_date,sex,request_id,received_date,request_outcome,request_outcome_date,"
                   "plan_start_date,primary_need\nX1,2015-03-01,M,Q1,2024-05-01,Y,2024-05-08,,\n")
    assert run_import(make_engine(url), csv, la_code="351").ok
    app = open_app(url).run()
    assert app.errors() and "sign-in is not configured" in app.errors()[0]
    assert not app.at.metric
    monkeypatch.setenv("SENDDASH_ALLOW_UNAUTHENTICATED", "true")
    app = open_app(url).run()
    assert any("Sign-in is switched off" in w.value for w in app.at.warning)
    assert not app.errors()


@pytest.mark.parametrize(("protect", "shown"), [(None, "c"), ("false", 90.2)])
def test_the_protect_derived_counts_setting_reaches_a_viewers_page(signed_in, monkeypatch, protect, shown):
    # 2025 in the sample (the DfE has not published it): its plans within 20 weeks (all plans) hide only to
    # protect a small count that is never shown (it follows by subtraction), so without
    # protect_derived_counts the year's 90.2% (285 of 316) is shown
    if protect is not None:
        monkeypatch.setenv("SENDDASH_PROTECT_DERIVED_COUNTS", protect)
    app = signed_in({"is_logged_in": True, "email": "member@council.gov.uk"}).open("Timeliness")
    years = next(t for t in app.tables() if "pct_ex" in t.columns and "year" in t.columns).set_index("year")
    assert years.loc[2025, "pct"] == shown


def test_a_viewer_has_no_need_or_age_filter_and_a_filtered_url_shows_everyone(signed_in):
    # two filtered views side by side could give a small number away by subtraction (all needs less
    # all but OTH), so a viewer sees every child and young person, whatever the URL says
    app = signed_in({"is_logged_in": True, "email": "member@council.gov.uk"})
    app.at.query_params.update({"need": ["ASD", "SEMH", "SLCN", "MLD"], "age": ["5-10"]})
    app = app.open("Overview")
    assert [m.key for m in app.at.multiselect] == ["cmp"]
    assert any("Filtering by need or age band is for SEND leads" in c for c in app.captions())
    assert not any("need:" in c for c in app.captions())
    lead = signed_in({"is_logged_in": True, "email": "head@council.gov.uk", "groups": ["SEND Leadership"]})
    lead = lead.open("Overview")
    assert {m.key for m in lead.at.multiselect} == {"need", "age", "cmp"}
