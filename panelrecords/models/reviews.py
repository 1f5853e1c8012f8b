"""Four eyes for governance: a request to publish board minutes or a board's profile, approved by a second person.

A board secretary asks; another board secretary or an administrator who did not ask (and did not write the text
since it was last published) reviews the public version, confirms the names the name detector found, and
approves — only then is anything public. The request pins a hash of the public version it was made for, so a
change after asking needs a new request. One request per source can wait at a time (a database constraint).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panelrecords.extensions import db
from panelrecords.models.types import UTCDateTime
from panelrecords.models.users import User


class RequestKind(StrEnum):
    MINUTES = "minutes"
    BOARD_PROFILE = "board_profile"

    @property
    def label(self) -> str:
        return {"minutes": "Minutes", "board_profile": "Board description"}[self.value]


class RequestPurpose(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    CORRECTION = "correction"
    PROFILE = "profile"

    @property
    def label(self) -> str:
        return {
            "draft": "Draft minutes, subject to approval",
            "approved": "Approved minutes",
            "correction": "Correction of published minutes",
            "profile": "Board name, description and terms of reference",
        }[self.value]


class RequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    RETURNED = "returned"
    REPLACED = "replaced"

    @property
    def label(self) -> str:
        return {
            "pending": "Waiting for review",
            "approved": "Approved and published",
            "returned": "Sent back",
            "replaced": "Replaced by a newer request",
        }[self.value]


class PublicationRequest(db.Model):
    __tablename__ = "publication_requests"
    __table_args__ = (
        Index(
            "uq_publication_requests_pending_source",
            "source_type",
            "source_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(String(16))
    source_type: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[int] = mapped_column()
    # What the requester chose: names to redact, the correction note.
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    # SHA-256 of the public version the request was made for.
    content_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_comments: Mapped[str] = mapped_column(Text, default="")
    confirmed_names: Mapped[list] = mapped_column(JSON, default=list)
    public_id: Mapped[str | None] = mapped_column(String(32))

    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    @property
    def kind_label(self) -> str:
        return RequestKind(self.kind).label

    @property
    def purpose_label(self) -> str:
        return RequestPurpose(self.purpose).label

    @property
    def status_label(self) -> str:
        return RequestStatus(self.status).label
