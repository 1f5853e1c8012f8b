"""The one exception to four eyes: a later event published at once from controlled values, and said so."""

from __future__ import annotations

from sqlalchemy import select

from panelrecords.models.audit import AuditEvent
from panelrecords.publishing import decisions, drafts, review
from panelrecords.services import decisions as recording_decisions
from panelrecords.services.common import LONDON
from tests.integration.publication.helpers import closed_decision, people


def test_an_appeal_outcome_is_published_by_the_clerk_alone_and_the_page_says_so(app, db, client):
    clerk, reviewer = people(db)
    refused = closed_decision(db, outcome="refused")
    draft = drafts.prepare_draft(refused, by=clerk)
    drafts.submit(draft, by=clerk)
    first = review.approve(draft, by=reviewer)
    assert first.reviewed_by_id == reviewer.user_id
    decided_on = refused.meeting.starts_at.astimezone(LONDON).date()
    recording_decisions.add_event(
        refused, kind="appeal_outcome", happened_on=decided_on, outcome="overturned", by=clerk
    )
    current = decisions.live_record(refused)
    assert current.version == 2 and current.reviewed_by_id is None and current.published_by_id == clerk.user_id
    assert current.decision_facts.version_note.startswith("This version adds a later event")
    assert current.texts == first.texts  # nothing but controlled values changed
    page = client.get(f"/decisions/{current.public_id}").get_data(as_text=True)
    assert "without a second person&#39;s review" in page or "without a second person's review" in page
    actions = list(db.session.scalars(select(AuditEvent.action)))
    assert "publication.later_event_unreviewed" in actions
