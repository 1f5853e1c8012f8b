"""Staff corrections: why a decision departs from its findings; papers removed before publication

Revision ID: 0016_staff_corrections
Revises: 0017_sessions
Create Date: 2026-12-01 12:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0016_staff_corrections'
down_revision = '0017_sessions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('departure_reason', sa.Text(), nullable=False, server_default=''))

    with op.batch_alter_table('papers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('removed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('removal_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.create_foreign_key(
            batch_op.f('fk_papers_removed_by_id_users'), 'users', ['removed_by_id'], ['id'], ondelete='SET NULL'
        )


def downgrade():
    with op.batch_alter_table('papers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_papers_removed_by_id_users'), type_='foreignkey')
        batch_op.drop_column('removal_reason')
        batch_op.drop_column('removed_by_id')
        batch_op.drop_column('removed_at')

    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_column('departure_reason')
