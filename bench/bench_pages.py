"""Page render times in a real browser (headless Debian Chromium via Playwright).

Starts the app as ``senddash serve`` does (on the sample database, built into a temporary folder unless
``--db`` names one) and, for each page, measures in a fresh browser session:

- first: navigation until the app is idle (script finished, no "Running" status widget, h1 shown) and
  until it is drawn (no loading placeholders left and every chart drawn);
- repeat: the same after a reload (median of ``--repeats``);
- filter: from clicking "ASD" in the sidebar's "Primary need" menu until the rerun is idle / drawn
  (the first time, then the median of ``--repeats`` more from a fresh unfiltered load).

Pages are visited in menu order on one server, so the Overview's first time includes reading the
database into the app's cache; later pages reuse it. Usage::

    .venv/bin/python bench/bench_pages.py [--db URL] [--repeats 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser import (  # noqa: E402
    CHROMIUM,
    PAGES,
    VIEWPORT,
    arm_rerun,
    build_db,
    launch,
    open_need_menu,
    pick_need,
    running_app,
    wait_drawn,
    wait_idle,
    wait_rerun,
)

NEED = "ASD"


def _timed(start: Callable[[], None], *waits: Callable[[], None]) -> list[float]:
    """Seconds from before ``start`` until each of ``waits`` has returned (called in order)."""
    t0 = time.perf_counter()
    start()
    out = []
    for wait in waits:
        wait()
        out.append(time.perf_counter() - t0)
    return out


def _filter_change(page: Any, url: str) -> list[float]:
    page.goto(url)
    wait_idle(page)
    wait_drawn(page)
    open_need_menu(page)
    arm_rerun(page)
    return _timed(lambda: pick_need(page, NEED), lambda: wait_rerun(page), lambda: wait_drawn(page))


def measure_page(browser: Any, url: str, repeats: int) -> dict[str, float]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        first = _timed(lambda: page.goto(url), lambda: wait_idle(page), lambda: wait_drawn(page))
        reloads = [_timed(page.reload, lambda: wait_idle(page), lambda: wait_drawn(page)) for _ in range(repeats)]
        filter_first = _filter_change(page, url)
        filters = [_filter_change(page, url) for _ in range(repeats)]
    finally:
        context.close()
    return {
        "first_idle": first[0], "first_drawn": first[1],
        "repeat_idle": statistics.median(r[0] for r in reloads),
        "repeat_drawn": statistics.median(r[1] for r in reloads),
        "filter_first_idle": filter_first[0], "filter_first_drawn": filter_first[1],
        "filter_idle": statistics.median(f[0] for f in filters),
        "filter_drawn": statistics.median(f[1] for f in filters),
    }


def run(db_url: str, repeats: int, workdir: Path) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    results = {}
    with running_app(db_url, log_path=workdir / "server.log") as base, sync_playwright() as pw:
        browser = launch(pw)
        try:
            for path in PAGES:
                results[path] = measure_page(browser, base + path, repeats)
                print(f"  {path:<13} done", file=sys.stderr, flush=True)
        finally:
            browser.close()
    return results


def table(results: dict[str, dict[str, float]]) -> str:
    cols = [("first_idle", "first: idle"), ("first_drawn", "first: drawn"), ("repeat_idle", "reload: idle"),
            ("repeat_drawn", "reload: drawn"), ("filter_first_idle", "filter 1st: idle"),
            ("filter_first_drawn", "filter 1st: drawn"), ("filter_idle", "filter: idle"),
            ("filter_drawn", "filter: drawn")]
    lines = ["| page | " + " | ".join(c[1] for c in cols) + " |", "| --- |" + " ---: |" * len(cols)]
    for path, r in results.items():
        lines.append(f"| {path} | " + " | ".join(f"{r[k]:.2f}" for k, _ in cols) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="database URL to serve (default: build the sample database in a temp folder)")
    ap.add_argument("--repeats", type=int, default=3, help="reloads and filter changes per page (median shown)")
    ap.add_argument("--json", action="store_true", help="print the seconds as JSON instead of a table")
    args = ap.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"bench_pages: {CHROMIUM} is missing (apt-get install chromium); nothing measured.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="senddash-bench-pages-") as tmp:
        workdir = Path(tmp)
        db_url = args.db
        if not db_url:
            print("Building the sample database ...", file=sys.stderr, flush=True)
            db_url = build_db(workdir / "demo.sqlite")
        results = run(db_url, args.repeats, workdir)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"Page render times in seconds (headless Chromium, {args.repeats} repeats, median):")
        print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
