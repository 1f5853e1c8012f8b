"""Both APIs against their own OpenAPI documents, with schemathesis: bounded and derandomised in CI.

For every operation of each document, generated requests (valid and invalid parameters and bodies) must get a
documented status, never a 500, with the documented content type. ``make fuzz`` runs many more examples.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from panelrecords.services import Actor, api_tokens
from tests.factories import make_user
from tests.properties import examples

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance]
SETTINGS = settings(max_examples=examples(200), deadline=None, suppress_health_check=list(HealthCheck))


def _check_every_operation(schema, headers: dict | None = None) -> int:
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:

        @SETTINGS
        @given(case=operation.as_strategy())
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        run()
    return len(operations)


def test_the_public_api_does_what_its_document_says(app, db):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    assert _check_every_operation(schema) >= 8


def test_the_restricted_api_does_what_its_document_says(app, db):
    user = make_user(db, roles=["clerk"], email="schemathesis@example.org")
    token = api_tokens.issue_token(user, by=Actor.system("test"))
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/restricted/v1/openapi.json", app, headers=headers)
    assert _check_every_operation(schema, headers) >= 8
