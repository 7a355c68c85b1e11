"""Read the complaints log, census aggregates and published benchmarks as DataFrames.

Each function takes an engine first and returns a DataFrame with fixed columns (empty when there is
no data). Queries are SQLAlchemy selects with bound parameters (lists via expanding ``IN``).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from sqlalchemy import Engine, Select, bindparam, select

from data_access import benchmark_snapshot
from data_access.queries._frames import driver_rows
from data_access.schema import Benchmark, CensusAggregate, Complaint, Dataset

COMPLAINT_COLUMNS = ["record_id", "kind", "received_date", "stage", "category", "due_date", "responded_date",
                     "outcome", "team"]
CENSUS_COLUMNS = ["census_date", "provision", "need", "age_band", "sex", "fsm", "eal", "phase", "pupils"]
BENCHMARK_COLUMNS = ["source", "measure", "time_period", "year", "geographic_level", "area_code", "area_name",
                     "region_code", "breakdown_topic", "breakdown", "value"]
_BENCH_KEY = ["measure", "year", "geographic_level", "area_code", "breakdown_topic", "breakdown"]
_TEXT = [c for c in BENCHMARK_COLUMNS if c not in ("year", "value")]


def _frame(engine: Engine, stmt: Select, columns: list[str], params: dict | None = None) -> pd.DataFrame:
    """The rows as object columns, as the driver gives them (dates: ISO text on SQLite, which ``_dates`` and
    the callers' casts type; flags 0/1)."""
    rows = driver_rows(engine, stmt.params(**params) if params else stmt)
    values = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    data = {c: pd.Series(np.array(v, dtype=object), dtype=object) for c, v in zip(columns, values, strict=True)}
    return pd.DataFrame(data, columns=columns)


def _dates(df: pd.DataFrame, columns: Iterable[str]) -> None:
    for c in columns:
        df[c] = pd.to_datetime(df[c]).astype("datetime64[ns]")


def load_complaints(engine: Engine, *, la_code: str | None = None) -> pd.DataFrame:
    """One row per complaint or compliment; dates datetime64 (NaT when not recorded)."""
    stmt = select(*[Complaint.__table__.c[c] for c in COMPLAINT_COLUMNS]).order_by(
        Complaint.received_date, Complaint.record_id
    )
    params = {}
    if la_code is not None:
        stmt = stmt.where(Complaint.la_code == bindparam("la_code"))
        params["la_code"] = la_code
    df = _frame(engine, stmt, COMPLAINT_COLUMNS, params)
    _dates(df, ("received_date", "due_date", "responded_date"))
    return df


def load_census(engine: Engine, *, la_code: str | None = None) -> pd.DataFrame:
    """Census pupil counts: one row per census date x provision x need x age band x sex x FSM x EAL x phase."""
    table = CensusAggregate.__table__
    stmt = (
        select(*[table.c[c] for c in CENSUS_COLUMNS])
        .join(Dataset, Dataset.id == CensusAggregate.dataset_id)
        .order_by(*[table.c[c] for c in CENSUS_COLUMNS[:-1]])
    )
    params = {}
    if la_code is not None:
        stmt = stmt.where(Dataset.la_code == bindparam("la_code"))
        params["la_code"] = la_code
    df = _frame(engine, stmt, CENSUS_COLUMNS, params)
    _dates(df, ("census_date",))
    df["fsm"] = df["fsm"].astype(bool)
    df["eal"] = df["eal"].astype(bool)
    df["pupils"] = df["pupils"].astype("int64")
    return df


def load_benchmarks(
    engine: Engine,
    *,
    measures: Iterable[str] | None = None,
    area_codes: Iterable[str] | None = None,
    sources: Iterable[str] | None = None,
    headline_only: bool = False,
    levels: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Published DfE figures in long form; ``value`` is NaN where the DfE shows x, c, z or low.

    ``headline_only`` keeps just the "All ..." breakdowns (what the KPI benchmarks use), about a tenth
    of the rows. ``levels``: only these geographic levels ("National", "Regional", "Local authority").

    Where two sources give the same measure for the same year, area and breakdown (the 2014-2021
    ``sen2_mi`` series stored under the 2025 release's names, and ``timeliness_20_week`` for
    2019-2021), the newer release wins: the source whose figures run to the later year.
    """
    measures, levels = ([v] if isinstance(v, str) else v for v in (measures, levels))
    table = Benchmark.__table__
    stmt = select(table.c.id, *[table.c[c] for c in BENCHMARK_COLUMNS])
    params: dict[str, list[str]] = {}
    for name, values in (("measure", measures), ("area_code", area_codes), ("source", sources),
                         ("geographic_level", levels)):
        if values is not None:
            if isinstance(values, str):
                values = [values]
            stmt = stmt.where(table.c[name].in_(bindparam(f"{name}_list", expanding=True)))
            params[f"{name}_list"] = [str(v) for v in values]
    if headline_only:
        stmt = stmt.where(table.c.breakdown_topic.like("All %"))
    order = [table.c[c] for c in ("source", "measure", "geographic_level", "area_code", "year",
                                  "breakdown_topic", "breakdown", "id")]
    df = None
    if area_codes is None and sources is None:
        with engine.connect() as conn:
            df = benchmark_snapshot.read(conn, measures=measures, headline_only=headline_only, levels=levels)
    if df is None:
        df = _frame(engine, stmt.order_by(*order), ["id", *BENCHMARK_COLUMNS], params)
    df["year"] = df["year"].astype("int64")
    df["value"] = pd.to_numeric(df["value"], errors="coerce").astype("float64")
    df = df[_newer_wins(df)]
    return pd.DataFrame({c: pd.Series(_text(df[c]), dtype=object) if c in _TEXT else df[c].to_numpy()
                         for c in BENCHMARK_COLUMNS})


def _text(column: pd.Series) -> np.ndarray:
    """A text column as an object array of str, None where null (a Categorical's words taken by its codes)."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return column.to_numpy(dtype=object)
    return np.append(column.cat.categories.to_numpy(dtype=object), None)[column.cat.codes.to_numpy()]


def _codes(column: pd.Series) -> np.ndarray:
    """Integer codes of a text column, equal where the text is (a Categorical's own codes)."""
    return column.cat.codes.to_numpy() if isinstance(column.dtype, pd.CategoricalDtype) else pd.factorize(column)[0]


def _newer_wins(df: pd.DataFrame) -> np.ndarray:
    """Which rows to keep: where two sources give the same (measure, year, level, area, breakdown), the row
    of the source whose series runs to the later year (the later inserted among equals)."""
    source = _codes(df["source"])
    keep = np.ones(len(df), dtype=bool)
    if len(np.unique(source)) < 2:
        return keep
    latest = pd.Series(df["year"].to_numpy()).groupby(source).max()
    key = pd.DataFrame({c: df[c].to_numpy() if c == "year" else _codes(df[c]) for c in _BENCH_KEY})
    ranked = key.assign(_rank=latest.reindex(source).to_numpy(), _id=df["id"].to_numpy())
    ranked = ranked.sort_values(["_rank", "_id"], kind="stable")
    keep[ranked.index[ranked.duplicated(_BENCH_KEY, keep="last")]] = False
    return keep
