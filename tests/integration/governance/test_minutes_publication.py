from __future__ import annotations

from datetime import date, timedelta

import pytest

from panelrecords.errors import Conflict, Gone, ValidationFailed
from panelrecords.models.boards import ActionStatus, BoardMeetingStatus
from panelrecords.publishing import core, minutes
from panelrecords.publishing.gate import LeakFound
from panelrecords.services import board_actions, governance, governance_public
from tests.integration.governance import four_eyes


def test_draft_then_approved_minutes_are_two_versions_of_one_record(meeting, next_meeting, by):
    draft = four_eyes.publish_draft(meeting, by=by)
    assert draft.version == 1 and draft.facts["status"] == "draft"
    assert meeting.public_id == draft.public_id
    assert meeting.status == BoardMeetingStatus.MINUTES_DRAFT

    minutes.record_approval(meeting, next_meeting, by=by)
    approved = four_eyes.publish_approved(meeting, by=by)

    assert approved.public_id == draft.public_id and approved.version == 2
    assert approved.facts["status"] == "approved"
    assert approved.facts["approved_by_meeting"] == "2026-02-11"
    assert approved.correction_note == "Approved at the meeting on 11 February 2026"
    assert meeting.status == BoardMeetingStatus.PUBLISHED
    assert [v.facts["status"] for v in core.versions(draft.public_id)] == ["draft", "approved"]


def test_published_minutes_follow_the_facts_contract(meeting, by):
    record = four_eyes.publish_draft(meeting, by=by)
    facts = record.facts
    assert record.kind == "minutes" and record.board == "SIB" and record.meeting_date == date(2026, 1, 14)
    assert facts["board_name"] == "SEND Improvement Board"
    assert facts["attendance"] == [
        {"name": "Alex Chair", "role": "Chair", "organisation": "The council", "status": "present"},
        {"name": None, "role": "Member", "organisation": "Parent carer forum", "status": "present"},
    ]
    assert facts["declarations"] == [{"who": "Chair", "what": "Governor of a special school", "action": "Stayed"}]
    item = facts["items"][1]
    assert item["decisions"] == ["Publish monthly figures", "Review in March"]
    assert item["actions"][0]["ref"] == "SIB-2026-001"
    assert "Jo Parent" not in str(facts) and "Jo Parent" not in record.texts["minutes"]
    assert "Waiting times" in record.texts["minutes"]


def test_the_leak_gate_refuses_a_phone_number_and_writes_nothing(meeting, by):
    governance.save_minutes(meeting.items[0], discussion="Call the family on 07700 900123.", by=by)
    with pytest.raises(LeakFound):
        four_eyes.publish_draft(meeting, by=by)
    assert core.published_for("board_meeting", meeting.id) is None
    assert governance_public.actions("SIB") == []


def test_unconfirmed_private_names_block_publication(meeting, by):
    governance.save_minutes(meeting.items[0], discussion="Mrs Sarah Thompson asked about transport.", by=by)
    names = minutes.names_to_confirm(meeting)
    assert any("Thompson" in name for name in names)
    assert not any("Alex" in name for name in names)  # a publicly named attendee
    with pytest.raises(ValidationFailed) as refused:
        four_eyes.publish_draft(meeting, by=by)
    assert refused.value.field == "names"
    record = four_eyes.publish_draft(meeting, confirmed_names=names, by=by)
    assert record.version == 1


def test_approval_needs_a_later_meeting_of_the_board(meeting, board, by):
    earlier = governance.create_meeting(board, starts_at=meeting.starts_at - timedelta(days=30), place="Hall", by=by)
    with pytest.raises(ValidationFailed):
        minutes.record_approval(meeting, earlier, by=by)
    with pytest.raises(Conflict):
        four_eyes.publish_approved(meeting, by=by)


def test_approved_minutes_can_no_longer_be_edited(meeting, next_meeting, by):
    minutes.record_approval(meeting, next_meeting, by=by)
    with pytest.raises(Conflict):
        governance.save_minutes(meeting.items[0], discussion="changed", by=by)


def test_withdrawal_leaves_a_tombstone_and_empties_the_action_log(meeting, by):
    record = four_eyes.publish_draft(meeting, by=by)
    assert len(governance_public.actions("SIB")) == 1
    minutes.withdraw(meeting, reason="Published in error", by=by)
    with pytest.raises(Gone):
        governance_public.minutes("SIB", record.public_id)
    assert governance_public.actions("SIB") == []
    assert governance_public.minutes_of("SIB") == []


def test_action_updates_reach_the_public_log_after_publication(meeting, by):
    action = meeting.items[1].actions[0]
    board_actions.update_action(action, status="open", text="Started work", by=by)
    four_eyes.publish_draft(meeting, by=by)
    public = governance_public.actions("SIB")[0]
    assert public.last_update == "Started work" and public.status == "open"
    board_actions.update_action(action, status="done", text="Figures published monthly since March", by=by)
    public = governance_public.actions("SIB")[0]
    # The status is a controlled value and public at once; the words wait for a second person.
    assert public.status == "done" and public.last_update == "Started work"
    four_eyes.publish_draft(meeting, by=by)
    public = governance_public.actions("SIB")[0]
    assert public.last_update == "Figures published monthly since March"
    with pytest.raises(ValidationFailed):
        board_actions.update_action(action, status="done", text="ring 07700 900123", by=by)


def test_overdue_is_computed_from_the_due_date(meeting, by):
    action = board_actions.add_action(
        meeting.items[0], description="Write to schools", owner="Council", due=date(2020, 1, 1), by=by
    )
    assert action.status_on(date.today()) is ActionStatus.OVERDUE
    assert action.status_on(date(2019, 12, 31)) is ActionStatus.OPEN
    with pytest.raises(ValidationFailed):
        board_actions.update_action(action, status="overdue", text="x", by=by)
    with pytest.raises(ValidationFailed) as refused:
        board_actions.update_action(action, status="dropped", text="", by=by)
    assert "why the action was dropped" in refused.value.message
    four_eyes.publish_draft(meeting, by=by)
    assert [a.ref for a in governance_public.open_actions("SIB")][0] == action.ref


def test_enormous_minutes_are_refused_with_a_clear_error(meeting, by):
    with pytest.raises(ValidationFailed) as refused:
        governance.save_minutes(meeting.items[0], discussion="x" * 100_001, by=by)
    assert "100,000 characters or fewer" in refused.value.message


def test_minutes_are_approved_only_at_a_meeting_already_held(meeting, board, by):
    from datetime import UTC, datetime

    future = governance.create_meeting(board, starts_at=datetime(2099, 1, 14, 14, tzinfo=UTC), place="Hall", by=by)
    four_eyes.publish_draft(meeting, by=by)
    with pytest.raises(ValidationFailed) as refused:
        minutes.record_approval(meeting, future, by=by)
    assert "already taken place" in refused.value.message
    assert meeting.status_enum is not BoardMeetingStatus.MINUTES_APPROVED


def test_an_attendee_named_like_a_child_of_any_case_is_never_published(db, meeting, by):
    from panelrecords.publishing.gate import LeakFound
    from tests.factories import make_case

    case = make_case(db, reference="C-ATTEND")
    child = case.known_identifiers()["child"][0]
    governance.record_attendance(meeting, name=child, organisation="Guest", role="Guest", by=by)
    with pytest.raises(LeakFound):
        four_eyes.publish_draft(meeting, by=by, confirmed_names=[child])
    assert core.published_for("board_meeting", meeting.id) is None
