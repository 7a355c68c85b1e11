"""casework snapshots in one flat table; benchmark lookup index with breakdown_topic

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 22:10:00

- ``casework_record``: one row per request of a casework snapshot, in the records frame's shape (the
  extract is one row per request, so splitting it over eight tables only for the query to join them again
  cost most of its import and read time). Snapshots imported before this revision stay in the SEN2-shaped
  tables and are still read from there until the LA's next casework import replaces them.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_TEXT = {'person_ref': 64, 'sex': 1, 'ethnicity': 4, 'request_ref': 64, 'request_source': 2,
         'request_outcome': 1, 'assessment_outcome': 1, 'cease_reason': 2, 'transfer_la': 3,
         'primary_need': 4, 'secondary_need': 4, 'setting_type': 30, 'review_outcome': 1,
         'caseworker': 100, 'team': 100}
_COLUMNS = (
    ('person_ref', 'text', False), ('birth_date', 'date', True), ('sex', 'text', True),
    ('ethnicity', 'text', True), ('request_ref', 'text', False), ('received_date', 'date', True),
    ('request_source', 'text', True), ('rya', 'bool', True), ('request_outcome', 'text', True),
    ('request_outcome_date', 'date', True), ('request_mediation', 'bool', True),
    ('request_tribunal', 'bool', True), ('assessment_outcome', 'text', True),
    ('assessment_outcome_date', 'date', True), ('week20_exception', 'bool', False),
    ('plan_start_date', 'date', True), ('plan_cease_date', 'date', True), ('cease_reason', 'text', True),
    ('transfer_la', 'text', True), ('primary_need', 'text', True), ('secondary_need', 'text', True),
    ('setting_type', 'text', True), ('setting_in_la', 'bool', True), ('review_meeting_date', 'date', True),
    ('review_outcome', 'text', True), ('last_review_date', 'date', True), ('review_draft_date', 'date', True),
    ('phase_transfer_due_date', 'date', True), ('phase_transfer_final_date', 'date', True),
    ('caseworker', 'text', True), ('team', 'text', True),
)


def _type(name: str, kind: str):
    return {'date': sa.Date(), 'bool': sa.Boolean()}.get(kind) or sa.String(length=_TEXT[name])


def upgrade() -> None:
    op.create_table(
        'casework_record',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dataset_id', sa.Integer(), nullable=False),
        *(sa.Column(name, _type(name, kind), nullable=nullable) for name, kind, nullable in _COLUMNS),
        sa.ForeignKeyConstraint(['dataset_id'], ['dataset.id'], name=op.f('fk_casework_record_dataset_id_dataset'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_casework_record')),
    )
    with op.batch_alter_table('casework_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_casework_record_dataset_id'), ['dataset_id'], unique=False)
    with op.batch_alter_table('benchmark', schema=None) as batch_op:
        batch_op.drop_index('ix_benchmark_lookup')
        batch_op.create_index('ix_benchmark_lookup', ['measure', 'breakdown_topic', 'geographic_level', 'area_code'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('benchmark', schema=None) as batch_op:
        batch_op.drop_index('ix_benchmark_lookup')
        batch_op.create_index('ix_benchmark_lookup', ['measure', 'geographic_level', 'area_code'], unique=False)
    with op.batch_alter_table('casework_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_casework_record_dataset_id'))
    op.drop_table('casework_record')
