"""Helpers for the benches: a synthetic LA ten times the sample, bench-sized files, throwaway databases.

``large_casework(10)`` is ``sample_data/casework.csv`` repeated ten times with new person and request
ids (so every yearly count is exactly ten times the sample's), ``large_complaints(10)`` the same for
the complaints log, and ``census_rows(240_000)`` a pupil-level census of that many rows cut from the
sample censuses. ``temp_database()`` gives a fresh SQLite file, or with a PostgreSQL admin URL a
throwaway database that is dropped afterwards. Everything here is synthetic (sample_data/README.md).

    .venv/bin/python bench/make_large.py OUT_DIR [--factor 10]   # writes the large CSVs into OUT_DIR
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, create_engine, text  # noqa: E402

from dashboard import demo  # noqa: E402
from data_access.engine import make_engine, upgrade  # noqa: E402
from data_access.importers import ImportReport, run_import  # noqa: E402
from data_access.reference import shipped_benchmark_files  # noqa: E402
from data_access.samples import sample_files  # noqa: E402

SAMPLE = ROOT / "sample_data"
LA_CODE = "351"


def _copies(df: pd.DataFrame, factor: int, id_columns: tuple[str, ...]) -> pd.DataFrame:
    """``df`` repeated ``factor`` times; copy k's ids get the prefix ``Lkk-`` (copy 0 keeps its ids)."""
    parts = []
    for k in range(factor):
        part = df.copy()
        if k:
            for col in id_columns:
                part[col] = f"L{k:02d}-" + part[col]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def large_casework(factor: int = 10) -> pd.DataFrame:
    """The sample casework extract ``factor`` times over, with new person_id and request_id."""
    df = pd.read_csv(SAMPLE / "casework.csv", dtype=str, keep_default_na=False)
    return _copies(df, factor, ("person_id", "request_id"))


def large_complaints(factor: int = 10) -> pd.DataFrame:
    """The sample complaints log ``factor`` times over, with new record_id."""
    df = pd.read_csv(SAMPLE / "complaints.csv", dtype=str, keep_default_na=False)
    return _copies(df, factor, ("record_id",))


def census_rows(rows: int = 240_000) -> pd.DataFrame:
    """A pupil-level census of ``rows`` rows: an equal share of each sample census year (8 dates)."""
    files = sorted((SAMPLE / "census").glob("spring_census_*.csv.gz"))
    per_file = -(-rows // len(files))
    parts = [pd.read_csv(io.BytesIO(gzip.decompress(p.read_bytes())), dtype=str, keep_default_na=False,
                         nrows=per_file) for p in files]
    df = pd.concat(parts, ignore_index=True).head(rows)
    if len(df) < rows:
        raise ValueError(f"the sample censuses hold only {len(df):,} rows, fewer than {rows:,}")
    return df


def write_large(folder: Path, factor: int = 10) -> dict[str, Path]:
    """Write ``casework_x{factor}.csv`` and ``complaints_x{factor}.csv`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {"casework": folder / f"casework_x{factor}.csv", "complaints": folder / f"complaints_x{factor}.csv"}
    large_casework(factor).to_csv(out["casework"], index=False)
    large_complaints(factor).to_csv(out["complaints"], index=False)
    return out


@contextlib.contextmanager
def temp_database(postgres_admin_url: str | None = None) -> Iterator[tuple[str, Engine]]:
    """(url, engine) of an empty, migrated database that is removed afterwards.

    SQLite (a file in a temporary folder) by default; with ``postgres_admin_url`` (a URL whose user may
    CREATE DATABASE) a throwaway PostgreSQL database ``senddash_bench_<pid>_<random>``.
    """
    if postgres_admin_url:
        admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
        name = f"senddash_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = postgres_admin_url.rsplit("/", 1)[0] + "/" + name
        engine = make_engine(url)
        try:
            upgrade(engine)
            yield url, engine
        finally:
            engine.dispose()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
        return
    folder = Path(tempfile.mkdtemp(prefix="senddash_bench_"))
    url = f"sqlite:///{folder / 'bench.sqlite'}"
    engine = make_engine(url)
    try:
        upgrade(engine)
        yield url, engine
    finally:
        engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)


def _checked(report: ImportReport) -> ImportReport:
    if report.status != "loaded" or report.rows_rejected:
        raise RuntimeError(f"bench set-up import failed: {report.summary()}")
    return report


def load_benchmarks(engine: Engine) -> None:
    for path in shipped_benchmark_files():
        _checked(run_import(engine, path, kind="benchmarks"))


def build_sample(engine: Engine) -> None:
    """The demo database: shipped benchmarks and the sample LA."""
    for report in demo.build_demo(engine, la_code=LA_CODE):
        _checked(report)


def build_large(engine: Engine, folder: Path, factor: int = 10) -> None:
    """Benchmarks, the sample LA's casework and complaints ``factor`` times over, and its censuses."""
    load_benchmarks(engine)
    files = write_large(folder, factor)
    _checked(run_import(engine, files["casework"], kind="casework", la_code=LA_CODE))
    _checked(run_import(engine, files["complaints"], kind="complaints", la_code=LA_CODE))
    for path, kind in sample_files():
        if kind == "census":
            _checked(run_import(engine, path, kind="census", la_code=LA_CODE))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Write the synthetic large LA's extracts.")
    p.add_argument("out", type=Path, help="folder to write casework_xN.csv and complaints_xN.csv into")
    p.add_argument("--factor", type=int, default=10)
    args = p.parse_args(argv)
    for kind, path in write_large(args.out, args.factor).items():
        print(f"{kind}: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
