"""Published reference data shipped with the app, so it runs without ``../shared`` (SPEC 1.5).

- ``ees/*.zip``: the DfE "Education, health and care plans" releases (2022 and 2025, Explore Education
  Statistics), cut to the files, columns and rows the benchmark importer keeps, in the published CSV
  format (rebuild with ``python -m data_access.reference.build``). Open Government Licence v3.0.
- ``statistical-neighbours.csv``: ten ranked statistical neighbours per English LA (``la_name, rank,
  neighbour_la_name``), the default comparator set.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent


def shipped_benchmark_files() -> list[Path]:
    """The shipped release zips, oldest release first (import them in this order)."""
    return sorted((HERE / "ees").glob("*.zip"))


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
