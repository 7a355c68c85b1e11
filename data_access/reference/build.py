"""Rebuild the shipped copy of the DfE figures from the published release zips.

    python -m data_access.reference.build ../shared/reference
    python -m data_access.reference.build --parsed      # only the parsed copies, from the shipped zips

Writes ``ees/<release>.zip`` holding, for each file the benchmark importer reads, the published CSV cut
down to the columns and rows it keeps (same header names, same values, same CSV format), plus the
release's data guidance and the SEND Tribunal supporting file as published; and copies ``statistical-neighbours.csv``. Run it when a new release is added.

Then writes ``ees/<release>.parsed.parquet`` for each shipped zip: what the benchmark importer's ``parse``
makes of that zip (the ``benchmark`` rows and the report), tagged with the zip's sha256, so the first use of
a database loads the shipped figures without parsing the CSVs again (``data_access.reference.parsed_release``).
Run it again whenever the importer's parsing changes: ``tests/test_reference_parsed.py`` fails until then.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import sys
import zipfile
from pathlib import Path, PurePosixPath

import pandas as pd

from data_access.importers.ees import COLUMNS, LEVELS, SOURCES, kept_topic, source_name
from data_access.importers.ees_tribunals import is_tribunal_file
from data_access.reference import PARSED_KEY, PARSED_SUFFIX, shipped_benchmark_files

HERE = Path(__file__).resolve().parent
ID_COLUMNS = ("time_period", "time_identifier", "geographic_level", "country_code", "country_name",
              "region_code", "region_name", "new_la_code", "old_la_code", "la_name", "breakdown_topic",
              "breakdown", "characteristic_age")


def trim(data: bytes, source: str) -> bytes:
    """One published CSV cut to the importer's columns and rows, values untouched."""
    df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    src = SOURCES[source]
    keep_cols = [c for c in df.columns if c.lower() in ID_COLUMNS or c.lower() in src.measures
                 or any(re.fullmatch(p, c.lower()) for p in src.patterns)]
    lower = {c.lower(): c for c in df.columns}
    rows = df[lower["geographic_level"]].str.lower().isin(LEVELS)
    if "breakdown_topic" in lower:
        rows &= kept_topic(df[lower["breakdown_topic"]].to_numpy(dtype=object), src.topics)
    return df.loc[rows, keep_cols].to_csv(index=False, lineterminator="\n").encode("utf-8")


def build_zip(src: Path, dest: Path) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            base = PurePosixPath(info.filename).name
            stem = source_name(base)
            if base.lower().endswith(".csv") and stem in SOURCES:
                zout.writestr(info.filename, trim(zin.read(info), stem))
            elif base == "data-guidance.txt" or (base.lower().endswith(".csv") and is_tribunal_file(base, b"")):
                zout.writestr(info.filename, zin.read(info))


def build_parsed(release: Path) -> Path:
    """``<release>.parsed.parquet`` beside a shipped zip: the importer's parse of it, with the zip's sha256."""
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    from data_access.importers import benchmarks

    data = release.read_bytes()
    parsed = benchmarks.parse_published(release, data)  # never the old parsed copy
    report = parsed.report
    meta = {"sha256": hashlib.sha256(data).hexdigest(), "file_name": release.name, "target": parsed.target,
            "sources": parsed.extra["sources"], "rows_read": report.rows_read, "rows_rejected": report.rows_rejected,
            "rejections": [r.as_dict() for r in report.rejections]}
    table = pa.Table.from_pandas(parsed.payload[list(COLUMNS)], preserve_index=False)
    table = table.replace_schema_metadata({PARSED_KEY: json.dumps(meta)})
    dest = release.with_suffix(PARSED_SUFFIX)
    pq.write_table(table, dest, compression="zstd", use_dictionary=True)
    return dest


def main(argv: list[str]) -> int:
    if argv[1:] != ["--parsed"]:
        ref = Path(argv[1] if len(argv) > 1 else HERE.parents[2] / "shared" / "reference")
        (HERE / "ees").mkdir(exist_ok=True)
        for src in sorted((ref / "ees").glob("*.zip")):
            build_zip(src, HERE / "ees" / src.name)
            print(f"{src.name}: {(HERE / 'ees' / src.name).stat().st_size / 1e6:.1f} MB")
        shutil.copyfile(ref / "statistical-neighbours.csv", HERE / "statistical-neighbours.csv")
    for release in shipped_benchmark_files():
        dest = build_parsed(release)
        print(f"{dest.name}: {dest.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
