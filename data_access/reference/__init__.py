"""Published reference data shipped with the app, so it runs without ``../shared`` (SPEC 1.5).

- ``ees/*.zip``: the DfE "Education, health and care plans" releases (2022 and 2025, Explore Education
  Statistics), cut to the files, columns and rows the benchmark importer keeps, in the published CSV
  format, and the 2025 release's ``supporting-files/SEND Tribunals and appeal rate 2014-2024.csv`` as
  published (rebuild with ``python -m data_access.reference.build``). Open Government Licence v3.0.
- ``ees/*.parsed.parquet``: what the benchmark importer's ``parse`` makes of each shipped zip, tagged with
  the zip's sha256 (built by the same command; ``tests/test_reference_parsed.py`` checks it matches).
- ``statistical-neighbours.csv``: ten ranked statistical neighbours per English LA (``la_name, rank,
  neighbour_la_name``), the default comparator set.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
PARSED_SUFFIX = ".parsed.parquet"
PARSED_KEY = b"senddash.parsed"
_STR = pd.StringDtype("pyarrow", na_value=np.nan)


def shipped_benchmark_files() -> list[Path]:
    """The shipped release zips, oldest release first (import them in this order)."""
    return sorted((HERE / "ees").glob("*.zip"))


def parsed_release(sha256: str) -> tuple[pd.DataFrame, dict[str, Any]] | None:
    """The importer's parse of the shipped release zip with this sha256, as built by ``build --parsed``:
    (the ``benchmark`` rows, text as Arrow strings; what the report said), or None for any other file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    for path in sorted((HERE / "ees").glob(f"*{PARSED_SUFFIX}")):
        meta = json.loads((pq.read_schema(path).metadata or {}).get(PARSED_KEY, b"{}"))
        if meta.get("sha256") == sha256:
            table = pq.read_table(path, use_threads=False)  # one thread: as fast here, and steadier
            return table.to_pandas(types_mapper={pa.string(): _STR, pa.large_string(): _STR}.get), meta
    return None


def statistical_neighbours() -> pd.DataFrame:
    """``la_name, rank, neighbour_la_name`` for every English LA, ranked 1 (closest) to 10."""
    df = pd.read_csv(HERE / "statistical-neighbours.csv", dtype={"la_name": str, "neighbour_la_name": str})
    df["rank"] = df["rank"].astype("int64")
    return df.sort_values(["la_name", "rank"], kind="stable").reset_index(drop=True)


def england_census_headlines() -> pd.DataFrame:
    """England's % of pupils with an EHC plan and on SEN support at each January census.

    Transcribed from the headline text of the DfE "Special educational needs in England" releases
    (not from a shipped data file); ``year, census_date, pct_ehcp, pct_sen_support, source``.
    """
    return pd.read_csv(HERE / "sen-in-england-headlines.csv", parse_dates=["census_date"])
