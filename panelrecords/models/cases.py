"""Cases: a pseudonymous reference, the child's and family's identifiers (encrypted), and the statutory clock."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panelrecords.crypto import EncryptedText
from panelrecords.extensions import db
from panelrecords.models.types import UTCDateTime
from panelrecords.models.users import utcnow

# The keys of ``Case.known_identifiers()``: exactly the fields of ``panelrecords.redaction.Known``.
IDENTIFIER_KEYS = (
    "child",
    "child_aliases",
    "date_of_birth",
    "parents",
    "other_people",
    "school",
    "address",
    "postcode",
    "nhs_number",
    "upn",
    "other",
)

if TYPE_CHECKING:
    from panelrecords.models.decisions import Decision


class Requester(StrEnum):
    PARENT = "parent"
    YOUNG_PERSON = "young_person"
    SCHOOL = "school"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Milestone(StrEnum):
    ASSESSMENT_DECISION = "assessment_decision"
    ISSUE_DECISION = "issue_decision"
    FINAL_PLAN = "final_plan"


class Case(db.Model):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    # JSON object with the IDENTIFIER_KEYS, each a list of strings; encrypted with FIELD_ENCRYPTION_KEY.
    identifiers_json: Mapped[str] = mapped_column(EncryptedText)
    request_received_on: Mapped[date] = mapped_column(Date)
    requested_by: Mapped[str] = mapped_column(String(32))
    # When each statutory step happened (None: not yet), and whether it went ahead.
    assessment_decided_on: Mapped[date | None] = mapped_column(Date)
    assessment_agreed: Mapped[bool | None] = mapped_column()
    issue_decided_on: Mapped[date | None] = mapped_column(Date)
    issue_agreed: Mapped[bool | None] = mapped_column()
    final_plan_issued_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the identifiers last changed: the leak gate's index of every case's identifiers rebuilds after it.
    identifiers_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)

    exceptions: Mapped[list[TimescaleException]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="TimescaleException.id"
    )
    decisions: Mapped[list[Decision]] = relationship(back_populates="case", order_by="Decision.id")

    def known_identifiers(self) -> dict[str, list[str]]:
        """The identifiers for ``panelrecords.redaction.Known.from_dict``: every key, each a list of strings."""
        stored = json.loads(self.identifiers_json or "{}")
        return {key: [str(v) for v in stored.get(key, [])] for key in IDENTIFIER_KEYS}

    def set_identifiers(self, values: dict[str, list[str]]) -> None:
        unknown = set(values) - set(IDENTIFIER_KEYS)
        if unknown:
            raise ValueError(f"unknown identifier keys: {sorted(unknown)}")
        cleaned = {key: [v.strip() for v in values.get(key, []) if v and v.strip()] for key in IDENTIFIER_KEYS}
        self.identifiers_json = json.dumps(cleaned, ensure_ascii=False, sort_keys=True)
        self.identifiers_changed_at = utcnow()

    @property
    def requested_by_label(self) -> str:
        return Requester(self.requested_by).label


class TimescaleException(db.Model):
    """A recorded reason why a statutory time limit does not apply or was missed (never a silent exclusion)."""

    __tablename__ = "timescale_exceptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    milestone: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    case: Mapped[Case] = relationship(back_populates="exceptions")
