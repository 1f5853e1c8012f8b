"""Routes of the restricted integration API. Every request needs ``Authorization: Bearer TOKEN``.

The API calls the same services as the forms, so validation, permissions and audit are the same.
"""

from __future__ import annotations

import json
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
MAX_BODY_BYTES = 256 * 1024
MAX_DEPTH = 6  # a decision's findings are three deep


class BadRequestBody(Exception):
    """A body that is not a JSON object we can read: answered with its status, never read as empty."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


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
    # Ids outside the database's integer range cannot name anything (PostgreSQL would refuse the query).
    for name, value in (request.view_args or {}).items():
        if isinstance(value, int) and not 1 <= value <= schemas.MAX_ID:
            return _error(404, "not_found", f"No such {name.removesuffix('_id')}")
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


@bp.errorhandler(BadRequestBody)
def unreadable_body(error: BadRequestBody):
    return _error(error.status, error.code, error.message)


@bp.errorhandler(DomainError)
def refused(error: DomainError):
    return _error(error.status, error.code, error.message, field=error.field)


def _depth(value) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack and deepest <= MAX_DEPTH:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is not None:
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def read_json() -> dict:
    """The request's JSON object; an empty body is an empty object. Raises ``BadRequestBody``."""
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise BadRequestBody(413, "too_large", f"The body must be {MAX_BODY_BYTES // 1024} KB or smaller")
    raw = request.get_data(cache=True)
    if len(raw) > MAX_BODY_BYTES:
        raise BadRequestBody(413, "too_large", f"The body must be {MAX_BODY_BYTES // 1024} KB or smaller")
    if not raw.strip():
        return {}
    if not request.is_json:
        raise BadRequestBody(415, "unsupported_media_type", "Send the body as JSON: Content-Type: application/json")
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except RecursionError:
        raise BadRequestBody(400, "too_deep", f"The body must be nested at most {MAX_DEPTH} deep") from None
    except ValueError:  # JSONDecodeError and UnicodeDecodeError are both ValueErrors
        raise BadRequestBody(400, "malformed_json", "The body is not valid JSON") from None
    if _depth(data) > MAX_DEPTH:
        raise BadRequestBody(400, "too_deep", f"The body must be nested at most {MAX_DEPTH} deep")
    if not isinstance(data, dict):
        raise BadRequestBody(400, "invalid", "The body must be a JSON object")
    return data


def _body(schema):
    return schema.load(read_json())


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
    read_json()  # no body is needed, but one that is sent must be JSON
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
    case = cases.find_case(reference)
    cases.read_identifiers(case, by=actor(), where="restricted API")
    return jsonify(schemas.CaseOut().dump(case))


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
