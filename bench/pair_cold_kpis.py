"""Cold KPIs of two source trees, paired: fresh processes alternately, one cold ``read.kpis`` each.

For before/after comparisons on a machine whose speed drifts (a shared or throttled VM): each pair runs the two
trees back to back, in alternating order, and the median of the per-pair ratios is printed with both medians.
Each tree reads its own database (a tree at an older schema cannot open one a newer tree has upgraded: give
each a copy of the same file).

    .venv/bin/python bench/pair_cold_kpis.py N TREE_A TREE_B DB_URL_A DB_URL_B [LA_CODE]
"""

from __future__ import annotations

import statistics
import subprocess
import sys

CHILD = r'''
import sys, time
import dashboard.kpi.benchmarks, dashboard.kpi.census, dashboard.kpi.complaints  # noqa: F401 - as the app has them
from dashboard import read
from data_access.engine import make_engine, upgrade
engine = make_engine(sys.argv[1]); upgrade(engine)
t = time.perf_counter(); read.kpis(engine, la_code=sys.argv[2]); print(time.perf_counter() - t)
'''


def main(argv: list[str]) -> int:
    n, a, b, db_a, db_b = int(argv[1]), argv[2], argv[3], argv[4], argv[5]
    la = argv[6] if len(argv) > 6 else "351"
    urls, times = {a: db_a, b: db_b}, {a: [], b: []}
    for i in range(n):
        for tree in ((a, b) if i % 2 == 0 else (b, a)):
            # -c puts the working directory first on sys.path: each tree runs its own code
            out = subprocess.run([sys.executable, "-c", CHILD, urls[tree], la], cwd=tree, capture_output=True,
                                 text=True, check=True)
            times[tree].append(float(out.stdout.strip().splitlines()[-1]))
    for tree in (a, b):
        print(f"{tree}: median {statistics.median(times[tree]) * 1000:.0f} ms "
              f"{sorted(round(t * 1000) for t in times[tree])}")
    print(f"median ratio a/b {statistics.median(x / y for x, y in zip(times[a], times[b], strict=True)):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
