"""Published records: immutable, redacted versions that the public site, API, feeds and search read.

Publishing *copies* the redacted text and the public facts here; nothing public reads a restricted table.
One ``public_id`` names a record for good (it is quoted in decision letters); each correction adds a version.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from panelrecords.extensions import db
from panelrecords.models.facts import DecisionFacts, MinutesFacts, decision_facts, minutes_facts
from panelrecords.models.types import UTCDateTime


class RecordKind(StrEnum):
    DECISION = "decision"
    MINUTES = "minutes"


class OutboxOperation(StrEnum):
    INDEX = "index"
    DELETE = "delete"


class PublishedRecord(db.Model):
    __tablename__ = "published_records"
    __table_args__ = (
        UniqueConstraint("public_id", "version"),
        Index("ix_published_records_current", "is_current", "kind", "published_at"),
        # Exactly once, kept by the database: one live record per source, one current version per record.
        Index(
            "uq_published_records_live_source",
            "source_type",
            "source_id",
            unique=True,
            sqlite_where=text("is_current AND withdrawn_at IS NULL"),
            postgresql_where=text("is_current AND withdrawn_at IS NULL"),
        ),
        Index(
            "uq_published_records_current_version",
            "public_id",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[int] = mapped_column(default=1)
    is_current: Mapped[bool] = mapped_column(default=True)
    kind: Mapped[str] = mapped_column(String(16))
    # Which restricted object this was published from (never shown publicly).
    source_type: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    # Redacted free text, by field name (reasons, observations, dissent, minutes per item …).
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    # Public facts: panel kind, request type, outcome, legal test, attendance by role, board …
    facts: Mapped[dict] = mapped_column(JSON, default=dict)
    # Facets copied out of ``facts`` for filtering, statistics and search.
    meeting_date: Mapped[date | None] = mapped_column(Date, index=True)
    panel_kind: Mapped[str | None] = mapped_column(String(32))
    request_type: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str | None] = mapped_column(String(32))
    reason_codes: Mapped[list] = mapped_column(JSON, default=list)
    board: Mapped[str | None] = mapped_column(String(32))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("published_records.id"))
    correction_note: Mapped[str | None] = mapped_column(Text)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def decision_facts(self) -> DecisionFacts:
        """The facts of a decision record, typed, whatever shape they were stored in."""
        return decision_facts(self.facts, outcome=self.outcome, request_type=self.request_type)

    @property
    def minutes_facts(self) -> MinutesFacts:
        """The facts of a minutes record, typed, whatever shape they were stored in."""
        return minutes_facts(self.facts)


class SearchOutbox(db.Model):
    """Index work written in the same transaction as the record, drained into the index after commit."""

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int | None] = mapped_column(ForeignKey("published_records.id"))
    operation: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


class SimilarRecord(db.Model):
    """One entry of a record's stored "decisions like this one" list (derived from the index, like the index).

    Only public ids are stored, no text: the page joins them with the live records, so a withdrawn record drops out
    at once, and the outbox deletes every entry naming it when it drains the withdrawal.
    """

    __tablename__ = "similar_records"

    public_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    rank: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    similar_public_id: Mapped[str] = mapped_column(String(32), index=True)
