"""The app on a database that is missing, empty, unreachable or nearly empty: every page says something
helpful and nothing raises."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import read
from dashboard.ui.tidy import timeliness_table
from data_access.engine import make_engine
from data_access.importers import run_import

from .conftest import LA, PAGES, UNREACHABLE_URL

KPI_PAGES = [p for p in PAGES if p != "Data"]
ONE_MONTH_CSV = """person_id,birth_date,sex,request_id,received_date,request_outcome,request_outcome_date,\
assessment_outcome,assessment_outcome_date,week20_exception,plan_start_date,primary_need,setting_type
X1,2015-03-01,M,Q1,2024-05-01,Y,2024-05-08,Y,2024-05-20,0,2024-05-28,ASD,mainstream
X2,2012-07-15,F,Q2,2024-05-02,Y,2024-05-09,Y,2024-05-22,0,2024-05-30,SEMH,special_maintained
X3,2018-01-20,M,Q3,2024-05-03,N,2024-05-15,,,,,,
"""




@pytest.mark.parametrize("page", PAGES)
def test_database_file_not_there_yet(open_app, tmp_path, page):
    app = open_app(f"sqlite:///{tmp_path / 'new' / 'senddash.sqlite'}").open(page)
    assert app.infos(), f"{page} says nothing about the missing data"
    assert not app.errors()
    if page != "Data":
        assert any("load" in i.lower() and "**Data**" in i for i in app.infos())
    assert not app.at.get("vega_lite_chart")


@pytest.mark.parametrize("page", PAGES)
def test_empty_migrated_database(open_app, migrated_empty_url, page):
    app = open_app(migrated_empty_url).open(page)
    assert app.infos(), f"{page} says nothing about the missing data"
    assert not app.errors()
    assert not app.at.get("vega_lite_chart")
    if page == "Data":
        assert "No files have been imported yet." in app.infos()


@pytest.mark.parametrize("page", PAGES)
def test_unreachable_database_gives_one_clear_sentence(open_app, page):
    app = open_app(UNREACHABLE_URL).open(page)
    errors = app.errors()
    assert errors, f"{page} shows no error for an unreachable database"
    for msg in errors:
        assert "127.0.0.1:1" in msg  # says which database
        assert "nobody:x@" not in msg  # never the password
        assert "\n" not in msg.strip() and msg.rstrip().endswith(".")
    text = app.text()
    assert "Traceback" not in text and 'File "' not in text
    assert not any("no data to show yet" in i for i in app.infos())


@pytest.fixture(scope="module")
def one_month_url(tmp_path_factory) -> str:
    """Casework for three requests all received, decided and issued in May 2024."""
    folder = tmp_path_factory.mktemp("one_month")
    (folder / "casework.csv").write_text(ONE_MONTH_CSV, encoding="utf-8")
    url = f"sqlite:///{folder / 'one_month.sqlite'}"
    eng = make_engine(url)
    report = run_import(eng, folder / "casework.csv", kind="casework", la_code=LA)
    assert report.ok and report.rows_loaded == 3, report.message
    eng.dispose()
    return url


@pytest.mark.parametrize("page", list(PAGES))
def test_one_month_of_casework(open_app, one_month_url, page, monkeypatch):
    # a real (non-sample) extract: without sign-in it is shown only when explicitly allowed, and as an admin
    # only when that is said too (the default unauthenticated role is viewer: no Data page, small counts hidden)
    monkeypatch.setenv("SENDDASH_ALLOW_UNAUTHENTICATED", "true")
    monkeypatch.setenv("SENDDASH_UNAUTHENTICATED_ROLE", "admin")
    app = open_app(one_month_url).open(page)
    assert app.titles() == [PAGES[page][1]]
    assert not app.errors()
    eng = make_engine(one_month_url)
    k = read.kpis(eng, la_code=LA)
    eng.dispose()
    assert k["ehcps"]["maintained"] == 2
    if page == "Overview":
        shown = app.metrics()
        assert shown["EHC plans maintained"] == "2"
        assert shown["Plans within 20 weeks, May 2024"] == "100.0%"
    if page == "Timeliness":
        expected = timeliness_table(k)  # the DfE headline first; no years before the first plan
        tables = [t for t in app.tables() if list(t.columns) == list(expected.columns)]
        assert len(tables) == 1
        pd.testing.assert_frame_equal(tables[0].reset_index(drop=True), expected, check_dtype=False)
        assert expected.loc[expected["year"] == 2024, "issued"].tolist() == [2]
