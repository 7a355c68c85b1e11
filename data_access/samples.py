"""The bundled synthetic sample extracts (``sample_data/``), and how their records are recognised.

The sample LA's children and its finance figures are made up. Records loaded from a file whose content is
byte for byte one of these files are marked ``synthetic`` (``dataset.synthetic``, ``complaint.synthetic``,
the finance tables' ``synthetic``); everything else is real. The app's demo mode (no sign-in) is allowed only while every record is synthetic.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"


def sample_files() -> list[tuple[Path, str]]:
    """The bundled synthetic sample extracts, with their kinds, in load order."""
    files = [(SAMPLE_DIR / "casework.csv", "casework"), (SAMPLE_DIR / "complaints.csv", "complaints")]
    # the casework's placement history and the made-up schools it names (SPEC 1.6)
    files += [(p, kind) for p, kind in ((SAMPLE_DIR / "casework_placements.csv", "placements"),
                                        (SAMPLE_DIR / "establishments.csv", "establishments")) if p.exists()]
    files += [(p, "census") for p in sorted((SAMPLE_DIR / "census").glob("spring_census_*.csv.gz"))]
    # the SEN2 return built from the casework, for validation and reconciliation (the KPIs read the casework)
    files += [(p, "sen2") for p in sorted(SAMPLE_DIR.glob("sen2_*.xml"))]
    # the high-needs finance workbook (SPEC 1.7): budget monitoring, the agreement, the savings plan
    files += [(p, "finance") for p in (SAMPLE_DIR / "finance.xlsx",) if p.exists()]
    # the improvement plan (SPEC 1.8): Safety Valve conditions, workstreams, actions, milestones, risks, decisions
    files += [(p, "programme") for p in (SAMPLE_DIR / "programme.xlsx",) if p.exists()]
    return files


@functools.cache
def sample_hashes() -> frozenset[str]:
    """sha256 of the bundled sample files as the importers log them (of the content, gzip undone)."""
    from data_access.importers.reading import read_bytes

    return frozenset(hashlib.sha256(read_bytes(p)).hexdigest() for p, _ in sample_files() if p.exists())


def is_sample(data: bytes) -> bool:
    """True when ``data`` (a file's content, gzip undone) is byte for byte one of the bundled samples."""
    return hashlib.sha256(data).hexdigest() in sample_hashes()


def _finance_tables():
    from data_access.schema import FinanceAgreement, FinanceBudget, FinanceSaving

    return (FinanceBudget.__table__, FinanceAgreement.__table__, FinanceSaving.__table__)


def _programme_tables():
    from data_access.schema import ProgrammeAction, ProgrammeDecision, ProgrammeMilestone, ProgrammeRisk

    return tuple(t.__table__ for t in (ProgrammeAction, ProgrammeMilestone, ProgrammeRisk, ProgrammeDecision))


def synthetic_counts(engine) -> dict[str, int]:
    """How many synthetic datasets (casework, SEN2, census), complaints and finance rows (budget, agreement
    and savings rows together) the database holds."""
    from sqlalchemy import func, inspect, select

    from data_access.schema import Complaint, Dataset

    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        if "dataset" not in names:
            return {"datasets": 0, "complaints": 0, "finance": 0}
        finance = sum(conn.execute(select(func.count()).select_from(t).where(t.c.synthetic.is_(True))).scalar_one()
                      for t in _finance_tables() if t.name in names)
        return {"datasets": conn.execute(select(func.count()).where(Dataset.synthetic.is_(True))).scalar_one(),
                "complaints": conn.execute(select(func.count()).where(Complaint.synthetic.is_(True))).scalar_one(),
                "finance": finance}


def remove_synthetic(engine) -> dict[str, int]:
    """Delete every synthetic record (the sample LA's datasets, complaints, finance rows and sample plan) in one
    transaction; records not marked synthetic and the published benchmarks stay. The sample files' imports are marked
    ``removed`` in the import log, so a later import is not compared with the sample's columns and the
    sample can be loaded again. Returns what was removed (as :func:`synthetic_counts`)."""
    from sqlalchemy import delete, inspect, select, update

    from data_access.importers._records import delete_dataset
    from data_access.schema import CensusAggregate, Complaint, Dataset, ImportLog

    removed = synthetic_counts(engine)
    with engine.begin() as conn:
        rows = conn.execute(select(Dataset.id, Dataset.kind, Dataset.la_code, Dataset.key)
                            .where(Dataset.synthetic.is_(True))).all()
        census = [r.id for r in rows if r.kind == "census"]
        if census:
            conn.execute(delete(CensusAggregate).where(CensusAggregate.dataset_id.in_(census)))
            conn.execute(delete(Dataset).where(Dataset.id.in_(census)))
        for r in rows:
            if r.kind != "census":
                delete_dataset(conn, kind=r.kind, la_code=r.la_code, key=r.key)
        conn.execute(delete(Complaint).where(Complaint.synthetic.is_(True)))
        names = set(inspect(conn).get_table_names())
        for table in (*_finance_tables(), *_programme_tables()):
            if table.name in names:  # (a database before schema 0006 / 0008 has none)
                conn.execute(delete(table).where(table.c.synthetic.is_(True)))
        conn.execute(update(ImportLog).where(ImportLog.sha256.in_(sample_hashes()), ImportLog.status == "loaded")
                     .values(status="removed", message="The synthetic sample was removed before a real import."))
    return removed
