"""Many users at once: the Overview opened by N browser sessions together, each with its own filters.

Starts the app as ``senddash serve`` does (on the sample database, built into a temporary folder unless
``--db`` names one), then drives ONE headless Debian Chromium (``/usr/bin/chromium``, never a downloaded
browser) through Playwright: for each N in ``--sessions`` (default 1, 4, 16) it opens N browser contexts
(own cookies, so own Streamlit sessions) and navigates them all at the same moment to the Overview with
distinct filters in the URL (``?need=..&age=..&as_at=..``, the sidebar's query-string names). Per session
it measures the time from navigation start until the page is *drawn* (as ``bench_pages.py`` decides it:
the script run finished, no "Running" status widget, the h1 shown, no loading placeholder left and every
chart's SVG drawn). The time is read in the page itself (``performance.now()``, whose origin is the
navigation start) at the moment the condition first holds, so a busy Python event loop does not add to it.

No warm run helps a later one: the server is **restarted for every N**, and every session of the whole
run gets a filter combination no other session has used (need x age band x as-at date), so every
session computes its own KPIs. After each restart one unfiltered session opens the Overview first, not
timed, so the one-off database read into the app's cache (the same for every filter) is not in the
figures; what is timed is the per-session, per-filter work many users do at once. Each session's
caption is checked to name its own need (sessions never see each other's filters). The CPU seconds the
server and the browser (all its processes) spent during the timed part are reported too: on a small
machine the N browsers compete with the server for the same cores.

Prints p50 and p90 per N and p90(largest N) / p50(N=1); the goal (issue 9, item 7) is p90 at 16
sessions <= 4x the single-session time. Usage::

    .venv/bin/python bench/bench_sessions.py [--db URL] [--sessions 1 4 16] [--json] [--check]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM, LAUNCH_ARGS, VIEWPORT, build_db, running_app  # noqa: E402

GOAL_RATIO = 4.0  # p90 at 16 sessions <= 4x one session
NEEDS = ("ASD", "SEMH", "SLCN", "MLD", "SPLD", "SLD", "PMLD", "PD", "HI", "VI", "MSI", "DS", "OTH")
BANDS = ("Under 5", "5-10", "11-15", "16-19", "20-25")
AS_AT = ("2024-12-31", "2024-09-30", "2024-06-30", "2024-03-31")
TIMEOUT_MS = 180_000
POLL_MS = 50  # how often each page checks whether it is drawn (rAF polling would itself load 16 pages)

# True once the Overview is drawn; then the ms since navigation start (performance.now()).
DRAWN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const h1 = document.querySelector('h1');
    const done = app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidget"]')
        && h1 && h1.offsetParent !== null
        && !document.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]')
        && [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
               .every(c => c.querySelector('svg.marks, canvas'));
    return done ? performance.now() : false;
}"""


def combos() -> list[dict[str, str]]:
    """Distinct filter combinations (need, age band, as-at date), in an order that varies all three."""
    out = []
    for i, (need, band) in enumerate(itertools.product(NEEDS, BANDS)):
        out.append({"need": need, "age": band, "as_at": AS_AT[i % len(AS_AT)]})
    return out


