"""The OpenAPI 3.1 document of the public API, built from its marshmallow schemas."""

from __future__ import annotations

from marshmallow import Schema, fields

from panelrecords.api.public import schemas

_TYPES = [
    (fields.Integer, {"type": "integer"}),
    (fields.Boolean, {"type": "boolean"}),
    (fields.AwareDateTime, {"type": "string", "format": "date-time"}),
    (fields.Date, {"type": "string", "format": "date"}),
    (fields.String, {"type": "string"}),
]
# Method fields: the type each one returns.
_METHODS = {"corrected": {"type": "boolean"}, "status": {"type": ["string", "null"]}}
_NAMES = ["RecordSummary", "Version", "RecordDetail", "Deleted", "Board", "Meeting"]


def _field(name: str, field: fields.Field) -> dict:
    if isinstance(field, fields.Nested):
        return {"$ref": f"#/components/schemas/{type(field.schema).__name__}"}
    if isinstance(field, fields.List):
        return {"type": "array", "items": _field(name, field.inner)}
    if isinstance(field, fields.Dict):
        return {"type": "object"}
    if isinstance(field, fields.Constant):
        return {"const": field.constant}
    if isinstance(field, fields.Method):
        return dict(_METHODS.get(name, {"type": "string", "format": "uri"}))
    for kind, spec in _TYPES:
        if isinstance(field, kind):
            spec = dict(spec)
            if field.allow_none:
                spec["type"] = [spec["type"], "null"]
            return spec
    return {}


def _schema(schema: Schema) -> dict:
    return {
        "type": "object",
        "description": (type(schema).__doc__ or "").strip().split("\n")[0] or type(schema).__name__,
        "properties": {name: _field(name, field) for name, field in schema.fields.items()},
    }


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERROR = _json(_ref("Error"), "Invalid input: {error, message, field}")
_NOT_FOUND = _json(_ref("Error"), "No such record, board or version")
_GONE = _json(_ref("Deleted"), "The record was withdrawn")


def _query(name: str, description: str, schema: dict | None = None, many: bool = False) -> dict:
    spec = schema or {"type": "string"}
    if many:
        spec = {"type": "array", "items": spec}
    return {"name": name, "in": "query", "required": False, "description": description, "schema": spec,
            **({"style": "form", "explode": True} if many else {})}  # fmt: skip


SEARCH_PARAMETERS = [
    _query("q", "Words to search for: phrases in quotes, AND, OR, NOT, a * after 3 letters or more"),
    _query("kind", "decision or minutes", many=True),
    _query("panel_kind", "Kind of panel, for example decision_to_assess", many=True),
    _query("outcome", "agreed, agreed_with_conditions, deferred or refused", many=True),
    _query("request_type", "Kind of request, for example assess", many=True),
    _query("reason", "Reason code given", many=True),
    _query("board", "Board short name, for example SIB", many=True),
    _query("year", "Year of the meeting", many=True),
    _query("from", "Meetings on or after this date", {"type": "string", "format": "date"}),
    _query("to", "Meetings on or before this date", {"type": "string", "format": "date"}),
    _query("sort", "relevance, newest or oldest", {"type": "string", "enum": ["relevance", "newest", "oldest"]}),
    _query("page", "Page number, 1 to 500", {"type": "integer", "minimum": 1, "maximum": 500}),
    _query("page_size", "Records per page, 1 to 100 (default 20)", {"type": "integer", "minimum": 1, "maximum": 100}),
]
PAGINATION = {
    "type": "object",
    "properties": {k: {"type": "string", "format": "uri"} for k in ("self", "first", "last", "prev", "next")},
}


def _path(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description, "schema": {"type": "string"}}


def document() -> dict:
    components = {name: _schema(getattr(schemas, name)()) for name in _NAMES}
    components["Error"] = {
        "type": "object",
        "properties": {"error": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"}},
        "required": ["error", "message"],
    }
    record_id = _path("public_id", "The record's public reference, like D-7KQ4-M2XP-9TBC")
    record_list = {
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": _ref("RecordSummary")},
            "meta": {"type": "object"},
            "facets": {"type": "object"},
            "links": PAGINATION,
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Panel Records open data API",
            "version": "1.0.0",
            "description": "Published, redacted SEND panel decisions and board minutes, and statistics about them. "
            "Read-only; no authentication; no cookies. Withdrawn records leave every list and answer 410.",
            "license": {"name": "Open Government Licence v3.0"},
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/v1/": {"get": {"summary": "Links to every list", "responses": {"200": _json({"type": "object"})}}},
            "/api/v1/openapi.json": {
                "get": {"summary": "This document", "responses": {"200": _json({"type": "object"})}}
            },
            "/api/v1/records": {
                "get": {
                    "summary": "Published records matching a search (the same filters as the search page)",
                    "parameters": SEARCH_PARAMETERS,
                    "responses": {"200": _json(record_list), "400": _ERROR},
                }
            },
            "/api/v1/records/{public_id}": {
                "get": {
                    "summary": "One record, current version, with every version listed",
                    "parameters": [record_id],
                    "responses": {"200": _json(_ref("RecordDetail")), "404": _NOT_FOUND, "410": _GONE},
                }
            },
            "/api/v1/records/{public_id}/versions/{version}": {
                "get": {
                    "summary": "One version of a record",
                    "parameters": [
                        record_id,
                        {"name": "version", "in": "path", "required": True, "schema": {"type": "integer"}},
                    ],
                    "responses": {"200": _json(_ref("RecordDetail")), "404": _NOT_FOUND, "410": _GONE},
                }
            },
            "/api/v1/withdrawn": {
                "get": {
                    "summary": "Withdrawn records (tombstones), newest first",
                    "responses": {"200": _json({"type": "object", "properties": {
                        "data": {"type": "array", "items": _ref("Deleted")}}})},
                }
            },
            "/api/v1/boards": {
                "get": {
                    "summary": "Governance boards",
                    "responses": {"200": _json({"type": "object", "properties": {
                        "data": {"type": "array", "items": _ref("Board")}}})},
                }
            },
            "/api/v1/boards/{acronym}": {
                "get": {
                    "summary": "One board and its published meetings",
                    "parameters": [_path("acronym", "The board's short name, like SIB")],
                    "responses": {"200": _json(_ref("Board")), "404": _NOT_FOUND},
                }
            },
            "/api/v1/meetings": {
                "get": {
                    "summary": "Board meetings with published minutes, newest first (search filters apply)",
                    "parameters": SEARCH_PARAMETERS,
                    "responses": {"200": _json({"type": "object", "properties": {
                        "data": {"type": "array", "items": _ref("Meeting")}, "links": PAGINATION}}),
                        "400": _ERROR},
                }
            },
            "/api/v1/statistics": {
                "get": {
                    "summary": "The statistics page's figures and key measures; a hidden number has count null "
                    "and why (small, or secondary: hidden so that another figure cannot be worked out)",
                    "responses": {"200": _json({"type": "object"})},
                }
            },
        },
        "components": {"schemas": components},
    }  # fmt: skip
