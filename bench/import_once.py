"""Import one case N times, each into a fresh database, in one process; print each run's wall and CPU seconds.

For before/after comparisons of whole processes on a busy machine (run two trees' copies alternately under
``/usr/bin/time`` and compare their CPU seconds): set-up (the throwaway database, and for ``sen2`` the
published benchmarks) is not timed; ``sen2`` also computes every KPI, as ``bench_imports.py`` does.

    .venv/bin/python bench/import_once.py casework|benchmarks|sen2 N [POSTGRES_ADMIN_URL]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_large import LA_CODE, SAMPLE, large_casework, load_benchmarks, temp_database  # noqa: E402


def main(argv: list[str]) -> int:
    kind, n = argv[1], int(argv[2])
    postgres = argv[3] if len(argv) > 3 else None
    import dashboard.kpi.benchmarks  # noqa: F401 - modules loaded as in the running app
    import dashboard.kpi.census  # noqa: F401
    import dashboard.kpi.complaints  # noqa: F401
    from dashboard import read
    from data_access.importers import _module, run_import
    from data_access.reference import shipped_benchmark_files

    _module(kind)
    if kind == "benchmarks":
        files = shipped_benchmark_files()
    elif kind == "sen2":
        files = [SAMPLE / "sen2_2025.xml"]
    else:
        files = [Path("/tmp/senddash_casework_x10.csv")]
        if not files[0].exists():
            large_casework(10).to_csv(files[0], index=False)
    out = []
    for _ in range(n):
        with temp_database(postgres) as (_url, engine):
            if kind == "sen2":
                load_benchmarks(engine)
            wall, cpu = time.perf_counter(), time.process_time()
            for path in files:
                report = run_import(engine, path, kind=kind, la_code=LA_CODE)
                if report.status != "loaded":
                    raise RuntimeError(report.summary())
            if kind == "sen2":
                read.kpis(engine, la_code=LA_CODE)
            out.append((time.perf_counter() - wall, time.process_time() - cpu))
    print(" ".join(f"{w:.3f}s/{c:.3f}cpu" for w, c in out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
