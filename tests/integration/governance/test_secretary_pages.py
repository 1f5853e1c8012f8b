"""A board secretary's pages, through the test client with CSRF on, and what the public then sees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from panelrecords.models.boards import BoardMeeting, BoardMeetingStatus
from panelrecords.models.users import Role
from panelrecords.publishing import governance as requests
from panelrecords.publishing import minutes
from panelrecords.services import governance
from tests.integration.governance import four_eyes

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "minutes.docx"


@pytest.fixture
def secretary(login_as):
    return login_as(Role.BOARD_SECRETARY)


def post(client, csrf_token, url: str, data: dict, **kwargs):
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data}, **kwargs)


def test_a_secretary_builds_a_board_and_a_meeting_through_the_forms(client, db, secretary, csrf_token):
    response = post(
        client,
        csrf_token,
        "/governance/boards/new",
        {"acronym": "sib", "name": "SEND Improvement Board", "description": "Oversees the SEND improvement plan."},
    )
    assert response.status_code == 302
    board = governance.find_board("SIB")
    assert board.acronym == "SIB"

    response = post(
        client,
        csrf_token,
        f"/governance/boards/{board.id}/members/new",
        {
            "name": "Dana Whitfield",
            "organisation": "Example City Council",
            "role": "Chair",
            "from_date": ["1", "9", "2025"],
            "to_date": ["1", "8", "2025"],
        },
    )
    assert response.status_code == 200
    assert "Date they left must be after the date they joined" in response.get_data(as_text=True)
    assert 'class="govuk-error-summary' in response.get_data(as_text=True)

    response = post(
        client,
        csrf_token,
        f"/governance/boards/{board.id}/meetings/new",
        {"day": ["14", "1", "2026"], "start": "2pm", "place": "Council House"},
    )
    assert response.status_code == 302
    meeting = db.session.get(BoardMeeting, int(response.location.rsplit("/", 1)[-1]))
    assert meeting.status == BoardMeetingStatus.SCHEDULED and meeting.starts_at.hour == 14  # GMT in January

    url = f"/governance/meetings/{meeting.id}"
    assert (
        post(
            client, csrf_token, url + "/items/new", {"title": "Waiting times", "presenter": "Head of SEND"}
        ).status_code
        == 302
    )
    for name, status in (("Dana Whitfield", "present"), ("Priya Natt", "apologies"), ("Tom Ashdown", "in_attendance")):
        response = post(
            client,
            csrf_token,
            url + "/attendance/new",
            {"name": name, "organisation": "Example City Council", "role": "Officer", "status": status},
        )
        assert response.status_code == 302
    response = post(
        client, csrf_token, url + "/declarations/new", {"who": "Chair", "what": "Governor of a special school"}
    )
    assert response.status_code == 302

    page = client.get(url).get_data(as_text=True)
    assert "Waiting times" in page and "In attendance" in page and "Governor of a special school" in page
    assert meeting.status == BoardMeetingStatus.HELD


def test_markdown_in_the_minutes_form_is_neutralised_or_refused_with_an_error_summary(
    client, db, secretary, csrf_token, meeting, by
):
    item = meeting.items[0]
    url = f"/governance/items/{item.id}/minutes"
    response = post(client, csrf_token, url, {"discussion": "x" * 100_001})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="govuk-error-summary' in page and "<title>Error: " in page
    assert "100,000 characters or fewer" in page

    hostile = (
        "<script>alert('x')</script>\n\n[click](javascript:alert(1))\n\n<img src=x onerror=alert(1)>\n\n"
        '<a href="javascript:alert(2)">raw link</a> and <b>raw bold</b>'
    )
    assert post(client, csrf_token, url, {"discussion": hostile}).status_code == 302
    record = four_eyes.publish_draft(meeting, by=by)
    body = client.get(f"/boards/SIB/meetings/{record.public_id}").get_data(as_text=True)
    body = body.split("<main", 1)[1].split("</main>", 1)[0]
    # Shown as text, never as markup: no script, no image with a handler, no javascript: link, no raw tags.
    assert "<script" not in body and "<img" not in body and "<b>" not in body
    assert not re.search(r"<a\b[^>]*javascript", body, re.I)
    assert "&lt;script&gt;" in body and "raw bold" in body


def test_publish_draft_approve_and_publish_through_the_pages(
    app, client, db, secretary, login_as, csrf_token, meeting, next_meeting, by
):
    governance.save_minutes(
        meeting.items[0], discussion="Ms Harriet Oyelaran raised a question about transport.", by=by
    )
    url = f"/governance/meetings/{meeting.id}/publish"
    page = client.get(url).get_data(as_text=True)
    assert "Harriet Oyelaran" in page and "Names to redact" in page

    # The secretary asks without redacting; a second person reviews the names.
    assert post(client, csrf_token, url, {}).status_code == 302
    assert minutes.history(meeting) == []  # asking publishes nothing
    reviewer = app.test_client()
    login_as(Role.BOARD_SECRETARY, client=reviewer)
    waiting = requests.pending_for("board_meeting", meeting.id)
    review_url = f"/governance/reviews/{waiting.id}"
    assert "Draft minutes, subject to approval" in reviewer.get("/governance/reviews").get_data(as_text=True)
    page = reviewer.get(review_url).get_data(as_text=True)
    assert "Harriet Oyelaran" in page and "Names that may be published" in page
    response = post(reviewer, csrf_token, review_url, {})
    assert response.status_code == 409
    assert "Confirm that these names may be published, or redact them" in response.get_data(as_text=True)
    response = post(reviewer, csrf_token, f"{review_url}/send-back", {"back-comments": ""})
    assert response.status_code == 400 and "Enter what needs to change" in response.get_data(as_text=True)
    response = post(reviewer, csrf_token, f"{review_url}/send-back", {"back-comments": "Redact the parent's name"})
    assert response.status_code == 302 and minutes.history(meeting) == []

    name = minutes.names_to_confirm(meeting)[0]
    assert post(client, csrf_token, url, {"redact": [name]}).status_code == 302
    waiting = requests.pending_for("board_meeting", meeting.id)
    assert post(reviewer, csrf_token, f"/governance/reviews/{waiting.id}", {}).status_code == 302
    record = minutes.history(meeting)[-1]
    assert "Oyelaran" not in str(record.facts) and "[name]" in record.texts["minutes"]
    assert "Oyelaran" in meeting.items[0].discussion  # the restricted minutes keep it
    assert record.published_by_id == secretary.id and record.reviewed_by_id != secretary.id

    public = client.get(f"/boards/SIB/meetings/{record.public_id}").get_data(as_text=True)
    assert "Draft — subject to approval" in public and "Oyelaran" not in public

    response = post(client, csrf_token, f"/governance/meetings/{meeting.id}/approve", {"approving_meeting": ""})
    assert "Select the meeting that approved them" in response.get_data(as_text=True)
    response = post(
        client, csrf_token, f"/governance/meetings/{meeting.id}/approve", {"approving_meeting": str(next_meeting.id)}
    )
    assert response.status_code == 302
    assert post(client, csrf_token, url, {"redact": [name]}).status_code == 302
    waiting = requests.pending_for("board_meeting", meeting.id)
    assert post(reviewer, csrf_token, f"/governance/reviews/{waiting.id}", {}).status_code == 302
    db.session.expire_all()
    assert meeting.status == BoardMeetingStatus.PUBLISHED

    public = client.get(f"/boards/SIB/meetings/{record.public_id}").get_data(as_text=True)
    assert "Approved at the meeting on 11 February 2026" in public
    assert "Draft — subject to approval" in public  # the history names the draft version
    assert "Version 1" in public and "Version 2" in public
    old = client.get(f"/boards/SIB/meetings/{record.public_id}?version=1").get_data(as_text=True)
    assert "an earlier version of these minutes" in old


def test_the_public_meeting_page_shows_attendance_declarations_items_decisions_and_actions(client, meeting, by):
    from panelrecords.services import board_actions

    action = meeting.items[1].actions[0]
    record = four_eyes.publish_draft(meeting, by=by)
    board_actions.update_action(action, status="done", text="Published on the council website", by=by)
    four_eyes.publish_draft(meeting, by=by)  # the update's words are public once a second person approves
    page = client.get(f"/boards/SIB/meetings/{record.public_id}").get_data(as_text=True)
    assert "Alex Chair" in page and "Not named" in page and "Jo Parent" not in page
    assert "Governor of a special school" in page
    assert "1. Welcome" in page and "2. Waiting times" in page
    assert "<strong>late</strong>" in page and "<li>62% on time</li>" in page
    assert "Publish monthly figures" in page and "Review in March" in page
    assert "SIB-2026-001" in page
    # The action's status now, not as it was when the minutes were published.
    assert "Done</strong>" in page and "Published on the council website" in page


def test_the_public_board_page_lists_meetings_and_open_and_overdue_actions(client, meeting, board, by):
    from datetime import date

    from panelrecords.services import board_actions

    board_actions.add_action(
        meeting.items[0], description="Write to every school", owner="Head of SEND", due=date(2020, 1, 1), by=by
    )
    done = board_actions.add_action(meeting.items[0], description="Book a venue", owner="Secretary", by=by)
    board_actions.update_action(done, status="done", text="Booked", by=by)
    record = four_eyes.publish_draft(meeting, by=by)
    response = client.get("/boards/SIB")
    assert "Set-Cookie" not in response.headers
    page = response.get_data(as_text=True)
    assert record.public_id in page and "14 January 2026" in page
    assert "Write to every school" in page and "Overdue</strong>" in page
    assert "Publish monthly figures" in page and "Open</strong>" in page
    assert "Book a venue" not in page
    log = client.get("/boards/SIB/actions?status=done").get_data(as_text=True)
    assert "Book a venue" in log and "Booked" in log
    assert client.get("/boards/SIB/actions?status=nonsense").status_code == 404
    assert "SEND Improvement Board" in client.get("/boards").get_data(as_text=True)


def test_imported_docx_is_reviewed_before_anything_is_saved(client, db, secretary, csrf_token, meeting):
    before = len(meeting.items)
    url = f"/governance/meetings/{meeting.id}/import"
    response = client.post(
        url,
        data={"csrf_token": csrf_token(client, url), "document": (FIXTURE.open("rb"), "minutes.docx")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Waiting times for assessments" in page and "Any other business" in page
    db.session.refresh(meeting)
    assert len(meeting.items) == before  # nothing saved yet

    fields = dict(re.findall(r'name="(items-\d+-(?:title|presenter))"[^>]*value="([^"]*)"', page))
    data = {
        "csrf_token": csrf_token(client, url),
        "items-0-title": fields["items-0-title"],
        "items-0-presenter": fields["items-0-presenter"],
        "items-0-discussion": "The chair welcomed members.",
        "items-0-keep": "y",
        "items-1-title": "Waiting times (edited)",
        "items-1-discussion": "Edited in review.",
        "items-1-decisions": "publish the figures every month",
        "items-1-keep": "y",
        "items-2-title": "Any other business",
        "items-2-discussion": "None.",
    }
    response = client.post(url + "/save", data=data)
    assert response.status_code == 302
    db.session.refresh(meeting)
    titles = [item.title for item in meeting.items][before:]
    assert titles == ["Welcome and apologies", "Waiting times (edited)"]
    assert meeting.items[before + 1].decision_lines == ["publish the figures every month"]


def test_a_disguised_file_gets_a_clear_error_on_the_import_form(client, secretary, csrf_token, meeting):
    url = f"/governance/meetings/{meeting.id}/import"
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "document": (__import__("io").BytesIO(b"PK\x03\x04 not really a zip"), "minutes.docx"),
        },
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'class="govuk-error-summary' in page
    assert "The file must be a Word document (.docx) that opens" in page


def test_a_secretary_changes_the_board_and_records_when_a_member_left(client, secretary, csrf_token, board):
    member = board.members[0]
    url = f"/governance/members/{member.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'value="Alex Chair"' in page
    data = {"name": "Alex <b>Chair</b>", "organisation": "The council", "role": "Chair", "to_date": ["31", "3", "2026"]}
    assert post(client, csrf_token, url, data).status_code == 302
    assert member.to_date.isoformat() == "2026-03-31"
    page = client.get(f"/governance/boards/{board.id}").get_data(as_text=True)
    assert "to 31 March 2026" in page and "Alex &lt;b&gt;Chair&lt;/b&gt;" in page and "<b>Chair" not in page

    url = f"/governance/boards/{board.id}/edit"
    assert "Short name" not in client.get(url).get_data(as_text=True)
    response = post(client, csrf_token, url, {"name": "SEND Improvement Board", "description": "Ring 07700 900123"})
    assert "Remove the personal details" in response.get_data(as_text=True)
    data = {"name": "SEND Improvement Board", "terms_of_reference": "## Purpose\n\nTo **improve** SEND."}
    response = post(client, csrf_token, url, data)
    assert response.status_code == 302 and "profile_requested" in response.headers["Location"]
    # Saved, not public: the public page changes when a second person approves.
    assert "<strong>improve</strong>" not in client.get("/boards/SIB").get_data(as_text=True)
    assert "waiting for a second person" in client.get(f"/governance/boards/{board.id}").get_data(as_text=True)
    waiting = requests.pending_for("board", board.id)
    own = post(client, csrf_token, f"/governance/reviews/{waiting.id}", {})
    assert own.status_code == 409 and "another person must review it" in own.get_data(as_text=True)
    requests.approve(waiting, by=four_eyes.second_person())
    public = client.get("/boards/SIB").get_data(as_text=True)
    assert "<strong>improve</strong>" in public


def test_a_secretary_adds_an_action_and_drops_it_with_a_reason(client, secretary, csrf_token, meeting, by):
    item = meeting.items[0]
    url = f"/governance/items/{item.id}/actions/new"
    data = {"description": "Survey families about transport", "owner": "Head of SEND", "due": ["1", "3", "2026"]}
    assert post(client, csrf_token, url, data).status_code == 302
    action = item.actions[-1]
    url = f"/governance/actions/{action.id}"
    response = post(client, csrf_token, url, {"status": "dropped", "text": ""})
    page = response.get_data(as_text=True)
    assert 'class="govuk-error-summary' in page and "Enter why the action was dropped" in page
    reason = "The national survey covers the same questions"
    assert post(client, csrf_token, url, {"status": "dropped", "text": reason}).status_code == 302
    assert action.status == "dropped" and action.dropped_reason == reason
    four_eyes.publish_draft(meeting, by=by)
    log = client.get("/boards/SIB/actions?status=dropped").get_data(as_text=True)
    assert "Survey families about transport" in log and reason in log


def test_the_list_of_boards_links_to_each_board_and_escapes_its_name(client, secretary, board, by):
    governance.update_board(board, name="SEND <i>Improvement</i> Board", description="", terms_of_reference="", by=by)
    page = client.get("/governance/").get_data(as_text=True)
    assert (
        f'<a class="govuk-link" href="/governance/boards/{board.id}">SEND &lt;i&gt;Improvement&lt;/i&gt; Board</a>'
        in page
    )


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"items-0-title": "", "items-0-discussion": "Text", "items-0-keep": "y"}, "Enter the title of the item"),
        (
            {"items-0-title": "Finance", "items-0-discussion": "x" * 100_001, "items-0-keep": "y"},
            "100,000 characters or fewer",
        ),
        ({"items-0-title": "Finance", "items-0-discussion": "Text"}, "The document has no agenda items to save"),
    ],
    ids=["no-title", "enormous", "none-kept"],
)
def test_the_import_review_shows_errors_in_the_summary(client, secretary, csrf_token, meeting, item, message):
    before = len(meeting.items)
    url = f"/governance/meetings/{meeting.id}/import"
    response = client.post(url + "/save", data={"csrf_token": csrf_token(client, url), **item})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'class="govuk-error-summary' in page and message in page
    assert len(meeting.items) == before
