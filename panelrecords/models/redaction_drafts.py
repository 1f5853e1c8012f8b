"""Redaction drafts: the redacted version of a decision's public fields, prepared by one person, reviewed by another.

A draft keeps a snapshot of every public field's original text (what the preparer saw), the spans to replace
in it and the redacted text they give, the spans a preparer removed with the reason, and how each attendee is
to appear. Restricted: the originals hold the identifiers the public copy must never contain.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panelrecords.extensions import db
from panelrecords.models.types import UTCDateTime
from panelrecords.models.users import utcnow


class DraftStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return {
            "draft": "Being prepared",
            "submitted": "Waiting for review",
            "approved": "Approved and published",
            "returned": "Sent back",
        }[self.value]


class DraftPurpose(StrEnum):
    PUBLISH = "publish"  # first publication, or publication again after a withdrawal (a new public id)
    CORRECT = "correct"  # a new version of a published record


class AttendeeDisplay(StrEnum):
    NAMED = "named"  # only with the person's consent
    ROLE = "role"  # by role and organisation (parent representatives: "Parent carer representative")


class RedactionDraft(db.Model):
    __tablename__ = "redaction_drafts"
    __table_args__ = (UniqueConstraint("decision_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    purpose: Mapped[str] = mapped_column(String(16), default=DraftPurpose.PUBLISH.value)
    status: Mapped[str] = mapped_column(String(16), default=DraftStatus.DRAFT.value, index=True)
    # field key -> {"label", "original", "redacted"}; keys like "reasons", "evidence-3", "finding-7".
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    # [{"field", "start", "end", "category", "source"}], offsets into the field's original text.
    spans: Mapped[list] = mapped_column(JSON, default=list)
    # Proposals the preparer removed: the span plus {"reason", "removed_by", "removed_at"}.
    removed_spans: Mapped[list] = mapped_column(JSON, default=list)
    # "attendance-<id>" / "decision_maker" -> AttendeeDisplay value.
    display: Mapped[dict] = mapped_column(JSON, default=dict)
    # Everyone who changed the draft: none of them may approve it.
    editor_ids: Mapped[list] = mapped_column(JSON, default=list)
    correction_note: Mapped[str] = mapped_column(Text, default="")
    review_comments: Mapped[str] = mapped_column(Text, default="")
    public_id: Mapped[str | None] = mapped_column(String(32), index=True)
    prepared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    decision: Mapped[object] = relationship("Decision")
    prepared_by: Mapped[object | None] = relationship("User", foreign_keys=[prepared_by_id])
    reviewed_by: Mapped[object | None] = relationship("User", foreign_keys=[reviewed_by_id])

    @property
    def status_label(self) -> str:
        return DraftStatus(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status in (DraftStatus.DRAFT, DraftStatus.SUBMITTED, DraftStatus.RETURNED)

    @property
    def is_editable(self) -> bool:
        return self.status in (DraftStatus.DRAFT, DraftStatus.RETURNED)

    def spans_for(self, field: str) -> list[dict]:
        return sorted((s for s in self.spans if s["field"] == field), key=lambda s: s["start"])
