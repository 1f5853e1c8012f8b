"""The publication pages with a real client: the workflow end to end, and bad or crafted input.

Every bad post must answer with a GOV.UK error (an error summary, or an error page), publish nothing and lose
nothing: the draft's fields, spans and removals are exactly as before.
"""

from __future__ import annotations

import copy
import re

import pytest
from sqlalchemy import func, select

from panelrecords.models.published import PublishedRecord
from panelrecords.models.users import Role
from panelrecords.publishing import decisions, drafts
from tests.integration.publication.helpers import closed_decision

BASE = "/records/publication"
ONE_MB = "x" * 1_048_576


@pytest.fixture
def clerk_and_reviewer(app, client, login_as):
    reviewer_client = app.test_client()
    clerk = login_as(Role.CLERK, email="clerk@example.org")
    reviewer = login_as(Role.REVIEWER, client=reviewer_client, email="reviewer@example.org")
    return client, reviewer_client, clerk, reviewer


def _token(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page).group(1)


def _prepare(db, client):
    decision = closed_decision(db)
    db.session.commit()
    token = _token(client, f"{BASE}/")
    response = client.post(f"{BASE}/decisions/{decision.id}/prepare", data={"csrf_token": token})
    assert response.status_code == 302
    draft_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    return decision, drafts.get_draft(draft_id), token


def _state(db, draft):
    db.session.expire_all()
    return copy.deepcopy((draft.status, draft.fields, draft.spans, draft.removed_spans, draft.display))


def _published(db) -> int:
    return db.session.scalar(select(func.count(PublishedRecord.id)))


def _error_summary(page: str) -> str:
    assert "govuk-error-summary" in page, page[:3000]
    return " ".join(re.sub(r"<[^>]+>", " ", page[page.index("govuk-error-summary") :][:2500]).split())


