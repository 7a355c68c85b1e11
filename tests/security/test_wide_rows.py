"""A row of a million separators (a "wide row" bomb, found by the 1 MB-field fuzz test: pandas sizes the
table from the header and first data row and allocated ~23 GB before failing). Each is refused in one
sentence before pandas reads it, with the memory of the import process capped to prove it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.security import assert_one_sentence

HEADER = "person_id,birth_date,sex,request_id,received_date,request_outcome,request_outcome_date"
ROW = "P1,2015-01-01,M,R1,2024-01-10,Y,2024-02-01"
CHILD = textwrap.dedent("""
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))  # 3 GB: far below what pandas wanted
    from data_access.engine import make_engine, upgrade
    from data_access.importers import run_import
    engine = make_engine(sys.argv[1]); upgrade(engine)
    r = run_import(engine, sys.argv[2], kind=sys.argv[3] or None, la_code="351")
    print(json.dumps({"status": r.status, "message": r.message}))
""")


@pytest.mark.parametrize("where", ["header", "first data row", "after a blank line"])
@pytest.mark.parametrize("sep", [",", ";", "\t"])
@pytest.mark.parametrize("kind", ["casework", "benchmarks", ""])
def test_a_million_separators_in_an_early_row_is_refused_within_bounded_memory(tmp_path, where, sep, kind):
    wide = sep.join(["x"] * 1_000_001)
    lines = [HEADER.replace(",", sep), ROW.replace(",", sep)]
    if where == "header":
        lines[0] += sep + wide
    elif where == "first data row":
        lines[1] += sep + wide
    else:
        lines.insert(1, "")
        lines[2] += sep + wide
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", CHILD, f"sqlite:///{tmp_path / 'db.sqlite'}", str(path), kind],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]  # not killed by the memory cap
    report = json.loads(done.stdout)
    assert report["status"] == "rejected"
    assert_one_sentence(report["message"], "wide.csv")
    if kind:
        assert "1,000,00" in report["message"] and "columns" in report["message"], report["message"]
