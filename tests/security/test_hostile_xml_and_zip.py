"""Hostile files (SPEC section 5): XML entities and DTDs, hostile workbooks, zip and gzip bombs, unsafe paths.

Every one is rejected in one sentence before anything is expanded, fetched or unpacked: no local file
is read into the database, no network request is made, memory and time stay small, and the database
is unchanged. ``tests/test_import_sen2.py`` already checks the plain DOCTYPE/billion-laughs messages
and ``tests/test_import_benchmarks.py`` a ``../`` and an absolute zip entry; these go further.
"""

from __future__ import annotations

import gzip
import http.server
import io
import resource
import struct
import threading
import time
import zipfile
import zlib
from pathlib import Path

import pandas as pd
import pytest
from dbsnap import all_text, snapshot
from lxml import etree

from data_access.importers import run_import, sen2
from tests.security import assert_one_sentence

ROOT = Path(__file__).resolve().parents[2]
SECRET = "root:x:0:0:SECRET-MARKER-5f1c"
CASEWORK = b"".join((ROOT / "sample_data" / "casework.csv").read_bytes().splitlines(keepends=True)[:20])

SEN2 = """<?xml version="1.0" encoding="UTF-8"?>
{doctype}
<Message><Header><CollectionDetails><Collection>SEN2</Collection><Year>2025</Year>
<ReferenceDate>2025-01-16</ReferenceDate></CollectionDetails><Source><LEA>999</LEA></Source></Header>
<Persons><Person><PersonBirthDate>2016-05-02</PersonBirthDate><Sex>M</Sex><Ethnicity>WBRI</Ethnicity>
<Requests><ReceivedDate>2024-03-04</ReceivedDate><RequestOutcome>A</RequestOutcome>
<Exported>{field}</Exported></Requests></Person></Persons></Message>"""

LAUGHS = ('<!DOCTYPE Message [<!ENTITY a "lollollollollollollollollollol">'
          + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
          + "]>")  # &j; would be 10**10 lols