def test_clerk_prepares_and_submits_reviewer_approves_through_the_pages(db, clerk_and_reviewer):
    clerk_client, reviewer_client, _clerk, _reviewer = clerk_and_reviewer
    decision, draft, token = _prepare(db, clerk_client)
    page = clerk_client.get(f"{BASE}/drafts/{draft.id}").get_data(as_text=True)
    # Side by side: the original with each span highlighted and its category, and the text to be published.
    assert "Original (restricted)" in page and "To be published" in page
    assert re.search(r'<mark class="app-redaction-span" data-category="child">Jamie</mark>', page)
    assert "(postcode, known)" in page
    # A manual redaction by exact text, and one by character offsets (no JavaScript needed for either).
    response = clerk_client.post(
        f"{BASE}/drafts/{draft.id}/redact",
        data={"csrf_token": token, "field": "reasons", "text": "needs are not met", "category": "other"},
    )
    assert response.status_code == 302
    evidence = next(k for k in draft.fields if k.startswith("evidence-"))
    start = draft.fields[evidence]["original"].index("March 2026")
    response = clerk_client.post(
        f"{BASE}/drafts/{draft.id}/redact",
        data={"csrf_token": token, "field": evidence, "start": start, "end": start + 10, "category": "other"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert "[redacted]" in draft.fields["reasons"]["redacted"]
    assert "March 2026" not in draft.fields[evidence]["redacted"]
    response = clerk_client.post(f"{BASE}/drafts/{draft.id}/submit", data={"csrf_token": token})
    assert response.status_code == 302

    # The clerk cannot review; the reviewer can.
    assert clerk_client.get(f"{BASE}/drafts/{draft.id}/review").status_code == 403
    review_token = _token(reviewer_client, f"{BASE}/drafts/{draft.id}/review")
    response = reviewer_client.post(
        f"{BASE}/drafts/{draft.id}/review", data={"csrf_token": review_token, "decision": "approve"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    record = decisions.live_record(decision)
    public = reviewer_client.get(f"/decisions/{record.public_id}").get_data(as_text=True)
    main = public[public.index("<main") :]
    assert "[child]" in main and "Jamie" not in main and "[redacted]" in main


def test_removing_a_known_span_on_the_page_makes_the_gate_refuse_approval(db, clerk_and_reviewer):
    clerk_client, reviewer_client, _clerk, _reviewer = clerk_and_reviewer
    _decision, draft, token = _prepare(db, clerk_client)
    span = next(s for s in draft.spans_for("reasons") if s["source"] == "known" and s["category"] == "postcode")
    url = f"{BASE}/drafts/{draft.id}/remove?field=reasons&start={span['start']}&end={span['end']}"
    page = clerk_client.get(url).get_data(as_text=True)
    assert "the leak gate will stop publication" in page
    data = {"csrf_token": token, "field": "reasons", "start": span["start"], "end": span["end"]}
    response = clerk_client.post(f"{BASE}/drafts/{draft.id}/remove", data={**data, "reason": "It is the office"})
    assert response.status_code == 302
    page = clerk_client.get(f"{BASE}/drafts/{draft.id}").get_data(as_text=True)
    assert "The leak gate still finds 1 identifier" in page
    clerk_client.post(f"{BASE}/drafts/{draft.id}/submit", data={"csrf_token": token})
    review_token = _token(reviewer_client, f"{BASE}/drafts/{draft.id}/review")
    response = reviewer_client.post(
        f"{BASE}/drafts/{draft.id}/review", data={"csrf_token": review_token, "decision": "approve"}
    )
    assert response.status_code == 400
    assert "Publication stopped" in _error_summary(response.get_data(as_text=True))
    assert _published(db) == 0
    db.session.expire_all()
    assert draft.status == "submitted" and draft.removed_spans[0]["reason"] == "It is the office"


def test_a_reviewer_who_prepared_the_draft_cannot_approve_it_on_the_page(db, app, client, login_as):
    login_as(Role.CLERK, Role.REVIEWER)
    _decision, draft, token = _prepare(db, client)
    client.post(f"{BASE}/drafts/{draft.id}/submit", data={"csrf_token": token})
    page = client.get(f"{BASE}/drafts/{draft.id}/review").get_data(as_text=True)
    assert "You prepared or changed this draft" in page
    response = client.post(f"{BASE}/drafts/{draft.id}/review", data={"csrf_token": token, "decision": "approve"})
    assert response.status_code == 400
    assert "another reviewer must review it" in _error_summary(response.get_data(as_text=True))
    assert _published(db) == 0


BAD_REDACTIONS = [
    ({"field": "reasons", "text": "", "start": "", "end": ""}, "Enter the text to redact, or its start and end"),
    ({"field": "reasons", "text": "   "}, "Enter the text to redact, or its start and end"),
    ({"field": "reasons", "text": ONE_MB}, "1,000 characters or fewer"),
    ({"field": "reasons", "text": "Jamie\x00\x07"}, "must not contain control characters"),
    ({"field": "reasons", "text": "words that are not there"}, "was not found"),
    ({"field": "reasons", "start": "30", "end": "10"}, "The start must be before the end"),
    ({"field": "reasons", "start": "0", "end": "99999"}, "The start must be before the end"),
    ({"field": "reasons", "start": "5", "end": "5"}, "The start must be before the end"),
    ({"field": "reasons", "start": "-3", "end": "4"}, "Enter the start as a whole number"),
    ({"field": "reasons", "start": "1e3", "end": "4"}, "Enter the start as a whole number"),
    ({"field": "reasons", "start": "3", "end": "four"}, "Enter the end as a whole number"),
    ({"field": "reasons", "start": "9" * 40, "end": "4"}, "Enter the start as a whole number"),
    ({"field": "secret-field", "text": "Jamie"}, "Select the field to redact"),
    ({"field": "", "text": "Jamie"}, "Select the field to redact"),
    ({"field": "reasons", "text": "Jamie", "category": "nonsense"}, "Select what the redacted text is"),
]


def test_bad_or_crafted_redactions_get_a_clear_error_and_change_nothing(db, client, login_as):
    login_as(Role.CLERK)
    _decision, draft, token = _prepare(db, client)
    before = _state(db, draft)
    for data, message in BAD_REDACTIONS:
        response = client.post(
            f"{BASE}/drafts/{draft.id}/redact", data={"csrf_token": token, "category": "other", **data}
        )
        assert response.status_code == 400, data
        assert message in _error_summary(response.get_data(as_text=True)), data
        assert _state(db, draft) == before
    assert _published(db) == 0


def test_overlapping_manual_redactions_merge_and_never_uncover_anything(db, client, login_as):
    login_as(Role.CLERK)
    clerk_client = client
    _decision, draft, token = _prepare(db, clerk_client)
    known = [(s["start"], s["end"]) for s in draft.spans_for("reasons")]
    for start, end in ((2, 40), (30, 60), (0, 5)):
        response = clerk_client.post(
            f"{BASE}/drafts/{draft.id}/redact",
            data={"csrf_token": token, "field": "reasons", "start": start, "end": end, "category": "other"},
        )
        assert response.status_code == 302
    db.session.expire_all()
    spans = draft.spans_for("reasons")
    assert all(a["end"] <= b["start"] for a, b in zip(spans, spans[1:], strict=False))  # no overlaps
    covered = {i for s in spans for i in range(s["start"], s["end"])}
    assert all(i in covered for start, end in known for i in range(start, end))  # nothing uncovered
    assert set(range(0, 60)) <= covered
    assert drafts.gate_hits(draft) == []


BAD_REMOVALS = [
    {"field": "reasons", "start": "0", "end": "1"},  # no such span
    {"field": "reasons", "start": "x", "end": "y"},
    {"field": "nowhere", "start": "0", "end": "5"},
    {"field": "reasons"},
]


def test_crafted_removals_are_refused_and_change_nothing(db, client, login_as):
    login_as(Role.CLERK)
    _decision, draft, token = _prepare(db, client)
    before = _state(db, draft)
    for data in BAD_REMOVALS:
        response = client.post(f"{BASE}/drafts/{draft.id}/remove", data={"csrf_token": token, "reason": "x", **data})
        assert response.status_code == 404, data
        assert _state(db, draft) == before
    span = draft.spans_for("reasons")[0]
    for reason, message in (
        ("", "Enter why this is not an identifier"),
        (ONE_MB, "1,000 characters or fewer"),
        ("Not a name\x1b[31m", "must not contain control characters"),
    ):
        data = {"csrf_token": token, "field": "reasons", "start": span["start"], "end": span["end"], "reason": reason}
        response = client.post(f"{BASE}/drafts/{draft.id}/remove", data=data)
        assert response.status_code == 400
        assert message in _error_summary(response.get_data(as_text=True))
        assert _state(db, draft) == before


def test_crafted_display_choices_cannot_name_people_who_did_not_consent(db, client, login_as):
    login_as(Role.CLERK)
    clerk_client = client
    decision, draft, token = _prepare(db, clerk_client)
    parent_rep = next(a for a in decision.meeting.attendees if a.role == "parent_rep")
    before = _state(db, draft)
    for data, message in (
        ({f"attendance-{parent_rep.id}": "named"}, "has not consented to be named"),
        ({f"attendance-{parent_rep.id}": "shouted"}, "Choose how each person listed appears"),
        ({"decision_maker": "named"}, "The decision maker has not consented to be named"),
    ):
        response = clerk_client.post(f"{BASE}/drafts/{draft.id}/display", data={"csrf_token": token, **data})
        assert response.status_code == 400
        assert message in _error_summary(response.get_data(as_text=True))
        assert _state(db, draft) == before


def test_review_input_is_checked_and_nothing_is_published(db, clerk_and_reviewer):
    clerk_client, reviewer_client, _clerk, _reviewer = clerk_and_reviewer
    _decision, draft, token = _prepare(db, clerk_client)
    clerk_client.post(f"{BASE}/drafts/{draft.id}/submit", data={"csrf_token": token})
    review_token = _token(reviewer_client, f"{BASE}/drafts/{draft.id}/review")
    before = _state(db, draft)
    for data, message in (
        ({}, "Select whether to approve the draft or send it back"),
        ({"decision": "publish-anyway"}, "Not a valid choice"),
        ({"decision": "send_back", "comments": ""}, "Enter what needs to change"),
        ({"decision": "send_back", "comments": ONE_MB}, "5,000 characters or fewer"),
        ({"decision": "send_back", "comments": "Fix\x00this"}, "must not contain control characters"),
    ):
        response = reviewer_client.post(f"{BASE}/drafts/{draft.id}/review", data={"csrf_token": review_token, **data})
        assert response.status_code == 400
        assert message in _error_summary(response.get_data(as_text=True))
        assert _state(db, draft) == before
    assert _published(db) == 0


def test_a_decision_field_too_long_to_redact_is_refused_with_a_clear_page(db, client, login_as):
    login_as(Role.CLERK)
    clerk_client = client
    decision = closed_decision(db, reasons="The panel noted. " * 70_000)  # 1.2 million characters
    db.session.commit()
    token = _token(clerk_client, f"{BASE}/")
    response = clerk_client.post(f"{BASE}/decisions/{decision.id}/prepare", data={"csrf_token": token})
    assert response.status_code == 400
    assert "too long to publish" in response.get_data(as_text=True)
    assert drafts.open_draft(decision) is None and _published(db) == 0
    assert decision.reasons.startswith("The panel noted.")  # the record itself is untouched


def test_withdrawal_on_the_page_is_immediate_checked_and_leaves_search(db, clerk_and_reviewer):
    from panelrecords.search.backend import get_backend

    clerk_client, reviewer_client, _clerk, _reviewer = clerk_and_reviewer
    decision, draft, token = _prepare(db, clerk_client)
    clerk_client.post(f"{BASE}/drafts/{draft.id}/submit", data={"csrf_token": token})
    review_token = _token(reviewer_client, f"{BASE}/drafts/{draft.id}/review")
    reviewer_client.post(f"{BASE}/drafts/{draft.id}/review", data={"csrf_token": review_token, "decision": "approve"})
    record = decisions.live_record(decision)
    assert record.public_id in get_backend().public_ids()
    url = f"{BASE}/decisions/{decision.id}/withdraw"
    for reason, message in (
        ("", "Enter why the record is being withdrawn"),
        ("It named Jamie Example", "leave out anything that could identify the family"),
        ("Bad\x00reason", "must not contain control characters"),
        (ONE_MB, "5,000 characters or fewer"),
    ):
        response = reviewer_client.post(url, data={"csrf_token": review_token, "reason": reason})
        assert response.status_code == 400
        assert message in _error_summary(response.get_data(as_text=True))
        assert decisions.live_record(decision) is not None
    response = reviewer_client.post(url, data={"csrf_token": review_token, "reason": "A detail was too specific"})
    assert response.status_code == 302
    assert reviewer_client.get(f"/decisions/{record.public_id}").status_code == 410
    assert record.public_id not in get_backend().public_ids()
    # Publishing again needs a new draft and the full review.
    response = clerk_client.post(f"{BASE}/decisions/{decision.id}/prepare", data={"csrf_token": token})
    assert response.status_code == 302
    assert drafts.open_draft(decision).status == "draft"
