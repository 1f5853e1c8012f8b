"""The PostgreSQL full-text search index: one row per indexed record, and the words the index holds.

These tables exist only on PostgreSQL (``SEARCH_BACKEND=postgres``); SQLite keeps its index in Whoosh files.
They therefore live in a metadata of their own, not in ``db.metadata``: ``db.create_all()`` on SQLite never
meets a ``tsvector``, and the migration and ``flask db check`` compare them only on PostgreSQL
(``schema_metadata``). Like the Whoosh files, they are derived data, rebuilt from ``published_records``.

- ``search_documents.document`` is the weighted vector (title A, body B), a stored generated column kept in
  the row (``STORAGE MAIN``: compressed in place rather than moved to a TOAST table, so ranking a match does not
  fetch it from elsewhere); a GIN index answers ``@@``. Facets are plain columns, reason codes a ``text[]``.
- ``search_words`` holds every word of the indexed texts (unstemmed, lower case) with its English stem and how
  many records hold it: ``suggest`` reads it by prefix, "did you mean" asks it whether a word's stem is known.
- ``search_facets`` holds each facet value with how many records have it, for ``facet_values``.
"""

from __future__ import annotations

from sqlalchemy import (
    ARRAY,
    Column,
    Computed,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR

from panelrecords.extensions import NAMING_CONVENTION, db

search_metadata = MetaData(naming_convention=NAMING_CONVENTION)

# Written as PostgreSQL prints it back, so that comparing the migrated schema with this one finds no change.
DOCUMENT_VECTOR = (
    "(setweight(to_tsvector('english'::regconfig, title), 'A'::\"char\") || "
    "setweight(to_tsvector('english'::regconfig, body), 'B'::\"char\"))"
)

search_documents = Table(
    "search_documents",
    search_metadata,
    Column("public_id", String(32), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("published_at", String(40), nullable=False),
    Column("meeting_date", Date),
    Column("year", String(4)),
    Column("panel_kind", String(32)),
    Column("outcome", String(32)),
    Column("request_type", String(64)),
    Column("board", String(32)),
    Column("reason_codes", ARRAY(Text), nullable=False, server_default=text("'{}'::text[]")),
    Column("document", TSVECTOR, Computed(DOCUMENT_VECTOR, persisted=True)),
    Index("ix_search_documents_document", "document", postgresql_using="gin"),
    Index("ix_search_documents_reason_codes", "reason_codes", postgresql_using="gin"),
    # "newest" and "oldest" without words walk this index instead of sorting every record.
    Index("ix_search_documents_order", "meeting_date", "published_at", "public_id"),
)

search_words = Table(
    "search_words",
    search_metadata,
    # The C collation makes the primary key's b-tree answer ``LIKE 'prefix%'``.
    Column("word", Text(collation="C"), primary_key=True),
    Column("stem", Text),
    Column("records", Integer, nullable=False),
    Index("ix_search_words_stem", "stem"),
)

search_facets = Table(
    "search_facets",
    search_metadata,
    # Every facet value the index holds and how many records have it: the search form checks a filter against
    # these on every request, which must not cost a pass over every record.
    Column("name", String(32), primary_key=True),
    Column("value", Text, primary_key=True),
    Column("records", Integer, nullable=False),
)


def schema_metadata(dialect: str) -> list[MetaData]:
    """Every table the migrations create on this database: the app's, and on PostgreSQL the search index's."""
    return [db.metadata, search_metadata] if dialect == "postgresql" else [db.metadata]
