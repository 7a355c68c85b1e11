"""``senddash reconcile --year YYYY [--json]`` (SPEC section 3): casework, SEN2 and DfE's published figure.

Prints, for collection year Y, each headline measure from the casework snapshot, the loaded SEN2 return of
year Y and DfE's published figure for the LA, with the differences, then the requests the casework and the
return count differently and why (:mod:`dashboard.kpi.reconcile`). ``--json`` prints the reconciliation
object. Exit 0; exit 2 when the LA has neither a casework snapshot nor the return of that year.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from dashboard import read
from data_access.engine import make_engine
from data_access.published import ensure_published

EXIT_OK, EXIT_REJECTED = 0, 2
SHOWN = 50  # differences listed in the table view (--json lists them all)
HEAD = ("Measure", "Casework", "SEN2 return", "Published", "Casework - SEN2", "SEN2 - published")


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser("reconcile", help="casework, the SEN2 return and DfE's published figure side by side")
    p.add_argument("--year", type=int, required=True, metavar="YYYY",
                   help="collection year (the return of January YYYY, covering calendar year YYYY-1)")
    p.add_argument("--la", dest="la_code", help="LA code (default: the configured LA)")
    p.add_argument("--json", action="store_true", help="print the reconciliation as one JSON object")
    return p


def _cell(value: object, unit: str, *, signed: bool = False) -> str:
    if value is None:
        return "-"
    if unit == "pct":
        return f"{value:+.1f}" if signed and value else f"{value:.1f}"
    return f"{int(value):+,}" if signed and value else f"{int(value):,}"


def table(result: dict) -> str:
    """The reconciliation as plain text: the measures, what matched, and the requests counted differently."""
    rows = [HEAD] + [(r["label"], _cell(r["casework"], r["unit"]), _cell(r["sen2"], r["unit"]),
                      _cell(r["published"], r["unit"]), _cell(r["casework_minus_sen2"], r["unit"], signed=True),
                      _cell(r["sen2_minus_published"], r["unit"], signed=True)) for r in result["rows"]]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEAD))]
    lines = [f"Reconciliation of the SEN2 return {result['year']} for LA {result['la_code']} (reference date "
             f"{result['reference_date']}; period {result['period'][0]} to {result['period'][1]})", ""]
    for n, r in enumerate(rows):
        lines.append("  ".join([r[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True))]))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    src = result["sources"]
    missing = [name for name, key in (("no casework snapshot", "casework"), (f"no SEN2 return for {result['year']}",
                                                                               "sen2"),
                                      ("nothing published by DfE for this year yet", "published")) if not src[key]]
    if missing:
        lines += ["", "Not loaded: " + "; ".join(missing) + " ('-' in the table)."]
    lines += [""] + result["notes"] if result.get("notes") else []
    m = result.get("matching")
    if m:
        lines += ["", f"Requests matched on {m['key']}: {m['matched']:,} of the return's {m['sen2_requests']:,} and "
                      f"the casework's {m['casework_requests']:,} that the return should hold; "
                      f"{m['ambiguous']:,} matched where several requests shared the key."]
    diffs = result["differences"]
    if src["casework"] and src["sen2"]:
        counts = Counter(d["reason"] for d in diffs)
        lines += ["", "Requests counted differently: " + (
            "; ".join(f"{reason} {n:,}" for reason, n in counts.items()) if diffs else "none.")]
        for d in diffs[:SHOWN]:
            lines.append(f"  {d['reason']}: person {d['person_ref'] or '-'}, casework request "
                         f"{d['request_ref_casework'] or '-'}, return request {d['request_ref_sen2'] or '-'}: {d['detail']}")
        if len(diffs) > SHOWN:
            lines.append(f"  ... and {len(diffs) - SHOWN:,} more (--json lists them all)")
    return "\n".join(lines)


def run(args: argparse.Namespace, db: str | None, settings: dict) -> int:
    engine = make_engine(db)
    la = args.la_code or settings["la_code"]
    ensure_published(engine)
    result = read.reconciliation(engine, la_code=la, year=args.year)
    if not (result["sources"]["casework"] or result["sources"]["sen2"]):
        years = read.return_years(engine, la_code=la)
        loaded = f" (returns loaded: {', '.join(map(str, years))})" if years else ""
        print(f"senddash: there is nothing to reconcile: the database holds no casework snapshot and no SEN2 return "
              f"for {args.year} for LA {la}{loaded}.", file=sys.stderr)
        return EXIT_REJECTED
    print(json.dumps(result, indent=2) if args.json else table(result))
    return EXIT_OK
