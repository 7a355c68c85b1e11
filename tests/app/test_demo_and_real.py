"""Demo and real data never mix, and the banner says what the database holds right after an import (issue 11,
parts 4 and 8): a real file uploaded into the demo database waits for a confirmation, then replaces the
synthetic sample and the app shows the lock screen with how to continue; an empty database is not "Demo mode".
"""

from __future__ import annotations

import shutil

from data_access import queries
from data_access.engine import make_engine
from data_access.samples import synthetic_counts

from .conftest import LA, App

REAL_COMPLAINTS = (b"record_id,kind,received_date,stage,category,due_date,responded_date,outcome,team\n"
                   b"R-1,complaint,2024-03-04,1,decision,2024-04-01,2024-03-20,upheld,West\n")
REAL_CASEWORK = (b"person_id,birth_date,sex,request_id,received_date,request_outcome,request_outcome_date,"
                 b"plan_start_date,primary_need\nX1,2015-03-01,M,Q1,2024-05-01,Y,2024-05-08,2024-09-01,ASD\n")


def _copy(demo_url: str, tmp_path) -> str:
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_url[len("sqlite:///"):], path)
    return f"sqlite:///{path}"


def _upload(app: App, name: str, content: bytes) -> App:
    app.at.file_uploader[0].set_value((name, content, "text/csv"))
    next(b for b in app.at.button if b.label == "Import").click()
    return app.run()


def _button(app: App, label: str):
    return next(b for b in app.at.button if b.label.startswith(label))


def _warnings(app: App) -> list[str]:
    return [w.value for w in app.at.warning]


def test_a_real_upload_into_the_demo_asks_then_replaces_the_sample_and_says_how_to_continue(open_app, demo_url,
                                                                                            tmp_path):
    url = _copy(demo_url, tmp_path)
    eng = make_engine(url)
    before = synthetic_counts(eng)
    app = _upload(open_app(url).open("Data"), "complaints_2024.csv", REAL_COMPLAINTS)
    question = next(w for w in _warnings(app) if "complaints_2024.csv" in w)
    assert "real data" in question and "holds the synthetic sample LA" in question and str(tmp_path) in question
    assert "removes the synthetic records first" in question
    assert synthetic_counts(eng) == before and not queries.holds_real_records(eng)  # nothing written yet

    _button(app, "Remove the synthetic sample and import").click()
    app.run()
    assert synthetic_counts(eng) == {"datasets": 0, "complaints": 0, "finance": 0}
    assert queries.load_complaints(eng, la_code=LA)["record_id"].tolist() == ["R-1"]
    # right after the import: the lock screen, not the demo banner, with what happened and how to go on
    assert app.titles() == ["SEND performance dashboard"]
    assert not any("Demo mode" in w for w in _warnings(app))
    done = [s.value for s in app.at.success]
    assert any("complaints_2024.csv: complaints loaded" in s and "synthetic sample" in s and "was removed" in s
               for s in done), done
    assert app.errors() and "sign-in is not configured" in app.errors()[0]
    how = "\n".join(m.value for m in app.at.markdown)
    assert "configure sign-in" in how and "allow_unauthenticated = true" in how and "no-settings.toml" in how
    assert not app.at.metric
    eng.dispose()


def test_cancel_keeps_the_sample_and_imports_nothing(open_app, demo_url, tmp_path):
    url = _copy(demo_url, tmp_path)
    eng = make_engine(url)
    before = (synthetic_counts(eng), len(queries.import_history(eng)))
    app = _upload(open_app(url).open("Data"), "casework.csv", REAL_CASEWORK)
    _button(app, "Cancel").click()
    app.run()
    assert (synthetic_counts(eng), len(queries.import_history(eng))) == before
    assert any("Demo mode" in w for w in _warnings(app)) and app.titles() == ["Data"]
    eng.dispose()


def test_an_empty_database_is_not_called_demo_mode(open_app, migrated_empty_url):
    app = open_app(migrated_empty_url).run()
    assert not any("Demo mode" in w for w in _warnings(app))
    assert any("No data loaded yet" in i for i in app.infos())


def test_the_banner_is_right_straight_after_an_import(open_app, tmp_path, monkeypatch):
    """An empty database served without sign-in to admins: the import's own run already says so."""
    monkeypatch.setenv("SENDDASH_ALLOW_UNAUTHENTICATED", "true")
    monkeypatch.setenv("SENDDASH_UNAUTHENTICATED_ROLE", "admin")
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    app = open_app(url).open("Data")
    assert any("No data loaded yet" in i for i in app.infos())
    _upload(app, "casework.csv", REAL_CASEWORK)
    assert any("Sign-in is switched off" in w and "as an admin" in w for w in _warnings(app)), _warnings(app)
    assert not any("No data loaded yet" in i or "Demo mode" in i for i in app.infos())
    assert any("casework.csv: casework loaded" in s.value for s in app.at.success)


def test_a_casework_upload_that_lost_a_column_is_refused_with_what_it_feeds(open_app, tmp_path, monkeypatch):
    """On a real database (the demo asks first: above), tonight's extract without plan_start_date is refused."""
    import pandas as pd

    from dashboard import demo
    from data_access.samples import sample_files

    monkeypatch.setenv("SENDDASH_ALLOW_UNAUTHENTICATED", "true")
    monkeypatch.setenv("SENDDASH_UNAUTHENTICATED_ROLE", "admin")
    url = f"sqlite:///{tmp_path / 'real.sqlite'}"
    eng = make_engine(url)
    df = pd.read_csv(sample_files()[0][0], dtype=str, keep_default_na=False).head(200)
    last_night = tmp_path / "casework_last_night.csv"
    df.to_csv(last_night, index=False)
    assert demo.import_file(eng, last_night, la_code=LA).status == "loaded"
    before = (len(queries.import_history(eng)), len(queries.load_records(eng, la_code=LA)))
    app = _upload(open_app(url).open("Data"), "casework_tonight.csv",
                  df.drop(columns=["plan_start_date"]).to_csv(index=False).encode())
    errors = app.errors()
    assert len(errors) == 1 and errors[0].startswith("casework_tonight.csv has no 'plan_start_date' column"), errors
    assert "--allow-missing plan_start_date" in errors[0]
    assert any("missing column" in t.columns for t in app.tables())
    assert (len(queries.import_history(eng)), len(queries.load_records(eng, la_code=LA))) == before
    eng.dispose()
