"""Generate the bundled sample data: ``python -m sample_data.generate [OUTPUT_DIR]`` (from the project root).

SYNTHETIC SAMPLE DATA — not real children. A made-up LA with code 351 whose casework reproduces the
published figures of LA 351 (Bury): plans issued and within 20 weeks per year 2019-2024 (with and
without exceptions), requests received per year, plans maintained at each January 2019-2025 and the
primary needs at January 2025 (the targets are in ``sample_data/_common.py`` with their sources).
Seeded (numpy ``default_rng`` with seed 351): running it again writes byte-identical files.

Writes into OUTPUT_DIR (default: this folder):
    casework.csv                        the casework extract (SPEC 1.2), snapshot 2025-10-31
    casework_placements.csv             every placement of every plan (setting code, dates, in area, URN)
    establishments.csv                  the made-up schools in the GIAS download format (Windows-1252)
    complaints.csv                      complaints and compliments 2022-01-01..2025-10-31 (SPEC 1.3)
    census/spring_census_YYYY.csv.gz    pupil-level spring census 2018..2025 (SPEC 1.4)
    sen2_2025.xml                       the SEN2 return of collection year 2025, from casework.csv
    finance.xlsx                        high-needs finance (SPEC 1.7): budget 2018-19..2025-26, a Safety
                                        Valve agreement 2020-21..2024-25, savings plan (made-up figures)
    programme.xlsx                      the improvement plan (SPEC 1.8): five Safety Valve conditions, six
                                        workstreams, 30 actions, 10 milestones, 10 risks, 8 decisions
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from sample_data import _casework, _census, _complaints, _finance, _programme
from sample_data._common import LA_CODE, SEED
from sample_data._schools import establishments_bytes
from sample_data.sen2_writer import write_sen2

HERE = Path(__file__).resolve().parent
SEN2_YEAR = 2025


def _csv_bytes(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def _write_gzip(path: Path, data: bytes) -> None:
    """gzip with no file name and mtime 0, so the bytes depend only on the content."""
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                                compresslevel=9) as gz:
        gz.write(data)


def generate(out_dir: str | Path = HERE) -> list[Path]:
    """Write every sample file into ``out_dir``; returns the paths written."""
    out = Path(out_dir)
    (out / "census").mkdir(parents=True, exist_ok=True)
    written = []
    casework_df, places = _casework.build_all()
    casework = _casework.as_text(casework_df)
    path = out / "casework.csv"
    path.write_bytes(_csv_bytes(casework))
    written.append(path)
    places_text = _casework.placements_as_text(places)
    path = out / "casework_placements.csv"
    path.write_bytes(_csv_bytes(places_text))
    written.append(path)
    path = out / "establishments.csv"
    path.write_bytes(establishments_bytes())
    written.append(path)
    complaints = _complaints.as_text(_complaints.build_complaints(np.random.default_rng([SEED, 10])))
    path = out / "complaints.csv"
    path.write_bytes(_csv_bytes(complaints))
    written.append(path)
    for year, pupils in _census.build_census(np.random.default_rng([SEED, 11])).items():
        path = out / "census" / f"spring_census_{year}.csv.gz"
        _write_gzip(path, _csv_bytes(pupils))
        written.append(path)
    written.append(write_sen2(casework, collection_year=SEN2_YEAR, la_code=LA_CODE,
                              path=out / f"sen2_{SEN2_YEAR}.xml", placements_df=places_text))
    path = out / "finance.xlsx"
    path.write_bytes(_finance.finance_bytes())
    written.append(path)
    path = out / "programme.xlsx"
    path.write_bytes(_programme.programme_bytes())
    written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sample_data.generate", description=__doc__.split("\n")[0])
    parser.add_argument("out_dir", nargs="?", default=str(HERE), help="output folder (default: sample_data/)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    paths = generate(args.out_dir)
    size = sum(p.stat().st_size for p in paths)
    print(f"Wrote {len(paths)} files ({size / 1e6:.1f} MB) to {args.out_dir} in {time.perf_counter() - t0:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
