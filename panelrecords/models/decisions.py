"""Decisions taken at panel meetings, with their controlled lists (request types, legal tests, reason codes)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panelrecords.extensions import db
from panelrecords.models.types import UTCDateTime
from panelrecords.models.users import utcnow

if TYPE_CHECKING:
    from panelrecords.models.cases import Case
    from panelrecords.models.panels import InterestDeclaration, PanelMeeting
    from panelrecords.models.papers import Paper


class Outcome(StrEnum):
    AGREED = "agreed"
    REFUSED = "refused"
    DEFERRED = "deferred"
    AGREED_WITH_CONDITIONS = "agreed_with_conditions"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class PublicationStatus(StrEnum):
    """Where a decision is on its way to the public archive (the publication step moves it on)."""

    UNPUBLISHED = "unpublished"
    IN_REDACTION = "in_redaction"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Finding(StrEnum):
    MET = "met"
    NOT_MET = "not_met"

    @property
    def label(self) -> str:
        return "Met" if self is Finding.MET else "Not met"


class EvidenceKind(StrEnum):
    EP_REPORT = "ep_report"
    INDEPENDENT_REPORT = "independent_report"
    SEN_SUPPORT_PLAN = "sen_support_plan"
    HEALTH_ADVICE = "health_advice"
    SOCIAL_CARE_ADVICE = "social_care_advice"
    PARENT_VIEWS = "parent_views"
    CHILD_VIEWS = "child_views"
    OTHER = "other"

    @property
    def label(self) -> str:
        return EVIDENCE_LABELS[self]


EVIDENCE_LABELS = {
    EvidenceKind.EP_REPORT: "Educational psychologist's report",
    EvidenceKind.INDEPENDENT_REPORT: "Independent or private report",
    EvidenceKind.SEN_SUPPORT_PLAN: "School SEN support plan",
    EvidenceKind.HEALTH_ADVICE: "Health advice",
    EvidenceKind.SOCIAL_CARE_ADVICE: "Social care advice",
    EvidenceKind.PARENT_VIEWS: "Parent's views",
    EvidenceKind.CHILD_VIEWS: "Child's or young person's views",
    EvidenceKind.OTHER: "Other evidence",
}


class EventKind(StrEnum):
    MEDIATION = "mediation"
    APPEAL_LODGED = "appeal_lodged"
    APPEAL_OUTCOME = "appeal_outcome"

    @property
    def label(self) -> str:
        return {
            "mediation": "Mediation",
            "appeal_lodged": "Appeal to the First-tier Tribunal (SEND) lodged",
            "appeal_outcome": "Tribunal appeal outcome",
        }[self.value]


class AppealOutcome(StrEnum):
    LA_DECISION_UPHELD = "la_decision_upheld"
    OVERTURNED = "overturned"
    CONCEDED_BEFORE_HEARING = "conceded_before_hearing"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {
            "la_decision_upheld": "Local authority's decision upheld",
            "overturned": "Overturned",
            "conceded_before_hearing": "Conceded before the hearing",
            "withdrawn": "Withdrawn",
        }[self.value]


class RequestType(db.Model):
    """A kind of request a panel decides, with the legal test it applies (admins maintain; never deleted)."""

    __tablename__ = "request_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    legal_test: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(default=True)

    limbs: Mapped[list[LegalTestLimb]] = relationship(
        back_populates="request_type", order_by="LegalTestLimb.position", lazy="selectin"
    )

    @property
    def active_limbs(self) -> list[LegalTestLimb]:
        return [limb for limb in self.limbs if limb.active]


class LegalTestLimb(db.Model):
    __tablename__ = "legal_test_limbs"
    __table_args__ = (UniqueConstraint("request_type_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_type_id: Mapped[int] = mapped_column(ForeignKey("request_types.id"), index=True)
    key: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    request_type: Mapped[RequestType] = relationship(back_populates="limbs")

    @property
    def letter(self) -> str:
        """The limb's letter as the statute gives it: a revised limb's key carries a version ("a_v2" is (a))."""
        return self.key.split("_v", 1)[0]


class ReasonCode(db.Model):
    """One version of a reason code: changing the wording adds a version, so past decisions keep theirs."""

    __tablename__ = "reason_codes"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(default=1)
    label: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(default=True)


decision_reason_codes = Table(
    "decision_reason_codes",
    db.metadata,
    Column("decision_id", ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True),
    Column("reason_code_id", ForeignKey("reason_codes.id"), primary_key=True),
)


class Decision(db.Model):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("panel_meetings.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    request_type_id: Mapped[int] = mapped_column(ForeignKey("request_types.id"))
    outcome: Mapped[str] = mapped_column(String(32))
    decision_maker_name: Mapped[str] = mapped_column(String(200))
    decision_maker_role: Mapped[str] = mapped_column(String(200))
    reasons: Mapped[str] = mapped_column(Text, default="")
    dissent: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    appeal_rights: Mapped[str] = mapped_column(Text, default="")
    # Why the outcome departs from the panel's own findings (a refusal with every limb met, an agreement with a
    # limb not met); published with the decision, redacted like its other free text.
    departure_reason: Mapped[str] = mapped_column(Text, default="")
    publication_status: Mapped[str] = mapped_column(String(16), default=PublicationStatus.UNPUBLISHED.value)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    meeting: Mapped[PanelMeeting] = relationship(back_populates="decisions")
    case: Mapped[Case] = relationship(back_populates="decisions")
    request_type: Mapped[RequestType] = relationship()
    reason_codes: Mapped[list[ReasonCode]] = relationship(secondary=decision_reason_codes, order_by=ReasonCode.code)
    findings: Mapped[list[LimbFinding]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", order_by="LimbFinding.id"
    )
    evidence: Mapped[list[EvidenceItem]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", order_by="EvidenceItem.id"
    )
    observations: Mapped[list[Observation]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", order_by="Observation.created_at"
    )
    events: Mapped[list[DecisionEvent]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", order_by="DecisionEvent.happened_on"
    )
    declarations: Mapped[list[InterestDeclaration]] = relationship(back_populates="decision")
    papers: Mapped[list[Paper]] = relationship(back_populates="decision", order_by="Paper.id")

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label


class LimbFinding(db.Model):
    """The panel's finding on one limb of the legal test, with its reasons."""

    __tablename__ = "limb_findings"
    __table_args__ = (UniqueConstraint("decision_id", "limb_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    limb_id: Mapped[int] = mapped_column(ForeignKey("legal_test_limbs.id"))
    finding: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[str] = mapped_column(Text, default="")

    decision: Mapped[Decision] = relationship(back_populates="findings")
    limb: Mapped[LegalTestLimb] = relationship(lazy="joined")


class EvidenceItem(db.Model):
    __tablename__ = "evidence_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text, default="")

    decision: Mapped[Decision] = relationship(back_populates="evidence")

    @property
    def kind_label(self) -> str:
        return EvidenceKind(self.kind).label


class Observation(db.Model):
    """A parent carer representative's observation on a decision, shown with their name."""

    __tablename__ = "observations"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decision: Mapped[Decision] = relationship(back_populates="observations")


class DecisionEvent(db.Model):
    """What happened next: mediation, an appeal to the tribunal, the appeal's outcome."""

    __tablename__ = "decision_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    happened_on: Mapped[date] = mapped_column(Date)
    # Mediation: free text (e.g. "agreement reached"); appeal outcome: an ``AppealOutcome`` value.
    outcome: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decision: Mapped[Decision] = relationship(back_populates="events")

    @property
    def kind_label(self) -> str:
        return EventKind(self.kind).label

    @property
    def outcome_label(self) -> str:
        if self.kind == EventKind.APPEAL_OUTCOME and self.outcome in AppealOutcome.__members__.values():
            return AppealOutcome(self.outcome).label
        return self.outcome
