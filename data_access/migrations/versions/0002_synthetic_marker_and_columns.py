"""synthetic marker on records; columns of each import

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 19:50:00

- ``dataset.synthetic`` and ``complaint.synthetic``: True only for records loaded from a bundled sample
  file; back-filled from the sha256 of the file each came from.
- ``import_log.columns``: the canonical columns an import had, so a later snapshot that lost one is refused.
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dataset', schema=None) as batch_op:
        batch_op.add_column(sa.Column('synthetic', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.add_column(sa.Column('synthetic', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('import_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('columns', sa.Text(), nullable=True))

    from data_access.samples import sample_hashes

    hashes = sorted(sample_hashes())
    if hashes:
        dataset = sa.table('dataset', sa.column('sha256', sa.String), sa.column('synthetic', sa.Boolean))
        complaint = sa.table('complaint', sa.column('import_id', sa.Integer), sa.column('synthetic', sa.Boolean))
        log = sa.table('import_log', sa.column('id', sa.Integer), sa.column('sha256', sa.String))
        op.execute(dataset.update().where(dataset.c.sha256.in_(hashes)).values(synthetic=True))
        op.execute(complaint.update().where(complaint.c.import_id.in_(
            sa.select(log.c.id).where(log.c.sha256.in_(hashes)))).values(synthetic=True))


def downgrade() -> None:
    with op.batch_alter_table('import_log', schema=None) as batch_op:
        batch_op.drop_column('columns')
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_column('synthetic')
    with op.batch_alter_table('dataset', schema=None) as batch_op:
        batch_op.drop_column('synthetic')
