"""A snapshot that lost a column is refused whole, unless the user says it is meant (issue 9, finding 2).

Before: the sample casework without its ``plan_start_date`` column loaded "4,867 rows read, 4,867
loaded, 0 rejected" and took plans maintained from 2,811 to 0; without ``primary_need`` every plan became
UNKNOWN; census and complaints files without a column loaded silently too.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pandas as pd
import pytest
from dbsnap import snapshot

from dashboard import read
from dashboard.cli import main
from data_access.importers import run_import
from data_access.importers.columns import FEEDS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
CENSUS = sorted((SAMPLE / "census").glob("spring_census_*.csv.gz"))


def _without(src: Path, dest: Path, *columns: str) -> Path:
    raw = src.read_bytes()
    text = gzip.decompress(raw).decode("utf-8") if src.suffix == ".gz" else raw.decode("utf-8")
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    df.drop(columns=list(columns)).to_csv(dest, index=False)
    return dest


def _maintained(engine) -> int:
    return read.kpis(engine, la_code="351", as_at=None)["ehcps"]["maintained"]


@pytest.fixture
def sample_casework(engine):
    report = run_import(engine, SAMPLE / "casework.csv", la_code="351")
    assert report.status == "loaded", report.message
    return engine


@pytest.mark.parametrize("column", ["plan_start_date", "primary_need", "plan_cease_date", "team"])
def test_casework_without_a_column_the_last_snapshot_had_is_refused_and_nothing_changes(
        sample_casework, tmp_path, column):
    engine = sample_casework
    maintained, before = _maintained(engine), snapshot(engine)
    assert maintained > 2000
    path = _without(SAMPLE / "casework.csv", tmp_path / "casework_tonight.csv", column)
    report = run_import(engine, path, la_code="351")
    assert report.status == "rejected"
    assert report.message.startswith(f"casework_tonight.csv has no '{column}' column, which the previous casework "
                                     "import had, so nothing was imported")
    assert report.message.endswith(f"import it again with --allow-missing {column}.")
    assert "\n" not in report.message
    assert report.missing_columns == {column: list(FEEDS["casework"][column])}
    for kpi in FEEDS["casework"][column]:
        assert kpi in report.message
    assert snapshot(engine) == before  # not even a log row
    assert _maintained(engine) == maintained


def test_allowing_the_missing_column_loads_it_and_says_what_is_blank(sample_casework, tmp_path):
    engine = sample_casework
    path = _without(SAMPLE / "casework.csv", tmp_path / "casework_tonight.csv", "plan_start_date")
    report = run_import(engine, path, la_code="351", allow_missing=["plan_start_date"])
    assert report.status == "loaded", report.message
    assert report.summary().endswith("Loaded without 'plan_start_date' (allowed as missing).")
    assert "20-week timeliness" in report.missing_columns["plan_start_date"]
    assert _maintained(engine) == 0  # what was asked for
    # that snapshot no longer had the column, so the next one without it is not refused for it
    again = _without(SAMPLE / "casework.csv", tmp_path / "casework_next.csv", "plan_start_date", "team")
    report = run_import(engine, again, la_code="351", allow_missing=["team"])
    assert report.status == "rejected" and "'plan_start_date'" in report.message  # still a KPI need
    assert "which the KPIs need" in report.message and "'team'" not in report.message


def test_a_first_casework_import_without_a_needed_column_is_refused(engine, tmp_path):
    path = _without(SAMPLE / "casework.csv", tmp_path / "first.csv", "primary_need")
    report = run_import(engine, path, la_code="351")
    assert report.status == "rejected"
    assert "has no 'primary_need' column, which the KPIs need" in report.message
    assert "primary need shares" in report.message
    assert snapshot(engine)["dataset"] == []


def test_more_columns_than_before_and_the_same_columns_load(sample_casework, tmp_path):
    df = pd.read_csv(SAMPLE / "casework.csv", dtype=str, keep_default_na=False)
    df["request_id"] = df["request_id"] + "-b"
    df.to_csv(tmp_path / "same_columns.csv", index=False)
    assert run_import(sample_casework, tmp_path / "same_columns.csv", la_code="351").status == "loaded"


@pytest.mark.parametrize("column", ["responded_date", "due_date", "stage"])
def test_complaints_without_a_column_are_refused(engine, tmp_path, column):
    assert run_import(engine, SAMPLE / "complaints.csv", la_code="351").status == "loaded"
    before = snapshot(engine)
    report = run_import(engine, _without(SAMPLE / "complaints.csv", tmp_path / "log.csv", column), la_code="351")
    assert report.status == "rejected" and f"has no '{column}' column" in report.message
    assert snapshot(engine) == before


@pytest.mark.parametrize("column", ["sex", "primary_sen_type", "fsmeligible"])
def test_a_census_without_a_column_the_last_census_had_is_refused(engine, tmp_path, column):
    assert run_import(engine, CENSUS[0], la_code="351").status == "loaded"
    before = snapshot(engine)
    report = run_import(engine, _without(CENSUS[-1], tmp_path / "census.csv", column), la_code="351")
    assert report.status == "rejected" and f"has no '{column}' column" in report.message, report.message
    assert snapshot(engine) == before


def test_the_census_need_may_come_as_sentype(engine, tmp_path):
    """The COLLECT senneeds layout names the need sentype (with sentyperank): that is not a lost column."""
    assert run_import(engine, CENSUS[0], la_code="351").status == "loaded"
    df = pd.read_csv(CENSUS[-1], dtype=str, keep_default_na=False).rename(columns={"primary_sen_type": "sentype"})
    df.to_csv(tmp_path / "senneeds.csv", index=False)
    report = run_import(engine, tmp_path / "senneeds.csv", la_code="351")
    assert report.status == "loaded", report.message


def test_cli_refuses_with_one_sentence_and_lists_what_each_column_feeds(engine, db_url, tmp_path, capsys,
                                                                        no_local_settings):
    # last night's extract (the council's own: not the bundled sample, which a real file would replace)
    header, *rows = (SAMPLE / "casework.csv").read_text().splitlines()
    (tmp_path / "casework_last_night.csv").write_text("\n".join([header, *rows[1:]]) + "\n")
    assert main(["--db", db_url, "import", str(tmp_path / "casework_last_night.csv")]) == 0
    capsys.readouterr()
    path = _without(SAMPLE / "casework.csv", tmp_path / "casework_tonight.csv", "plan_start_date", "primary_need")
    assert main(["--db", db_url, "import", str(path)]) == 2
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert out == "" and lines[0].startswith("casework_tonight.csv has no 'plan_start_date' and 'primary_need' "
                                             "columns") and lines[0].endswith(".")
    assert lines[1:] == [f"  {c}: {'; '.join(FEEDS['casework'][c])}" for c in ("plan_start_date", "primary_need")]
    code = main(["--db", db_url, "import", str(path), "--allow-missing", "plan_start_date",
                 "--allow-missing", "primary_need"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert "Loaded without 'plan_start_date' and 'primary_need' (allowed as missing)." in out
