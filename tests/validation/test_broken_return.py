"""Done-when of issue 13: `senddash validate` on a deliberately broken copy of the sample's SEN2 return reports
each fault under its rule, and on the clean return only the sample's own known findings (listed here)."""

from __future__ import annotations

import json

from dashboard.cli import main
from data_access.samples import SAMPLE_DIR
from tests.validation.make_broken_return import FAULTS, TEMPLATE, broken_text

ESTABLISHMENTS = str(SAMPLE_DIR / "establishments.csv")
# The clean return has no errors; its only findings are two queries that mirror what LA 351 itself published
# for January 2025: 2 plans whose primary need is not recorded and 100 whose setting is not known.
SAMPLE_KNOWN = {"CD03": 2, "CD10": 100}


def _validate(capsys, path) -> tuple[int, dict]:
    code = main(["validate", str(path), "--json", "--establishments", ESTABLISHMENTS])
    return code, json.loads(capsys.readouterr().out)


def _by_person(out: dict) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for f in out["findings"]:
        found.setdefault(f["person_ref"], set()).add(f["rule"])
    return found


def test_each_fault_is_reported_under_its_rule(capsys, tmp_path):
    clean_code, clean = _validate(capsys, SAMPLE_DIR / "sen2_2025.xml")
    text, first = broken_text()
    broken_path = tmp_path / "sen2_2025_broken.xml"
    broken_path.write_text(text, encoding="utf-8")
    code, broken = _validate(capsys, broken_path)
    assert (clean_code, code) == (0, 1)  # the clean return has queries only; the broken copy has errors
    assert {r["rule"]: r["findings"] for r in clean["rules"] if r["findings"]} == SAMPLE_KNOWN
    found = _by_person(broken)
    for n, (rule, what, _old, _new) in enumerate(FAULTS):
        assert rule in found.get(f"P{first + n}", set()), f"{rule} ({what}) not reported for P{first + n}"
    # the duplicate is reported on both its Persons; the sample's own Persons keep exactly their findings
    assert "CN01" in found[f"P{TEMPLATE}"]
    before = _by_person(clean)
    after = {p: r for p, r in found.items() if p is None or int(p[1:]) < first}
    assert after == {**before, f"P{TEMPLATE}": {"CN01"}}
    assert clean["errors"] == 0 and broken["errors"] > 0 and {f["severity"] for f in broken["findings"]} == {"error", "query"}
    assert all(set(f) == {"rule", "severity", "message", "person_ref", "request_ref"} for f in broken["findings"])


def test_validate_writes_nothing_and_says_unreadable_in_one_sentence(capsys, tmp_path):
    bad = tmp_path / "truncated.xml"
    bad.write_text((SAMPLE_DIR / "sen2_2025.xml").read_text(encoding="utf-8")[:5000], encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("senddash: truncated.xml is not well-formed XML") and len(err.strip().splitlines()) == 1
    assert main(["validate", str(SAMPLE_DIR / "complaints.csv")]) == 2
    assert "only an SEN2 return or a casework extract is validated" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.sqlite")) and not (tmp_path / "data").exists()


def test_the_text_report_names_each_rule_and_its_cases(capsys, tmp_path):
    text, first = broken_text()
    path = tmp_path / "b.xml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path), "--establishments", ESTABLISHMENTS]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("b.xml (sen2): ") and " errors, " in out.splitlines()[0]
    assert "CD12 error (1): " in out and f"  P{first + 22}, P{first + 22}-R1" in out
