"""The benchmark rows the KPIs read, kept as one Arrow IPC file per source beside the ``benchmark`` table.

The KPIs read every source's "All ..." rows (England, the regions and all 153 LAs: ~94,000 rows) and a
filtered view also the national and regional rows of every breakdown. Fetching those from ``benchmark``
builds about a million Python objects (~1 s on SQLite, more on PostgreSQL); the same rows as one
dictionary-encoded, LZ4-compressed Arrow file a source read back in ~30 ms.

The files are a read model, never a second source of truth:

- :func:`write` is called by the benchmark import for the sources it replaces, in the same transaction as
  their rows, from the very frame it inserts;
- :func:`rebuild` makes them all again from the table's rows when they do not account for every row (a
  database upgraded from before schema 0009): ``write`` checks :func:`held` against the rows the import counted, and
  ``ensure_published`` looks only for rows without any file (:func:`absent`, two index probes): every
  write since 0009 has left the files complete;
- :func:`read` returns None while there is no file at all, and ``load_benchmarks`` then reads the table as
  before. ``tests/test_benchmark_snapshot.py`` checks both paths give the same frame.

Each file's rows are sorted as ``load_benchmarks`` orders the table's (measure, level, area, year, topic,
breakdown, then insertion order), and carry ``order``: the import's id in the high bits and the row's place
in the import below, which ranks rows as their ``benchmark.id`` would (ids grow with each insert).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc
from sqlalchemy import Connection, delete, exists, func, insert, select

from data_access.schema import Benchmark, BenchmarkSnapshot

COLUMNS = ["source", "measure", "time_period", "year", "geographic_level", "area_code", "area_name",
           "region_code", "breakdown_topic", "breakdown", "value"]
TEXT = [c for c in COLUMNS if c not in ("year", "value")]
LEVELS = ("National", "Regional")  # every breakdown is kept at these levels, only "All ..." for LAs
SORT = ["measure", "geographic_level", "area_code", "year", "breakdown_topic", "breakdown", "order"]
_SHIFT = 32  # order = import_id << 32 | place in the import
# one thread: the files are small (~1 MB), and starting Arrow's thread pool to decompress them costs more
# than it saves (11 files: 3 ms on this thread, 9-40 ms with the pool, on a 2-core machine)
_READ = ipc.IpcReadOptions(use_threads=False)


def kept(df: pd.DataFrame) -> pd.Series:
    """The rows a file holds: the "All ..." breakdowns, and every breakdown nationally and by region."""
    topics = [t for t in pd.unique(df["breakdown_topic"]) if isinstance(t, str) and t.startswith("All ")]
    return df["breakdown_topic"].isin(topics) | df["geographic_level"].isin(LEVELS)


def _file(table: pa.Table) -> bytes:
    """One source's rows as an Arrow IPC file, text as dictionary columns with the narrowest indices (a
    source has at most a few thousand words)."""
    columns = {}
    for c in table.column_names:
        arr = table.column(c).combine_chunks()
        if c in TEXT:
            arr = arr.dictionary_encode()
            size = len(arr.dictionary)
            width = pa.int8() if size < 2**7 else pa.int16() if size < 2**15 else pa.int32()
            arr = pa.DictionaryArray.from_arrays(arr.indices.cast(width), arr.dictionary)
        columns[c] = arr
    table = pa.table(columns)
    sink = pa.BufferOutputStream()
    with ipc.new_file(sink, table.schema, options=ipc.IpcWriteOptions(compression="lz4")) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _store(conn: Connection, frame: pd.DataFrame, *, import_id: int, totals: pd.Series | None = None) -> None:
    """Write one file per source of ``frame`` (columns COLUMNS and ``order``): its kept rows, sorted by Arrow
    in one pass (``order`` is unique, so there are no ties)."""
    totals = frame.groupby("source").size() if totals is None else totals
    table = pa.table({c: pa.array(frame[c], type=pa.string(), from_pandas=True) for c in TEXT}
                     | {"year": pa.array(frame["year"].to_numpy(dtype="int64")),
                        "value": pa.array(frame["value"].to_numpy(dtype="float64")),
                        "order": pa.array(frame["order"].to_numpy(dtype="int64"))})
    table = table.filter(pa.array(kept(frame).to_numpy(dtype=bool)))
    table = table.sort_by([(c, "ascending") for c in ("source", *SORT)])
    sources = table.column("source").to_numpy(zero_copy_only=False)
    starts = np.flatnonzero(np.r_[True, sources[1:] != sources[:-1]]) if len(sources) else np.array([], int)
    for start, stop in zip(starts, [*starts[1:], len(sources)], strict=True):
        source = str(sources[start])
        conn.execute(insert(BenchmarkSnapshot).values(source=source, import_id=int(import_id),
                                                      rows=int(totals[source]),
                                                      data=_file(table.slice(start, stop - start))))


def write(conn: Connection, payload: pd.DataFrame, *, sources: Sequence[str], import_id: int, others: int) -> None:
    """Replace the files of ``sources`` with the rows of ``payload`` (the frame the import inserts, in order).

    ``others``: how many rows ``benchmark`` holds outside ``sources`` (the import counts them before it
    inserts). When the other files do not account for them (a database from before schema 0009), every
    file is made again from the table's rows."""
    conn.execute(delete(BenchmarkSnapshot).where(BenchmarkSnapshot.source.in_(list(sources))))
    if held(conn) != int(others):
        rebuild(conn)
        return
    frame = payload[COLUMNS].assign(order=(int(import_id) << _SHIFT) + np.arange(len(payload)))
    _store(conn, frame, import_id=import_id)


