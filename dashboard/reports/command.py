"""``senddash report highlight|safety-valve|data-pack --out FILE [--as-at DATE]`` and
``senddash programme template|export --out FILE.xlsx`` (SPEC section 3).

A report is written from the same protected KPI object as the scrutiny briefing (:func:`inputs_from_db`):
small numbers are hidden, and money is in it only with ``--finance`` or when the ``show_finance_to_viewers``
setting is on. Exit 0 written; 2 for a format the report is not written as, an as-at date with no data or
an impossible setting (one sentence); 1 when the file cannot be written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from sqlalchemy import Engine

from dashboard import read
from dashboard.reports import FORMATS, TITLES, render
from dashboard.reports.inputs import ReportInputs, build_inputs
from data_access import queries
from data_access.engine import make_engine
from data_access.programme_workbook import export_bytes, template_bytes
from data_access.published import ensure_published

EXIT_OK, EXIT_ERROR, EXIT_REJECTED = 0, 1, 2


def inputs_from_db(engine: Engine, *, la_code: str, settings: dict, as_at: dt.date | None = None,
                   show_finance: bool | None = None, **options) -> ReportInputs:
    """The report inputs of one LA from the database: its KPI object (with forecast, finance and programme)
    protected as the briefing is, its plan and the plan's edit trail. ValueError: an as-at date with no data."""
    ensure_published(engine)
    frames = read.load_frames(engine, la_code=la_code, breakdowns=False)
    k = read.kpis_from_frames(frames, la_code=la_code, as_at=as_at, outlook=True,
                              comparators=settings.get("comparators") or ())
    return build_inputs(k, read.programme_of(frames), queries.load_edits(engine, la_code=la_code), settings,
                        la_name=read.la_display_name(engine, frames["benchmarks"], la_code),
                        show_finance=show_finance, **options)


def iso_date(text: str) -> dt.date:
    """An argparse ``type``: a date written YYYY-MM-DD (``senddash report``, ``kpis``, ``briefing``...)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from exc


def add_parsers(sub: argparse._SubParsersAction) -> None:
    r = sub.add_parser("report", help="write a programme report: highlight (.pdf/.docx), safety-valve (.pdf/.xlsx), "
                                      "data-pack (.pdf/.pptx)")
    r.add_argument("kind", choices=list(FORMATS), help="which report")
    r.add_argument("--out", type=Path, required=True, metavar="FILE", help="the file to write; its suffix is the format")
    r.add_argument("--as-at", type=iso_date, help="as-at date YYYY-MM-DD (default: latest data)")
    r.add_argument("--la", dest="la_code", help="LA code (default: the configured LA)")
    r.add_argument("--finance", action="store_true",
                   help="include the high-needs money (otherwise only when show_finance_to_viewers is on)")
    g = sub.add_parser("programme", help="the programme workbook: a blank template, or the plan with its edits")
    g.add_argument("action", choices=["template", "export"], help="template: blank workbook; export: the current plan")
    g.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    g.add_argument("--la", dest="la_code", help="LA code (default: the configured LA)")


def _write(path: Path, data: bytes) -> int:
    try:
        path.write_bytes(data)
    except OSError as exc:
        print(f"senddash: cannot write {path} ({exc.strerror or exc}).", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def run_report(args, db, settings) -> int:
    suffix = args.out.suffix.lower()
    if suffix not in FORMATS[args.kind]:
        print(f"senddash: cannot write {args.out}: the {TITLES[args.kind].lower()} is written as "
              f"{' or '.join(FORMATS[args.kind])}.", file=sys.stderr)
        return EXIT_REJECTED
    engine = make_engine(db)
    la = args.la_code or settings["la_code"]
    try:
        inputs = inputs_from_db(engine, la_code=la, settings=settings, as_at=args.as_at,
                                show_finance=True if args.finance else None)
        if args.kind == "highlight":
            inputs.override  # noqa: B018 - an impossible override setting is refused before anything is built
        data = render(args.kind, inputs, suffix)
    except ValueError as exc:
        print(f"senddash: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    code = _write(args.out, data)
    if code == EXIT_OK:
        actions = inputs.k.get("programme", {}).get("actions", {}).get("total", 0)
        print(f"{TITLES[args.kind]} written to {args.out} (as at {inputs.as_at:%d %B %Y}; {actions} actions in the plan"
              f"{'; with finance' if inputs.show_finance else ''}).")
    return code


def run_programme(args, db, settings) -> int:
    if args.out.suffix.lower() != ".xlsx":
        print(f"senddash: cannot write {args.out}: the programme workbook is an .xlsx file.", file=sys.stderr)
        return EXIT_REJECTED
    if args.action == "template":
        code = _write(args.out, template_bytes())
        if code == EXIT_OK:
            print(f"Blank programme workbook written to {args.out} (sheets actions, milestones, risks, decisions).")
        return code
    la = args.la_code or settings["la_code"]
    engine = make_engine(db)
    plan = queries.load_programme(engine, la_code=la)
    code = _write(args.out, export_bytes(engine, la_code=la))
    if code == EXIT_OK:
        counts = ", ".join(f"{len(df)} {name}" for name, df in plan.items())
        print(f"Programme of LA {la} written to {args.out} ({counts}; with its edit history).")
    return code
