"""Each source covers its own dates and the pages say so; a measure with no column is "not recorded"
(issue 11, parts 1 and 6), on databases holding only an LA's own files (synthetic people, not the demo)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard import read
from data_access.engine import make_engine
from data_access.importers import run_import
from tests.app.conftest import LA

BRIEFING = "../pages/briefing.py"
SAMPLE_SEN2 = Path(__file__).resolve().parents[2] / "sample_data" / "sen2_2025.xml"
# no request_mediation / request_tribunal columns; the latest date is the decision of 15 March 2025
CASEWORK = ["person_id,birth_date,sex,request_id,received_date,request_outcome,request_outcome_date,"
            "assessment_outcome,assessment_outcome_date,plan_start_date,primary_need"]
for i in range(1, 13):
    received = dt.date(2024, i, 3)
    issued = received + dt.timedelta(days=50 + 3 * i)
    CASEWORK.append(f"P{i},2014-0{1 + i % 9}-01,{'MF'[i % 2]},R{i},{received},Y,{received + dt.timedelta(days=30)},"
                    f"Y,{issued - dt.timedelta(days=7)},{issued},{('ASD', 'SEMH', 'SLCN')[i % 3]}")
CASEWORK.append("P20,2015-02-01,F,R20,2025-02-03,Y,2025-03-15,,,,")
# the complaints log ends in December 2024: 12 complaints in 2024 Q4, answered by 31 December
COMPLAINTS = ["record_id,kind,received_date,stage,category,due_date,responded_date,outcome,team"]
COMPLAINTS += [f"C{i},complaint,2024-{10 + i % 3}-0{1 + i % 9},1,process,,2024-12-{10 + i},upheld,North"
               for i in range(12)]
COMPLAINTS += [f"K{i},compliment,2024-11-1{i},,,,,,North" for i in range(6)]


def _admin(monkeypatch) -> None:
    monkeypatch.setenv("SENDDASH_ALLOW_UNAUTHENTICATED", "true")
    monkeypatch.setenv("SENDDASH_UNAUTHENTICATED_ROLE", "admin")


def _database(folder: Path, files: dict[str, str]) -> str:
    url = f"sqlite:///{folder / 'own.sqlite'}"
    eng = make_engine(url)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        report = run_import(eng, folder / name, la_code=LA)
        assert report.ok, report.message
    eng.dispose()
    return url


@pytest.fixture(scope="module")
def december_url(tmp_path_factory) -> str:
    """Casework to 15 March 2025 and a complaints log that ends in December 2024."""
    return _database(tmp_path_factory.mktemp("december"),
                     {"casework.csv": "\n".join(CASEWORK) + "\n", "complaints.csv": "\n".join(COMPLAINTS) + "\n"})


@pytest.fixture(scope="module")
def sen2_only_url(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("sen2_only")
    url = f"sqlite:///{folder / 'sen2.sqlite'}"
    eng = make_engine(url)
    report = run_import(eng, SAMPLE_SEN2, kind="sen2", la_code=LA)
    assert report.ok, report.message
    eng.dispose()
    return url


def test_the_kpi_object_says_what_each_source_covers(december_url):
    eng = make_engine(december_url)
    k = read.kpis(eng, la_code=LA)
    eng.dispose()
    assert k["as_at"] == "2025-03-15"
    assert k["coverage"]["casework"] == "2025-03-15" and k["coverage"]["complaints"] == "2024-12-21"
    assert {q["quarter"]: q["received"] for q in k["complaints"]["by_quarter"]} == {"2024-Q4": 12, "2025-Q1": None}
    # the file has no mediation, tribunal, review or cease columns: those measures are not recorded, not 0
    assert {"requests_mediation", "requests_tribunal", "assessments_mediation", "assessments_tribunal",
            "reviews_meetings", "reviews_within_4_weeks_pct", "ceased_reason_1"} <= set(k["not_recorded"])
    assert not {"requests", "plans_issued", "plans_maintained"} & set(k["not_recorded"])
    assert all(r["mediation"] is None and r["tribunal"] is None for r in k["requests"]["by_year"])


def test_overview_defaults_to_the_casework_end_and_complaints_say_no_data(open_app, december_url, monkeypatch):
    _admin(monkeypatch)
    app = open_app(december_url).open("Overview")
    assert any("As at 15 March 2025" in c for c in app.captions())
    assert any("casework extract to 15 Mar 2025" in c and "complaints log to 21 Dec 2024" in c
               for c in app.captions())
    tiles = app.metrics()
    assert tiles["Complaints, Q1 2025 to date"] == "No data"  # not "0 ↓ −12"
    assert "No complaints data: the complaints log ends on 21 December 2024." in app.captions()


def test_briefing_says_no_complaints_data_and_which_source_ends_when(open_app, december_url, monkeypatch):
    _admin(monkeypatch)
    app = open_app(december_url).run()
    app.at.switch_page(BRIEFING)
    text = app.run().text()
    assert "There is no complaints data for 2025 Q1: the complaints log ends on 21 December 2024." in text
    assert "received 0 complaints" not in text
    assert "The casework extract ends on 15 March 2025. The complaints log ends on 21 December 2024." in text
    assert "Requests that went to mediation, requests appealed to the tribunal" in text


def test_complaints_page_shows_mediation_and_tribunal_as_not_recorded(open_app, december_url, monkeypatch):
    _admin(monkeypatch)
    app = open_app(december_url).open("Complaints")
    table = next(t for t in app.tables() if "Mediation" in t.columns or "mediation" in t.columns)
    column = "Mediation" if "Mediation" in table.columns else "mediation"
    assert set(table[column]) == {"not recorded in the extract"}
    assert any("Not recorded in the extract" in c for c in app.captions())


def test_data_quality_lists_the_measures_not_recorded(open_app, december_url, monkeypatch):
    _admin(monkeypatch)
    app = open_app(december_url).open("Data")
    listed = [t for t in app.tables() if any("request_mediation" in str(v) for v in t.to_numpy().ravel())]
    assert listed, "Data quality does not list the measures not recorded"
    assert any("request_tribunal" in str(v) for v in listed[0].to_numpy().ravel())


def test_sen2_only_database_defaults_to_the_returns_reference_date(open_app, sen2_only_url, monkeypatch):
    _admin(monkeypatch)
    eng = make_engine(sen2_only_url)
    frames = read.load_frames(eng, la_code=LA)
    eng.dispose()
    assert read.filter_options(frames, la_code=LA)["default_as_at"] == dt.date(2025, 1, 16)
    app = open_app(sen2_only_url).open("Overview")
    assert any("As at 16 January 2025" in c for c in app.captions())
    assert any("SEN2 returns to 16 Jan 2025" in c for c in app.captions())
    assert "15 March 2025" not in app.text()
