"""Server-side re-render time of each page: the page script's run with the reads cached (SPEC section 6).

The browser bench (``bench_pages.py``) includes Streamlit's JavaScript, the websocket and drawing the
charts; this one times only what the server does when a page is shown again or a filter changes: the
script run, with Streamlit's ``AppTest`` in this process, on the sample database (built in a temporary
folder unless ``--db`` names one). For each page: *repeat* = the median of ``--repeats`` runs after a
first one (everything cached); *filter* = setting need ASD (first run: the ASD KPIs are computed), then
the median of repeats with ASD cached; on the Forecast page also *scenario* = the median of re-renders each
with a new scenario (5, 6, 7... fewer independent placements a year: the projection re-run, its inputs cached).
Usage::

    .venv/bin/python bench/bench_rerun.py [--db URL | --large] [--repeats 5] [--page NAME] [--json] [--check]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

APP = ROOT / "dashboard" / "app.py"
PAGES = {"Overview": None, "Timeliness": "../pages/timeliness.py", "EHCP growth": "../pages/growth.py",
         "Needs": "../pages/needs.py", "Census": "../pages/census.py", "Complaints": "../pages/complaints.py",
         "Transitions": "../pages/transitions.py", "Scrutiny briefing": "../pages/briefing.py",
         "Data": "../pages/data.py", "Forecast": "../pages/forecast.py", "High-needs finance": "../pages/finance.py",
         "Programme": "../pages/programme.py"}
BUDGET_S, BUDGET_LARGE_S = 0.300, 1.0  # one LA; an LA ten times larger


def _run(at) -> float:
    t0 = time.perf_counter()
    at.run(timeout=120)
    took = time.perf_counter() - t0
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].value}")
    return took


def measure(db_url: str, repeats: int, only: list[str] | None = None) -> list[dict]:
    os.environ["SENDDASH_DATABASE_URL"] = db_url
    os.environ["SENDDASH_ALLOW_UNAUTHENTICATED"] = "true"  # the ×10 LA is not the bundled sample
    os.environ.setdefault("SENDDASH_SETTINGS", str(Path(tempfile.gettempdir()) / "senddash-bench-none.toml"))
    from streamlit.testing.v1 import AppTest

    out = []
    for name, path in PAGES.items():
        if only and name not in only:
            continue
        at = AppTest.from_file(str(APP), default_timeout=120)
        first = _run(at)
        if path:
            at.switch_page(path)
            first = _run(at)
        repeat = statistics.median(_run(at) for _ in range(repeats))
        scenario = None
        if name == "Forecast":
            times = []
            for n in range(repeats):
                at.number_input(key="sc_n_Baseline").set_value(5.0 + n)
                times.append(_run(at))
            scenario = round(statistics.median(times), 3)
        at.multiselect(key="need").set_value(["ASD"])
        filter_first = _run(at)
        filter_repeat = statistics.median(_run(at) for _ in range(repeats))
        out.append({"page": name, "first_s": round(first, 3), "repeat_s": round(repeat, 3),
                    "filter_first_s": round(filter_first, 3), "filter_repeat_s": round(filter_repeat, 3),
                    "scenario_s": scenario})
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", help="database URL (default: the sample database, built in a temporary folder)")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.add_argument("--large", action="store_true", help="an LA ten times the sample (bench/make_large.py)")
    p.add_argument("--check", action="store_true", help="exit 1 when a repeat render is over budget")
    p.add_argument("--page", action="append", choices=list(PAGES), help="only this page (repeatable)")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if not db and args.large:
            import make_large

            from data_access.engine import make_engine

            db = f"sqlite:///{Path(tmp) / 'large.sqlite'}"
            engine = make_engine(db)
            make_large.build_large(engine, Path(tmp), factor=10)
            engine.dispose()
        elif not db:
            from tests.browser import build_db

            db = build_db(Path(tmp) / "sample.sqlite")
        rows = measure(db, args.repeats, args.page)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(f"{'page':<18} {'first':>7} {'repeat':>7} {'filter 1st':>10} {'filter':>7} {'scenario':>8}  (seconds)")
        for r in rows:
            sc = "" if r["scenario_s"] is None else f"{r['scenario_s']:.3f}"
            print(f"{r['page']:<18} {r['first_s']:>7.3f} {r['repeat_s']:>7.3f} {r['filter_first_s']:>10.3f} "
                  f"{r['filter_repeat_s']:>7.3f} {sc:>8}")
    budget = BUDGET_LARGE_S if args.large else BUDGET_S
    over = [r["page"] for r in rows if max(r["repeat_s"], r["filter_repeat_s"], r["scenario_s"] or 0) > budget]
    if over:
        print(f"over the {budget * 1000:.0f} ms budget on a repeat: {', '.join(over)}", file=sys.stderr)
    return 1 if args.check and over else 0


if __name__ == "__main__":
    raise SystemExit(main())
