"""benchmark_snapshot: the benchmark rows the KPIs read, one Arrow file per source

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 20:20:00

A read model beside ``benchmark`` (data_access.benchmark_snapshot), written by every benchmark import in the
same transaction. An upgraded database starts with none: the first use (``ensure_published``) builds them
from the rows it holds, and until then the KPIs read ``benchmark`` itself.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'benchmark_snapshot',
        sa.Column('source', sa.String(length=60), nullable=False),
        sa.Column('import_id', sa.Integer(), nullable=False),
        sa.Column('rows', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('source', name=op.f('pk_benchmark_snapshot')),
    )


def downgrade() -> None:
    op.drop_table('benchmark_snapshot')
