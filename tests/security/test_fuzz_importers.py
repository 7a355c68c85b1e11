"""Hypothesis fuzzing of every importer through ``run_import`` (SPEC section 5: bad input never crashes).

For each kind (sen2, casework, complaints, census, benchmarks), with the kind given and with it
detected: random bytes, mutations of real-format files (byte flips, truncation, inserted junk,
duplicated and dropped lines), a 1 MB cell, and other encodings. Whatever the input, the report is
loaded / unchanged / rejected; a rejection is one sentence naming the file and leaves the SQLite
database byte-for-byte as it was. Fuzzing runs on SQLite; ``test_smoke_on_both_back_ends`` runs
a fixed set of the same inputs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import os
import random
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from dbsnap import snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from data_access.importers import KINDS, run_import
from data_access.reference import shipped_benchmark_files
from tests.security import STATUSES, assert_one_sentence, file_digest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"
MOCK = ROOT.parent / "shared" / "reference" / "sen2-mock.xml"
FIXTURES = ROOT / "tests" / "fixtures"
MB = 2**20

# The test run (and CI) draws the same examples every time, so main stays green on what it has checked;
# `make fuzz` (SENDDASH_FUZZ_EXPLORE=1) draws new ones, many more, to look for new failures.
EXPLORE = os.environ.get("SENDDASH_FUZZ_EXPLORE") == "1"
FUZZ = settings(max_examples=400 if EXPLORE else 40, deadline=None, database=None, print_blob=True,
                derandomize=not EXPLORE,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEW = settings(FUZZ, max_examples=12)


def _head(data: bytes, lines: int) -> bytes:
    return b"".join(data.splitlines(keepends=True)[:lines])


@functools.cache
def seeds() -> dict[str, list[tuple[str, bytes]]]:
    """Real-format files per kind, small enough to fuzz quickly: (file name, bytes)."""
    casework = _head((SAMPLE / "casework.csv").read_bytes(), 50)
    book = io.BytesIO()
    pd.read_csv(io.BytesIO(casework), dtype=str).to_excel(book, index=False)
    census = _head(gzip.decompress((SAMPLE / "census" / "spring_census_2018.csv.gz").read_bytes()), 50)
    with zipfile.ZipFile(shipped_benchmark_files()[-1]) as zf:
        timeliness = _head(zf.read("data/timeliness_20_week.csv"), 60)
    release = io.BytesIO()
    with zipfile.ZipFile(release, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data/timeliness_20_week.csv", timeliness)
    out = {
        "casework": [("casework.csv", casework), ("casework.xlsx", book.getvalue())],
        "complaints": [("complaints.csv", _head((SAMPLE / "complaints.csv").read_bytes(), 50))],
        "census": [("census.csv", census)],
        "benchmarks": [("timeliness_20_week.csv", timeliness), ("release.zip", release.getvalue())],
        "sen2": [("sen2.xml", MOCK.read_bytes())] if MOCK.is_file() else [],
        "establishments": [("gias.csv", (FIXTURES / "gias_establishments_cp1252.csv").read_bytes()
                            .decode("cp1252").replace("\u2019", "'").encode("utf-8"))],  # latin-1 has no ’
        # a free-text column the importer does not keep, for the encodings test
        "placements": [("placements.csv", (FIXTURES / "casework_placements.csv").read_bytes()
                        .replace(b"la_code\n", b"la_code,notes\n").replace(b",999\n", b",999,moved school\n"))],
        # a savings table as CSV (free text in workstream and description), and the sample workbook
        "finance": [("savings.csv", b"ref,workstream,description,financial_year,target,delivered,status\n"
                     + b"".join(b"S%d,Inclusion in mainstream,Toolkit for schools %d,2024-25,%d,%d,%s\n"
                                % (i, i, 1000 * i, 900 * i, s) for i, s in
                                enumerate([b"green", b"Amber", b"red", b"Blue", b"complete"] * 4, 1))),
                    ("finance.xlsx", (SAMPLE / "finance.xlsx").read_bytes())],
        # the actions table as CSV (free text in progress and workstream), and the sample plan
        "programme": [("actions.csv", b"ref,workstream,condition,action,lead,due_date,expected_date,status,progress,"
                       b"success_measure,measure,la_code\n"
                       + b"".join(b"A%d,Inclusion in mainstream,C%d,Toolkit for schools %d,Lead,30/03/2025,%s,%s,"
                                  b"On track %d,Better,timeliness_pct_ex,351\n"
                                  % (i, i % 5 + 1, i, b"01/09/2025" if i % 3 else b"", s, i) for i, s in
                                  enumerate([b"green", b"Amber", b"red", b"Blue", b"purple"] * 4, 1))),
                      ("programme.xlsx", (SAMPLE / "programme.xlsx").read_bytes())],
    }
    return out


def csv_seeds(kind: str) -> list[tuple[str, bytes]]:
    return [(n, d) for n, d in seeds()[kind] if n.endswith((".csv", ".xml"))]


def _need(kind: str) -> None:
    if not seeds()[kind]:
        pytest.skip("../shared/reference/sen2-mock.xml is not beside the project")


def _no_fsync(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA synchronous=OFF")  # speed only: transactions and rollback are unchanged


@pytest.fixture
def db(sqlite_engine):
    """An SQLite database already holding one small file of every kind, so "unchanged" means something."""
    sqlite_engine.dispose()
    event.listen(sqlite_engine, "connect", _no_fsync)
    for kind in KINDS:
        for name, data in seeds()[kind][:1]:
            path = Path(sqlite_engine.url.database).parent / f"first-{name}"
            path.write_bytes(data)
            assert run_import(sqlite_engine, path, kind=kind, la_code="351").status == "loaded", name
    return sqlite_engine


def check(engine, path: Path, kind: str | None):
    """Import once; the report must be well formed and a rejection must have changed nothing."""
    before, digest = snapshot(engine), file_digest(engine)
    report = run_import(engine, path, kind=kind, la_code="351")  # an exception here fails the test
    assert report.status in STATUSES, report
    if report.status == "rejected":
        assert_one_sentence(report.message, path.name)
        assert file_digest(engine) == digest, report.message
        assert snapshot(engine) == before, report.message
    else:
        assert report.summary().startswith(f"{path.name}: "), report.summary()
        assert report.rows_loaded + report.rows_rejected == report.rows_read
        for rej in report.rejections[:50]:
            assert "\n" not in rej.reason and len(rej.reason) <= 300, rej
    return report


# --------------------------------------------------------------------------- random bytes

PREFIXES = [b"", b"PK\x03\x04", b"<?xml version='1.0'?><Message>", b"\xef\xbb\xbf", b"\xff\xfe", b"\x1f\x8b",
            b"person_id,request_id,received_date\n", b"time_period,geographic_level\n"]


@pytest.mark.parametrize("kind", [*KINDS, None])
def test_random_bytes(db, tmp_path, kind):
    @FUZZ
    @given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=3000),
           suffix=st.sampled_from([".csv", ".xml", ".xlsx", ".zip", ".csv.gz", ".txt"]), gz=st.booleans())
    def run(prefix, body, suffix, gz):
        data = prefix + body
        if suffix == ".csv.gz" and gz:
            data = gzip.compress(data)
        path = tmp_path / f"random{suffix}"
        path.write_bytes(data)
        check(db, path, kind)

    run()


# --------------------------------------------------------------------------- mutations of real files

OPS = st.lists(st.tuples(st.sampled_from(["flip", "cut", "junk", "dup_line", "drop_line"]),
                         st.integers(0, 2**20), st.binary(min_size=1, max_size=40)), min_size=1, max_size=4)


def mutate(data: bytes, ops: list[tuple[str, int, bytes]]) -> bytes:
    for op, where, junk in ops:
        if not data:
            break
        at = where % len(data)
        if op == "flip":
            data = data[:at] + bytes([data[at] ^ (junk[0] or 1)]) + data[at + 1:]
        elif op == "cut":
            data = data[:at]
        elif op == "junk":
            data = data[:at] + junk + data[at:]
        else:
            lines = data.splitlines(keepends=True)
            i = where % len(lines)
            lines[i:i + 1] = [lines[i]] * (1 + len(junk) % 3) if op == "dup_line" else []
            data = b"".join(lines)
    return data


@pytest.mark.parametrize("kind", KINDS)
def test_mutated_real_files(db, tmp_path, kind):
    _need(kind)

    @FUZZ
    @given(seed=st.sampled_from(seeds()[kind]), ops=OPS, detect=st.booleans())
    def run(seed, ops, detect):
        name, data = seed
        path = tmp_path / f"mutated-{name}"
        path.write_bytes(mutate(data, ops))
        check(db, path, None if detect else kind)

    run()


# --------------------------------------------------------------------------- huge fields

FILLERS = ["A", "9", "é", " ", ",", '"', "\t", "&amp;"]


def with_huge_cell(name: str, data: bytes, row: int, col: int | str, filler: str) -> bytes:
    """``data`` with one cell (CSV) or one element's text (XML) replaced by 1 MB of ``filler``.

    ``col`` is a position or a column (element) name; cells are split on commas as they stand, so
    a quoted comma shifts the cell: that is one more kind of broken file.
    """
    big = (filler * (MB // len(filler.encode()) + 1)).encode()[:MB]
    text = data.decode("utf-8")
    if name.endswith(".xml"):
        filler = "A" if filler in (",", '"', "\t") else filler  # keep the XML well formed
        big = (filler * (MB // len(filler.encode()))).encode()
        cells = [m for m in re.finditer(r"<(\w+)>([^<]*)</\1>", text) if isinstance(col, int) or m[1] == col]
        m = cells[(row * 7 + (col if isinstance(col, int) else 0)) % len(cells)]
        return (text[:m.start(2)]).encode() + big + text[m.end(2):].encode()
    lines = text.splitlines(keepends=True)
    i = row % len(lines)
    cells = lines[i].rstrip("\r\n").split(",")
    if isinstance(col, str):
        col = lines[0].rstrip("\r\n").split(",").index(col)
    cells[col % len(cells)] = big.decode("utf-8", "ignore")
    lines[i] = ",".join(cells) + "\n"
    return "".join(lines).encode("utf-8")


@pytest.mark.parametrize("kind", KINDS)
def test_a_one_megabyte_field(db, tmp_path, kind):
    _need(kind)

    @FEW
    @given(seed=st.sampled_from(csv_seeds(kind)), row=st.integers(0, 60), col=st.integers(0, 40),
           filler=st.sampled_from(FILLERS), detect=st.booleans())
    def run(seed, row, col, filler, detect):
        name, data = seed
        path = tmp_path / f"huge-{name}"
        path.write_bytes(with_huge_cell(name, data, row, col, filler))
        check(db, path, None if detect else kind)

    run()


# --------------------------------------------------------------------------- encodings

# free-text places where an accent changes no code: (column or element) per kind
TEXT_FIELD = {"casework": "team", "complaints": "team", "census": "upn", "benchmarks": "la_name",
              "sen2": "Forename", "establishments": "EstablishmentName", "placements": "notes",
              "finance": "description", "programme": "progress"}
ACCENTS = ["é", "Zoë", "Ñuñez", "Ærø", "Ørsted"]  # latin-1 and cp1252 can hold all of these
WITH_BOM = ["utf-8-sig", "utf-16", "utf-32", "latin-1", "cp1252", "mixed"]
NO_BOM = ["utf-16-le", "utf-16-be"]


def accented(name: str, data: bytes, kind: str, rng: random.Random) -> str:
    text = data.decode("utf-8")
    field = TEXT_FIELD[kind]
    if name.endswith(".xml"):
        return re.sub(rf"<{field}>([^<]*)</{field}>", lambda m: f"<{field}>{rng.choice(ACCENTS)}{m[1]}</{field}>", text)
    rows = list(csv.reader(io.StringIO(text)))
    col = rows[0].index(field)
    for cells in rows[1:]:
        if rng.random() < 0.5 and cells[col]:
            cells[col] = rng.choice(ACCENTS) + cells[col]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


XML_LABEL = {"utf-8-sig": "UTF-8", "mixed": "windows-1252", "latin-1": "ISO-8859-1", "cp1252": "windows-1252"}


def encode(text: str, encoding: str, xml: bool) -> bytes:
    if xml:
        label = XML_LABEL.get(encoding, encoding.upper())
        text = text.replace('encoding="UTF-8"', f'encoding="{label}"', 1)
    if encoding == "mixed":  # a UTF-8 file with one line pasted in from a Windows program
        lines = text.splitlines(keepends=True)
        return "".join(lines[:-1]).encode("utf-8") + lines[-1].encode("cp1252")
    return text.encode(encoding)


@pytest.mark.parametrize("kind", KINDS)
def test_other_encodings(db, tmp_path, kind):
    _need(kind)
    name, data = csv_seeds(kind)[0]
    path = tmp_path / f"plain-{name}"
    path.write_bytes(data)
    plain = run_import(db, path, kind=kind, la_code="351")  # the same file in UTF-8: the rows to expect
    assert plain.ok, plain.message

    @FUZZ
    @given(encoding=st.sampled_from(WITH_BOM + NO_BOM), seed=st.integers(0, 10**6), detect=st.booleans())
    def run(encoding, seed, detect):
        text = accented(name, data, kind, random.Random(seed))
        path = tmp_path / f"{encoding}-{name}"
        path.write_bytes(encode(text, encoding, name.endswith(".xml")))
        report = check(db, path, None if detect else kind)
        if encoding in WITH_BOM:  # a byte-order mark or an 8-bit encoding: read exactly like UTF-8
            assert report.ok, report.message
            if report.status == "loaded":
                assert (report.rows_read, report.rows_loaded) == (plain.rows_read, plain.rows_loaded)

    run()


# --------------------------------------------------------------------------- both back ends


def _fixed_inputs(kind: str) -> list[tuple[str, bytes]]:
    rng = random.Random(7)
    name, data = csv_seeds(kind)[0]
    text = accented(name, data, kind, rng)
    return [
        (f"random-{name}", bytes(rng.randrange(256) for _ in range(2000))),
        (f"junk-{name}", mutate(data, [("cut", len(data) * 2 // 3, b"x"), ("junk", 300, b"\x00\xff<>,\"\n")])),
        (f"huge-{name}", with_huge_cell(name, data, 3, LONGEST[kind], "A")),
        (f"utf16-{name}", encode(text, "utf-16", name.endswith(".xml"))),
    ]


# a column whose 1 MB value would reach a length-limited database column if nothing checked it
LONGEST = {"casework": "team", "complaints": "team", "census": "phase", "benchmarks": "region_code",
           "sen2": "Ethnicity", "establishments": "EstablishmentName", "placements": "request_id",
           "finance": "workstream", "programme": "workstream"}


@pytest.mark.parametrize("kind", KINDS)
def test_smoke_on_both_back_ends(engine, tmp_path, kind):
    """A fixed handful of the fuzz inputs on SQLite and PostgreSQL: the same outcome on both."""
    _need(kind)
    name, data = csv_seeds(kind)[0]
    (tmp_path / name).write_bytes(data)
    assert run_import(engine, tmp_path / name, kind=kind, la_code="351").status == "loaded"
    for file_name, content in _fixed_inputs(kind):
        path = tmp_path / file_name
        path.write_bytes(content)
        for how in (kind, None):
            before = snapshot(engine)
            report = run_import(engine, path, kind=how, la_code="351")
            assert report.status in STATUSES
            if report.status == "rejected":
                assert_one_sentence(report.message, file_name)
                assert snapshot(engine) == before, report.message
            elif file_name.startswith("utf16"):
                assert report.rows_loaded > 0
