"""``senddash validate PATH [--json]`` (SPEC section 3): check an SEN2 return or casework extract against every
validation rule, writing nothing. Exit 0 with no errors, 1 with errors, 2 when the file cannot be read.

The establishments list the URN rule checks against is a GIAS file given with ``--establishments``, else the one
loaded in the database named by ``--db`` (or ``SENDDASH_DATABASE_URL``) when one is named; without either, that
rule is not checked.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

EXIT_CLEAN, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2
SHOWN_PER_RULE = 10


def add_parser(sub) -> None:
    v = sub.add_parser("validate", help="check an SEN2 return or casework extract against every validation rule "
                                        "(writes nothing)")
    v.add_argument("path", type=Path)
    v.add_argument("--json", action="store_true", help="print the findings as JSON")
    v.add_argument("--la", dest="la_code", help="LA code when the file does not carry one")
    v.add_argument("--mapping", type=Path, help="TOML file mapping the LA's column names onto ours (casework)")
    v.add_argument("--establishments", type=Path, metavar="FILE",
                   help="GIAS establishments file to check URNs against (default: the database's list, if --db)")


def _establishments(args, db) -> frozenset[str] | None:
    from data_access.validation.run import establishment_urns, establishment_urns_in_file

    if args.establishments:
        return establishment_urns_in_file(args.establishments)
    if not db:
        return None
    from data_access.engine import make_engine, schema_ready

    engine = make_engine(db)
    if not schema_ready(engine):
        return None
    with engine.connect() as conn:
        return establishment_urns(conn)


def run(args, db, settings) -> int:
    from data_access.importers.base import ImportRejected
    from data_access.importers.mapping import load_mapping
    from data_access.validation.engine import by_rule, counts
    from data_access.validation.run import validate_file

    try:
        mapping = load_mapping(args.mapping) if args.mapping else None
        urns = _establishments(args, db)
        parsed, found = validate_file(args.path, la_code=args.la_code or settings["la_code"], mapping=mapping,
                                      establishments=urns)
    except ImportRejected as exc:
        print(f"senddash: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as exc:
        print(f"senddash: {args.path.name} could not be read ({exc.strerror or exc}).", file=sys.stderr)
        return EXIT_UNREADABLE
    n = counts(found)
    rules = by_rule(found)
    if args.json:
        out = {"file": args.path.name, "kind": parsed.kind, "la_code": parsed.la_code, **n,
               "urns_checked": urns is not None,
               "findings": _records(found), "rules": rules.to_dict("records")}
        print(json.dumps(out, indent=2))
    else:
        _print(args.path.name, parsed.kind, n, found, rules, urns is not None)
    return EXIT_ERRORS if n["errors"] else EXIT_CLEAN


def _records(found: pd.DataFrame) -> list[dict]:
    rows = found.astype(object).where(found.notna(), None)
    return rows.to_dict("records")


def _print(name: str, kind: str, n: dict, found: pd.DataFrame, rules: pd.DataFrame, urns_checked: bool) -> None:
    print(f"{name} ({kind}): {n['errors']:,} error{'s' * (n['errors'] != 1)}, {n['queries']:,} "
          f"quer{'ies' if n['queries'] != 1 else 'y'} from {len(rules)} rules.")
    if not urns_checked:
        print("  (URNs were not checked against an establishments list: give --establishments or --db.)")
    for r in rules[rules["findings"] > 0].itertuples(index=False):
        print(f"{r.rule} {r.severity} ({r.findings:,}): {r.message}")
        rows = found[found["rule"] == r.rule]
        for f in rows.head(SHOWN_PER_RULE).itertuples(index=False):
            refs = ", ".join(x for x in (f.person_ref, f.request_ref) if isinstance(x, str))
            print(f"  {refs or 'the return as a whole'}")
        if len(rows) > SHOWN_PER_RULE:
            print(f"  ... and {len(rows) - SHOWN_PER_RULE:,} more (use --json for all)")
