"""Public copies of board facts: the boards themselves, the action log ("you said, we did") and public papers.

Written by the publishing package only after a second person approved and the leak gate passed; the public board
pages read these and ``PublishedRecord`` rows, never the restricted board tables.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from panelrecords.extensions import db
from panelrecords.models.types import UTCDateTime


class PublishedBoard(db.Model):
    __tablename__ = "published_boards"

    id: Mapped[int] = mapped_column(primary_key=True)
    acronym: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    terms_of_reference: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Who asked for this version and who, a second person, approved it.
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class PublishedAction(db.Model):
    __tablename__ = "published_actions"
    __table_args__ = (UniqueConstraint("board", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    board: Mapped[str] = mapped_column(String(16), index=True)
    ref: Mapped[str] = mapped_column(String(32))
    # The published minutes the action was agreed in.
    minutes_public_id: Mapped[str] = mapped_column(String(32))
    meeting_date: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due: Mapped[date | None] = mapped_column(Date)
    # open, done or dropped; overdue is computed when shown.
    status: Mapped[str] = mapped_column(String(16))
    last_update: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def status_on(self, today: date) -> str:
        if self.status == "open" and self.due is not None and self.due < today:
            return "overdue"
        return self.status


class PublishedPaper(db.Model):
    """A board paper published as public with minutes: a copy of its bytes, removed when the minutes are withdrawn."""

    __tablename__ = "published_papers"
    __table_args__ = (UniqueConstraint("minutes_public_id", "paper_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_public_id: Mapped[str] = mapped_column(String(32), index=True)
    # The restricted paper's id, as listed in the minutes' facts (it is part of the public address).
    paper_id: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
