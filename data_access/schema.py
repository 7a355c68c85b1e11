"""Database schema (SQLAlchemy 2), shaped like the DfE SEN2 return.

Record-level SEN data is held per *dataset*: one SEN2 return (LA x collection year) or the one casework
snapshot of an LA. Importing a dataset again replaces it, so each import is a replace inside one
transaction. Names, UPNs and postcodes have no column anywhere: they cannot be stored (SPEC section 5).

    SEN2:     dataset 1-n person 1-n request 1-0..1 assessment
                                    request 1-0..1 plan 1-n placement / need / review / phase_transfer
    casework: dataset 1-n casework_record (one row per request, as the extract has it)

Complaints, census aggregates and benchmarks are kept in their own tables; every import is logged in
``import_log``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# Columns shared by tables, as mixins. Declarative puts a mixin's columns after the class's own, so a
# ``sort_order`` keeps every table's column order (and the migrations' DDL) as it was: FIRST before the
# mixins' columns, the mixins' SHARED before the class's own unsorted columns.
FIRST, SHARED = -2, -1


class _PersonColumns:
    """A person as SEN2 has them: Person, and each casework_record row."""

    person_ref: Mapped[str] = mapped_column(String(64), sort_order=SHARED)  # case-system id; SEN2: position
    birth_date: Mapped[dt.date | None] = mapped_column(Date, sort_order=SHARED)
    sex: Mapped[str | None] = mapped_column(String(1), sort_order=SHARED)
    ethnicity: Mapped[str | None] = mapped_column(String(4), sort_order=SHARED)


class _RequestColumns:
    """A request for an EHC needs assessment: Request, and each casework_record row."""

    request_ref: Mapped[str] = mapped_column(String(64), sort_order=SHARED)
    received_date: Mapped[dt.date | None] = mapped_column(Date, sort_order=SHARED)
    request_source: Mapped[str | None] = mapped_column(String(2), sort_order=SHARED)
    rya: Mapped[bool | None] = mapped_column(Boolean, sort_order=SHARED)
    request_outcome: Mapped[str | None] = mapped_column(String(1), sort_order=SHARED)
    request_outcome_date: Mapped[dt.date | None] = mapped_column(Date, sort_order=SHARED)
    request_mediation: Mapped[bool | None] = mapped_column(Boolean, sort_order=SHARED)
    request_tribunal: Mapped[bool | None] = mapped_column(Boolean, sort_order=SHARED)


class _FinanceRow:
    """Columns every finance table has: id and LA first, its import and synthetic last."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=SHARED)
    la_code: Mapped[str] = mapped_column(String(3), sort_order=SHARED)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_log.id", ondelete="CASCADE"))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # as Dataset.synthetic


class ImportLog(Base):
    """One row per file offered to an importer, whatever happened to it."""

    __tablename__ = "import_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str | None] = mapped_column(String(20))
    la_code: Mapped[str | None] = mapped_column(String(3))
    # what the import replaces or updates, e.g. "sen2:351:2025", "casework:351", "complaints:351"
    target: Mapped[str | None] = mapped_column(String(200), index=True)
    # started (committed before the import writes; left so by an import that was killed) | loaded | failed
    status: Mapped[str] = mapped_column(String(20))
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_loaded: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)
    rejections: Mapped[str | None] = mapped_column(Text)  # JSON list of {row, column, reason}; first 1,000
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # JSON list of the canonical columns the file had (table kinds): a later snapshot lacking one is refused
    columns: Mapped[str | None] = mapped_column(Text)
    # SEN2 and casework imports: how many validation findings of each severity (issue 13)
    errors: Mapped[int | None] = mapped_column(Integer)
    queries: Mapped[int | None] = mapped_column(Integer)


