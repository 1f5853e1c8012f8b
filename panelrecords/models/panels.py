"""Panels, their meetings, who attended, declarations of interest and parent representatives' assignments."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panelrecords.extensions import db
from panelrecords.models.types import UTCDateTime
from panelrecords.models.users import User, utcnow

if TYPE_CHECKING:
    from panelrecords.models.decisions import Decision
    from panelrecords.models.papers import Paper


class PanelKind(StrEnum):
    DECISION_TO_ASSESS = "decision_to_assess"
    ISSUE_PLAN = "issue_plan"
    PLACEMENT = "placement"
    RESOURCE_ALLOCATION = "resource_allocation"
    SHORT_BREAKS = "short_breaks"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "decision_to_assess": "Decision to assess",
            "issue_plan": "Decision to issue a plan",
            "placement": "Placement",
            "resource_allocation": "Resource allocation",
            "short_breaks": "Short breaks",
            "other": "Other",
        }[self.value]


class Sector(StrEnum):
    EDUCATION = "education"
    HEALTH = "health"
    SOCIAL_CARE = "social_care"
    PARENT_CARER = "parent_carer"
    LEGAL = "legal"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class AttendeeRole(StrEnum):
    CHAIR = "chair"
    MEMBER = "member"
    ADVISER = "adviser"
    CLERK = "clerk"
    PARENT_REP = "parent_rep"
    OBSERVER = "observer"

    @property
    def label(self) -> str:
        return "Parent carer representative" if self is AttendeeRole.PARENT_REP else self.value.capitalize()


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CLOSED = "closed"


class DeclarationAction(StrEnum):
    WITHDREW = "withdrew"
    STAYED_DID_NOT_VOTE = "stayed_did_not_vote"
    NO_ACTION = "no_action"

    @property
    def label(self) -> str:
        return {
            "withdrew": "Withdrew from the item",
            "stayed_did_not_vote": "Stayed and did not vote",
            "no_action": "No action needed",
        }[self.value]


class Panel(db.Model):
    __tablename__ = "panels"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    terms_of_reference: Mapped[str] = mapped_column(Text, default="")
    min_voting_members: Mapped[int] = mapped_column(default=3)
    # Sectors that must each have someone present (``Sector`` values).
    required_sectors: Mapped[list] = mapped_column(JSON, default=list)
    min_parent_reps: Mapped[int] = mapped_column(default=2)
    # One standing member per line: "Name, organisation, sector".
    standing_members: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meetings: Mapped[list[PanelMeeting]] = relationship(
        back_populates="panel", order_by="PanelMeeting.starts_at.desc()"
    )

    @property
    def kind_label(self) -> str:
        return PanelKind(self.kind).label


class PanelMeeting(db.Model):
    __tablename__ = "panel_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(300), default="")
    online: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default=MeetingStatus.SCHEDULED.value)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why a meeting that was not quorate was closed anyway.
    close_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    panel: Mapped[Panel] = relationship(back_populates="meetings")
    attendees: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Attendance.id"
    )
    declarations: Mapped[list[InterestDeclaration]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="InterestDeclaration.id"
    )
    parent_reps: Mapped[list[ParentRepAssignment]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="ParentRepAssignment.id"
    )
    decisions: Mapped[list[Decision]] = relationship(back_populates="meeting", order_by="Decision.id")
    papers: Mapped[list[Paper]] = relationship(back_populates="meeting", order_by="Paper.id")

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD


class Attendance(db.Model):
    __tablename__ = "attendances"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("panel_meetings.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    sector: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default=AttendanceStatus.PRESENT.value)
    voting: Mapped[bool] = mapped_column(default=False)
    consent_to_be_named: Mapped[bool] = mapped_column(default=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    meeting: Mapped[PanelMeeting] = relationship(back_populates="attendees")

    @property
    def is_present(self) -> bool:
        return self.status == AttendanceStatus.PRESENT


class InterestDeclaration(db.Model):
    __tablename__ = "interest_declarations"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("panel_meetings.id", ondelete="CASCADE"), index=True)
    attendance_id: Mapped[int] = mapped_column(ForeignKey("attendances.id", ondelete="CASCADE"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", ondelete="SET NULL"), index=True)
    interest: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[PanelMeeting] = relationship(back_populates="declarations")
    attendee: Mapped[Attendance] = relationship()
    decision: Mapped[Decision | None] = relationship(back_populates="declarations")

    @property
    def action_label(self) -> str:
        return DeclarationAction(self.action).label


class ParentRepAssignment(db.Model):
    """A parent carer representative assigned to a meeting, and when they accepted its confidentiality."""

    __tablename__ = "parent_rep_assignments"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("panel_meetings.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confidentiality_acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[PanelMeeting] = relationship(back_populates="parent_reps")
    user: Mapped[User] = relationship()
