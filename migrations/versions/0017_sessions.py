"""Server-side session version, TOTP replay guard and sign-in throttles

Revision ID: 0017_sessions
Revises: 0006_exactly_once_four_eyes
Create Date: 2026-12-01 12:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0017_sessions"
down_revision = "0006_exactly_once_four_eyes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("last_totp_step", sa.BigInteger(), nullable=True))

    op.create_table(
        "sign_in_throttles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("email_key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("lockouts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_throttles")),
        sa.UniqueConstraint("key", name=op.f("uq_sign_in_throttles_key")),
    )
    with op.batch_alter_table("sign_in_throttles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_in_throttles_email_key"), ["email_key"], unique=False)


def downgrade():
    with op.batch_alter_table("sign_in_throttles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_throttles_email_key"))
    op.drop_table("sign_in_throttles")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("last_totp_step")
        batch_op.drop_column("session_version")
