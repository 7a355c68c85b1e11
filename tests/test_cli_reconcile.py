"""``senddash reconcile --year YYYY [--json]`` on the bundled sample (issue 13 part 3).

What the sample shows: ``sample_data/sen2_2025.xml`` is the return of collection year 2025 written from
``casework.csv`` by ``sample_data/sen2_writer.py``, and the casework is made to reproduce LA 351's published
figures (see ``test_sample_kpis_equal_published.py``, ``test_sen2_vs_casework.py``). So for 2025 every measure is
the same in all three columns -- casework = return = published (296 plans issued in 2024, 293 within 20 weeks,
560 requests received in 2024, 2,804 plans at January 2025, by need and by setting group as DfE publishes them)
-- and every request of the return is matched to one casework request, none ambiguously.

``senddash demo`` does not load the return (``data_access.samples.sample_files``): the fixture imports it into
the demo database, marked synthetic as the sample is.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.demo import build_demo
from data_access import queries
from data_access.engine import make_engine
from data_access.importers import run_import

SAMPLE_SEN2 = Path(__file__).resolve().parent.parent / "sample_data" / "sen2_2025.xml"
LA = "351"
# LA 351, DfE release 2025: timeliness_20_week.csv and requests.csv for 2024, caseload.csv and
# sen_needs_all_plans.csv for January 2025
PUBLISHED = {"plans_issued": 296, "plans_within": 293, "plans_issued_ex": 296, "plans_within_ex": 293,
             "timeliness_pct": 99.0, "timeliness_pct_ex": 99.0, "requests_received": 560, "plans_january": 2804,
             "need_ASD": 654, "need_SEMH": 686, "need_SLCN": 812, "need_MLD": 325, "need_UNKNOWN": 2,
             "setting_mainstream": 1323, "setting_special": 761, "setting_ap_pru": 56, "setting_post16": 265,
             "setting_early_years": 35, "setting_elsewhere": 264, "setting_unknown": 100}


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory) -> Path:
    """The demo database with the sample's 2025 return imported too."""
    path = tmp_path_factory.mktemp("reconcile") / "demo.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    assert all(r.ok for r in build_demo(engine, la_code=LA))
    sha = hashlib.sha256(SAMPLE_SEN2.read_bytes()).hexdigest()
    report = run_import(engine, SAMPLE_SEN2, la_code=LA, synthetic_hashes={sha})
    assert report.ok, report.message
    engine.dispose()
    return path


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _reconcile(path: Path, *extra: str) -> dict:
    code, out, _ = _run(["--db", f"sqlite:///{path}", "reconcile", "--year", "2025", "--json", *extra])
    assert code == 0
    return json.loads(out)


def _by_measure(result: dict) -> dict[str, dict]:
    return {r["measure"]: r for r in result["rows"]}


def test_the_sample_agrees_in_all_three_columns(demo_path):
    result = _reconcile(demo_path)
    assert result["sources"] == {"casework": True, "sen2": True, "published": True}
    rows = _by_measure(result)
    for measure, value in PUBLISHED.items():
        r = rows[measure]
        assert (r["casework"], r["sen2"], r["published"]) == (value, value, value), measure
    for r in result["rows"]:  # every row, the need and setting rows included
        assert r["casework"] == r["sen2"] == r["published"], r["measure"]
        assert r["casework_minus_sen2"] == r["sen2_minus_published"] == 0, r["measure"]
    assert result["differences"] == []
    m = result["matching"]
    assert m["matched"] == m["sen2_requests"] == m["casework_requests"] and m["ambiguous"] == 0


def test_the_table_reads_as_a_table(demo_path):
    code, out, _ = _run(["--db", f"sqlite:///{demo_path}", "reconcile", "--year", "2025"])
    assert code == 0
    assert "Reconciliation of the SEN2 return 2025 for LA 351 (reference date 2025-01-16" in out
    assert "Casework  SEN2 return  Published  Casework - SEN2  SEN2 - published" in out
    line = next(x for x in out.splitlines() if x.startswith("Plans maintained at January 2025"))
    assert line.split()[-5:] == ["2,804", "2,804", "2,804", "0", "0"]
    assert "Requests counted differently: none." in out