class ValidationFinding(Base):
    """One validation finding of an SEN2 or casework import: the rule it broke and the case it concerns."""

    __tablename__ = "validation_finding"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("import_log.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(8))
    severity: Mapped[str] = mapped_column(String(5))  # error | query
    person_ref: Mapped[str | None] = mapped_column(String(64))
    request_ref: Mapped[str | None] = mapped_column(String(64))


class Dataset(Base):
    """A loaded SEN2 return, casework snapshot or census date: what a re-import replaces."""

    __tablename__ = "dataset"
    __table_args__ = (UniqueConstraint("kind", "la_code", "key", name="uq_dataset_kind_la_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # sen2 | casework | census
    la_code: Mapped[str] = mapped_column(String(3))
    key: Mapped[str] = mapped_column(String(40))  # sen2: collection year; casework: "snapshot"; census: date
    collection_year: Mapped[int | None] = mapped_column(Integer)
    reference_date: Mapped[dt.date | None] = mapped_column(Date)  # SEN2 reference / census / snapshot date
    period_start: Mapped[dt.date | None] = mapped_column(Date)  # events counted from this dataset
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    import_id: Mapped[int] = mapped_column(ForeignKey("import_log.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    # True only for the content of a bundled synthetic sample file (data_access.samples): demo mode is decided
    # by the records themselves, so real records can never be shown as the demo
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Person(_PersonColumns, Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=FIRST)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("dataset.id", ondelete="CASCADE"), index=True,
                                            sort_order=FIRST)


class Request(_RequestColumns, Base):
    __tablename__ = "request"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=FIRST)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("dataset.id", ondelete="CASCADE"), index=True,
                                            sort_order=FIRST)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True,
                                           sort_order=FIRST)
    caseworker: Mapped[str | None] = mapped_column(String(100))
    team: Mapped[str | None] = mapped_column(String(100))


class Assessment(Base):
    __tablename__ = "assessment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("request.id", ondelete="CASCADE"), unique=True)
    assessment_outcome: Mapped[str | None] = mapped_column(String(1))
    assessment_outcome_date: Mapped[dt.date | None] = mapped_column(Date)
    week20_exception: Mapped[bool] = mapped_column(Boolean, default=False)
    assessment_mediation: Mapped[bool | None] = mapped_column(Boolean)
    assessment_tribunal: Mapped[bool | None] = mapped_column(Boolean)


class Plan(Base):
    """A named (final) plan and/or an active plan for one request."""

    __tablename__ = "plan"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("request.id", ondelete="CASCADE"), unique=True)
    start_date: Mapped[dt.date | None] = mapped_column(Date)  # final plan issued
    cease_date: Mapped[dt.date | None] = mapped_column(Date)
    cease_reason: Mapped[str | None] = mapped_column(String(2))
    transfer_la: Mapped[str | None] = mapped_column(String(3))
    # SEN2: present under ActivePlans, i.e. maintained at the return's reference date.
    # Casework: None (maintenance follows from the dates).
    active: Mapped[bool | None] = mapped_column(Boolean)


class Placement(Base):
    __tablename__ = "placement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    placement_rank: Mapped[int] = mapped_column(Integer, default=1)
    urn: Mapped[str | None] = mapped_column(String(10))
    ukprn: Mapped[str | None] = mapped_column(String(10))
    sen_setting: Mapped[str | None] = mapped_column(String(4))
    setting_type: Mapped[str | None] = mapped_column(String(30))  # from SENSetting/UKPRN; a URN's at read time
    setting_in_la: Mapped[bool | None] = mapped_column(Boolean)
    entry_date: Mapped[dt.date | None] = mapped_column(Date)
    leaving_date: Mapped[dt.date | None] = mapped_column(Date)
    sen_unit: Mapped[bool | None] = mapped_column(Boolean)  # SENunitIndicator
    resourced_provision: Mapped[bool | None] = mapped_column(Boolean)  # ResourcedProvisionIndicator


class Need(Base):
    __tablename__ = "need"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    sen_type: Mapped[str] = mapped_column(String(4))
    rank: Mapped[int] = mapped_column(Integer)


class Review(Base):
    __tablename__ = "review"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    review_meeting_date: Mapped[dt.date | None] = mapped_column(Date)
    review_outcome: Mapped[str | None] = mapped_column(String(1))
    last_review_date: Mapped[dt.date | None] = mapped_column(Date)
    review_draft_date: Mapped[dt.date | None] = mapped_column(Date)
    review_decision_date: Mapped[dt.date | None] = mapped_column(Date)  # SEN2: LastReview


class PhaseTransfer(Base):
    __tablename__ = "phase_transfer"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    due_date: Mapped[dt.date] = mapped_column(Date)
    final_date: Mapped[dt.date | None] = mapped_column(Date)


