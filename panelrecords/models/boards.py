"""Governance boards (SIB, SPG …): members, meetings, agenda items with their minutes, actions and papers.

Restricted tables: the public site reads only published records and ``models.published_boards``.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from panelrecords.extensions import db
from panelrecords.models.types import UTCDateTime
from panelrecords.models.users import utcnow


class BoardMeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    MINUTES_DRAFT = "minutes_draft"
    MINUTES_APPROVED = "minutes_approved"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return {
            "scheduled": "Scheduled",
            "held": "Held",
            "minutes_draft": "Draft minutes",
            "minutes_approved": "Minutes approved",
            "published": "Published",
        }[self.value]


class BoardAttendanceStatus(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"
    IN_ATTENDANCE = "in_attendance"

    @property
    def label(self) -> str:
        return "In attendance (guest)" if self is BoardAttendanceStatus.IN_ATTENDANCE else self.value.capitalize()


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"
    # Never stored: an open action past its due date is shown as overdue.
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Board(db.Model):
    __tablename__ = "boards"

    id: Mapped[int] = mapped_column(primary_key=True)
    acronym: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    terms_of_reference: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[BoardMember]] = relationship(
        back_populates="board", order_by="BoardMember.name", cascade="all, delete-orphan"
    )
    meetings: Mapped[list[BoardMeeting]] = relationship(back_populates="board", order_by="BoardMeeting.starts_at")


class BoardMember(db.Model):
    __tablename__ = "board_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(120), default="")
    from_date: Mapped[date | None] = mapped_column(Date)
    to_date: Mapped[date | None] = mapped_column(Date)

    board: Mapped[Board] = relationship(back_populates="members")


class BoardMeeting(db.Model):
    __tablename__ = "board_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    online: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(24), default=BoardMeetingStatus.SCHEDULED.value)
    # Which later meeting approved these minutes, and when.
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("board_meetings.id"))
    # The published record of these minutes (draft, then approved as a new version).
    public_id: Mapped[str | None] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    board: Mapped[Board] = relationship(back_populates="meetings")
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.number", cascade="all, delete-orphan"
    )
    attendance: Mapped[list[BoardAttendance]] = relationship(
        back_populates="meeting", order_by="BoardAttendance.id", cascade="all, delete-orphan"
    )
    declarations: Mapped[list[BoardDeclaration]] = relationship(
        back_populates="meeting", order_by="BoardDeclaration.id", cascade="all, delete-orphan"
    )
    approved_by_meeting: Mapped[BoardMeeting | None] = relationship(remote_side="BoardMeeting.id")

    @property
    def status_enum(self) -> BoardMeetingStatus:
        return BoardMeetingStatus(self.status)


class AgendaItem(db.Model):
    __tablename__ = "board_agenda_items"
    __table_args__ = (UniqueConstraint("meeting_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("board_meetings.id"), index=True)
    number: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(300))
    presenter: Mapped[str] = mapped_column(String(200), default="")
    # The minutes of this item: discussion in Markdown, decisions as plain lines.
    discussion: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[BoardMeeting] = relationship(back_populates="items")
    actions: Mapped[list[BoardAction]] = relationship(back_populates="item", order_by="BoardAction.id")
    papers: Mapped[list[BoardPaper]] = relationship(back_populates="item", order_by="BoardPaper.id")

    @property
    def decision_lines(self) -> list[str]:
        return [line.strip(" -*\t") for line in self.decisions.splitlines() if line.strip(" -*\t")]


class BoardAttendance(db.Model):
    __tablename__ = "board_attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("board_meetings.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(16), default=BoardAttendanceStatus.PRESENT.value)
    # Board members are named in published minutes by default; a private individual only with consent.
    named_publicly: Mapped[bool] = mapped_column(default=True)

    meeting: Mapped[BoardMeeting] = relationship(back_populates="attendance")


class BoardDeclaration(db.Model):
    __tablename__ = "board_declarations"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("board_meetings.id"), index=True)
    who: Mapped[str] = mapped_column(String(200))
    what: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[BoardMeeting] = relationship(back_populates="declarations")


class BoardAction(db.Model):
    __tablename__ = "board_actions"
    __table_args__ = (UniqueConstraint("board_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("board_agenda_items.id"), index=True)
    ref: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=ActionStatus.OPEN.value)
    dropped_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[AgendaItem] = relationship(back_populates="actions")
    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action", order_by="ActionUpdate.created_at", cascade="all, delete-orphan"
    )

    def status_on(self, today: date) -> ActionStatus:
        """The status to show: an open action past its due date is overdue."""
        if self.status == ActionStatus.OPEN and self.due is not None and self.due < today:
            return ActionStatus.OVERDUE
        return ActionStatus(self.status)


class ActionUpdate(db.Model):
    __tablename__ = "board_action_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("board_actions.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    action: Mapped[BoardAction] = relationship(back_populates="updates")


class BoardPaper(db.Model):
    __tablename__ = "board_papers"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("board_agenda_items.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    is_public: Mapped[bool] = mapped_column(default=False)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    item: Mapped[AgendaItem] = relationship(back_populates="papers")
