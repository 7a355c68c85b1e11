"""casework_record: drop the index on dataset_id alone

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 21:10:00

Since 0007 the index on (dataset_id, request_ref) serves every read and delete of one snapshot by its dataset
id (dataset_id leads it), so the index on dataset_id alone only cost each import its upkeep: 35-40 ms of the
x10 extract's COPY on PostgreSQL (0.56-0.58 against 0.59-0.64 s).
"""
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_casework_record_dataset_id', table_name='casework_record')


def downgrade() -> None:
    op.create_index('ix_casework_record_dataset_id', 'casework_record', ['dataset_id'], unique=False)
