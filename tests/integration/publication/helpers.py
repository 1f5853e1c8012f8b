"""Shared set-up for the publication tests: a closed meeting with a decision full of identifiers."""

from __future__ import annotations

from panelrecords.models.decisions import EvidenceItem, Observation
from panelrecords.models.users import Role
from panelrecords.services import Actor
from tests.factories import make_attendee, make_case, make_decision, make_meeting, make_quorum, make_user

REASONS = (
    "Jamie Example (known as Jay) was born on 4 May 2016 and attends Oakfield Primary School. "
    "His mother, Morgan Example, of BS1 4DJ, says Jamie's needs are not met. NHS number 943 476 5919."
)


def closed_decision(db, *, case=None, reasons: str = REASONS, **overrides):
    meeting = make_meeting(db, status="closed")
    make_quorum(db, meeting)
    decision = make_decision(db, meeting=meeting, case=case or make_case(db), reasons=reasons, **overrides)
    decision.evidence = [EvidenceItem(kind="ep_report", description="EP report on Jamie by Dr Okafor, March 2026")]
    decision.observations = [Observation(author_name="Pat Parent", text="Jay's parents felt listened to.")]
    db.session.flush()
    return decision


def people(db):
    clerk = make_user(db, roles=[Role.CLERK], email="clerk@example.org", display_name="Chris Clerk")
    reviewer = make_user(db, roles=[Role.REVIEWER], email="reviewer@example.org", display_name="Robin Reviewer")
    db.session.commit()
    return Actor.of(clerk), Actor.of(reviewer)


__all__ = ["closed_decision", "make_attendee", "people"]
