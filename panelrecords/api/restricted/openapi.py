"""The OpenAPI 3.1 document of the restricted integration API, built from the marshmallow schemas."""

from __future__ import annotations

from marshmallow import Schema, fields

from panelrecords.api.restricted import schemas

_TYPES = {
    fields.Integer: {"type": "integer"},
    fields.Boolean: {"type": "boolean"},
    fields.AwareDateTime: {"type": "string", "format": "date-time"},
    fields.Date: {"type": "string", "format": "date"},
    fields.String: {"type": "string"},
}


def _field(field: fields.Field) -> dict:
    if isinstance(field, fields.Nested):
        return {"$ref": f"#/components/schemas/{type(field.schema).__name__}"}
    if isinstance(field, fields.List):
        return {"type": "array", "items": _field(field.inner)}
    if isinstance(field, fields.Dict):
        return {"type": "object", "additionalProperties": _field(field.value_field) if field.value_field else {}}
    for kind, spec in _TYPES.items():
        if isinstance(field, kind):
            spec = dict(spec)
            choices = getattr(field.validate, "choices", None) if field.validate else None
            if choices:
                spec["enum"] = list(choices)
            return spec
    return {}


def _schema(schema: Schema) -> dict:
    properties = {name: _field(field) for name, field in schema.fields.items()}
    required = sorted(name for name, field in schema.fields.items() if field.required)
    spec = {"type": "object", "properties": properties}
    if required:
        spec["required"] = required
    return spec


def _body(name: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}


def _answer(name: str | None, status: str = "200", description: str = "OK") -> dict:
    answer = {status: {"description": description}}
    if name:
        answer[status]["content"] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}
    answer.update(
        {
            "400": {"description": "Invalid input: {error, message, field or fields}"},
            "401": {"description": "Missing, unknown or revoked token"},
            "403": {"description": "The token's user does not have the role"},
        }
    )
    return answer


def _id(name: str, kind: str = "integer") -> list[dict]:
    return [{"name": name, "in": "path", "required": True, "schema": {"type": kind}}]


def document() -> dict:
    names = [
        "MeetingIn",
        "AttendeeIn",
        "CloseIn",
        "CaseIn",
        "FindingIn",
        "EvidenceIn",
        "DecisionIn",
        "AttendeeOut",
        "MeetingOut",
        "CaseOut",
        "DecisionOut",
    ]
    components = {name: _schema(getattr(schemas, name)()) for name in names}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Panel Records restricted integration API",
            "version": "1",
            "description": "For a council's case-management system to push panel outcomes. Same validation, "
            "permissions and audit as the forms. Times are ISO 8601 with an offset; they are stored in UTC.",
        },
        "servers": [{"url": "/api/restricted/v1"}],
        "security": [{"bearer": []}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}, "schemas": components},
        "paths": {
            "/meetings": {
                "post": {
                    "summary": "Schedule a meeting",
                    "requestBody": _body("MeetingIn"),
                    "responses": _answer("MeetingOut", "201", "Created"),
                }
            },
            "/meetings/{meeting_id}": {
                "get": {
                    "summary": "A meeting with attendees and quorum",
                    "parameters": _id("meeting_id"),
                    "responses": _answer("MeetingOut"),
                }
            },
            "/meetings/{meeting_id}/attendees": {
                "post": {
                    "summary": "Record an attendee",
                    "parameters": _id("meeting_id"),
                    "requestBody": _body("AttendeeIn"),
                    "responses": _answer("AttendeeOut", "201", "Created"),
                }
            },
            "/meetings/{meeting_id}/held": {
                "post": {
                    "summary": "Record that the meeting was held",
                    "parameters": _id("meeting_id"),
                    "responses": _answer("MeetingOut"),
                }
            },
            "/meetings/{meeting_id}/close": {
                "post": {
                    "summary": "Close the meeting (quorate, or with a reason)",
                    "parameters": _id("meeting_id"),
                    "requestBody": _body("CloseIn"),
                    "responses": _answer("MeetingOut"),
                }
            },
            "/meetings/{meeting_id}/decisions": {
                "post": {
                    "summary": "Record a decision",
                    "parameters": _id("meeting_id"),
                    "requestBody": _body("DecisionIn"),
                    "responses": _answer("DecisionOut", "201", "Created"),
                }
            },
            "/cases": {
                "post": {
                    "summary": "Open a case",
                    "requestBody": _body("CaseIn"),
                    "responses": _answer("CaseOut", "201", "Created"),
                }
            },
            "/cases/{reference}": {
                "get": {
                    "summary": "A case by its reference",
                    "parameters": _id("reference", "string"),
                    "responses": _answer("CaseOut"),
                }
            },
            "/decisions/{decision_id}": {
                "get": {"summary": "A decision", "parameters": _id("decision_id"), "responses": _answer("DecisionOut")}
            },
            "/openapi.json": {"get": {"summary": "This document", "responses": _answer(None)}},
        },
    }
