"""Back, then submit again: a form's one-time token means the second submission writes nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import partial

from sqlalchemy import func, select

from panelrecords.models.boards import AgendaItem, Board, BoardMeeting
from panelrecords.models.decisions import Decision, Observation
from panelrecords.models.panels import Attendance
from tests.concurrency import together
from tests.factories import assign_parent_rep, make_case, make_decision, make_meeting, make_reference_data


def _form(client, url: str) -> dict:
    page = client.get(url).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    once = re.search(r'name="form_once" value="([^"]+)"', page).group(1)
    return {"csrf_token": csrf, "form_once": once}


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _twice(client, url: str, data: dict):
    tokens = _form(client, url)
    first = client.post(url, data={**tokens, **data})
    second = client.post(url, data={**tokens, **data})  # the back button keeps the page, and its token
    assert first.status_code == 302, first.get_data(as_text=True)[:2000]
    assert second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    return first


def test_resubmitting_an_attendee_adds_one_row(client, db, login_as):
    login_as("clerk")
    meeting = make_meeting(db)
    data = {"name": "Eve Education", "sector": "education", "role": "member", "status": "present", "voting": "yes"}
    data["consent"] = "default"
    _twice(client, f"/records/meetings/{meeting.id}/attendees/new", data)
    assert _count(db, Attendance) == 1
    # a new visit to the form is a new token: a second, deliberate attendee is still possible
    tokens = _form(client, f"/records/meetings/{meeting.id}/attendees/new")
    again = client.post(f"/records/meetings/{meeting.id}/attendees/new", data={**tokens, **data, "name": "Hal"})
    assert again.status_code == 302 and _count(db, Attendance) == 2


def test_resubmitting_a_decision_records_one_decision(client, db, login_as):
    login_as("clerk")
    make_reference_data(db)
    meeting, case = make_meeting(db, status="held"), make_case(db)
    url = f"/records/meetings/{meeting.id}/decisions/new/assess?case={case.reference}"
    data = {
        "outcome": "agreed",
        "decision_maker_name": "Dana Decider",
        "decision_maker_role": "Head of SEND",
        "limb_a_finding": "met",
        "limb_a_reasons": "Needs described.",
    }
    _twice(client, url, data)
    assert _count(db, Decision) == 1


def test_resubmitting_an_observation_adds_one(client, db, login_as):
    rep = login_as("parent_rep")
    meeting = make_meeting(db, status="held")
    decision = make_decision(db, meeting=meeting)
    assign_parent_rep(db, meeting, rep, acknowledged=True)
    _twice(client, f"/records/your-meetings/decisions/{decision.id}/observations/new", {"text": "Felt heard."})
    assert _count(db, Observation) == 1


def test_resubmitting_an_agenda_item_adds_one(client, db, login_as):
    login_as("board_secretary")
    board = Board(acronym="SIB", name="SEND Improvement Board")
    meeting = BoardMeeting(board=board, starts_at=datetime(2026, 3, 4, 10, tzinfo=UTC), place="Room 1")
    db.session.add_all([board, meeting])
    db.session.flush()
    _twice(client, f"/governance/meetings/{meeting.id}/items/new", {"title": "Waiting times", "presenter": "Ann"})
    assert _count(db, AgendaItem) == 1


def test_the_same_agenda_item_twice_is_refused_by_its_natural_key(client, db, login_as, csrf_token):
    login_as("board_secretary")
    board = Board(acronym="SIB", name="SEND Improvement Board")
    meeting = BoardMeeting(board=board, starts_at=datetime(2026, 3, 4, 10, tzinfo=UTC), place="Room 1")
    db.session.add_all([board, meeting, AgendaItem(meeting=meeting, number=1, title="Waiting times")])
    db.session.flush()
    url = f"/governance/meetings/{meeting.id}/items/new"
    page = client.post(url, data={**_form(client, url), "title": "waiting times"}).get_data(as_text=True)
    assert "is already on the agenda as item 1" in page
    assert _count(db, AgendaItem) == 1


def test_a_form_sent_twice_at_the_same_moment_adds_one_row(app, client, db, login_as):
    """A double click: two requests with the same token at once, from two connections of one browser."""

    login_as("clerk")
    meeting = make_meeting(db)
    url = f"/records/meetings/{meeting.id}/attendees/new"
    data = {"name": "Eve Education", "sector": "education", "role": "member", "status": "present", "voting": "yes"}
    data["consent"] = "default"
    for trial in range(10):
        tokens = _form(client, url)
        twin = app.test_client()
        twin.set_cookie("panelrecords_session", client.get_cookie("panelrecords_session").value)

        def send(browser, tokens=tokens, trial=trial):
            response = browser.post(url, data={**tokens, **data, "name": f"Attendee {trial}"})
            return response.status_code, response.headers.get("Location")

        statuses = together(partial(send, client), partial(send, twin))
        assert [status for status, _location in statuses] == [302, 302], statuses
        assert statuses[0][1] == statuses[1][1]  # both sent where the one that did the work went
        db.session.expire_all()
        assert _count(db, Attendance) == trial + 1
