"""The PostgreSQL full-text search index (search_documents, search_words, search_facets), on PostgreSQL only

Revision ID: 0021_search_documents
Revises: 0020_archive_generation
Create Date: 2026-12-01 15:30:00

On SQLite the index is Whoosh's files and these tables are not made (see panelrecords/models/search.py).
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = "0021_search_documents"
down_revision = "0020_archive_generation"
branch_labels = None
depends_on = None

DOCUMENT_VECTOR = (
    "(setweight(to_tsvector('english'::regconfig, title), 'A'::\"char\") || "
    "setweight(to_tsvector('english'::regconfig, body), 'B'::\"char\"))"
)


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_table(
        "search_documents",
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("published_at", sa.String(length=40), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=True),
        sa.Column("year", sa.String(length=4), nullable=True),
        sa.Column("panel_kind", sa.String(length=32), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("request_type", sa.String(length=64), nullable=True),
        sa.Column("board", sa.String(length=32), nullable=True),
        sa.Column("reason_codes", sa.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]"), nullable=False),
        sa.Column("document", postgresql.TSVECTOR(), sa.Computed(DOCUMENT_VECTOR, persisted=True), nullable=True),
        sa.PrimaryKeyConstraint("public_id", name=op.f("pk_search_documents")),
    )
    # Keep the vector in the row (compressed if need be); the body is what moves out to TOAST first.
    op.execute("ALTER TABLE search_documents ALTER COLUMN document SET STORAGE MAIN")
    op.create_index("ix_search_documents_document", "search_documents", ["document"], postgresql_using="gin")
    op.create_index("ix_search_documents_reason_codes", "search_documents", ["reason_codes"], postgresql_using="gin")
    op.create_index("ix_search_documents_order", "search_documents", ["meeting_date", "published_at", "public_id"])
    op.create_table(
        "search_words",
        sa.Column("word", sa.Text(collation="C"), nullable=False),
        sa.Column("stem", sa.Text(), nullable=True),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("word", name=op.f("pk_search_words")),
    )
    op.create_index("ix_search_words_stem", "search_words", ["stem"])
    op.create_table(
        "search_facets",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", "value", name=op.f("pk_search_facets")),
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_table("search_facets")
    op.drop_table("search_words")
    op.drop_table("search_documents")
