"""The OpenAPI 3.1 document of the restricted integration API, built from the marshmallow schemas."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from panelrecords.api.restricted import schemas

_TYPES = {
    fields.Integer: {"type": "integer"},
    fields.Boolean: {"type": "boolean"},
    fields.AwareDateTime: {"type": "string", "format": "date-time"},
    fields.Date: {"type": "string", "format": "date"},
    fields.String: {"type": "string"},
}


_LINE_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$"
_TEXT_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"


def _constraints(field: fields.Field, spec: dict) -> dict:
    for validator in field.validators:
        if isinstance(validator, validate.OneOf):
            spec["enum"] = list(validator.choices)
        elif isinstance(validator, validate.Range):
            spec.update({"minimum": validator.min, "maximum": validator.max})
        elif isinstance(validator, validate.Length):
            low, high = ("minItems", "maxItems") if spec.get("type") == "array" else ("minLength", "maxLength")
            if validator.min is not None:
                spec[low] = validator.min
            if validator.max is not None:
                spec[high] = validator.max
    if isinstance(field, schemas.Line):
        spec["maxLength"] = min(spec.get("maxLength", field.max_length), field.max_length)
        # The field refuses control characters (``Text`` allows tabs and line breaks).
        spec["pattern"] = _TEXT_PATTERN if isinstance(field, schemas.Text) else _LINE_PATTERN
    if field.allow_none and "type" in spec:
        spec["type"] = [spec["type"], "null"]
    return spec


def _field(field: fields.Field) -> dict:
    if isinstance(field, fields.Nested):
        return {"$ref": f"#/components/schemas/{type(field.schema).__name__}"}
    if isinstance(field, fields.List):
        return _constraints(field, {"type": "array", "items": _field(field.inner)})
    if isinstance(field, fields.Dict):
        spec = {"type": "object", "additionalProperties": _field(field.value_field) if field.value_field else {}}
        if field.validators:
            for validator in field.validators:
                if isinstance(validator, validate.Length) and validator.max is not None:
                    spec["maxProperties"] = validator.max
        return spec
    for kind, spec in _TYPES.items():
        if isinstance(field, kind):
            return _constraints(field, dict(spec))
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
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    answer.update(
        {
            "400": {"description": "Invalid input, malformed JSON or JSON nested too deep", "content": error},
            "401": {"description": "Missing, unknown or revoked token", "content": error},
            "403": {"description": "The token's user does not have the role", "content": error},
            "404": {"description": "No such meeting, case or decision (or an id out of range)", "content": error},
            "409": {"description": "Not allowed in the record's present state", "content": error},
            "413": {"description": "The body is larger than 256 KB", "content": error},
            "415": {"description": "A body that is not application/json", "content": error},
        }
    )
    return answer


def _id(name: str, kind: str = "integer") -> list[dict]:
    schema = {"type": kind} if kind != "integer" else {"type": kind, "minimum": 1, "maximum": schemas.MAX_ID}
    return [{"name": name, "in": "path", "required": True, "schema": schema}]


ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string"},
        "message": {"type": "string"},
        "field": {"type": ["string", "null"]},
        "fields": {"type": "object"},
    },
}


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
    components = {name: _schema(getattr(schemas, name)()) for name in names} | {"Error": ERROR}
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
