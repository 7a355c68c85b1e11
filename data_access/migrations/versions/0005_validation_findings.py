"""issue 13: what the validation rules found in each SEN2 or casework import

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 19:30:00

- ``import_log.errors`` / ``queries``: the counts of the import's validation findings (NULL for imports of
  other kinds, and for those made before the rules existed);
- ``validation_finding``: one row per finding (rule id, severity, the person and request ids of the case system
  or the return), kept for the Data quality page's per-rule lists and its trend across imports.
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('import_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('errors', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('queries', sa.Integer(), nullable=True))
    op.create_table(
        'validation_finding',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('import_id', sa.Integer(), nullable=False),
        sa.Column('rule', sa.String(length=8), nullable=False),
        sa.Column('severity', sa.String(length=5), nullable=False),
        sa.Column('person_ref', sa.String(length=64), nullable=True),
        sa.Column('request_ref', sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(['import_id'], ['import_log.id'], name=op.f('fk_validation_finding_import_id_import_log'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_validation_finding')),
    )
    with op.batch_alter_table('validation_finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_validation_finding_import_id'), ['import_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('validation_finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_validation_finding_import_id'))
    op.drop_table('validation_finding')
    with op.batch_alter_table('import_log', schema=None) as batch_op:
        batch_op.drop_column('queries')
        batch_op.drop_column('errors')
