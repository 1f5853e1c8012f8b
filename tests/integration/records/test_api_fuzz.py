"""A bounded, deterministic fuzz of the restricted API from its own OpenAPI document: bodies built from each
operation's schema (right and wrong types, control characters, huge and one-letter strings, huge numbers, deep
nesting) and out-of-range ids. Every answer must be a status the document lists for the operation, in JSON,
and never a 500."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_meeting, make_panel, make_user

API = "/api/restricted/v1"
EXAMPLES = 40

_strings = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "J", "\x00", "a\x1bb", "\u2028", "x" * 30_000, "Jamie Example", "2026-03-04T10:00:00+00:00"]),
)
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), st.floats(allow_nan=False), _strings
)
_json = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_strings, inner, max_size=3))


def _value_for(spec: dict, components: dict):
    if "$ref" in spec:
        return _body_for(components[spec["$ref"].rsplit("/", 1)[1]], components)
    kinds = spec.get("type")
    right = st.nothing()
    if "enum" in spec:
        right = st.sampled_from(spec["enum"])
    elif kinds == "array":
        right = st.lists(_value_for(spec.get("items", {}), components), max_size=3)
    elif kinds == "integer":
        right = st.integers(min_value=-(2**64), max_value=2**64)
    elif kinds == "boolean":
        right = st.booleans()
    elif kinds == "object":
        right = st.dictionaries(_strings, _value_for(spec.get("additionalProperties") or {}, components), max_size=2)
    else:
        right = _strings
    return st.one_of(right, right, _json)


def _body_for(schema: dict, components: dict):
    properties = schema.get("properties", {})
    fields = {name: _value_for(spec, components) for name, spec in properties.items()}
    return st.fixed_dictionaries({}, optional=fields)


def _operations(document: dict):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if path != "/openapi.json":
                yield path, method, operation


def test_no_operation_answers_500_or_an_undocumented_status(app, client, db):
    user = make_user(db, roles=["clerk"], email="fuzz@example.org")
    from panelrecords.services import Actor, api_tokens

    token = api_tokens.issue_token(user, by=Actor.system("test"))
    panel = make_panel(db)
    meeting = make_meeting(db, panel=panel)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    document = client.get(f"{API}/openapi.json", headers=headers).json
    components = document["components"]["schemas"]
    ids = st.one_of(st.just(meeting.id), st.integers(min_value=-5, max_value=2**70), st.sampled_from(["C-ABC123", "x"]))

    for path, method, operation in _operations(document):
        _fuzz(client, db, headers, path, method, operation, components, ids)


def _fuzz(client, db, headers, path, method, operation, components, ids):
    body_ref = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    bodies = _body_for(components[body_ref["$ref"].rsplit("/", 1)[1]], components) if body_ref else st.none()
    documented = {int(status) for status in operation["responses"]}

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(body=bodies, identifier=ids)
    def call(body, identifier):
        url = API + path.replace("{meeting_id}", str(identifier)).replace("{decision_id}", str(identifier))
        url = url.replace("{reference}", str(identifier))
        data = None if body is None else json.dumps(body)
        response = client.open(
            url, method=method.upper(), data=data, headers=headers | {"Content-Type": "application/json"}
        )
        assert response.status_code < 500, (method, url, body, response.get_data(as_text=True)[:300])
        assert response.status_code in documented, (method, url, body, response.status_code, response.json)
        assert response.is_json and isinstance(response.json, dict)
        db.session.rollback()

    call()