def _query(f: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(f)


def _cpu_by_kind() -> dict[str, float]:
    """CPU seconds (user + system, with reaped children) of this process's descendants: server, browser."""
    tick = os.sysconf("SC_CLK_TCK")
    procs = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        procs[int(d.name)] = (int(fields[1]), sum(int(x) for x in fields[11:15]) / tick, cmd)
    out = {"server": 0.0, "browser": 0.0}
    for pid, (_, cpu, cmd) in procs.items():
        up, seen = pid, set()
        while up in procs and up not in seen and up != os.getpid():
            seen.add(up)
            up = procs[up][0]
        if up != os.getpid():
            continue
        kind = "server" if "streamlit" in cmd else "browser" if "chrom" in cmd.split(" ", 1)[0] else None
        if kind:
            out[kind] += cpu
    return out


async def _session(browser: Any, url: str, f: dict[str, str], start: asyncio.Event) -> tuple[float, Any]:
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    await start.wait()
    await page.goto(f"{url}/?{_query(f)}", wait_until="commit", timeout=TIMEOUT_MS)
    handle = await page.wait_for_function(DRAWN, timeout=TIMEOUT_MS, polling=POLL_MS)
    took_ms = await handle.json_value()
    caption = " ".join(await page.locator('[data-testid="stCaptionContainer"]').all_inner_texts())
    if f"need: {f['need']}" not in caption or f"age: {f['age']}" not in caption:
        raise AssertionError(f"the session for {f} shows other filters: {caption[:300]!r}")
    return float(took_ms) / 1000, context


async def _round(url: str, filters: list[dict[str, str]]) -> tuple[list[float], dict[str, float]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            warm = await browser.new_context(viewport=VIEWPORT)  # the database read, not timed
            page = await warm.new_page()
            await page.goto(url + "/", timeout=TIMEOUT_MS)
            await page.wait_for_function(DRAWN, timeout=TIMEOUT_MS, polling=POLL_MS)
            await warm.close()
            start = asyncio.Event()
            tasks = [asyncio.create_task(_session(browser, url, f, start)) for f in filters]
            await asyncio.sleep(1.0)  # every context and page open before the clock starts
            cpu0 = _cpu_by_kind()
            start.set()
            done = await asyncio.gather(*tasks)
            cpu1 = _cpu_by_kind()
            for _, context in done:
                await context.close()
            return [t for t, _ in done], {k: round(cpu1[k] - cpu0[k], 1) for k in cpu0}
        finally:
            await browser.close()


def _p90(xs: list[float]) -> float:
    if len(xs) == 1:
        return xs[0]
    return statistics.quantiles(xs, n=10, method="inclusive")[-1]


def run(db_url: str, sessions: list[int], workdir: Path) -> dict:
    pool = combos()
    need = sum(sessions)
    if need > len(pool):
        raise SystemExit(f"bench_sessions: {need} sessions but only {len(pool)} distinct filter combinations")
    rows, used = [], 0
    for n in sessions:
        filters, used = pool[used:used + n], used + n
        with running_app(db_url, log_path=workdir / f"server-{n}.log", timeout=120) as base:
            t0 = time.perf_counter()
            times, cpu = asyncio.run(_round(base, filters))
            wall = time.perf_counter() - t0
        rows.append({"sessions": n, "p50_s": round(statistics.median(times), 2), "p90_s": round(_p90(times), 2),
                     "max_s": round(max(times), 2), "times_s": [round(t, 2) for t in sorted(times)],
                     "server_cpu_s": cpu["server"], "browser_cpu_s": cpu["browser"],
                     "round_wall_s": round(wall, 1)})
        print(f"  N={n:<3} p50 {rows[-1]['p50_s']:.2f} s  p90 {rows[-1]['p90_s']:.2f} s  CPU: server "
              f"{cpu['server']:.1f} s, browser {cpu['browser']:.1f} s", file=sys.stderr, flush=True)
    single = next((r["p50_s"] for r in rows if r["sessions"] == 1), None)
    top = max(rows, key=lambda r: r["sessions"])
    ratio = round(top["p90_s"] / single, 2) if single else None
    return {"rows": rows, "ratio": ratio, "ratio_of": f"p90({top['sessions']}) / single",
            "goal_ratio": GOAL_RATIO, "ok": ratio is not None and ratio <= GOAL_RATIO}


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", help="database URL to serve (default: build the sample database in a temp folder)")
    p.add_argument("--sessions", type=int, nargs="+", default=[1, 4, 16], help="session counts (default 1 4 16)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--check", action="store_true", help=f"exit 1 when p90(largest N) > {GOAL_RATIO:g}x single")
    args = p.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"bench_sessions: {CHROMIUM} is missing (apt-get install chromium); nothing measured.", file=sys.stderr)
        return 1
    load_before = _loadavg()
    with tempfile.TemporaryDirectory(prefix="senddash-bench-sessions-") as tmp:
        workdir = Path(tmp)
        db_url = args.db
        if not db_url:
            print("Building the sample database ...", file=sys.stderr, flush=True)
            db_url = build_db(workdir / "demo.sqlite")
        result = run(db_url, sorted(set(args.sessions)), workdir)
    result["loadavg_before"], result["loadavg_after"] = load_before, _loadavg()
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print("Overview, N sessions at once, distinct filters, seconds from navigation start until drawn:")
        print("| sessions | p50 | p90 | max | server CPU | browser CPU |\n| ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in result["rows"]:
            print(f"| {r['sessions']} | {r['p50_s']:.2f} | {r['p90_s']:.2f} | {r['max_s']:.2f} | "
                  f"{r['server_cpu_s']:.1f} | {r['browser_cpu_s']:.1f} |")
        print(f"{result['ratio_of']} = {result['ratio']} (goal <= {GOAL_RATIO:g}); load average "
              f"{result['loadavg_before']} before, {result['loadavg_after']} after")
    if args.check and not result["ok"]:
        print(f"bench_sessions: {result['ratio_of']} = {result['ratio']} is over {GOAL_RATIO:g}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
