"""The ``senddash`` command line (SPEC section 3), called as ``main([...])`` on SQLite and PostgreSQL.

Exit codes: 0 done, 1 the database cannot be used, 2 a file (or an argument) was rejected. Rejected
files leave every table exactly as it was; errors are one sentence on standard error, no traceback.
Expected KPI numbers are worked out here from the files themselves (the sample casework, the mock
return's own comments), not taken from the program.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pandas as pd
import pytest
from dbsnap import count, snapshot

from dashboard.cli import main
from data_access.engine import make_engine
from data_access.reference import shipped_benchmark_files

pytestmark = pytest.mark.usefixtures("no_local_settings")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
BANDS = ["Under 5", "5-10", "11-15", "16-19", "20-25"]
UNREACHABLE = "postgresql+psycopg://nobody:x@127.0.0.1:1/none"

# SPEC section 3: the keys every row of each list carries (other keys may be added)
ROW_KEYS = {
    ("timeliness", "by_year"): {"year", "issued", "within", "pct", "issued_ex", "within_ex", "pct_ex"},
    ("timeliness", "by_month"): {"month", "issued", "within", "pct", "issued_ex", "within_ex", "pct_ex"},
    ("requests", "by_year"): {"year", "received", "growth_pct", "decided_within_6_weeks_pct"},
    ("ehcps", "january"): {"year", "count", "growth_pct"},
    ("census", "by_date"): {"census_date", "pupils", "ehcp", "sen_support", "pct_ehcp", "pct_sen_support",
                            "pct_all_sen"},
    ("complaints", "by_month"): {"month", "received", "responded_on_time_pct", "compliments"},
}
TRANSITION_KEYS = {"due_date", "due", "final_on_time", "final_late", "outstanding", "pct_on_time"}


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run ``senddash argv``; argparse errors (SystemExit) become their exit code."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def kpis_json(capsys, db: str, *args: str) -> dict:
    code, out, err = cli(capsys, "--db", db, "kpis", "--json", *args)
    assert (code, err) == (0, "")
    result = json.loads(out)  # the whole of standard output is one JSON document ...
    assert isinstance(result, dict)  # ... holding one object
    return result


def one_sentence(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err and lines[0].rstrip().endswith("."), err
    return lines[0]


def demo(capsys, db: str) -> list[str]:
    code, out, err = cli(capsys, "--db", db, "demo")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    files = len(shipped_benchmark_files()) + 7 + len(list((SAMPLE / "census").glob("spring_census_*.csv.gz")))
    # 2 benchmark releases, casework, complaints, placement history, establishments, 8 censuses, the SEN2
    # return, the finance workbook, the programme workbook
    assert len(lines) == files == 17
    return lines


def assert_spec_shape(k: dict) -> None:
    """Every SPEC section 3 key is present with the documented type, and each row has its keys."""
    assert {"as_at", "la_code", "filters", "timeliness", "requests", "ehcps", "census", "complaints",
            "transitions"} <= set(k)
    assert set(k["filters"]) >= {"need", "age_band"}
    assert isinstance(k["filters"]["need"], list) and isinstance(k["filters"]["age_band"], list)
    assert {"by_year", "by_month", "open_over_20_weeks"} <= set(k["timeliness"])
    assert isinstance(k["timeliness"]["open_over_20_weeks"], int)
    assert {"maintained", "january", "by_age_band", "by_sex", "by_need"} <= set(k["ehcps"])
    assert isinstance(k["ehcps"]["maintained"], int)
    assert list(k["ehcps"]["by_age_band"]) == BANDS
    assert list(k["ehcps"]["by_sex"]) == ["M", "F", "U"]
    assert isinstance(k["ehcps"]["by_need"], dict)
    assert isinstance(k["transitions"], list)
    for (block, key), wanted in ROW_KEYS.items():
        rows = k[block][key]
        assert isinstance(rows, list)
        for row in rows:
            assert wanted <= set(row), (block, key, row)
    for row in k["transitions"]:
        assert TRANSITION_KEYS <= set(row), row


# --------------------------------------------------------------------------- hand-worked expectations


def casework() -> pd.DataFrame:
    df = pd.read_csv(SAMPLE / "casework.csv", dtype=str, keep_default_na=False)
    for col in ("birth_date", "received_date", "plan_start_date", "plan_cease_date"):
        df[col] = pd.to_datetime(df[col].replace("", None), format="%Y-%m-%d")
    return df


def age_on_31_august_before(birth: pd.Series, when: pd.Series | pd.Timestamp) -> pd.Series:
    """Completed years on the last 31 August on or before ``when`` (SPEC section 2)."""
    when = pd.Series(when, index=birth.index) if isinstance(when, pd.Timestamp) else when
    ref_year = when.dt.year - (when.dt.month < 9).astype(int)
    born_after_august = (birth.dt.month > 8).astype(int)  # no birthday yet by 31 August
    return ref_year - birth.dt.year - born_after_august


def maintained_on(df: pd.DataFrame, day: str) -> pd.Series:
    d = pd.Timestamp(day)
    return (df["plan_start_date"] <= d) & (df["plan_cease_date"].isna() | (df["plan_cease_date"] > d))


# --------------------------------------------------------------------------- demo


@pytest.mark.slow
def test_demo_builds_the_database_and_a_second_demo_changes_nothing(db_url, capsys):
    first = demo(capsys, db_url)
    assert all(" loaded: " in line and ", 0 rejected." in line for line in first), first
    assert ("casework.csv: casework loaded: 5,408 rows read, 5,408 loaded, 0 rejected. Validation: 0 errors, 2 "
            "queries (senddash validate lists them).") in first
    assert ("sen2_2025.xml: sen2 loaded: 3,396 rows read, 3,396 loaded, 0 rejected. Validation: 0 errors, 102 "
            "queries (senddash validate lists them).") in first
    engine = make_engine(db_url)
    try:
        before = snapshot(engine)
        assert count(engine, "casework_record") == 5408  # one per casework row (sample_data/README.md)
        assert count(engine, "complaint") == 613
        # the casework snapshot, its placements, eight census dates, the SEN2 return
        assert count(engine, "dataset") == 1 + 1 + 8 + 1
        assert count(engine, "import_log") == 17
        # the finance workbook: 72 budget, 5 agreement and 12 savings rows (sample_data/README.md)
        assert (count(engine, "finance_budget"), count(engine, "finance_agreement"),
                count(engine, "finance_saving")) == (72, 5, 12)
        # the programme workbook: 30 actions, 10 milestones, 10 risks, 8 decisions (sample_data/README.md)
        assert (count(engine, "programme_action"), count(engine, "programme_milestone"),
                count(engine, "programme_risk"), count(engine, "programme_decision")) == (30, 10, 10, 8)
        second = demo(capsys, db_url)
        assert all(line.endswith(" unchanged (this exact file is already loaded; nothing changed).")
                   for line in second), second
        assert [line.split(":")[0] for line in second] == [line.split(":")[0] for line in first]
        after = snapshot(engine)
        assert {t: len(rows) for t, rows in after.items()} == {t: len(rows) for t, rows in before.items()}
        assert after == before
    finally:
        engine.dispose()


@pytest.mark.slow
def test_kpis_json_after_demo_then_the_sen2_mock_imports(db_url, capsys, reference_dir):
    demo(capsys, db_url)
    plain = kpis_json(capsys, db_url, "--as-at", "2024-12-31")
    assert_spec_shape(plain)
    assert (plain["as_at"], plain["la_code"], plain["filters"]) == ("2024-12-31", "351", {"need": [], "age_band": []})
    assert plain["census"]["by_date"] and plain["complaints"]["by_month"] and plain["transitions"]

    cw = casework()
    stock = maintained_on(cw, "2024-12-31")
    assert plain["ehcps"]["maintained"] == int(stock.sum())
    assert plain["ehcps"]["by_need"]["ASD"] == int((stock & (cw["primary_need"] == "ASD")).sum())

    filtered = kpis_json(capsys, db_url, "--need", "ASD", "--age-band", "5-10", "--as-at", "2024-12-31")
    assert_spec_shape(filtered)
    assert (filtered["as_at"], filtered["filters"]) == ("2024-12-31", {"need": ["ASD"], "age_band": ["5-10"]})
    # plans maintained at 31 Dec 2024 with primary need ASD, aged 5-10 on 31 August 2024, counted by hand
    age = age_on_31_august_before(cw["birth_date"], pd.Timestamp("2024-12-31"))
    asd_5_10 = stock & (cw["primary_need"] == "ASD") & age.between(5, 10)
    assert filtered["ehcps"]["maintained"] == int(asd_5_10.sum()) < plain["ehcps"]["by_need"]["ASD"]
    assert filtered["ehcps"]["by_age_band"] == {b: (int(asd_5_10.sum()) if b == "5-10" else 0) for b in BANDS}
    assert {n: v for n, v in filtered["ehcps"]["by_need"].items() if v} == {"ASD": int(asd_5_10.sum())}
    # plans issued in 2024 (timeliness filters age at the plan's issue date)
    issued = (cw["received_date"].notna() & (cw["plan_start_date"].dt.year == 2024) & (cw["transfer_la"] == "")
              & (cw["primary_need"] == "ASD")
              & age_on_31_august_before(cw["birth_date"], cw["plan_start_date"]).between(5, 10))
    year_2024 = {r["year"]: r for r in filtered["timeliness"]["by_year"]}[2024]
    assert year_2024["issued"] == int(issued.sum())
    assert 0 < year_2024["issued"] < {r["year"]: r for r in plain["timeliness"]["by_year"]}[2024]["issued"] == 296

    # then the real-structure SEN2 mock (LA 999): real data is never put beside the synthetic sample (issue 11)
    code, out, err = cli(capsys, "--db", db_url, "import", str(reference_dir / "sen2-mock.xml"))
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1 and err.startswith("senddash: sen2-mock.xml is a real file, and the ")
    assert "holds the synthetic sample LA" in err and "--replace-demo" in err and "Nothing was imported" in err
    assert kpis_json(capsys, db_url, "--as-at", "2024-12-31") == plain  # nothing changed
    code, out, err = cli(capsys, "--db", db_url, "import", "--replace-demo", str(reference_dir / "sen2-mock.xml"))
    assert code == 0
    assert out.startswith("sen2-mock.xml: sen2 loaded: 4 rows read, 4 loaded, 0 rejected. Validation: ")
    assert " queries (senddash validate lists them). The synthetic sample " in out
    assert "was removed first: this database now holds real data only" in out and "allow_unauthenticated" in out
    # loaded, but not for the LA the dashboard shows: the analyst is told how to see it
    assert err.strip() == ("senddash: note: sen2-mock.xml is for LA 999, but the dashboard shows LA 351 (the "
                           "la_code setting); pass --la 999 to kpis or set la_code = \"999\" to see it.")
    code, out, err = cli(capsys, "--db", db_url, "import", "--la", "999", str(reference_dir / "sen2-mock.xml"))
    assert (code, err) == (0, "")  # unchanged, and for the LA asked for: no note
    gone = kpis_json(capsys, db_url, "--as-at", "2024-12-31")  # the sample LA's records are gone
    assert gone["ehcps"]["maintained"] == 0 and gone["complaints"]["by_month"] == [] and gone["census"]["by_date"] == []
    mock = kpis_json(capsys, db_url, "--la", "999", "--as-at", "2025-01-16")
    assert_spec_shape(mock)
    # the mock's comments: Alpha issued on day 133 (within), Bravo on day 180 with an exception;
    # Alpha, Bravo and Delta (transferred in) are under ActivePlans
    year_2024 = {r["year"]: r for r in mock["timeliness"]["by_year"]}[2024]
    assert {key: year_2024[key] for key in ROW_KEYS[("timeliness", "by_year")]} == {
        "year": 2024, "issued": 2, "within": 1, "pct": 50.0, "issued_ex": 1, "within_ex": 1, "pct_ex": 100.0}
    assert mock["ehcps"]["maintained"] == 3
    assert {r["year"]: r["received"] for r in mock["requests"]["by_year"]}[2024] == 2  # Alpha, Charlie


def _real_complaints(tmp_path: Path) -> Path:
    path = tmp_path / "complaints_real.csv"
    path.write_text("record_id,kind,received_date,stage,category,due_date,responded_date,outcome,team\n"
                    "R-1,complaint,2024-03-04,1,decision,2024-04-01,2024-03-20,upheld,West\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_replace_demo_removes_only_the_synthetic_records(db_url, capsys, tmp_path):
    """A database where real and synthetic records already sit side by side (made before issue 11): the
    confirmed import removes the synthetic ones and keeps every real record."""
    from dashboard.demo import build_demo
    from data_access import queries
    from data_access.importers import run_import
    from data_access.samples import sample_hashes, synthetic_counts

    engine = make_engine(db_url)
    build_demo(engine, la_code="351")
    cw = pd.read_csv(SAMPLE / "casework.csv", dtype=str, keep_default_na=False).head(50)
    real_cw = tmp_path / "casework_888.csv"
    cw.assign(la_code="888").to_csv(real_cw, index=False)
    assert run_import(engine, real_cw, la_code="888", synthetic_hashes=sample_hashes()).status == "loaded"
    assert synthetic_counts(engine) == {"datasets": 11, "complaints": 613, "finance": 89}
    code, out, err = cli(capsys, "--db", db_url, "import", "--replace-demo", str(_real_complaints(tmp_path)))
    assert code == 0, err
    assert ("The synthetic sample (11 datasets, 613 complaints or compliments and 89 rows of high-needs finance) "
            "was removed first") in out
    assert synthetic_counts(engine) == {"datasets": 0, "complaints": 0, "finance": 0}
    assert len(queries.load_records(engine, la_code="888")) == 50  # the real casework stays
    assert queries.load_complaints(engine, la_code="351")["record_id"].tolist() == ["R-1"]
    assert queries.holds_real_records(engine)
    # the sample can never come back beside the real records
    code, out, err = cli(capsys, "--db", db_url, "demo")
    assert code == 2 and "holds real data, and the synthetic sample is never loaded beside it" in err
    assert synthetic_counts(engine) == {"datasets": 0, "complaints": 0, "finance": 0}
    engine.dispose()


def test_a_file_that_cannot_be_loaded_leaves_the_demo_in_place(sqlite_engine, capsys, tmp_path):
    """The sample is removed only for a file the import will take: a cut-off return is refused as before."""
    from dashboard.demo import build_demo
    from data_access.samples import synthetic_counts

    url = sqlite_engine.url.render_as_string(hide_password=False)
    build_demo(sqlite_engine, la_code="351")
    before = synthetic_counts(sqlite_engine)
    bad = tmp_path / "SEN2_cut.xml"
    bad.write_text('<?xml version="1.0"?><Message><Header><CollectionDetails><Collection>SEN2</Collection>')
    code, out, err = cli(capsys, "--db", url, "import", "--replace-demo", str(bad))
    assert code == 2 and "SEN2_cut.xml" in err and "synthetic" not in err + out
    assert synthetic_counts(sqlite_engine) == before


def test_kpis_on_an_empty_database_has_every_key(engine, db_url, capsys):
    k = kpis_json(capsys, db_url, "--as-at", "2025-03-31")
    assert_spec_shape(k)
    assert (k["as_at"], k["la_code"]) == ("2025-03-31", "351")
    assert k["timeliness"]["by_year"] == [] and k["timeliness"]["by_month"] == []
    assert k["timeliness"]["open_over_20_weeks"] == 0
    assert k["requests"]["by_year"] == [] and k["ehcps"]["january"] == []
    assert k["ehcps"]["maintained"] == 0 and set(k["ehcps"]["by_age_band"].values()) == {0}
    assert k["census"]["by_date"] == [] and k["complaints"]["by_month"] == [] and k["transitions"] == []


def test_kpis_rejects_an_unknown_age_band(engine, db_url, capsys):
    code, out, err = cli(capsys, "--db", db_url, "kpis", "--json", "--age-band", "nonsense")
    assert (code, out) == (2, "")
    assert "--age-band" in err and "'nonsense'" in err and "Traceback" not in err


def test_kpis_need_codes_are_checked_and_case_is_ignored(engine, db_url, capsys):
    code, out, err = cli(capsys, "--db", db_url, "kpis", "--json", "--need", "XYZ")
    assert (code, out) == (2, "")
    assert "--need" in err and "'XYZ'" in err and "SEMH" in err and "Traceback" not in err
    k = kpis_json(capsys, db_url, "--need", "semh", "--need", "unknown")
    assert k["filters"]["need"] == ["SEMH", "UNKNOWN"]


def test_kpis_rejects_a_date_that_is_not_a_date(engine, db_url, capsys):
    code, out, err = cli(capsys, "--db", db_url, "kpis", "--as-at", "31/12/2024")
    assert (code, out) == (2, "")
    assert "'31/12/2024' is not a date in the form YYYY-MM-DD" in err


# --------------------------------------------------------------------------- rejected files


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) \
        + chunk(b"IEND", b"")


def _missing_column() -> bytes:
    head = (SAMPLE / "casework.csv").read_text(encoding="utf-8").splitlines()[:21]
    df = pd.read_csv(io.StringIO("\n".join(head)), dtype=str, keep_default_na=False)
    return df.drop(columns=["request_outcome"]).to_csv(index=False).encode("utf-8")


def _truncated_xml(reference_dir: Path) -> bytes:
    text = (reference_dir / "sen2-mock.xml").read_bytes()
    cut = text.index(b"<AssessmentOutcomeDate>", text.index(b"Bravo")) + len(b"<AssessmentOutcomeDa")
    return text[:cut]


BAD_FILES = [
    # (file name, contents, --kind or None, words the one sentence must hold besides the file name)
    ("empty.csv", lambda ref: b"", None, ["empty"]),
    ("photo.csv", lambda ref: _png(), None, ["PNG"]),
    ("photo_as_casework.csv", lambda ref: _png(), "casework", ["PNG"]),
    ("no_outcome.csv", lambda ref: _missing_column(), "casework", ["'request_outcome'", "column"]),
    ("no_outcome_detected.csv", lambda ref: _missing_column(), None, ["'request_outcome'", "column"]),
    ("cut_short.xml", _truncated_xml, None, ["not well-formed XML", "line 74, column 31"]),
    ("cut_short_sen2.xml", _truncated_xml, "sen2", ["not well-formed XML", "line 74, column 31"]),
]


@pytest.mark.parametrize(("name", "make", "kind", "words"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_rejected_file_exits_2_with_one_sentence_and_changes_nothing(
        engine, db_url, capsys, tmp_path, reference_dir, name, make, kind, words):
    code, _, err = cli(capsys, "--db", db_url, "import", str(SAMPLE / "casework.csv"))
    assert (code, err) == (0, "")
    before = snapshot(engine)
    path = tmp_path / name
    path.write_bytes(make(reference_dir))
    code, out, err = cli(capsys, "--db", db_url, "import", str(path), *(["--kind", kind] if kind else []))
    assert (code, out) == (2, "")
    sentence = one_sentence(err)
    assert sentence.startswith(name), sentence
    for word in words:
        assert word in sentence, sentence
    assert snapshot(engine) == before


def test_one_bad_file_among_good_ones_is_reported_and_the_others_load(engine, db_url, capsys, tmp_path):
    empty = tmp_path / "nothing.csv"
    empty.write_bytes(b"")
    code, out, err = cli(capsys, "--db", db_url, "import", str(empty), str(SAMPLE / "complaints.csv"))
    assert code == 2
    assert one_sentence(err) == "nothing.csv is empty (0 bytes), so nothing was imported."
    assert out.strip() == "complaints.csv: complaints loaded: 613 rows read, 613 loaded, 0 rejected."
    assert count(engine, "complaint") == 613


def test_a_bad_row_is_named_by_row_and_column_and_the_rest_load(engine, db_url, capsys, tmp_path):
    lines = (SAMPLE / "casework.csv").read_text(encoding="utf-8").splitlines()[:6]
    header = lines[0].split(",")
    cells = lines[3].split(",")  # file row 4
    cells[header.index("birth_date")] = "31/02/2015"  # no such day
    lines[3] = ",".join(cells)
    path = tmp_path / "one_bad_row.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = cli(capsys, "--db", db_url, "import", str(path), "--kind", "casework")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "one_bad_row.csv: casework loaded: 5 rows read, 4 loaded, 1 rejected. Validation: 1 error, 0 queries "
        "(senddash validate lists them).",
        "  row 4, column birth_date: 'birth_date' is not a valid date",
    ]
    assert count(engine, "casework_record") == 4


def test_an_unknown_kind_is_an_argument_error(engine, db_url, capsys, reference_dir):
    before = snapshot(engine)
    code, out, err = cli(capsys, "--db", db_url, "import", "--kind", "nonsense", str(reference_dir / "sen2-mock.xml"))
    assert (code, out) == (2, "")
    assert "argument --kind: invalid choice: 'nonsense'" in err and "Traceback" not in err
    assert snapshot(engine) == before


# --------------------------------------------------------------------------- no database, --help


@pytest.mark.parametrize("argv", [["kpis", "--json"], ["demo"], ["import", str(SAMPLE / "complaints.csv")]],
                         ids=["kpis", "demo", "import"])
def test_an_unreachable_database_is_exit_1_and_one_sentence(capsys, argv):
    code, out, err = cli(capsys, "--db", UNREACHABLE, *argv)
    assert (code, out) == (1, "")
    sentence = one_sentence(err)
    assert sentence.startswith("senddash: The database at postgresql+psycopg://nobody:***@127.0.0.1:1/none "
                               "could not be opened ("), sentence
    assert ":x@" not in err  # the password is not shown


def test_python_m_dashboard_help():
    done = subprocess.run([sys.executable, "-m", "dashboard", "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("usage: senddash ")
    for command in ("demo", "import", "kpis", "serve"):
        assert command in done.stdout