class CaseworkRecord(_PersonColumns, _RequestColumns, Base):
    """One request of a casework snapshot, flat as the extract has it (one row per request).

    The casework extract has at most one assessment, plan, placement, review and phase transfer and two
    needs per request, so it is kept in the records frame's own shape: one bulk insert to load, one table
    to read. A person's birth date, sex and ethnicity are those of their first row in the file.
    """

    __tablename__ = "casework_record"
    # the placement history's join (dataset, request id): without it SQLite scans the snapshot per placement; it
    # also serves every read and delete of a snapshot by dataset id, which leads it (no index of its own: 0011)
    __table_args__ = (Index("ix_casework_record_dataset_request", "dataset_id", "request_ref"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=FIRST)  # the file's row order
    dataset_id: Mapped[int] = mapped_column(ForeignKey("dataset.id", ondelete="CASCADE"), sort_order=FIRST)
    assessment_outcome: Mapped[str | None] = mapped_column(String(1))
    assessment_outcome_date: Mapped[dt.date | None] = mapped_column(Date)
    assessment_mediation: Mapped[bool | None] = mapped_column(Boolean)
    assessment_tribunal: Mapped[bool | None] = mapped_column(Boolean)
    week20_exception: Mapped[bool] = mapped_column(Boolean, default=False)
    plan_start_date: Mapped[dt.date | None] = mapped_column(Date)
    plan_cease_date: Mapped[dt.date | None] = mapped_column(Date)
    cease_reason: Mapped[str | None] = mapped_column(String(2))
    transfer_la: Mapped[str | None] = mapped_column(String(3))
    primary_need: Mapped[str | None] = mapped_column(String(4))
    secondary_need: Mapped[str | None] = mapped_column(String(4))
    setting_type: Mapped[str | None] = mapped_column(String(30))
    setting_in_la: Mapped[bool | None] = mapped_column(Boolean)
    review_meeting_date: Mapped[dt.date | None] = mapped_column(Date)
    review_outcome: Mapped[str | None] = mapped_column(String(1))
    last_review_date: Mapped[dt.date | None] = mapped_column(Date)
    review_draft_date: Mapped[dt.date | None] = mapped_column(Date)
    phase_transfer_due_date: Mapped[dt.date | None] = mapped_column(Date)
    phase_transfer_final_date: Mapped[dt.date | None] = mapped_column(Date)
    review_decision_date: Mapped[dt.date | None] = mapped_column(Date)
    caseworker: Mapped[str | None] = mapped_column(String(100))
    team: Mapped[str | None] = mapped_column(String(100))


class CaseworkPlacement(Base):
    """One placement of a casework request, from the LA's placement history file (SPEC 1.6, issue 12)."""

    __tablename__ = "casework_placement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("dataset.id", ondelete="CASCADE"), index=True)
    request_ref: Mapped[str] = mapped_column(String(64))  # the casework request_id (kept if not in the snapshot)
    placement_rank: Mapped[int] = mapped_column(Integer, default=1)  # order within the request in the file
    urn: Mapped[str | None] = mapped_column(String(10))  # classed through the establishments list at read time
    setting_type: Mapped[str | None] = mapped_column(String(30))
    setting_in_la: Mapped[bool | None] = mapped_column(Boolean)
    entry_date: Mapped[dt.date] = mapped_column(Date)
    leaving_date: Mapped[dt.date | None] = mapped_column(Date)


class Establishment(Base):
    """The establishments list (GIAS, SPEC 1.6): one row per URN, replaced whole by each import."""

    __tablename__ = "establishment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    urn: Mapped[str] = mapped_column(String(10), unique=True)
    ukprn: Mapped[str | None] = mapped_column(String(10), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    type_name: Mapped[str | None] = mapped_column(String(100))
    la_code: Mapped[str | None] = mapped_column(String(3))  # the establishment's own LA
    status: Mapped[str | None] = mapped_column(String(60))
    phase: Mapped[str | None] = mapped_column(String(60))
    setting_type: Mapped[str] = mapped_column(String(30))  # the SPEC 2.1 code its type classes to
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_log.id"))


class Complaint(Base):
    """Complaints and compliments log; upserted by (la_code, record_id)."""

    __tablename__ = "complaint"
    __table_args__ = (UniqueConstraint("la_code", "record_id", name="uq_complaint_la_record"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    la_code: Mapped[str] = mapped_column(String(3))
    record_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10))  # complaint | compliment
    received_date: Mapped[dt.date] = mapped_column(Date)
    stage: Mapped[str | None] = mapped_column(String(10))  # 1 | 2 | ombudsman
    category: Mapped[str | None] = mapped_column(String(20))
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    responded_date: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(15))
    team: Mapped[str | None] = mapped_column(String(100))
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_log.id"))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # as Dataset.synthetic


class CensusAggregate(Base):
    """Spring census pupil counts; pupil rows are never stored."""

    __tablename__ = "census_aggregate"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("dataset.id", ondelete="CASCADE"), index=True)
    census_date: Mapped[dt.date] = mapped_column(Date)
    provision: Mapped[str] = mapped_column(String(1))  # E | K | N
    need: Mapped[str] = mapped_column(String(4))  # SEN type, NSA, or "NONE"/"UNK"
    age_band: Mapped[str] = mapped_column(String(8))
    sex: Mapped[str] = mapped_column(String(1))
    fsm: Mapped[bool] = mapped_column(Boolean)
    eal: Mapped[bool] = mapped_column(Boolean)
    phase: Mapped[str] = mapped_column(String(20))
    pupils: Mapped[int] = mapped_column(Integer)


