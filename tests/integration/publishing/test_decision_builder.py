"""What a published decision says about the meeting: declarations for the whole meeting, who took part, quorum."""

from __future__ import annotations

from panelrecords.models.facts import decision_facts
from panelrecords.models.panels import InterestDeclaration
from panelrecords.publishing import drafts, review
from tests.integration.publication.helpers import closed_decision, people


def test_a_declaration_for_the_whole_meeting_is_on_every_decision_and_quorum_counts_who_took_part(app, db):
    clerk, reviewer = people(db)
    decision = closed_decision(db)
    health = next(a for a in decision.meeting.attendees if a.sector == "health")
    db.session.add(
        InterestDeclaration(
            meeting=decision.meeting,
            attendee=health,
            decision_id=None,
            interest="Manages a therapy service",
            action="withdrew",
        )  # fmt: skip
    )
    db.session.commit()
    draft = drafts.prepare_draft(decision, by=clerk)
    drafts.submit(draft, by=clerk)
    record = review.approve(draft, by=reviewer)
    facts = decision_facts(record.facts)
    assert facts.schema == 2
    [declared] = facts.declarations
    assert declared.scope == "meeting" and not declared.took_part and declared.what == "Manages a therapy service"
    row = next(a for a in facts.attendance if a.sector == "health")
    assert not row.took_part and not row.voting
    # Without the health member the decision was not taken by a quorate panel, though the meeting was quorate.
    assert facts.quorate is False


def test_without_declarations_the_meeting_quorum_stands(app, db):
    clerk, reviewer = people(db)
    decision = closed_decision(db)
    draft = drafts.prepare_draft(decision, by=clerk)
    drafts.submit(draft, by=clerk)
    facts = decision_facts(review.approve(draft, by=reviewer).facts)
    assert facts.quorate is True and facts.declarations == () and all(a.took_part for a in facts.attendance)


def test_a_draft_prepared_before_a_field_existed_is_not_stale_while_that_field_is_empty(app, db):
    clerk, reviewer = people(db)
    decision = closed_decision(db)
    draft = drafts.prepare_draft(decision, by=clerk)
    drafts.submit(draft, by=clerk)
    # As a draft prepared by the release before ``departure_reason`` was a public field would be.
    draft.fields = {key: value for key, value in draft.fields.items() if key != "departure_reason"}
    db.session.commit()
    assert drafts.stale_fields(draft) == []
    decision.departure_reason = "The panel agreed to assess because the evidence is about to change."
    db.session.commit()
    assert drafts.stale_fields(draft) == ["departure_reason"]
