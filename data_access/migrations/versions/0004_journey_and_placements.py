"""issue 12 inputs: mediation/tribunal of the assessment, review decision date, establishments, placements

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 14:10:00

- ``assessment.assessment_mediation`` / ``assessment_tribunal`` and ``review.review_decision_date`` (and the
  same three on ``casework_record``), NULL (not recorded) for what was imported before;
- ``placement.sen_unit`` / ``resourced_provision``: SEN2's SENunitIndicator / ResourcedProvisionIndicator,
  kept so a placement is classed at read time against the establishments list;
- ``establishment``: the GIAS list (SPEC 1.6), one row per URN, replaced whole by an import;
- ``casework_placement``: a casework LA's placement history file (one row per placement of a request).
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assessment_mediation', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('assessment_tribunal', sa.Boolean(), nullable=True))
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_decision_date', sa.Date(), nullable=True))
    with op.batch_alter_table('casework_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assessment_mediation', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('assessment_tribunal', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('review_decision_date', sa.Date(), nullable=True))
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sen_unit', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('resourced_provision', sa.Boolean(), nullable=True))
    op.create_table(
        'establishment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('urn', sa.String(length=10), nullable=False),
        sa.Column('ukprn', sa.String(length=10), nullable=True),
        sa.Column('name', sa.String(length=200), nullable=True),
        sa.Column('type_name', sa.String(length=100), nullable=True),
        sa.Column('la_code', sa.String(length=3), nullable=True),
        sa.Column('status', sa.String(length=60), nullable=True),
        sa.Column('phase', sa.String(length=60), nullable=True),
        sa.Column('setting_type', sa.String(length=30), nullable=False),
        sa.Column('import_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['import_id'], ['import_log.id'], name=op.f('fk_establishment_import_id_import_log')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_establishment')),
        sa.UniqueConstraint('urn', name=op.f('uq_establishment_urn')),
    )
    with op.batch_alter_table('establishment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_establishment_ukprn'), ['ukprn'], unique=False)
    op.create_table(
        'casework_placement',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dataset_id', sa.Integer(), nullable=False),
        sa.Column('request_ref', sa.String(length=64), nullable=False),
        sa.Column('placement_rank', sa.Integer(), nullable=False),
        sa.Column('urn', sa.String(length=10), nullable=True),
        sa.Column('setting_type', sa.String(length=30), nullable=True),
        sa.Column('setting_in_la', sa.Boolean(), nullable=True),
        sa.Column('entry_date', sa.Date(), nullable=False),
        sa.Column('leaving_date', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['dataset_id'], ['dataset.id'], name=op.f('fk_casework_placement_dataset_id_dataset'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_casework_placement')),
    )
    with op.batch_alter_table('casework_placement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_casework_placement_dataset_id'), ['dataset_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('casework_placement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_casework_placement_dataset_id'))
    op.drop_table('casework_placement')
    with op.batch_alter_table('establishment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_establishment_ukprn'))
    op.drop_table('establishment')
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.drop_column('resourced_provision')
        batch_op.drop_column('sen_unit')
    with op.batch_alter_table('casework_record', schema=None) as batch_op:
        batch_op.drop_column('review_decision_date')
        batch_op.drop_column('assessment_tribunal')
        batch_op.drop_column('assessment_mediation')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_column('review_decision_date')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_column('assessment_tribunal')
        batch_op.drop_column('assessment_mediation')
