"""Writing into the database as the CLI, the Data page and the demo do: files imported with the bundled
samples' records marked synthetic, the demo database built, and whether a first run needs it.

Synthetic and real records never share a database (issue 11): a real file of records offered to a
database holding the synthetic sample is refused unless the caller confirms (``replace_demo``), and then
the sample's records are removed first; the sample is never loaded beside real records.

No Streamlit here. The read path (frames, KPIs, filter options) is :mod:`dashboard.read`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard.measures.catalogue import BY_KEY
from data_access import queries
from data_access.engine import ensure_schema, schema_ready, sqlite_path
from data_access.importers import ImportReport, detect_kind, readable, run_import
from data_access.importers.base import ImportRejected
from data_access.importers.reading import read_bytes
from data_access.published import ensure_published
from data_access.reference import shipped_benchmark_files
from data_access.samples import is_sample, remove_synthetic, sample_files, sample_hashes, synthetic_counts

RECORD_KINDS = ("sen2", "casework", "complaints", "census", "finance")  # the kinds whose records are synthetic or real
REPLACE_FLAG = "--replace-demo"
CONTINUE = ("The dashboard shows real data only once sign-in is configured (docs/security.md), or with "
            "allow_unauthenticated = true in senddash.toml when the server is already behind the council's "
            "own sign-in.")


def where(engine: Engine) -> str:
    """The database in words for a message: an SQLite file's full path, otherwise its URL without the password."""
    url = engine.url.render_as_string(hide_password=True)
    path = sqlite_path(url)
    return str(path.resolve()) if path is not None else url


def sample_summary(counts: Mapping[str, int]) -> str:
    """"2 datasets, 613 complaints or compliments and 89 finance rows" for
    :func:`data_access.samples.synthetic_counts` (the finance part only when there is some)."""
    d, c, f = counts.get("datasets", 0), counts.get("complaints", 0), counts.get("finance", 0)
    parts = [f"{d:,} dataset{'s' * (d != 1)}", f"{c:,} complaint{'s' * (c != 1)} or compliment{'s' * (c != 1)}"]
    if f:
        parts.append(f"{f:,} row{'s' * (f != 1)} of high-needs finance")
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def sample_in_the_way(engine: Engine, path: Path, *, kind: str | None = None, la_code: str | None = None,
                      mapping: Mapping[str, Any] | None = None,
                      allow_missing: Collection[str] = ()) -> dict[str, int] | None:
    """What of the synthetic sample a real file of records would have to replace (None: nothing, because
    the file is a sample, benchmarks, cannot be read, or the database holds no synthetic records)."""
    try:
        counts = synthetic_counts(engine)
    except SQLAlchemyError:
        return None  # the import itself reports the database problem
    if not any(counts.values()):
        return None
    try:
        data = read_bytes(Path(path))
        kind = kind or detect_kind(Path(path), data, mapping)
    except ImportRejected:
        return None  # the import itself says why it cannot be read
    if is_sample(data) or kind not in RECORD_KINDS:
        return None
    if not readable(path, kind=kind, la_code=la_code, mapping=mapping, allow_missing=allow_missing):
        return None  # refused whole by the import, before the sample is touched
    return counts


def refusal(engine: Engine, name: str, counts: Mapping[str, int], how: str) -> str:
    """The one sentence for a real file offered to the demo database, with ``how`` to go on."""
    return (f"{name} is a real file, and the database at {where(engine)} holds the synthetic sample LA "
            f"({sample_summary(counts)}). Real and synthetic records are never mixed: importing it first removes "
            f"the synthetic records (DfE's published figures stay). {how}")


def removed_note(counts: Mapping[str, int]) -> str:
    return (f"The synthetic sample ({sample_summary(counts)}) was removed first: this database now holds "
            f"real data only. {CONTINUE}")


def import_file(engine: Engine, path: Path, *, replace_demo: bool = False, **options) -> ImportReport:
    """``run_import`` as the CLI, the Data page and the demo call it: records from a bundled sample file
    (and only those) are marked synthetic; a database used for the first time gets DfE's published figures.

    A real file of records into a database holding the synthetic sample is refused, unless
    ``replace_demo`` (the user confirmed), when the synthetic records are removed first (the report's
    first warning says so). A sample file is never loaded into a database holding real records."""
    ensure_published(engine)
    path = Path(path)
    counts = sample_in_the_way(engine, path, kind=options.get("kind"), la_code=options.get("la_code"),
                               mapping=options.get("mapping"), allow_missing=options.get("allow_missing", ()))
    if counts and not replace_demo:
        return ImportReport(file_name=path.name, kind=options.get("kind"), status="rejected",
                            message=refusal(engine, path.name, counts,
                                            f"Confirm that (the command line takes {REPLACE_FLAG}), or use a "
                                            "database of its own (--db)."))
    if not counts and _sample_beside_real(engine, path):
        return ImportReport(file_name=path.name, kind=options.get("kind"), status="rejected",
                            message=f"{path.name} is the bundled synthetic sample, and the database at "
                                    f"{where(engine)} holds real data: the sample is never loaded beside it "
                                    "(give `senddash --db` another database for the demo).")
    if counts:
        remove_synthetic(engine)
    options.setdefault("measure_keys", frozenset(BY_KEY))  # a plan's `measure` names a catalogue measure
    report = run_import(engine, path, synthetic_hashes=sample_hashes(), **options)
    if counts:
        report.warnings.insert(0, removed_note(counts))
    return report


def _sample_beside_real(engine: Engine, path: Path) -> bool:
    try:
        return is_sample(read_bytes(path)) and queries.holds_real_records(engine)
    except (ImportRejected, SQLAlchemyError):
        return False  # the import itself says what is wrong


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
