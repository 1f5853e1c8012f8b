"""Panel papers: files for a meeting or a decision, stored in the database; restricted."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from panelrecords.extensions import db
from panelrecords.models.types import UTCDateTime
from panelrecords.models.users import utcnow

if TYPE_CHECKING:
    from panelrecords.models.decisions import Decision
    from panelrecords.models.panels import PanelMeeting


class Paper(db.Model):
    __tablename__ = "papers"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("panel_meetings.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    # Loaded only when the file is downloaded, so lists of papers stay light.
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # A paper removed before publication keeps its row for the audit trail; its content is erased and it is
    # never served again.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    removal_reason: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[PanelMeeting] = relationship(back_populates="papers")
    decision: Mapped[Decision | None] = relationship(back_populates="papers")

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None
