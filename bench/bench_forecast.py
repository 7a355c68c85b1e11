"""Forecast speed on the sample LA and on a synthetic LA ten times larger (a script, not a test).

The app caches the heavy part of the forecast (``dashboard.kpi.forecast.forecast_inputs``: the January
snapshots by single year of age, the rates, the setting mixes) and re-runs the light part
(``project``) on every scenario or age-band change. Measured on loaded frames
(``dashboard.read.load_frames``, not timed), each LA in its own process as in bench_kpis.py:

* *inputs + project*: the whole forecast with its range and the three methods' backtests, as
  ``forecast_block`` computes it (budget 1 s on one LA, 3 s on the ×10 LA);
* *project + scenario*: ``project`` alone with a scenario (request growth, a move between finance lines,
  more plans ending at 16-19) and an age band (budget 50 ms).

It also prints the three methods' backtests (the base total is checked: 2,804 plans in January 2025 on
the sample, ten times that on the large LA).

    .venv/bin/python bench/bench_forecast.py [--repeat 5] [--postgres ADMIN_URL] [--json] [--check]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_imports import LAUNCHER, MEMORY_BUDGET_MB, print_table  # noqa: E402
from make_large import LA_CODE, build_large, build_sample, temp_database  # noqa: E402

BLOCK_BUDGET_S = {"sample": 1.0, "large x10": 3.0}
PROJECT_BUDGET_S = 0.05
JANUARY_2025 = 2804  # plans at January 2025 on the sample LA (LA 351's published figure)
SCENARIO = {"name": "Bench", "request_growth_pct": 5.0, "moves": [["special_independent", "special_maintained", 5]],
            "cease_16_19_pct": 10.0}


def measure(url: str, repeat: int, factor: int) -> dict:
    """In this process: ``repeat`` runs of forecast_inputs + project, then of project with a scenario."""
    from dashboard.kpi.forecast import forecast_inputs, project
    from dashboard.kpi.forecast_scenario import Scenario
    from dashboard.kpi.kpi_object import default_as_at
    from dashboard.read import load_frames
    from data_access.engine import make_engine, upgrade

    engine = make_engine(url)
    upgrade(engine)
    frames = load_frames(engine, la_code=LA_CODE, breakdowns=False)
    engine.dispose()
    records, placements = frames["records"], frames["placements"]
    as_at = default_as_at(records, sources=frames.get("sources"))
    blocks, projects = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        inputs = forecast_inputs(records, placements, as_at=as_at)
        block = project(inputs)
        blocks.append(time.perf_counter() - t)
    scenario = Scenario.from_dict(SCENARIO)
    for _ in range(repeat * 4):
        t = time.perf_counter()
        project(inputs, scenario=scenario, age_bands=["11-15"])
        projects.append(time.perf_counter() - t)
    if block["base"]["total"] != factor * JANUARY_2025:
        raise RuntimeError(f"unexpected forecast base: {block['base_year']} {block['base']['total']}")
    return {"as_at": as_at.isoformat(), "records": len(records), "block_s": statistics.median(blocks),
            "block_min_s": min(blocks), "project_s": statistics.median(projects), "project_min_s": min(projects),
            "years": [(y["year"], y["total"], y["low"], y["high"]) for y in block["years"]],
            "methods": [{"key": m["key"], "backtest": m["backtest"], "sentence": m["sentence"],
                         "years": [y["total"] for y in m["years"]]} for m in block["methods"]],
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _child(url: str, repeat: int, factor: int) -> dict:
    payload = json.dumps({"url": url, "repeat": repeat, "factor": factor})
    done = subprocess.run([sys.executable, "-c", LAUNCHER, sys.executable, __file__, "--child", payload],
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"bench_forecast failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(repeat: int = 5, postgres: str | None = None) -> tuple[list[dict], dict[str, dict]]:
    """The table rows and, per LA, the measurement (with the forecast and the methods' backtests)."""
    rows, details = [], {}
    for label, factor in (("sample", 1), ("large x10", 10)):
        with temp_database(postgres) as (url, engine), tempfile.TemporaryDirectory() as tmp:
            build_sample(engine) if factor == 1 else build_large(engine, Path(tmp), factor)
            engine.dispose()
            m = _child(url, repeat, factor)
        details[label] = m
        common = {"records": m["records"], "peak_mb": round(m["peak_mb"], 1),
                  "memory_ok": m["peak_mb"] <= MEMORY_BUDGET_MB}
        for key, name, budget in (("block_s", "inputs + project", BLOCK_BUDGET_S[label]),
                                  ("project_s", "project + scenario", PROJECT_BUDGET_S)):
            rows.append({"bench": f"forecast {label} {name}", "seconds": round(m[key], 4),
                         "min_seconds": round(m[key.replace("_s", "_min_s")], 4),
                         "measure": f"{m[key] * 1000:,.1f} ms", "budget": f"<= {budget * 1000:,.0f} ms",
                         "ok": m[key] <= budget, **common})
    return rows, details


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--postgres", metavar="ADMIN_URL", help="run on throwaway PostgreSQL databases made with this URL")
    p.add_argument("--json", action="store_true", help="print the rows and the forecasts as JSON")
    p.add_argument("--check", action="store_true", help="exit 1 when a budget is missed")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        job = json.loads(args.child)
        print(json.dumps(measure(job["url"], job["repeat"], job["factor"])))
        return 0
    rows, details = run(args.repeat, args.postgres)
    if args.json:
        print(json.dumps({"rows": rows, "forecasts": details}, indent=2))
    else:
        print_table(rows)
        for label, m in details.items():
            print(f"\n{label} (as at {m['as_at']}): (year, total, low, high) {m['years']}")
            for method in m["methods"]:
                print(f"  {method['key']:<7} {method['years']}  {method['sentence']}")
    return 1 if args.check and not all(r["ok"] and r["memory_ok"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
