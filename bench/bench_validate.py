"""Validation speed against SPEC section 6 (a script, not a test): checking a SEN2 return of ~3,300 children
against every rule takes at most 1 s beyond its import.

Measured on ``sample_data/sen2_2025.xml`` (3,396 children, 5 MB) and on the casework sample, in this process
after a warm-up run (modules imported, as in the running app):

- ``parse``: reading the file as the import does (``importers.sen2.parse`` / ``casework.parse``);
- ``validate``: what validation adds to an import: building the Return from the parsed file and running every
  rule (``data_access.validation.run.findings_for``), with the sample's establishments list for the URN rule.

The median of ``--repeat`` runs (default 5) is reported, with the slowest rules.

    .venv/bin/python bench/bench_validate.py [--repeat 5] [--json] [--check]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_access.importers import casework, sen2  # noqa: E402
from data_access.validation.engine import applicable  # noqa: E402
from data_access.validation.run import establishment_urns_in_file, findings_for, to_return  # noqa: E402

SAMPLE = ROOT / "sample_data"
BUDGET_S = 1.0


def _median(fn, repeat: int) -> tuple[float, object]:
    fn()
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def measure(name: str, module, repeat: int, urns: frozenset[str]) -> dict:
    path = SAMPLE / name
    data = path.read_bytes()
    parse_s, parsed = _median(lambda: module.parse(path, data, la_code="351"), repeat)
    validate_s, found = _median(lambda: findings_for(parsed, establishments=urns), repeat)
    ret = to_return(parsed, establishments=urns)
    per_rule = []
    for rule in applicable(ret):
        t = time.perf_counter()
        rule.check(ret)
        per_rule.append((time.perf_counter() - t, rule.id))
    return {"file": name, "records": len(ret.requests), "parse_s": round(parse_s, 3),
            "validate_s": round(validate_s, 3), "findings": len(found), "rules": len(per_rule),
            "slowest": [{"rule": r, "ms": round(1000 * s, 1)} for s, r in sorted(per_rule, reverse=True)[:5]]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.add_argument("--check", action="store_true", help="exit 1 when validation takes more than 1 s")
    args = p.parse_args(argv)
    urns = establishment_urns_in_file(SAMPLE / "establishments.csv")
    results = [measure("sen2_2025.xml", sen2, args.repeat, urns), measure("casework.csv", casework, args.repeat, urns)]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for r in results:
            slow = ", ".join(f"{s['rule']} {s['ms']} ms" for s in r["slowest"])
            print(f"{r['file']}: {r['records']:,} requests; parse {r['parse_s']:.3f} s; validation adds "
                  f"{r['validate_s']:.3f} s for {r['rules']} rules ({r['findings']:,} findings; budget "
                  f"{BUDGET_S:.0f} s). Slowest: {slow}.")
    return 1 if args.check and any(r["validate_s"] > BUDGET_S for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