class Benchmark(Base):
    """Published DfE figures in long form: one value per area x period x breakdown x measure."""

    __tablename__ = "benchmark"
    # the KPIs read benchmark_snapshot; what still reads this table by a column is one LA's rows (migration 0010)
    __table_args__ = (Index("ix_benchmark_area", "area_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(60))  # file stem, e.g. timeliness_20_week
    release: Mapped[str | None] = mapped_column(String(60))
    measure: Mapped[str] = mapped_column(String(60))  # lower-cased published column name
    time_period: Mapped[str] = mapped_column(String(6))  # as published: 2024 or 202425
    year: Mapped[int] = mapped_column(Integer)  # calendar year (Jan of an academic year's second year)
    geographic_level: Mapped[str] = mapped_column(String(20))  # National | Regional | Local authority
    area_code: Mapped[str] = mapped_column(String(10))  # E92000001, E12000002, or 3-digit old LA code
    area_name: Mapped[str] = mapped_column(String(100))
    region_code: Mapped[str | None] = mapped_column(String(10))
    breakdown_topic: Mapped[str] = mapped_column(String(100))
    breakdown: Mapped[str] = mapped_column(String(100))
    value: Mapped[float | None] = mapped_column(Float)  # None: x, c, z, low or blank


class BenchmarkSnapshot(Base):
    """The benchmark rows the KPIs read, one Arrow IPC file per source (data_access.benchmark_snapshot).

    A read model kept beside ``benchmark`` and written in the same transaction: each source's "All ..." rows
    and its national and regional rows of every breakdown, sorted as ``load_benchmarks`` returns them.
    Reading ~94,000 rows back from ``benchmark`` costs ~1 s in Python objects; one file a source ~30 ms.
    """

    __tablename__ = "benchmark_snapshot"
    source: Mapped[str] = mapped_column(String(60), primary_key=True)
    import_id: Mapped[int] = mapped_column(Integer)  # orders the sources' rows as their ids would be
    rows: Mapped[int] = mapped_column(Integer)  # the source's rows in ``benchmark`` (all of them)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class FinanceBudget(_FinanceRow, Base):
    """High-needs budget monitoring (SPEC 1.7 ``budget``): one row per financial year x period x line.

    An import replaces the LA's rows of each financial year its budget sheet holds (every period).
    """

    __tablename__ = "finance_budget"
    __table_args__ = (Index("ix_finance_budget_la_year", "la_code", "financial_year"),)
    financial_year: Mapped[str] = mapped_column(String(7))  # "2024-25"
    period: Mapped[int] = mapped_column(Integer)  # month of the financial year, 1 = April .. 12 = March
    line: Mapped[str] = mapped_column(String(30))  # frames.finance.LINES
    budget: Mapped[float | None] = mapped_column(Float)
    forecast_outturn: Mapped[float | None] = mapped_column(Float)
    actual_to_date: Mapped[float | None] = mapped_column(Float)


class FinanceAgreement(_FinanceRow, Base):
    """The deficit-recovery agreement's trajectory (SPEC 1.7 ``agreement``): one row per financial year."""

    __tablename__ = "finance_agreement"
    __table_args__ = (Index("ix_finance_agreement_la_year", "la_code", "financial_year"),)
    financial_year: Mapped[str] = mapped_column(String(7))
    planned_in_year_balance: Mapped[float | None] = mapped_column(Float)
    planned_cumulative_balance: Mapped[float | None] = mapped_column(Float)
    dfe_contribution: Mapped[float | None] = mapped_column(Float)
    la_contribution: Mapped[float | None] = mapped_column(Float)


class FinanceSaving(_FinanceRow, Base):
    """The savings plan of the agreement (SPEC 1.7 ``savings``): one row per saving and financial year."""

    __tablename__ = "finance_saving"
    __table_args__ = (Index("ix_finance_saving_la_year", "la_code", "financial_year"),)
    ref: Mapped[str | None] = mapped_column(String(64))
    workstream: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    financial_year: Mapped[str] = mapped_column(String(7))
    target: Mapped[float | None] = mapped_column(Float)
    delivered: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str | None] = mapped_column(String(10))  # frames.finance.STATUSES


class ForecastScenario(Base):
    """A lead's named forecast scenario (its parameters as JSON), one per (la_code, name)."""

    __tablename__ = "forecast_scenario"
    __table_args__ = (UniqueConstraint("la_code", "name", name="uq_forecast_scenario_la_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    la_code: Mapped[str] = mapped_column(String(3))
    name: Mapped[str] = mapped_column(String(80))
    params: Mapped[str] = mapped_column(Text)  # JSON object
    saved_by: Mapped[str | None] = mapped_column(String(255))
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime)


class _ProgrammeRow:
    """Columns every programme table has: the LA, its import, synthetic, and the edit counter."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    la_code: Mapped[str] = mapped_column(String(3))
    ref: Mapped[str] = mapped_column(String(64))
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_log.id", ondelete="CASCADE"))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # bumped by each in-app edit; an edit made against an older version is refused (another lead saved first)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class ProgrammeAction(_ProgrammeRow, Base):
    """The improvement plan's actions (SPEC 1.8 ``actions``); an import replaces the LA's whole plan."""

    __tablename__ = "programme_action"
    __table_args__ = (UniqueConstraint("la_code", "ref", name="uq_programme_action_la_ref"),)
    workstream: Mapped[str | None] = mapped_column(String(200))
    condition: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str | None] = mapped_column(Text)
    lead: Mapped[str | None] = mapped_column(String(200))
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    expected_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(10))  # frames.programme.STATUSES
    progress: Mapped[str | None] = mapped_column(Text)
    success_measure: Mapped[str | None] = mapped_column(Text)
    measure: Mapped[str | None] = mapped_column(String(80))  # a catalogue measure key


class ProgrammeMilestone(_ProgrammeRow, Base):
    """The plan's milestones (SPEC 1.8 ``milestones``)."""

    __tablename__ = "programme_milestone"
    __table_args__ = (UniqueConstraint("la_code", "ref", name="uq_programme_milestone_la_ref"),)
    workstream: Mapped[str | None] = mapped_column(String(200))
    milestone: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    expected_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(10))


class ProgrammeRisk(_ProgrammeRow, Base):
    """The plan's risk register (SPEC 1.8 ``risks``): scores 1-5 before and after mitigation."""

    __tablename__ = "programme_risk"
    __table_args__ = (UniqueConstraint("la_code", "ref", name="uq_programme_risk_la_ref"),)
    workstream: Mapped[str | None] = mapped_column(String(200))
    risk: Mapped[str | None] = mapped_column(Text)
    likelihood: Mapped[int | None] = mapped_column(Integer)
    impact: Mapped[int | None] = mapped_column(Integer)
    mitigation: Mapped[str | None] = mapped_column(Text)
    mitigated_likelihood: Mapped[int | None] = mapped_column(Integer)
    mitigated_impact: Mapped[int | None] = mapped_column(Integer)
    owner: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str | None] = mapped_column(String(10))  # frames.programme.RISK_STATUSES


class ProgrammeDecision(_ProgrammeRow, Base):
    """The plan's decision log (SPEC 1.8 ``decisions``)."""

    __tablename__ = "programme_decision"
    __table_args__ = (UniqueConstraint("la_code", "ref", name="uq_programme_decision_la_ref"),)
    date: Mapped[dt.date | None] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(Text)
    made_by: Mapped[str | None] = mapped_column(String(200))


class ProgrammeEdit(Base):
    """The audit trail of in-app edits to the plan: one row per changed field (kept when a plan is imported)."""

    __tablename__ = "programme_edit"
    __table_args__ = (Index("ix_programme_edit_la_table_ref", "la_code", "table", "ref"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    la_code: Mapped[str] = mapped_column(String(3))
    table: Mapped[str] = mapped_column(String(20))  # actions | milestones | risks | decisions
    ref: Mapped[str] = mapped_column(String(64))
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    edited_by: Mapped[str | None] = mapped_column(String(255))
    edited_at: Mapped[dt.datetime] = mapped_column(DateTime)
