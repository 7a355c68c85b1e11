"""Benchmarks: DfE Explore Education Statistics CSVs or a whole release zip, read as published (SPEC 1.5).

Importing a file replaces the benchmark rows of its source (the published file's name, e.g.
``timeliness_20_week``); a release zip replaces each source it holds. Zip entries are read in memory
(never extracted); a zip with an unsafe entry name (absolute, or with ``..``) is rejected whole.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd
from sqlalchemy import Connection, delete, func, select

from data_access import benchmark_snapshot
from data_access.importers import Parsed, _guard, ees_tribunals
from data_access.importers._records import bulk_insert
from data_access.importers.base import ImportRejected, ImportReport, Rejection
from data_access.importers.ees import COLUMNS, SOURCES, identify, source_name, to_long
from data_access.importers.reading import read_table
from data_access.reference import parsed_release
from data_access.schema import Benchmark

TRIBUNAL_ENTRY = "SEND Tribunals and appeal rate 2014-2024.csv"
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # the files read from a release (2025: 15 MB)
KNOWN_FILES = ", ".join(f"{s}.csv" for s in SOURCES) + ", SEND Tribunals and appeal rate 2014-2024.csv"
Table = tuple[str, "pd.DataFrame | bytes"]  # (source, an EES table, or the tribunal file's bytes)


def _is_xlsx(zf: zipfile.ZipFile) -> bool:
    names = set(zf.namelist())
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def _zip_tables(path: Path, zf: zipfile.ZipFile) -> list[Table]:
    """The EES files a release zip holds that this import reads, as (source, table)."""
    problem = _guard.zip_problem(path.name, zf)  # names, sizes, ratios: before any entry is read
    if problem:
        raise ImportRejected(problem)
    wanted: dict[str, zipfile.ZipInfo] = {}
    for info in zf.infolist():
        base = PurePosixPath(info.filename.replace("\\", "/")).name
        if info.is_dir() or not base.lower().endswith(".csv"):
            continue
        stem = ees_tribunals.SOURCE if ees_tribunals.is_tribunal_file(base, b"") else source_name(base)
        if stem in SOURCES or stem == ees_tribunals.SOURCE:
            if stem in wanted:
                raise ImportRejected(f"{path.name} holds {_guard.shown(base)} twice ({_guard.shown(wanted[stem].filename)} "
                                     f"and {_guard.shown(info.filename)}).")
            wanted[stem] = info
    if not wanted:
        raise ImportRejected(
            f"{path.name} holds none of the DfE files this import reads ({KNOWN_FILES}), so nothing was imported."
        )
    if sum(i.file_size for i in wanted.values()) > MAX_UNZIPPED_BYTES:
        raise ImportRejected(
            f"{path.name}: the DfE files in it unpack to more than {MAX_UNZIPPED_BYTES // 2**20} MB, over the limit, "
            "so nothing was imported."
        )
    out = []
    for stem, info in wanted.items():
        entry = f"{path.name}/{PurePosixPath(info.filename).name}"
        try:
            data = zf.read(info)
        except _guard.ZIP_ERRORS as exc:
            raise ImportRejected(f"{entry} could not be read from the zip ({_guard.shown(exc, 120)}).") from exc
        if stem == ees_tribunals.SOURCE:
            out.append((stem, data))
            continue
        df = read_table(Path(entry), data)
        _check_columns(entry, stem, df)
        out.append((stem, df))
    return out


def _check_columns(name: str, source: str, df: pd.DataFrame) -> None:
    lower = {str(c).strip().lower() for c in df.columns}
    missing = [c for c in ("time_period", "geographic_level", *SOURCES[source].signature) if c not in lower]
    if missing:
        cols = ", ".join(f"'{c}'" for c in missing)
        raise ImportRejected(
            f"{name} is not the published DfE {source}.csv: it has no {cols} column, so nothing was imported."
        )


def _shipped(path: Path, data: bytes) -> Parsed | None:
    """A shipped release zip, byte for byte: its parse as built beforehand (``data_access.reference.build``),
    read in a few milliseconds instead of parsing the CSVs again; None for any other file."""
    found = parsed_release(hashlib.sha256(data).hexdigest())
    if found is None:
        return None
    payload, meta = found
    if source_name(meta["file_name"])[:60] != source_name(path.name)[:60]:  # the release column is named after the file
        return None
    report = ImportReport(file_name=path.name, kind="benchmarks", rows_read=meta["rows_read"],
                          rows_rejected=meta["rows_rejected"], rows_loaded=meta["rows_read"] - meta["rows_rejected"],
                          rejections=[Rejection(**r) for r in meta["rejections"]])
    return Parsed(kind="benchmarks", la_code=None, target=meta["target"], report=report, payload=payload,
                  extra={"sources": meta["sources"], "values": len(payload)})


def parse(path: Path, data: bytes, *, la_code: str | None = None, mapping: Mapping[str, Any] | None = None) -> Parsed:
    shipped = _shipped(path, data) if data[:4] == b"PK\x03\x04" else None
    return shipped if shipped is not None else parse_published(path, data)


def parse_published(path: Path, data: bytes) -> Parsed:
    """:func:`parse` without the shipped parsed copy: the published CSVs read."""
    name = path.name
    release = source_name(name)[:60]
    tables: list[Table]
    zf = None
    if data[:4] == b"PK\x03\x04":
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise ImportRejected(f"{name} is not a readable zip file.") from exc
    if zf is not None and not _is_xlsx(zf):
        with zf:
            tables = _zip_tables(path, zf)
    elif ees_tribunals.is_tribunal_file(name, data):
        tables = [(ees_tribunals.SOURCE, data)]
    else:
        df = read_table(path, data)
        source = identify(name, list(df.columns))
        if source is None:
            raise ImportRejected(
                f"{name} is not one of the DfE Explore Education Statistics files this import reads "
                f"({KNOWN_FILES}); its columns do not match any of them."
            )
        _check_columns(name, source, df)
        tables = [(source, df)]

    report = ImportReport(file_name=name, kind="benchmarks")
    frames, rejections = [], []
    for source, df in tables:
        if isinstance(df, bytes):
            entry = name if zf is None else TRIBUNAL_ENTRY
            long, rej, n_read, n_bad = ees_tribunals.to_long(df, entry, release)
            long = long[list(COLUMNS)]
        else:
            entry = name if zf is None else PurePosixPath(f"{source}.csv").name
            long, rej, n_bad = to_long(df, source, entry, release)
            n_read = len(df)
        frames.append(long)
        rejections.extend(rej)
        report.rows_read += n_read
        report.rows_rejected += n_bad
    report.rows_loaded = report.rows_read - report.rows_rejected
    report.rejections = rejections
    payload = pd.concat(frames, ignore_index=True)
    if payload.empty:
        first: Rejection | None = rejections[0] if rejections else None
        where = f" (row {first.row}, column '{first.column}': {first.reason})" if first else ""
        raise ImportRejected(f"{name} has no national, regional or LA rows that could be loaded{where}.")
    sources = sorted({s for s, _ in tables})
    return Parsed(kind="benchmarks", la_code=None, target=f"benchmarks:{','.join(sources)}", report=report,
                  payload=payload, extra={"sources": sources, "values": len(payload)})


def write(conn: Connection, parsed: Parsed, *, import_id: int, sha256: str) -> None:
    """Replace the rows of the files' sources: one COPY on PostgreSQL, multi-row INSERTs on SQLite.

    When the new rows outnumber the ones kept (the shipped releases on first use), the table's index (on
    area_code since schema 0010) is dropped and built again after the insert, inside the same transaction:
    building it once takes about half the time of updating it row by row.
    """
    conn.execute(delete(Benchmark).where(Benchmark.source.in_(parsed.extra["sources"])))
    table = Benchmark.__table__
    kept = conn.execute(select(func.count()).select_from(table)).scalar_one()
    rebuild = list(table.indexes) if kept < len(parsed.payload) else []
    for index in rebuild:
        index.drop(conn)
    bulk_insert(conn, table, parsed.payload[list(COLUMNS)])
    for index in rebuild:
        index.create(conn)
    benchmark_snapshot.write(conn, parsed.payload, sources=parsed.extra["sources"], import_id=import_id,
                             others=kept)
