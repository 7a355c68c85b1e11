"""``senddash programme template|export``, ``senddash report ...`` and the JSON ``programme`` block, called as
``main([...])`` on a demo database (SQLite, and PostgreSQL when a server is there)."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pandas as pd
import pytest

from dashboard.kpi.programme import programme_block
from data_access import queries
from data_access.engine import make_engine
from frames.programme import PROGRAMME_FRAMES
from tests.test_cli import cli

pytestmark = pytest.mark.usefixtures("no_local_settings")


@pytest.fixture
def demo_db(capsys, db_url) -> str:
    assert cli(capsys, "--db", db_url, "demo")[0] == 0
    return db_url


def _plan(db: str) -> dict[str, pd.DataFrame]:
    engine = make_engine(db)
    try:
        return queries.load_programme(engine, la_code="351")
    finally:
        engine.dispose()


def test_the_template_is_the_four_sheets_with_headers_and_no_rows(capsys, tmp_path):
    out = tmp_path / "plan.xlsx"
    code, stdout, err = cli(capsys, "programme", "template", "--out", str(out))
    assert (code, err) == (0, "") and "plan.xlsx" in stdout
    wb = openpyxl.load_workbook(out)
    for sheet, columns in PROGRAMME_FRAMES.items():
        rows = list(wb[sheet].iter_rows(values_only=True))
        assert list(rows[0][:len(columns)]) == list(columns), sheet
        assert all(all(v is None for v in row) for row in rows[1:]), sheet


def test_export_then_import_into_an_empty_database_gives_the_same_plan(capsys, demo_db, tmp_path):
    out = tmp_path / "plan.xlsx"
    code, stdout, err = cli(capsys, "--db", demo_db, "programme", "export", "--out", str(out))
    assert (code, err) == (0, "") and "30 actions, 10 milestones, 10 risks, 8 decisions" in stdout
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    code, stdout, err = cli(capsys, "--db", other, "import", str(out), "--kind", "programme")
    assert code == 0, err
    before, after = _plan(demo_db), _plan(other)
    for sheet in PROGRAMME_FRAMES:
        cols = list(PROGRAMME_FRAMES[sheet])
        pd.testing.assert_frame_equal(before[sheet][cols], after[sheet][cols], check_dtype=False)


def test_the_json_carries_spec_3s_programme_block(capsys, demo_db):
    code, out, err = cli(capsys, "--db", demo_db, "kpis", "--json")
    assert (code, err) == (0, "")
    k = json.loads(out)
    assert k["programme"] == programme_block(_plan(demo_db), as_at=dt.date.fromisoformat(k["as_at"]))
    assert k["programme"]["actions"]["total"] == 30
    assert sum(k["programme"]["actions"]["by_status"].values()) == 30


def test_a_report_in_a_format_it_is_not_written_as_is_one_sentence(capsys, demo_db, tmp_path):
    code, out, err = cli(capsys, "--db", demo_db, "report", "highlight", "--out", str(tmp_path / "h.xlsx"))
    assert code == 2 and out == "" and not (tmp_path / "h.xlsx").exists()
    assert err.strip() == (f"senddash: cannot write {tmp_path / 'h.xlsx'}: the monthly highlight report is "
                           "written as .pdf or .docx.")
    code, _, err = cli(capsys, "--db", demo_db, "report", "data-pack", "--out", str(tmp_path / "p.docx"))
    assert code == 2 and "monthly data pack is written as .pdf or .pptx" in err
    code, _, err = cli(capsys, "programme", "template", "--out", str(tmp_path / "plan.csv"))
    assert code == 2 and "is an .xlsx file." in err


def test_an_overall_rag_override_without_a_reason_is_refused(capsys, demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("SENDDASH_HIGHLIGHT_OVERALL_RAG", "green")
    code, out, err = cli(capsys, "--db", demo_db, "report", "highlight", "--out", str(tmp_path / "h.pdf"))
    assert code == 2 and not (tmp_path / "h.pdf").exists()
    assert "highlight_rag_reason gives no reason" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("kind", "suffix"), [("highlight", ".pdf"), ("highlight", ".docx"),
                                             ("safety-valve", ".pdf"), ("safety-valve", ".xlsx"),
                                             ("data-pack", ".pdf"), ("data-pack", ".pptx")])
def test_each_report_is_written_and_opens_back(capsys, demo_db, tmp_path, kind, suffix):
    out = tmp_path / f"{kind}{suffix}"
    code, stdout, err = cli(capsys, "--db", demo_db, "report", kind, "--out", str(out), "--as-at", "2025-10-31")
    assert (code, err) == (0, ""), err
    assert str(out) in stdout and "as at 31 October 2025; 30 actions in the plan" in stdout
    data = out.read_bytes()
    if suffix == ".pdf":
        from pypdf import PdfReader

        first = PdfReader(io.BytesIO(data)).pages[0].extract_text()
        assert "Synthetic sample LA" in first
    elif suffix == ".docx":
        import docx

        assert any(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    elif suffix == ".xlsx":
        assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames[0] == "Summary"
    else:
        import pptx

        assert len(pptx.Presentation(io.BytesIO(data)).slides) > 100