def held(conn: Connection) -> int:
    """How many rows of ``benchmark`` the files account for (each file counts all its source's rows)."""
    return int(conn.execute(select(func.coalesce(func.sum(BenchmarkSnapshot.rows), 0))).scalar_one())


def absent(conn: Connection) -> bool:
    """True when ``benchmark`` has rows and there is no file at all (a database from before schema 0009)."""
    return bool(conn.execute(select(exists().where(Benchmark.id.is_not(None))
                                    & ~exists().where(BenchmarkSnapshot.source.is_not(None)))).scalar())


def rebuild(conn: Connection) -> int:
    """Make every source's file again from the rows of ``benchmark``; returns how many sources.

    Rows keep their ids as ``order`` (import id 0): as the ids do, they rank below every later import's."""
    conn.execute(delete(BenchmarkSnapshot))
    table = Benchmark.__table__
    totals = pd.Series(dict(conn.execute(select(table.c.source, func.count()).group_by(table.c.source)).all()),
                       dtype="int64")
    rows = conn.execute(select(table.c.id, *[table.c[c] for c in COLUMNS]).where(
        table.c.breakdown_topic.like("All %") | table.c.geographic_level.in_(LEVELS))).all()
    frame = pd.DataFrame(rows, columns=["order", *COLUMNS])
    _store(conn, frame, import_id=0, totals=totals)
    return int(frame["source"].nunique())


def _text(columns: list[pa.Array]) -> pd.Categorical:
    """One text column of every file as a Categorical (its codes index the files' words, -1 where null):
    ``load_benchmarks`` compares the codes, and turns them into str at the end. Arrow merges the files'
    dictionaries (each word once, in the order the files first have it) and renumbers their codes."""
    if not columns:
        return pd.Categorical.from_codes(np.array([], int), categories=pd.Index([], dtype=object))
    wide = [c.cast(pa.dictionary(pa.int32(), c.type.value_type)) for c in columns]  # room for every file's words
    merged = pa.chunked_array(wide).unify_dictionaries()
    words = merged.chunk(0).dictionary.to_numpy(zero_copy_only=False).astype(object)
    codes = np.concatenate([c.indices.fill_null(-1).to_numpy().astype(np.int64) for c in merged.chunks])
    return pd.Categorical.from_codes(codes, categories=pd.Index(words, dtype=object))


def _mask(table: pa.Table, name: str, values: Iterable[str]) -> np.ndarray:
    arr = table.column(name).combine_chunks()
    hit = np.isin(arr.dictionary.to_numpy(zero_copy_only=False).astype(object), list(values))
    return np.append(hit, False)[arr.indices.fill_null(len(arr.dictionary)).to_numpy()]


def read(conn: Connection, *, measures: Iterable[str] | None, headline_only: bool,
         levels: Iterable[str] | None) -> pd.DataFrame | None:
    """The rows ``load_benchmarks`` would read, with ``id`` = their order and the text columns Categorical;
    None when a file is missing.

    Only for what the files hold: ``headline_only``, or ``levels`` within England and the regions."""
    if not headline_only and (levels is None or not set(levels) <= set(LEVELS)):
        return None
    files = conn.execute(select(BenchmarkSnapshot.data).order_by(BenchmarkSnapshot.source)).scalars().all()
    if not files:
        return None
    parts = []
    for data in files:
        table = ipc.open_file(pa.BufferReader(data), options=_READ).read_all()
        keep = np.ones(table.num_rows, dtype=bool)
        if measures is not None:
            keep &= _mask(table, "measure", [str(m) for m in measures])
        if levels is not None:
            keep &= _mask(table, "geographic_level", [str(v) for v in levels])
        if headline_only:
            topics = table.column("breakdown_topic").combine_chunks().dictionary.to_pylist()
            keep &= _mask(table, "breakdown_topic", [t for t in topics if t is not None and t.startswith("All ")])
        parts.append(table.filter(pa.array(keep)))
    numbers = {c: np.concatenate([p.column(c).to_numpy() for p in parts]) for c in ("order", "year", "value")}
    text = {c: _text([p.column(c).combine_chunks() for p in parts]) for c in TEXT}
    return pd.DataFrame({"id": numbers["order"], **{c: numbers[c] if c in numbers else text[c] for c in COLUMNS}})