@pytest.fixture
def secret_file(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


@pytest.fixture
def web():
    """A local HTTP server that counts the requests it gets (an external DTD must never be fetched)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            hits.append(self.path)
            body = f'<!ENTITY leak "{SECRET}">'.encode()
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def rejected(engine, path: Path, kind: str | None, *words: str):
    before = snapshot(engine)
    start = time.perf_counter()
    report = run_import(engine, path, kind=kind, la_code="351")
    took = time.perf_counter() - start
    assert report.status == "rejected", report.summary()
    assert_one_sentence(report.message, path.name)
    for word in words:
        assert word in report.message, report.message
    assert SECRET not in report.message
    assert snapshot(engine) == before
    assert SECRET not in all_text(engine)
    return report, took


# --------------------------------------------------------------------------- XML


def _xml_cases(secret: Path, url: str) -> dict[str, str]:
    return {
        "xxe-file": SEN2.format(doctype=f'<!DOCTYPE Message [<!ENTITY xxe SYSTEM "file://{secret}">]>',
                                field="&xxe;"),
        "xxe-passwd": SEN2.format(doctype='<!DOCTYPE Message [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
                                  field="&xxe;"),
        "laughs": SEN2.format(doctype=LAUGHS, field="&j;"),
        "external-dtd": SEN2.format(doctype=f'<!DOCTYPE Message SYSTEM "{url}/sen2.dtd">', field="&leak;"),
        "parameter-entity": SEN2.format(
            doctype=f'<!DOCTYPE Message [<!ENTITY % remote SYSTEM "{url}/evil.dtd"> %remote;]>', field="&leak;"),
        "lower-case": SEN2.format(doctype=f'<!doctype Message [<!entity xxe system "file://{secret}">]>',
                                  field="&xxe;"),
    }


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
@pytest.mark.parametrize("kind", ["sen2", None])
@pytest.mark.parametrize("case", ["xxe-file", "xxe-passwd", "laughs", "external-dtd", "parameter-entity", "lower-case"])
def test_entities_and_dtds_are_refused(sqlite_engine, tmp_path, secret_file, web, case, kind, encoding):
    url, hits = web
    text = _xml_cases(secret_file, url)[case]
    if encoding != "utf-8":
        text = text.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"')
    path = tmp_path / f"{case}.xml"
    path.write_bytes(text.encode(encoding))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _, took = rejected(sqlite_engine, path, kind, "DOCTYPE or ENTITY")
    assert took < 2, took
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss < 100_000  # KiB: no expansion happened
    assert hits == []  # nothing was fetched
    assert "root:" not in all_text(sqlite_engine)


def test_the_parser_itself_neither_expands_nor_fetches(secret_file, web):
    """Second line of defence: even past the DOCTYPE check, lxml is set to load no DTD or entity."""
    url, hits = web
    for case in ("xxe-file", "xxe-passwd", "external-dtd", "parameter-entity", "laughs"):
        start = time.perf_counter()
        try:
            root = etree.fromstring(_xml_cases(secret_file, url)[case].encode(), sen2._parser())
        except etree.XMLSyntaxError:  # refusing is as good as not expanding
            continue
        finally:
            assert time.perf_counter() - start < 1, case
        out = etree.tostring(root, encoding="unicode")
        assert SECRET not in out and "root:" not in out, case
        assert len(out) < 10_000, case  # &j; stayed a reference, not 10**10 characters
    assert hits == []


def test_xinclude_is_not_followed(engine, tmp_path, secret_file):
    xml = SEN2.format(doctype="", field=f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                                        f'href="{secret_file}" parse="text"/>')
    path = tmp_path / "xinclude.xml"
    path.write_text(xml, encoding="utf-8")
    report = run_import(engine, path, kind="sen2")
    assert report.status == "loaded", report.message  # an unknown element is ignored, never processed
    assert SECRET not in all_text(engine)


def test_deep_nesting_is_refused_quickly(engine, tmp_path):
    xml = SEN2.format(doctype="", field="<a>" * 100_000 + "</a>" * 100_000)
    path = tmp_path / "deep.xml"
    path.write_text(xml, encoding="utf-8")
    _, took = rejected(engine, path, "sen2", "not well-formed XML")
    assert took < 2


# --------------------------------------------------------------------------- workbooks


def _workbook(replace: dict[str, bytes] | None = None) -> bytes:
    book = io.BytesIO()
    pd.read_csv(io.BytesIO(CASEWORK), dtype=str).to_excel(book, index=False)
    src, out = zipfile.ZipFile(book), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename, src.read(info)))
    return out.getvalue()


def _with_doctype(part: bytes, doctype: str, entity: str) -> bytes:
    """``part`` with a DOCTYPE in its prolog and ``entity`` used in its first text cell."""
    head, rest = part.split(b"?>", 1) if part.startswith(b"<?xml") else (b"", part)
    rest = rest.replace(b"<t>", f"<t>{entity}".encode(), 1)
    return (head + b"?>" if head else b"") + doctype.encode() + rest


@pytest.mark.parametrize("kind", ["casework", "complaints", None])
@pytest.mark.parametrize("case", ["xxe", "laughs"])
def test_a_workbook_with_entities_is_refused(sqlite_engine, tmp_path, secret_file, kind, case):
    part = "xl/worksheets/sheet1.xml"
    sheet = zipfile.ZipFile(io.BytesIO(_workbook())).read(part)
    doctype = (f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://{secret_file}">]>' if case == "xxe"
               else LAUGHS.replace("Message", "worksheet"))
    path = tmp_path / f"{case}.xlsx"
    path.write_bytes(_workbook({part: _with_doctype(sheet, doctype, "&xxe;" if case == "xxe" else "&j;")}))
    _, took = rejected(sqlite_engine, path, kind, part)
    assert took < 2


# --------------------------------------------------------------------------- zips and gzip

ZEROS = 200 * 2**20


def _zeros_zip(name: str, base: bytes | None = None) -> bytes:
    """A zip whose entry ``name`` is 200 MB of zeros (about 1 MB packed); other entries from ``base``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        if base:
            src = zipfile.ZipFile(io.BytesIO(base))
            for info in src.infolist():
                if info.filename != name:
                    zf.writestr(info.filename, src.read(info))
        with zf.open(name, "w", force_zip64=True) as entry:
            chunk = b"\0" * 2**20
            for _ in range(ZEROS // len(chunk)):
                entry.write(chunk)
    return out.getvalue()


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    small = io.BytesIO()
    with zipfile.ZipFile(small, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data/timeliness_20_week.csv", b"time_period,geographic_level\n2024,National\n")
    declared = bytearray(small.getvalue())  # the same entry, claiming to unpack to ~4 GB
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = declared.find(sig)
        declared[at + offset:at + offset + 4] = struct.pack("<I", 0xFFFFFFF0)
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)
    gz = b"".join(packer.compress(b"\0" * 2**20) for _ in range(210)) + packer.flush()
    return {
        "release-bomb.zip": _zeros_zip("data/timeliness_20_week.csv"),
        "declared-bomb.zip": bytes(declared),
        "sheet-bomb.xlsx": _zeros_zip("xl/worksheets/sheet1.xml", _workbook()),
        "casework-bomb.csv.gz": gz,
    }


@pytest.mark.parametrize(("name", "kind", "words"), [
    ("release-bomb.zip", "benchmarks", "zip bomb"),
    ("release-bomb.zip", None, "zip bomb"),
    ("declared-bomb.zip", "benchmarks", "timeliness_20_week.csv"),
    ("declared-bomb.zip", None, "timeliness_20_week.csv"),
    ("sheet-bomb.xlsx", "casework", "zip bomb"),
    ("sheet-bomb.xlsx", None, "zip bomb"),
    ("casework-bomb.csv.gz", "casework", "limit"),
    ("casework-bomb.csv.gz", None, "limit"),
])
def test_bombs_are_refused_before_unpacking(sqlite_engine, tmp_path, bombs, name, kind, words):
    path = tmp_path / name
    path.write_bytes(bombs[name])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _, took = rejected(sqlite_engine, path, kind, words)
    assert took < (5 if name.endswith(".gz") else 2), took  # gzip is unpacked up to the limit, no further
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss
    assert grown < (450_000 if name.endswith(".gz") else 100_000), grown  # KiB


CENSUS_GZ = ROOT / "sample_data" / "census" / "spring_census_2025.csv.gz"


def _cut_short() -> dict[str, bytes]:
    """.csv.gz files cut off part-way (an upload or copy that stopped): their last 4 bytes, where gzip
    keeps the unpacked size, are whatever compressed bytes happen to be there."""
    census = CENSUS_GZ.read_bytes()
    casework = gzip.compress(CASEWORK * 50)
    return {
        "census-3000.csv.gz": census[:3000],
        "census-half.csv.gz": census[:len(census) // 2],
        "casework-no-trailer.csv.gz": casework[:-8],  # the compressed data whole, the CRC and size gone
        "casework-header-only.csv.gz": casework[:12],
    }


@pytest.mark.parametrize("name", list(_cut_short()))
@pytest.mark.parametrize("kind", ["census", None])
def test_a_gzip_file_cut_short_is_called_truncated_not_a_bomb(sqlite_engine, tmp_path, name, kind):
    data = _cut_short()[name]
    path = tmp_path / name
    path.write_bytes(data)
    report, _ = rejected(sqlite_engine, path, kind, "is truncated or damaged (the gzip data ends early)")
    assert "limit" not in report.message and "MB" not in report.message, report.message
    if name == "census-3000.csv.gz":  # the case found: its last 4 bytes read as more than the limit
        assert int.from_bytes(data[-4:], "little") > 200 * 2**20


def test_a_gzip_bomb_declaring_a_small_size_is_still_stopped_at_the_limit(sqlite_engine, tmp_path, bombs):
    """The size in the trailer is not trusted either way: a bomb whose trailer says 1 KB is stopped too."""
    lying = bombs["casework-bomb.csv.gz"][:-4] + (1024).to_bytes(4, "little")
    path = tmp_path / "lying-bomb.csv.gz"
    path.write_bytes(lying)
    _, took = rejected(sqlite_engine, path, "casework", "unpacks to more than")
    assert took < 5, took


def _zip(entries: dict[str, bytes], *, encrypted: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in entries.items():
            zf.writestr(zipfile.ZipInfo(name), data)
    data = bytearray(out.getvalue())
    if encrypted:  # set the "encrypted" flag bit in the local and the central header
        for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = data.find(sig)
            data[at + offset] |= 0x1
    return bytes(data)


CSV = b"time_period,geographic_level,plans_issued_den_ex\n2024,National,1\n"


@pytest.mark.parametrize(("entry", "words"), [
    ("../../timeliness_20_week.csv", "unsafe path"),
    ("data/../../../timeliness_20_week.csv", "unsafe path"),
    ("..\\..\\timeliness_20_week.csv", "unsafe path"),
    ("/tmp/timeliness_20_week.csv", "unsafe path"),
    ("C:/Windows/timeliness_20_week.csv", "unsafe path"),
])
@pytest.mark.parametrize("kind", ["benchmarks", None])
def test_unsafe_zip_entries_are_refused_and_nothing_is_written(sqlite_engine, tmp_path, entry, words, kind):
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    path = work / "release.zip"
    path.write_bytes(_zip({"data/requests.csv": b"x\n1\n", entry: CSV}))
    before = {p for p in tmp_path.rglob("*")}
    rejected(sqlite_engine, path, kind, words)
    assert {p for p in tmp_path.rglob("*")} == before  # nothing was extracted anywhere
    assert not Path("/tmp/timeliness_20_week.csv").exists()


def test_a_password_protected_entry_is_refused(engine, tmp_path):
    path = tmp_path / "locked.zip"
    path.write_bytes(_zip({"data/timeliness_20_week.csv": CSV}, encrypted=True))
    rejected(engine, path, "benchmarks", "password-protected")


# --------------------------------------------------------------------------- personal data

NAMES = {"forename": "Zebedee", "surname": "Quixotic", "upn": "A999888777666", "uln": "9988776655",
         "postcode": "ZZ9 9ZZ", "address": "1 Nowhere Lane", "child_name": "Zebedee Quixotic"}


@pytest.mark.parametrize("kind", ["casework", "complaints", "census"])
def test_personal_columns_in_a_table_are_never_stored(engine, tmp_path, kind):
    """Names, UPNs, ULNs, postcodes and addresses in extra columns (or a census UPN) never reach the database."""
    base = {
        "casework": {"person_id": "P1", "birth_date": "2015-01-01", "sex": "M", "request_id": "R1",
                     "received_date": "2024-01-01", "request_outcome": "N", "request_outcome_date": "2024-02-01",
                     "plan_start_date": "", "primary_need": ""},
        "complaints": {"record_id": "C1", "kind": "complaint", "received_date": "2024-01-02", "responded_date": ""},
        "census": {"census_date": "2024-01-18", "dob": "2015-01-01", "senprovision": "E",
                   "primary_sen_type": "ASD", "sex": "F"},
    }[kind]
    rows = [{**base, **NAMES, **({"person_id": f"P{i}", "request_id": f"R{i}"} if kind == "casework" else {}),
             **({"record_id": f"C{i}"} if kind == "complaints" else {})} for i in range(3)]
    path = tmp_path / f"{kind}.csv"
    path.write_text(pd.DataFrame(rows).to_csv(index=False), encoding="utf-8")
    report = run_import(engine, path, kind=kind, la_code="351")
    assert (report.status, report.rows_loaded) == ("loaded", 3), report.summary()
    stored = all_text(engine)
    for value in NAMES.values():
        assert value not in stored, value


def test_names_in_a_utf16_sen2_return_with_a_bad_person_are_never_stored(engine, tmp_path):
    """The names sit beside a value that is rejected (its reason is kept in import_log): still none stored."""
    person = ("<Person><Surname>{s}</Surname><Forename>{f}</Forename><UPN>{u}</UPN><PostCode>{p}</PostCode>"
              "<PersonBirthDate>2016-05-02</PersonBirthDate><Sex>{sex}</Sex></Person>")
    people = "".join(person.format(s=NAMES["surname"], f=NAMES["forename"], u=NAMES["upn"], p=NAMES["postcode"],
                                   sex=sex) for sex in ("M", "Q"))
    xml = SEN2.format(doctype="", field="").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    xml = xml.replace(xml[xml.index("<Persons>"):xml.index("</Persons>")], "<Persons>" + people)
    path = tmp_path / "names.xml"
    path.write_bytes(xml.encode("utf-16"))
    report = run_import(engine, path)
    assert (report.status, report.rows_loaded, report.rows_rejected) == ("loaded", 1, 1), report.summary()
    stored = all_text(engine)
    assert "Person 2: unknown Sex code (allowed: F, M, U)" in stored  # the rejection was logged...
    for value in NAMES.values():  # ...but nothing personal was
        assert value not in stored, value