def test_without_the_return_the_sen2_column_is_empty(demo_path, tmp_path):
    copy = tmp_path / "no_return.sqlite"
    shutil.copy(demo_path, copy)
    code, out, _ = _run(["--db", f"sqlite:///{copy}", "reconcile", "--year", "2024"])  # no 2024 return loaded
    assert code == 0 and "Not loaded: no SEN2 return for 2024" in out
    result = _reconcile(copy, "--year", "2024")  # the last --year wins
    rows = _by_measure(result)
    assert (rows["plans_january"]["casework"], rows["plans_january"]["sen2"], rows["plans_january"]["published"]) == (
        2686, None, 2686)
    assert rows["plans_january"]["casework_minus_sen2"] is None and result["differences"] == []


def test_an_altered_casework_shows_the_difference_and_why(demo_path, tmp_path):
    copy = tmp_path / "altered.sqlite"
    shutil.copy(demo_path, copy)
    with sqlite3.connect(copy) as conn:
        # one request received in 2024 deleted; one plan of 2024 issued later (2024-05-16 -> 2024-07-01)
        assert conn.execute("SELECT received_date FROM casework_record WHERE request_ref = 'R004730'").fetchall() == [
            ("2024-10-01",)]
        conn.execute("DELETE FROM casework_record WHERE request_ref = 'R004730'")
        assert conn.execute("UPDATE casework_record SET plan_start_date = '2024-07-01' "
                            "WHERE request_ref = 'R004342' AND plan_start_date = '2024-05-16'").rowcount == 1
    result = _reconcile(copy)
    rows = _by_measure(result)
    assert (rows["requests_received"]["casework"], rows["requests_received"]["sen2"]) == (559, 560)
    assert rows["requests_received"]["casework_minus_sen2"] == -1
    # 2024-01-03 to 2024-07-01 is 180 days: the plan is now late
    assert (rows["plans_within"]["casework"], rows["plans_within"]["casework_minus_sen2"]) == (292, -1)
    assert rows["plans_issued"]["casework_minus_sen2"] == 0
    assert rows["plans_within"]["sen2_minus_published"] == 0  # the return still agrees with DfE
    got = {(d["reason"], d["request_ref_casework"]): d for d in result["differences"]}
    assert set(got) == {("missing from the casework", None), ("a different date", "R004342")}
    assert got["missing from the casework", None]["detail"].startswith("received 2024-10-01")
    assert got["a different date", "R004342"]["detail"] == "plan start date: casework 2024-07-01, return 2024-05-16"
    assert got["a different date", "R004342"]["request_ref_sen2"].endswith("-R1")
    code, out, _ = _run(["--db", f"sqlite:///{copy}", "reconcile", "--year", "2025"])
    assert "Requests counted differently: missing from the casework 1; a different date 1" in out
    assert "a different date: person P004302, casework request R004342, return request P" in out


def test_one_source_at_a_time_from_load_records(demo_path):
    engine = make_engine(f"sqlite:///{demo_path}")
    try:
        assert len(queries.load_records(engine, la_code=LA)) == 5408  # the default: the casework snapshot
        assert len(queries.load_records(engine, la_code=LA, source="casework")) == 5408
        sen2 = queries.load_records(engine, la_code=LA, source="sen2", collection_year=2025, columns=["source"])
        assert len(sen2) > 3000 and set(sen2["source"]) == {"sen2"}
        assert len(queries.load_records(engine, la_code=LA, source="sen2", collection_year=2024)) == 0
        with pytest.raises(ValueError, match="source='sen2'"):
            queries.load_records(engine, la_code=LA, collection_year=2025)
        with pytest.raises(ValueError, match="no source"):
            queries.load_records(engine, la_code=LA, source="census")
    finally:
        engine.dispose()


def test_nothing_to_reconcile_exits_2_with_one_sentence(tmp_path):
    code, out, err = _run(["--db", f"sqlite:///{tmp_path / 'empty.sqlite'}", "reconcile", "--year", "2025"])
    assert code == 2 and out == ""
    assert err.strip() == ("senddash: there is nothing to reconcile: the database holds no casework snapshot and no "
                           "SEN2 return for 2025 for LA 351.")
