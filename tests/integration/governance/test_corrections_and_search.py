"""Published minutes are immutable: corrections add versions, withdrawals leave a tombstone; search follows."""

from __future__ import annotations

import pytest

from panelrecords.errors import Conflict, ValidationFailed
from panelrecords.models.users import Role
from panelrecords.publishing import core, minutes
from panelrecords.publishing import governance as requests
from panelrecords.search import outbox
from panelrecords.search.backend import SearchRequest, get_backend
from panelrecords.services import governance
from tests.integration.governance import four_eyes


def _hits(query: str) -> list[str]:
    outbox.drain()
    result = get_backend().search(SearchRequest(query=query, filters={"kind": ("minutes",)}))
    return [hit.public_id for hit in result.hits]


def _published(meeting, next_meeting, by):
    four_eyes.publish_draft(meeting, by=by)
    minutes.record_approval(meeting, next_meeting, by=by)
    return four_eyes.publish_approved(meeting, by=by)


def test_a_correction_is_a_new_version_and_the_old_ones_stay(meeting, next_meeting, by):
    approved = _published(meeting, next_meeting, by)
    with pytest.raises(ValidationFailed) as refused:
        four_eyes.publish_correction(meeting, note=" ", by=by)
    assert refused.value.field == "note"
    governance.save_minutes(meeting.items[0], discussion="The chair welcomed members and two guests.", by=by)
    assert meeting.status == "published"  # a correction in progress, not a new draft
    corrected = four_eyes.publish_correction(meeting, note="Guests were left out", by=by)
    versions = core.versions(approved.public_id)
    assert [v.version for v in versions] == [1, 2, 3] and [v.is_current for v in versions] == [False, False, True]
    assert corrected.correction_note == "Corrected: Guests were left out"
    assert corrected.facts["status"] == "approved" and corrected.facts["approved_by_meeting"] == "2026-02-11"
    assert versions[1].facts["items"][0]["discussion_markdown"] == "The chair welcomed members."


def test_draft_minutes_cannot_be_corrected_and_approved_minutes_are_frozen_until_published(meeting, next_meeting, by):
    four_eyes.publish_draft(meeting, by=by)
    with pytest.raises(Conflict):
        four_eyes.publish_correction(meeting, note="x", by=by)
    minutes.record_approval(meeting, next_meeting, by=by)
    with pytest.raises(Conflict):
        governance.save_minutes(meeting.items[0], discussion="changed", by=by)


def test_minutes_reach_the_search_index_through_the_outbox_and_leave_it_when_withdrawn(meeting, next_meeting, by):
    draft = four_eyes.publish_draft(meeting, by=by)
    assert _hits("assessments") == [draft.public_id]
    minutes.record_approval(meeting, next_meeting, by=by)
    four_eyes.publish_approved(meeting, by=by)
    assert _hits("assessments") == [draft.public_id]  # one record, its current version
    minutes.withdraw(meeting, reason="Published in error", by=by)
    assert _hits("assessments") == []


def test_redacted_names_never_reach_the_index(meeting, by):
    governance.save_minutes(meeting.items[0], discussion="Mrs Sarah Thompson asked about transport.", by=by)
    names = minutes.names_to_confirm(meeting)
    record = four_eyes.publish_draft(meeting, redacted_names=names, by=by)
    assert _hits("transport") == [record.public_id]
    assert _hits("Thompson") == []


def test_a_withdrawn_meeting_page_is_a_tombstone(client, meeting, by):
    record = four_eyes.publish_draft(meeting, by=by)
    minutes.withdraw(meeting, reason="Published in error", by=by)
    response = client.get(f"/boards/SIB/meetings/{record.public_id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 410 and "Published in error" in page and "Waiting times" not in page


def test_a_secretary_publishes_a_correction_through_the_page(
    app, client, login_as, csrf_token, meeting, next_meeting, by
):
    record = _published(meeting, next_meeting, by)
    login_as(Role.BOARD_SECRETARY)
    url = f"/governance/meetings/{meeting.id}/publish"
    page = client.get(f"/governance/meetings/{meeting.id}").get_data(as_text=True)
    assert "Ask to publish a correction" in page
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "note": ""})
    assert response.status_code == 200 and "Enter what was corrected" in response.get_data(as_text=True)
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "note": "A typing error in item 2"})
    assert response.status_code == 302
    # Asking publishes nothing: the asker cannot approve it; another board secretary does.
    public = client.get(f"/boards/SIB/meetings/{record.public_id}").get_data(as_text=True)
    assert "Version 3" not in public
    waiting = requests.pending_for("board_meeting", meeting.id)
    review_url = f"/governance/reviews/{waiting.id}"
    assert "You asked for this publication" in client.get(review_url).get_data(as_text=True)
    refused = client.post(review_url, data={"csrf_token": csrf_token(client, review_url)})
    assert refused.status_code == 409 and "another person must review it" in refused.get_data(as_text=True)
    second = app.test_client()
    login_as(Role.BOARD_SECRETARY, client=second)
    assert "Correction of published minutes" in second.get("/governance/reviews").get_data(as_text=True)
    page = second.get(review_url).get_data(as_text=True)
    assert "Approve and publish" in page and "Corrected: A typing error in item 2" in page
    response = second.post(review_url, data={"csrf_token": csrf_token(second, review_url)})
    assert response.status_code == 302
    public = client.get(f"/boards/SIB/meetings/{record.public_id}").get_data(as_text=True)
    assert "Corrected: A typing error in item 2" in public and "Version 3" in public
