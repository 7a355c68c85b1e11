"""benchmark: an index on area_code instead of (measure, breakdown_topic, geographic_level, area_code)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 18:20:00

Since 0009 the KPIs read the published figures from benchmark_snapshot, so the four-column lookup index
served only a database's first read before its files were made. Every release import still paid for it:
building it was 0.41 s of the shipped releases' first use on SQLite. The queries left on the table are
one LA's rows (the reconciliation: a scan of all 440,427 rows, 56-95 ms, which the old index could not
serve as its first column is the measure) and the releases list (all rows). An index on area_code serves
the first and costs 0.19 s to build.
"""
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_benchmark_lookup', table_name='benchmark')
    op.create_index('ix_benchmark_area', 'benchmark', ['area_code'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_benchmark_area', table_name='benchmark')
    op.create_index('ix_benchmark_lookup', 'benchmark', ['measure', 'breakdown_topic', 'geographic_level', 'area_code'],
                    unique=False)
