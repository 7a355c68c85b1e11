"""Run every bench and print one table against the SPEC section 6 budgets (``make bench``).

    .venv/bin/python bench/run_all.py [--quick] [--postgres ADMIN_URL] [--json] [--check]

``--quick`` measures each import once and the warm KPIs three times (default: 3 and 5); ``--postgres``
runs everything on throwaway PostgreSQL databases made with that admin URL instead of SQLite files;
``--check`` exits 1 when a budget is missed. Takes about two minutes on two cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_forecast  # noqa: E402
import bench_imports  # noqa: E402
import bench_kpis  # noqa: E402


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--postgres", metavar="ADMIN_URL")
    p.add_argument("--json", action="store_true")
    p.add_argument("--check", action="store_true", help="exit 1 when a budget is missed")
    args = p.parse_args(argv)
    rows = bench_imports.run(1 if args.quick else 3, args.postgres)
    rows += bench_kpis.run(3 if args.quick else 5, args.postgres)
    rows += bench_forecast.run(3 if args.quick else 5, args.postgres)[0]
    database = "PostgreSQL" if args.postgres else "SQLite"
    if args.json:
        print(json.dumps({"date": dt.date.today().isoformat(), "machine": machine(), "database": database,
                          "rows": rows}, indent=2))
    else:
        print(f"{dt.date.today().isoformat()} - {machine()} - {database}")
        bench_imports.print_table(rows)
    return 1 if args.check and not all(r["ok"] and r["memory_ok"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
