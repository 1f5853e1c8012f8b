"""Public responses never set a cookie, whatever the visitor opened before (sign-in, a signed-in session from
another address, a stale "remember me" cookie): every public GET endpoint of the URL map is requested."""

from __future__ import annotations

import pytest

from panelrecords.models.users import Role
from panelrecords.web import is_restricted_path
from tests.integration.archive import open_data_records as records

# Every public GET endpoint gets a concrete address here; the test fails when a new one is missing.
URLS = {
    "static": ["/static/css/panelrecords.min.css"],
    "archive.home": ["/"],
    "archive.find": ["/find", "/find?ref={decision}"],
    "archive.search": ["/search", "/search?q=assessment", "/search?page=-1"],
    "archive.decision": ["/decisions/{decision}", "/decisions/D-0000-0000-0000"],
    "archive.decision_version": ["/decisions/{decision}/versions/1"],
    "archive.glossary": ["/glossary"],
    "archive.accessibility": ["/accessibility"],
    "archive.privacy": ["/privacy"],
    "archive.statistics": ["/statistics"],
    "archive.statistics_csv": ["/statistics.csv"],
    "archive.health": ["/health"],
    "auth.signed_out": ["/signed-out"],
    "boards.index": ["/boards"],
    "boards.board": ["/boards/SIB"],
    "boards.minutes": ["/boards/SIB/meetings/{minutes}"],
    "boards.paper": ["/boards/SIB/meetings/{minutes}/papers/1"],
    "boards.actions": ["/boards/SIB/actions"],
    "public_api.index": ["/api/v1/"],
    "public_api.openapi": ["/api/v1/openapi.json"],
    "public_api.records": ["/api/v1/records"],
    "public_api.record": ["/api/v1/records/{decision}"],
    "public_api.record_version": ["/api/v1/records/{decision}/versions/1"],
    "public_api.withdrawn": ["/api/v1/withdrawn"],
    "public_api.boards": ["/api/v1/boards"],
    "public_api.board": ["/api/v1/boards/SIB"],
    "public_api.meetings": ["/api/v1/meetings"],
    "public_api.statistics": ["/api/v1/statistics"],
    "open_data.decisions_feed": ["/feeds/decisions.atom"],
    "open_data.minutes_feed": ["/feeds/minutes.atom"],
    "open_data.board_feed": ["/feeds/boards/SIB.atom"],
    "open_data.search_feed": ["/feeds/search.atom?q=assessment"],
    "open_data.search_csv": ["/search.csv?q=assessment"],
    "open_data.fields": ["/data/fields"],
}


@pytest.fixture
def published(db):
    decision = records.decision()
    minutes = records.minutes()
    db.session.commit()
    return {"decision": decision.public_id, "minutes": minutes.public_id}


def test_every_public_get_endpoint_is_listed(app):
    rules = app.url_map.iter_rules()
    public = {rule.endpoint for rule in rules if "GET" in rule.methods and not is_restricted_path(rule.rule)}
    assert public == set(URLS)


def _visit_all(client, published) -> list[str]:
    setting = []
    for urls in URLS.values():
        for url in urls:
            response = client.get(url.format(**published), headers={"Accept-Language": "en"})
            assert response.status_code < 500, url
            if "Set-Cookie" in response.headers:
                setting.append(f"{url}: {response.headers.get_all('Set-Cookie')}")
            response.close()
    return setting


def test_no_public_response_sets_a_cookie_after_the_sign_in_page_was_opened(app, client, published):
    assert "Set-Cookie" in client.get("/sign-in").headers  # the sign-in form's session
    client.set_cookie("remember_token", "1|forged")
    assert _visit_all(client, published) == []


def test_no_public_response_sets_a_cookie_for_a_signed_in_user_or_one_from_another_address(
    app, client, published, login_as
):
    login_as(Role.CLERK)
    assert _visit_all(client, published) == []
    other_address = app.test_client()
    for cookie in ("panelrecords_session",):
        other_address.set_cookie(cookie, client.get_cookie(cookie).value)
    other_address.environ_base["REMOTE_ADDR"] = "192.0.2.99"
    assert _visit_all(other_address, published) == []
