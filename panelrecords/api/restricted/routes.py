"""Routes of the restricted integration API. Every request needs ``Authorization: Bearer TOKEN``.

The API calls the same services as the forms, so validation, permissions and audit are the same.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, g, jsonify, request
from marshmallow import ValidationError

from panelrecords.api.restricted import schemas
from panelrecords.api.restricted.openapi import document
from panelrecords.errors import DomainError
from panelrecords.models.users import Role
from panelrecords.services import Actor, api_tokens, cases, decisions, recording
from panelrecords.services.decisions import LimbAnswer

bp = Blueprint("restricted_api", __name__, url_prefix="/api/restricted/v1")
WRITERS = (Role.CLERK, Role.ADMIN)


def _error(status: int, code: str, message: str, **extra):
    return jsonify(error=code, message=message, **extra), status


@bp.before_request
def authenticate():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    user = api_tokens.user_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        response = _error(401, "unauthorised", "Send a valid API token: Authorization: Bearer TOKEN")
        response[0].headers["WWW-Authenticate"] = 'Bearer realm="panelrecords"'
        return response
    g.api_user = user
    return None


def roles(*allowed: Role) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not g.api_user.has_role(*allowed):
                return _error(403, "forbidden", "Your account does not have a role that can do this")
            return view(*args, **kwargs)

        return wrapped

    return decorator


def actor() -> Actor:
    return Actor.of(g.api_user, request.remote_addr)


@bp.errorhandler(ValidationError)
def invalid_body(error: ValidationError):
    return _error(400, "invalid", "The request body is not valid", fields=error.messages)


@bp.errorhandler(DomainError)
def refused(error: DomainError):
    return _error(error.status, error.code, error.message, field=error.field)


def _body(schema):
    return schema.load(request.get_json(silent=True) or {})


def _meeting_out(meeting):
    check = recording.quorum(meeting)
    data = schemas.MeetingOut().dump(meeting)
    data.update(quorate=check.is_quorate, quorum_missing=check.missing)
    return data


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())


@bp.post("/meetings")
@roles(*WRITERS)
def create_meeting():
    body = _body(schemas.MeetingIn())
    panel = recording.get_panel(body.pop("panel_id"))
    meeting = recording.schedule_meeting(panel, **body, by=actor())
    data = _meeting_out(meeting)
    data["warnings"] = recording.scheduling_warnings(meeting.starts_at, meeting.ends_at)
    return jsonify(data), 201


@bp.get("/meetings/<int:meeting_id>")
@roles(*WRITERS)
def get_meeting(meeting_id: int):
    return jsonify(_meeting_out(recording.get_meeting(meeting_id)))


@bp.post("/meetings/<int:meeting_id>/attendees")
@roles(*WRITERS)
def add_attendee(meeting_id: int):
    meeting = recording.get_meeting(meeting_id)
    attendee = recording.add_attendee(meeting, **_body(schemas.AttendeeIn()), by=actor())
    return jsonify(schemas.AttendeeOut().dump(attendee)), 201


@bp.post("/meetings/<int:meeting_id>/held")
@roles(*WRITERS)
def mark_held(meeting_id: int):
    meeting = recording.get_meeting(meeting_id)
    recording.mark_held(meeting, by=actor())
    return jsonify(_meeting_out(meeting))


@bp.post("/meetings/<int:meeting_id>/close")
@roles(*WRITERS)
def close_meeting(meeting_id: int):
    meeting = recording.get_meeting(meeting_id)
    recording.close_meeting(meeting, **_body(schemas.CloseIn()), by=actor())
    return jsonify(_meeting_out(meeting))


@bp.post("/cases")
@roles(*WRITERS)
def create_case():
    case = cases.create_case(**_body(schemas.CaseIn()), by=actor())
    return jsonify(schemas.CaseOut().dump(case)), 201


@bp.get("/cases/<reference>")
@roles(*WRITERS)
def get_case(reference: str):
    return jsonify(schemas.CaseOut().dump(cases.find_case(reference)))


@bp.post("/meetings/<int:meeting_id>/decisions")
@roles(*WRITERS)
def create_decision(meeting_id: int):
    meeting = recording.get_meeting(meeting_id)
    decisions.install_defaults(by=actor())
    body = _body(schemas.DecisionIn())
    body["findings"] = {key: LimbAnswer(v["finding"], v["reasons"]) for key, v in body["findings"].items()}
    body["evidence"] = [(item["kind"], item["description"]) for item in body["evidence"]]
    decision = decisions.record_decision(meeting, **body, by=actor())
    return jsonify(schemas.DecisionOut().dump(decision)), 201


@bp.get("/decisions/<int:decision_id>")
@roles(*WRITERS)
def get_decision(decision_id: int):
    return jsonify(schemas.DecisionOut().dump(decisions.get_decision(decision_id)))
