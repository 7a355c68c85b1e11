"""high-needs finance (SPEC 1.7) and the leads' named forecast scenarios

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 06:10:00

- ``finance_budget``, ``finance_agreement``, ``finance_saving``: the three sheets of the finance workbook, per
  LA and financial year (an import replaces the years its sheets hold), marked ``synthetic`` like datasets;
- ``forecast_scenario``: a lead's named forecast parameters (JSON), one per (la_code, name).
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def _common(table: str) -> list:
    return [
        sa.Column('import_id', sa.Integer(), nullable=True),
        sa.Column('synthetic', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(['import_id'], ['import_log.id'], name=op.f(f'fk_{table}_import_id_import_log'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
    ]


def upgrade() -> None:
    op.create_table(
        'finance_budget',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('la_code', sa.String(length=3), nullable=False),
        sa.Column('financial_year', sa.String(length=7), nullable=False),
        sa.Column('period', sa.Integer(), nullable=False),
        sa.Column('line', sa.String(length=30), nullable=False),
        sa.Column('budget', sa.Float(), nullable=True),
        sa.Column('forecast_outturn', sa.Float(), nullable=True),
        sa.Column('actual_to_date', sa.Float(), nullable=True),
        *_common('finance_budget'),
    )
    op.create_index('ix_finance_budget_la_year', 'finance_budget', ['la_code', 'financial_year'], unique=False)
    op.create_table(
        'finance_agreement',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('la_code', sa.String(length=3), nullable=False),
        sa.Column('financial_year', sa.String(length=7), nullable=False),
        sa.Column('planned_in_year_balance', sa.Float(), nullable=True),
        sa.Column('planned_cumulative_balance', sa.Float(), nullable=True),
        sa.Column('dfe_contribution', sa.Float(), nullable=True),
        sa.Column('la_contribution', sa.Float(), nullable=True),
        *_common('finance_agreement'),
    )
    op.create_index('ix_finance_agreement_la_year', 'finance_agreement', ['la_code', 'financial_year'], unique=False)
    op.create_table(
        'finance_saving',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('la_code', sa.String(length=3), nullable=False),
        sa.Column('ref', sa.String(length=64), nullable=True),
        sa.Column('workstream', sa.String(length=200), nullable=True),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('financial_year', sa.String(length=7), nullable=False),
        sa.Column('target', sa.Float(), nullable=True),
        sa.Column('delivered', sa.Float(), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=True),
        *_common('finance_saving'),
    )
    op.create_index('ix_finance_saving_la_year', 'finance_saving', ['la_code', 'financial_year'], unique=False)
    op.create_table(
        'forecast_scenario',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('la_code', sa.String(length=3), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('params', sa.Text(), nullable=False),
        sa.Column('saved_by', sa.String(length=255), nullable=True),
        sa.Column('saved_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_forecast_scenario')),
        sa.UniqueConstraint('la_code', 'name', name='uq_forecast_scenario_la_name'),
    )


def downgrade() -> None:
    op.drop_table('forecast_scenario')
    for table in ('finance_saving', 'finance_agreement', 'finance_budget'):
        op.drop_index(f'ix_{table}_la_year', table_name=table)
        op.drop_table(table)
