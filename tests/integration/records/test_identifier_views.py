"""Every view of a case's identifiers is audited: who, when, from where, and on which page or API call."""

from __future__ import annotations

import json

from sqlalchemy import select

from panelrecords.models.audit import AuditEvent
from panelrecords.models.users import Role
from panelrecords.services import Actor, api_tokens
from tests.factories import make_case, make_user


def _views(db) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "case.view_identifiers")))


def test_opening_a_case_page_is_audited(client, db, login_as):
    case = make_case(db, reference="C-VIEW01")
    db.session.commit()
    user = login_as(Role.REVIEWER)
    page = client.get(f"/records/cases/{case.id}").get_data(as_text=True)
    assert "Jamie Example" in page
    [event] = _views(db)
    assert (event.actor_id, event.object_id, json.loads(event.detail)["where"]) == (user.id, str(case.id), "case page")
    client.get(f"/records/cases/{case.id}")
    assert len(_views(db)) == 2  # every view, not only the first


def test_reading_a_case_through_the_api_is_audited(client, db):
    case = make_case(db, reference="C-VIEW02")
    user = make_user(db, roles=["clerk"], email="api-view@example.org")
    token = api_tokens.issue_token(user, by=Actor.system("test"))
    db.session.commit()
    response = client.get("/api/restricted/v1/cases/C-VIEW02", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.get_json()["identifiers"]["child"] == ["Jamie Example"]
    [event] = _views(db)
    assert event.actor_id == user.id and event.object_id == str(case.id)
    assert json.loads(event.detail)["where"] == "restricted API"
