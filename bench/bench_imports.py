"""Import speed and memory against the SPEC section 6 budgets (a script, not a test).

Each measurement runs in its own Python process on a fresh database that was set up beforehand (set-up
is not timed), so its peak memory (``ru_maxrss``) is that import's own:

- ``sen2``: import ``sample_data/sen2_2025.xml`` (3,385 children, 5 MB) into a database that already has
  the published benchmarks, then compute every KPI (``dashboard.read.kpis``): budget 1 s in all.
- ``casework``, ``casework_x10``: the sample casework extract (5,496 rows) and ten times it (54,960
  rows): budget 50,000 rows/s.
- ``census``: a pupil-level census of 240,000 rows (8 census dates): budget 50,000 rows/s.
- ``benchmarks``: the two shipped DfE releases (the demo's first step): memory only.

Peak memory of every import: budget 500 MB. Each is run ``--repeat`` times (default 3); the median
time and the largest peak are reported.

    .venv/bin/python bench/bench_imports.py [--repeat 3] [--postgres ADMIN_URL] [--json]
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

from make_large import (  # noqa: E402
    LA_CODE,
    SAMPLE,
    census_rows,
    large_casework,
    load_benchmarks,
    temp_database,
)

SEN2_BUDGET_S = 1.0
ROWS_BUDGET = 50_000
MEMORY_BUDGET_MB = 500.0
CASES = ("sen2", "casework", "casework_x10", "census", "benchmarks")


def _files(case: str, folder: Path) -> list[tuple[Path, str]]:
    """The file(s) a case imports, with their kinds (written into ``folder`` when generated)."""
    if case == "sen2":
        return [(SAMPLE / "sen2_2025.xml", "sen2")]
    if case == "casework":
        return [(SAMPLE / "casework.csv", "casework")]
    if case == "casework_x10":
        path = folder / "casework_x10.csv"
        large_casework(10).to_csv(path, index=False)
        return [(path, "casework")]
    if case == "census":
        path = folder / "census_240k.csv"
        census_rows(240_000).to_csv(path, index=False)
        return [(path, "census")]
    from data_access.reference import shipped_benchmark_files

    return [(p, "benchmarks") for p in shipped_benchmark_files()]


def measure(case: str, url: str, files: list[tuple[Path, str]]) -> dict:
    """In this process: import ``files`` into ``url`` (and for sen2 compute the KPIs); time and memory.

    The modules are imported and the schema check done before the clock starts, as in the running app
    (a CLI run pays about 1 s more for starting Python and importing pandas, lxml and SQLAlchemy).
    """
    from dashboard import read
    from data_access.engine import make_engine, upgrade
    from data_access.importers import _module, run_import

    for kind in {k for _, k in files}:
        _module(kind)
    import dashboard.kpi.benchmarks  # noqa: F401 - imported lazily by build_kpis
    import dashboard.kpi.census  # noqa: F401
    import dashboard.kpi.complaints  # noqa: F401

    engine = make_engine(url)
    upgrade(engine)
    rows = 0
    start = time.perf_counter()
    for path, kind in files:
        report = run_import(engine, path, kind=kind, la_code=LA_CODE)
        if report.status != "loaded":
            raise RuntimeError(report.summary())
        rows += report.rows_loaded
    imported = time.perf_counter()
    kpi_s = None
    if case == "sen2":
        result = read.kpis(engine, la_code=LA_CODE)
        kpi_s = time.perf_counter() - imported
        # a sanity check that the KPIs were really computed from the return: its January stock
        jan = {r["year"]: r["count"] for r in result["ehcps"]["january"]}
        if jan.get(2025) != 2804:
            raise RuntimeError(f"sen2_2025.xml gave {jan.get(2025)} plans at January 2025, not 2,804")
    total = time.perf_counter() - start
    engine.dispose()
    return {"case": case, "rows": rows, "import_s": imported - start, "kpis_s": kpi_s, "total_s": total,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


# On Linux a new process's ru_maxrss starts from its parent's peak (fork copies the memory map's high-water
# mark and exec keeps it), and this parent holds pandas and the set-up data. So each measurement is
# started by a bare Python that imports nothing but subprocess: the child's peak is then its own.
LAUNCHER = "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:]))"


def _one_run(case: str, files: list[tuple[Path, str]], postgres: str | None) -> dict:
    with temp_database(postgres) as (url, engine):
        if case == "sen2":
            load_benchmarks(engine)  # the LA's database already holds the published figures
        engine.dispose()
        payload = json.dumps({"case": case, "url": url, "files": [[str(p), k] for p, k in files]})
        done = subprocess.run([sys.executable, "-c", LAUNCHER, sys.executable, __file__, "--child", payload],
                              capture_output=True, text=True, check=False)
        if done.returncode:
            raise RuntimeError(f"bench {case} failed:\n{done.stderr}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def run(repeat: int = 3, postgres: str | None = None, cases: tuple[str, ...] = CASES) -> list[dict]:
    """One summary row per case: median seconds, rows/s, largest peak MB, and the budget verdict."""
    out = []
    with tempfile.TemporaryDirectory(prefix="senddash_bench_files_") as tmp:
        for case in cases:
            files = _files(case, Path(tmp))
            runs = [_one_run(case, files, postgres) for _ in range(repeat)]
            total = statistics.median(r["total_s"] for r in runs)
            row = {"bench": f"import {case}", "rows": runs[0]["rows"], "seconds": round(total, 3),
                   "min_seconds": round(min(r["total_s"] for r in runs), 3),
                   "peak_mb": round(max(r["peak_mb"] for r in runs), 1)}
            if case == "sen2":
                row["import_s"] = round(statistics.median(r["import_s"] for r in runs), 3)
                row["kpis_s"] = round(statistics.median(r["kpis_s"] for r in runs), 3)
                row["measure"], row["budget"] = f"{total:.2f} s", f"<= {SEN2_BUDGET_S:g} s"
                row["ok"] = total <= SEN2_BUDGET_S
            elif case == "benchmarks":
                row["measure"], row["budget"], row["ok"] = f"{total:.2f} s", "-", True
            else:
                rate = runs[0]["rows"] / total
                row["rows_per_s"] = round(rate)
                row["measure"], row["budget"] = f"{rate:,.0f} rows/s", f">= {ROWS_BUDGET:,} rows/s"
                row["ok"] = rate >= ROWS_BUDGET
            row["memory_ok"] = row["peak_mb"] <= MEMORY_BUDGET_MB
            out.append(row)
    return out


def print_table(rows: list[dict]) -> None:
    print(f"{'bench':<28} {'measured':>18} {'budget':>18} {'peak MB':>8}  verdict")
    for r in rows:
        verdict = "ok" if r["ok"] and r.get("memory_ok", True) else "OVER BUDGET"
        peak = f"{r['peak_mb']:.0f}" if r.get("peak_mb") is not None else "-"
        print(f"{r['bench']:<28} {r['measure']:>18} {r['budget']:>18} {peak:>8}  {verdict}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--postgres", metavar="ADMIN_URL", help="run on throwaway PostgreSQL databases made with this URL")
    p.add_argument("--case", action="append", choices=CASES, help="only these cases (repeat)")
    p.add_argument("--json", action="store_true", help="print the rows as JSON")
    p.add_argument("--check", action="store_true", help="exit 1 when a budget is missed")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        job = json.loads(args.child)
        print(json.dumps(measure(job["case"], job["url"], [(Path(f), k) for f, k in job["files"]])))
        return 0
    rows = run(args.repeat, args.postgres, tuple(args.case or CASES))
    print(json.dumps(rows, indent=2)) if args.json else print_table(rows)
    return 1 if args.check and not all(r["ok"] and r["memory_ok"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
