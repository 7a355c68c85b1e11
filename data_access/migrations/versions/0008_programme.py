"""the programme workbook (SPEC 1.8) and the audit trail of its in-app edits

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 08:05:00

- ``programme_action``, ``programme_milestone``, ``programme_risk``, ``programme_decision``: the plan's four
  sheets, per LA (an import replaces the LA's whole plan), unique (la_code, ref), marked ``synthetic`` like
  datasets, each row with a ``version`` bumped by every in-app edit (optimistic concurrency);
- ``programme_edit``: who changed which field of which row, when, from what to what (kept across imports).
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def _head() -> list:
    return [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('la_code', sa.String(length=3), nullable=False),
        sa.Column('ref', sa.String(length=64), nullable=False),
    ]


def _common(table: str) -> list:
    return [
        sa.Column('import_id', sa.Integer(), nullable=True),
        sa.Column('synthetic', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.ForeignKeyConstraint(['import_id'], ['import_log.id'], name=op.f(f'fk_{table}_import_id_import_log'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
        sa.UniqueConstraint('la_code', 'ref', name=f'uq_{table}_la_ref'),
    ]


def upgrade() -> None:
    op.create_table(
        'programme_action', *_head(),
        sa.Column('workstream', sa.String(length=200), nullable=True),
        sa.Column('condition', sa.String(length=200), nullable=True),
        sa.Column('action', sa.Text(), nullable=True),
        sa.Column('lead', sa.String(length=200), nullable=True),
        sa.Column('due_date', sa.Date(), nullable=True),
        sa.Column('expected_date', sa.Date(), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=True),
        sa.Column('progress', sa.Text(), nullable=True),
        sa.Column('success_measure', sa.Text(), nullable=True),
        sa.Column('measure', sa.String(length=80), nullable=True),
        *_common('programme_action'),
    )
    op.create_table(
        'programme_milestone', *_head(),
        sa.Column('workstream', sa.String(length=200), nullable=True),
        sa.Column('milestone', sa.Text(), nullable=True),
        sa.Column('due_date', sa.Date(), nullable=True),
        sa.Column('expected_date', sa.Date(), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=True),
        *_common('programme_milestone'),
    )
    op.create_table(
        'programme_risk', *_head(),
        sa.Column('workstream', sa.String(length=200), nullable=True),
        sa.Column('risk', sa.Text(), nullable=True),
        sa.Column('likelihood', sa.Integer(), nullable=True),
        sa.Column('impact', sa.Integer(), nullable=True),
        sa.Column('mitigation', sa.Text(), nullable=True),
        sa.Column('mitigated_likelihood', sa.Integer(), nullable=True),
        sa.Column('mitigated_impact', sa.Integer(), nullable=True),
        sa.Column('owner', sa.String(length=200), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=True),
        *_common('programme_risk'),
    )
    op.create_table(
        'programme_decision', *_head(),
        sa.Column('date', sa.Date(), nullable=True),
        sa.Column('decision', sa.Text(), nullable=True),
        sa.Column('made_by', sa.String(length=200), nullable=True),
        *_common('programme_decision'),
    )
    op.create_table(
        'programme_edit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('la_code', sa.String(length=3), nullable=False),
        sa.Column('table', sa.String(length=20), nullable=False),
        sa.Column('ref', sa.String(length=64), nullable=False),
        sa.Column('field', sa.String(length=40), nullable=False),
        sa.Column('old_value', sa.Text(), nullable=True),
        sa.Column('new_value', sa.Text(), nullable=True),
        sa.Column('edited_by', sa.String(length=255), nullable=True),
        sa.Column('edited_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_edit')),
    )
    op.create_index('ix_programme_edit_la_table_ref', 'programme_edit', ['la_code', 'table', 'ref'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_programme_edit_la_table_ref', table_name='programme_edit')
    for table in ('programme_edit', 'programme_decision', 'programme_risk', 'programme_milestone',
                  'programme_action'):
        op.drop_table(table)
