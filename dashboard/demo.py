"""Writing into the database as the CLI, the Data page and the demo do: files imported with the bundled
samples' records marked synthetic, the demo database built, and whether a first run needs it.

No Streamlit here. The read path (frames, KPIs, filter options) is :mod:`dashboard.read`.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from data_access import queries
from data_access.engine import ensure_schema, schema_ready
from data_access.importers import ImportReport, run_import
from data_access.published import ensure_published
from data_access.reference import shipped_benchmark_files
from data_access.samples import sample_files, sample_hashes


def import_file(engine: Engine, path: Path, **options) -> ImportReport:
    """``run_import`` as the CLI, the Data page and the demo call it: records from a bundled sample file
    (and only those) are marked synthetic; a database used for the first time gets DfE's published figures."""
    ensure_published(engine)
    return run_import(engine, path, synthetic_hashes=sample_hashes(), **options)


def build_demo(engine: Engine, *, la_code: str) -> list[ImportReport]:
    """Load the published benchmarks and the synthetic sample LA. Importing again changes nothing."""
    ensure_schema(engine)
    reports = [run_import(engine, p, kind="benchmarks") for p in shipped_benchmark_files()]
    reports += [import_file(engine, p, kind=kind, la_code=la_code) for p, kind in sample_files()]
    return reports


def needs_demo(engine: Engine, *, explicit_db: bool) -> bool:
    """True on the first run of the embedded default: no database chosen and none built yet."""
    if explicit_db:
        return False
    return not schema_ready(engine) or not queries.available_las(engine)
