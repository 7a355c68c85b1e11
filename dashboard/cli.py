"""The ``senddash`` command line (SPEC section 3): demo, import, kpis, briefing, validate, reconcile, report,
programme, serve."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard import demo, read
from dashboard.commands import reconcile, validate
from dashboard.kpi.dates import AGE_BANDS
from dashboard.reports import command as report_command
from dashboard.settings import load_settings
from data_access import queries
from data_access.engine import DatabaseUnavailable, ensure_schema, make_engine, schema_ready
from data_access.importers import KINDS
from data_access.published import ensure_published

EXIT_OK, EXIT_ERROR, EXIT_REJECTED = 0, 1, 2
APP = Path(__file__).resolve().parent / "app.py"


def _filter_arguments(p: argparse.ArgumentParser) -> None:
    """The as-at date, filters, LA and comparators that ``kpis`` and ``briefing`` both take."""
    p.add_argument("--as-at", type=report_command.iso_date, help="as-at date YYYY-MM-DD (default: latest data)")
    p.add_argument("--need", action="append", default=[], type=str.upper, choices=read.NEED_CODES,
                   metavar="CODE", help="primary need filter (repeat): " + ", ".join(read.NEED_CODES))
    p.add_argument("--age-band", action="append", default=[], choices=AGE_BANDS, help="age band filter (repeat)")
    p.add_argument("--la", dest="la_code", help="LA code (default: the configured LA)")
    p.add_argument("--comparator", action="append", default=[], metavar="LA", help="comparator LA code (repeat)")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="senddash", description="SEND performance dashboard.")
    p.add_argument("--db", help="database URL (default: SENDDASH_DATABASE_URL, or ./data/senddash.sqlite)")
    sub = p.add_subparsers(dest="command", required=True)

    sub.add_parser("demo", help="create the database filled with the bundled synthetic sample data")

    imp = sub.add_parser("import", help="import extracts (SEN2 XML, casework, complaints, census, benchmarks)")
    imp.add_argument("paths", nargs="+", type=Path)
    imp.add_argument("--kind", choices=KINDS, help="what the files are (detected from content if omitted)")
    imp.add_argument("--mapping", type=Path, help="TOML file mapping the LA's column names onto ours")
    imp.add_argument("--la", dest="la_code", help="LA code when the file does not carry one")
    imp.add_argument("--allow-missing", action="append", default=[], metavar="COLUMN",
                     help="load although the file lacks COLUMN, which the previous import of its kind had or a "
                          "KPI needs (repeat; '*' for any): the KPIs it feeds are then blank")
    imp.add_argument("--json", action="store_true", help="print the import reports as JSON")
    imp.add_argument(demo.REPLACE_FLAG, action="store_true",
                     help="the database holds the synthetic sample: remove its records before importing real "
                          "files (real and synthetic records are never mixed)")

    k = sub.add_parser("kpis", help="compute the KPIs")
    _filter_arguments(k)
    k.add_argument("--json", action="store_true", help="print one JSON object (the default output)")

    br = sub.add_parser("briefing", help="write the scrutiny briefing as .xlsx, .html or .pdf")
    br.add_argument("--out", type=Path, required=True, metavar="FILE", help="FILE.xlsx, FILE.html or FILE.pdf")
    _filter_arguments(br)
    br.add_argument("--internal", action="store_true",
                    help="allow a briefing filtered by need or age band (marked internal: not for publication)")

    validate.add_parser(sub)
    reconcile.add_parser(sub)
    report_command.add_parsers(sub)

    s = sub.add_parser("serve", help="start the app (builds the sample database on first run)")
    s.add_argument("--port", type=int, default=int(os.environ.get("SENDDASH_PORT", "8501")))
    s.add_argument("--address", default=os.environ.get("SENDDASH_ADDRESS", "localhost"))
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ValueError as exc:
        print(f"senddash: {exc}", file=sys.stderr)
        return EXIT_ERROR
    db = args.db or settings["database_url"] or None
    try:
        return _COMMANDS[args.command](args, db, settings)
    except DatabaseUnavailable as exc:
        print(f"senddash: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `senddash kpis | head`: the reader has gone, which is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _demo(args, db, settings) -> int:
    engine = make_engine(db)
    real, problem = read.real_data_check(engine)
    if real and problem is None:
        print(f"senddash: the database at {demo.where(engine)} holds real data, and the synthetic sample is never "
              "loaded beside it: give --db another database for the demo.", file=sys.stderr)
        return EXIT_REJECTED
    reports = demo.build_demo(engine, la_code=settings["la_code"])
    for r in reports:
        print(r.summary())
    return EXIT_OK if all(r.ok for r in reports) else EXIT_REJECTED


def _import(args, db, settings) -> int:
    mapping = None
    if args.mapping:
        from data_access.importers.base import ImportRejected
        from data_access.importers.mapping import load_mapping

        try:
            mapping = load_mapping(args.mapping)
        except ImportRejected as exc:
            print(f"senddash: {exc}", file=sys.stderr)
            return EXIT_REJECTED
    engine = make_engine(db)  # import_file brings the schema up to date (and the published figures) first
    if not args.replace_demo:  # asked before anything is written
        for path in args.paths:
            counts = demo.sample_in_the_way(engine, path, kind=args.kind, la_code=args.la_code or settings["la_code"],
                                            mapping=mapping, allow_missing=args.allow_missing)
            if counts:
                print("senddash: " + demo.refusal(
                    engine, path.name, counts, f"Run the import again with {demo.REPLACE_FLAG} to do that, or "
                    "give --db a database of its own. Nothing was imported."), file=sys.stderr)
                return EXIT_REJECTED
    reports = [
        demo.import_file(engine, path, kind=args.kind, la_code=args.la_code or settings["la_code"],
                         mapping=mapping, allow_missing=args.allow_missing, replace_demo=args.replace_demo)
        for path in args.paths
    ]
    if args.json:
        print(json.dumps([r.as_dict() for r in reports], indent=2))
    shown = args.la_code or settings["la_code"]
    for r in reports:
        if r.ok and r.la_code and r.la_code != shown:
            print(f"senddash: note: {r.file_name} is for LA {r.la_code}, but the "
                  f"dashboard shows LA {shown} (the la_code setting); pass --la {r.la_code} to kpis or set "
                  f"la_code = \"{r.la_code}\" to see it.", file=sys.stderr)
    for r in reports:
        stream = sys.stdout if r.ok else sys.stderr
        if not args.json or not r.ok:
            print(r.summary(), file=stream)
            if not r.ok:
                for column, feeds in r.missing_columns.items():
                    print(f"  {column}: {'; '.join(feeds)}", file=stream)
            for rej in r.rejections[:20]:
                print(f"  row {rej.row}, column {rej.column}: {rej.reason}", file=stream)
            if len(r.rejections) > 20:
                print(f"  ... and {len(r.rejections) - 20:,} more rejected rows", file=stream)
    return EXIT_OK if all(r.ok for r in reports) else EXIT_REJECTED


def _kpis(args, db, settings) -> int:
    engine = make_engine(db)
    la = args.la_code or settings["la_code"]
    result = read.kpis(engine, la_code=la, as_at=args.as_at, needs=args.need, age_bands=args.age_band,
                           comparators=args.comparator or settings["comparators"])
    print(json.dumps(result, indent=2))
    return EXIT_OK


def _briefing(args, db, settings) -> int:
    from dashboard.briefing import FORMATS, build_briefing, write

    if args.out.suffix.lower() not in FORMATS:
        print(f"senddash: cannot write {args.out}: the briefing can be written as .xlsx, .html or .pdf.",
              file=sys.stderr)
        return EXIT_REJECTED
    if (args.need or args.age_band) and not args.internal:
        print("senddash: a briefing filtered by need or age band is not written for publication: beside the "
              "unfiltered one it could give small numbers away by subtraction. Add --internal to write it "
              "marked 'internal: not for publication'.", file=sys.stderr)
        return EXIT_REJECTED
    engine = make_engine(db)
    ensure_published(engine)
    la = args.la_code or settings["la_code"]
    frames = read.load_frames(engine, la_code=la)
    try:
        k = read.kpis_from_frames(frames, la_code=la, as_at=args.as_at, needs=args.need, outlook=True,
                                      age_bands=args.age_band, comparators=args.comparator or settings["comparators"])
    except ValueError as exc:
        print(f"senddash: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    b = build_briefing(k, settings=settings, la_name=read.la_display_name(engine, frames["benchmarks"], la),
                       base_url=settings["public_url"] or None, chosen_comparators=args.comparator)
    try:
        write(b, args.out)
    except OSError as exc:
        print(f"senddash: cannot write {args.out} ({exc.strerror or exc}).", file=sys.stderr)
        return EXIT_ERROR
    print(f"Briefing written to {args.out} (as at {b.as_at_text}; {b.filters_text}).")
    return EXIT_OK


def _serve(args, db, settings) -> int:
    engine = make_engine(db)
    if demo.needs_demo(engine, explicit_db=bool(db)):
        print("First run: building the sample database (synthetic data) ...", flush=True)
        for r in demo.build_demo(engine, la_code=settings["la_code"]):
            print("  " + r.summary(), flush=True)
    elif schema_ready(engine):
        try:  # a database made by an older release: upgraded, and given DfE's figures if it has an LA's data
            ensure_schema(engine)
            if queries.available_las(engine):
                ensure_published(engine)
        except DatabaseUnavailable as exc:
            print(f"senddash: note: the database could not be brought to this release's schema ({exc})",
                  file=sys.stderr, flush=True)
    env = dict(os.environ)
    if db:
        env["SENDDASH_DATABASE_URL"] = db
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(args.port),
           "--server.address", args.address, "--browser.gatherUsageStats", "false"]
    print(f"SEND performance dashboard: http://{args.address}:{args.port}", flush=True)
    if os.name == "posix":  # become the server: a service manager's SIGTERM reaches it, no orphan is left
        engine.dispose()
        os.execve(sys.executable, cmd, env)
    return subprocess.call(cmd, env=env)


_COMMANDS = {"demo": _demo, "import": _import, "kpis": _kpis, "briefing": _briefing, "serve": _serve,
             "validate": validate.run, "reconcile": reconcile.run, "report": report_command.run_report,
             "programme": report_command.run_programme}
