"""Board secretaries correct what they recorded before the minutes are approved; every change is audited."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from sqlalchemy import func, select

from panelrecords.models.audit import AuditEvent
from panelrecords.models.boards import AgendaItem, Board, BoardAttendance, BoardDeclaration, BoardMeeting


def _form(client, url: str) -> dict:
    page = client.get(url).get_data(as_text=True)
    return {"csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)}


def _meeting(db, status: str = "held") -> BoardMeeting:
    board = Board(acronym="SIB", name="SEND Improvement Board")
    meeting = BoardMeeting(board=board, starts_at=datetime(2026, 3, 4, 10, tzinfo=UTC), place="Room 1", status=status)
    db.session.add_all([board, meeting])
    db.session.flush()
    return meeting


def _event(db, action: str) -> dict:
    row = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).one()
    return json.loads(row.detail)


def test_secretary_corrects_an_agenda_item_with_before_and_after(client, db, login_as):
    login_as("board_secretary")
    meeting = _meeting(db)
    item = AgendaItem(meeting=meeting, number=1, title="Wating times", presenter="Ann")
    db.session.add(item)
    db.session.flush()
    url = f"/governance/items/{item.id}/edit"
    response = client.post(url, data={**_form(client, url), "title": "Waiting times", "presenter": "Ann"})
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.title == "Waiting times"
    assert _event(db, "board_meeting.item_update") == {
        "item": item.id,
        "before": {"title": "Wating times"},
        "after": {"title": "Waiting times"},
    }


def test_secretary_removes_an_item_an_attendee_and_a_declaration(client, db, login_as):
    login_as("board_secretary")
    meeting = _meeting(db)
    item = AgendaItem(meeting=meeting, number=1, title="Added twice")
    row = BoardAttendance(meeting=meeting, name="Wrong Person", status="present")
    declaration = BoardDeclaration(meeting=meeting, who="Wrong Person", what="Governor")
    db.session.add_all([item, row, declaration])
    db.session.flush()
    for kind, row_id in (("item", item.id), ("attendance", row.id), ("declaration", declaration.id)):
        url = f"/governance/{kind}/{row_id}/remove"
        assert client.post(url, data=_form(client, url)).status_code == 302
    for model in (AgendaItem, BoardAttendance, BoardDeclaration):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0
    assert _event(db, "board_meeting.declaration_remove")["before"]["what"] == "Governor"
    assert _event(db, "board_meeting.attendance_remove")["before"]["name"] == "Wrong Person"


def test_approved_minutes_cannot_be_changed_here(client, db, login_as):
    login_as("board_secretary")
    meeting = _meeting(db, status="minutes_approved")
    item = AgendaItem(meeting=meeting, number=1, title="Waiting times")
    db.session.add(item)
    db.session.flush()
    url = f"/governance/items/{item.id}/edit"
    page = client.post(url, data={**_form(client, url), "title": "Changed"}).get_data(as_text=True)
    assert "These minutes have been approved" in page
    db.session.refresh(item)
    assert item.title == "Waiting times"
