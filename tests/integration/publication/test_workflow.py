"""The four-eyes workflow: prepare, submit, approve or send back, correct, withdraw."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from panelrecords import redaction
from panelrecords.errors import Conflict, ValidationFailed
from panelrecords.models.audit import AuditEvent
from panelrecords.models.published import PublishedRecord
from panelrecords.models.users import Role, UserRole
from panelrecords.publishing import core as publication
from panelrecords.publishing import decisions, drafts, review
from panelrecords.publishing.gate import LeakFound
from panelrecords.services import Actor
from tests.integration.publication.helpers import REASONS, closed_decision, people

RAW = ["Jamie", "Example", "Jay", "Morgan", "Oakfield", "BS1 4DJ", "943 476 5919", "4 May 2016"]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def record_strings(record: PublishedRecord) -> list[str]:
    return [record.title, record.summary, *_strings(record.texts), *_strings(record.facts)]


def test_prepare_submit_approve_publishes_the_redacted_decision(db):
    clerk, reviewer = people(db)
    decision = closed_decision(db)
    draft = drafts.prepare_draft(decision, by=clerk)
    assert draft.status == "draft" and draft.fields["reasons"]["original"] == REASONS
    assert "Jamie" not in draft.fields["reasons"]["redacted"]
    drafts.submit(draft, by=clerk)
    record = review.approve(draft, by=reviewer)
    assert record.version == 1 and record.reviewed_by_id == reviewer.user_id
    assert draft.status == "approved" and draft.public_id == record.public_id
    assert decision.publication_status == "published"
    known = decisions.known_for(decision)
    for text in record_strings(record):
        assert redaction.check(text, known) == []
        for raw in RAW:
            assert raw not in text
    assert record.texts["parent_rep_observations"].startswith("Parent carer representative: ")
    assert all(a["name"] is None for a in record.facts["attendance"])
    assert record.facts["evidence"][0]["label"] == "Educational psychologist's report"
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"redaction_draft.prepare", "redaction_draft.submit", "redaction_draft.approve"} <= actions


def test_publish_refuses_the_redactor(db):
    clerk, _reviewer = people(db)
    from panelrecords.models.users import Role
    from tests.factories import make_user

    both = Actor.of(make_user(db, roles=[Role.CLERK, Role.REVIEWER], email="both@example.org"))
    db.session.commit()
    decision = closed_decision(db)
    draft = drafts.prepare_draft(decision, by=both)
    drafts.submit(draft, by=both)
    with pytest.raises(review.ReviewerIsRedactor):
        review.approve(draft, by=both)
    assert draft.status == "submitted"
    assert db.session.scalar(select(func.count(PublishedRecord.id))) == 0


def test_a_reviewer_who_changed_the_draft_cannot_approve_it(db):
    clerk, reviewer = people(db)
    decision = closed_decision(db)
    draft = drafts.prepare_draft(decision, by=clerk)
    drafts.add_manual_span(draft, field="reasons", text="needs", category="other", by=reviewer)
    drafts.submit(draft, by=clerk)
    with pytest.raises(review.ReviewerIsRedactor):
        review.approve(draft, by=reviewer)


def test_gate_blocks_publication_when_a_known_span_is_removed(db):
    clerk, reviewer = people(db)
    decision = closed_decision(db)
    draft = drafts.prepare_draft(decision, by=clerk)
    span = next(s for s in draft.spans_for("reasons") if s["source"] == "known" and s["category"] == "postcode")
    drafts.remove_span(draft, field="reasons", start=span["start"], end=span["end"], reason="Not needed", by=clerk)
    assert "BS1 4DJ" in draft.fields["reasons"]["redacted"]
    assert drafts.gate_hits(draft)
    drafts.submit(draft, by=clerk)
    with pytest.raises(LeakFound):
        review.approve(draft, by=reviewer)
    db.session.expire_all()
    assert draft.status == "submitted"
    assert decision.publication_status == "in_redaction"
    assert db.session.scalar(select(func.count(PublishedRecord.id))) == 0
    assert draft.removed_spans[0]["reason"] == "Not needed"
    assert "publication.refused" in set(db.session.scalars(select(AuditEvent.action)))


def test_send_back_then_resubmit_and_approve(db):
    clerk, reviewer = people(db)
    draft = drafts.prepare_draft(closed_decision(db), by=clerk)
    drafts.submit(draft, by=clerk)
    with pytest.raises(ValidationFailed):
        review.send_back(draft, comments="  ", by=reviewer)
    review.send_back(draft, comments="Redact the month of the report", by=reviewer)
    assert draft.status == "returned" and draft.review_comments
    key = next(k for k in draft.fields if k.startswith("evidence-"))
    drafts.add_manual_span(draft, field=key, text="March 2026", category="other", by=clerk)
    drafts.submit(draft, by=clerk)
    record = review.approve(draft, by=reviewer)
    assert "March 2026" not in record.facts["evidence"][0]["description"]


def test_a_meeting_that_is_not_closed_cannot_be_published(db):
    clerk, _reviewer = people(db)
    from tests.factories import make_meeting

    decision = closed_decision(db)
    decision.meeting = make_meeting(db, status="held")
    db.session.commit()
    with pytest.raises(Conflict):
        drafts.prepare_draft(decision, by=clerk)


def test_correction_goes_through_review_and_adds_a_version(db):
    clerk, reviewer = people(db)
    decision = closed_decision(db)
    draft = drafts.prepare_draft(decision, by=clerk)
    drafts.submit(draft, by=clerk)
    first = review.approve(draft, by=reviewer)
    with pytest.raises(Conflict):
        drafts.prepare_draft(decision, by=clerk)
    correction = drafts.prepare_correction(decision, by=clerk)
    assert correction.spans == draft.spans  # unchanged text keeps the reviewed spans
    drafts.add_manual_span(correction, field="reasons", text="needs", category="other", by=clerk)
    with pytest.raises(ValidationFailed):
        drafts.submit(correction, by=clerk)
    drafts.submit(correction, correction_note="Redacted a detail", by=clerk)
    second = review.approve(correction, by=reviewer)
    assert second.public_id == first.public_id and second.version == 2
    assert [v.version for v in publication.versions(first.public_id)] == [1, 2]


def test_withdrawal_leaves_a_tombstone_and_republishing_needs_review(db):
    clerk, reviewer = people(db)
    decision = closed_decision(db)
    draft = drafts.prepare_draft(decision, by=clerk)
    drafts.submit(draft, by=clerk)
    record = review.approve(draft, by=reviewer)
    with pytest.raises(ValidationFailed):
        review.withdraw(decision, reason="", by=reviewer)
    review.withdraw(decision, reason="A detail could identify the family", by=reviewer)
    tombstone = publication.current_version(record.public_id)
    assert tombstone.withdrawn_at is not None and tombstone.withdrawn_reason.startswith("A detail")
    assert (
        db.session.scalar(select(func.count(PublishedRecord.id)).where(PublishedRecord.withdrawn_at.isnot(None))) == 1
    )
    assert decision.publication_status == "withdrawn"
    with pytest.raises(Conflict):
        review.withdraw(decision, reason="again", by=reviewer)
    again = drafts.prepare_draft(decision, by=clerk)
    assert again.status == "draft" and again.version == 2
    drafts.submit(again, by=clerk)
    # The preparer cannot approve their own draft even when they also hold the reviewer role.
    preparer = _clerk_user(db)
    preparer.role_rows.append(UserRole(role=Role.REVIEWER.value))
    db.session.commit()
    with pytest.raises(review.ReviewerIsRedactor):
        review.approve(again, by=clerk)
    republished = review.approve(again, by=reviewer)
    assert republished.public_id != record.public_id


def _clerk_user(db):
    from panelrecords.models.users import User

    return db.session.scalar(select(User).where(User.email == "clerk@example.org"))


def test_a_correction_note_that_names_the_child_is_refused(db):
    clerk, reviewer = people(db)
    decision = closed_decision(db)
    draft = drafts.prepare_draft(decision, by=clerk)
    drafts.submit(draft, by=clerk)
    review.approve(draft, by=reviewer)
    correction = drafts.prepare_correction(decision, by=clerk)
    with pytest.raises(ValidationFailed, match="leave out anything that could identify"):
        drafts.submit(correction, correction_note="Removed Jamie's date of birth", by=clerk)
    assert correction.status == "draft"
    # Even if the note got past submission (written behind the form's back), the gate refuses it.
    drafts.submit(correction, correction_note="Removed a date", by=clerk)
    correction.correction_note = "Removed Jamie's date of birth"
    db.session.commit()
    with pytest.raises(LeakFound):
        review.approve(correction, by=reviewer)
    assert [v.version for v in publication.versions(draft.public_id)] == [1]
