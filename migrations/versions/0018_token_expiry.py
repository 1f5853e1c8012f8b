"""API tokens expire: expires_at on api_tokens

Tokens issued before this revision get an expiry API_TOKEN_DAYS (90) days from now, so none is left without one.

Revision ID: 0018_token_expiry
Revises: 0015_reason_labels
Create Date: 2026-12-01 13:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0018_token_expiry"
down_revision = "0015_reason_labels"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    from datetime import UTC, datetime, timedelta

    op.get_bind().execute(
        sa.text("UPDATE api_tokens SET expires_at = :at WHERE revoked_at IS NULL"),
        {"at": datetime.now(UTC) + timedelta(days=90)},
    )


def downgrade():
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_column("expires_at")
