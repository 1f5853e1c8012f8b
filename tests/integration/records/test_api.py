"""The restricted integration API: tokens, the same validation and audit as the forms, the OpenAPI document."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from panelrecords.models.audit import AuditEvent
from panelrecords.models.cases import Case
from panelrecords.models.decisions import Decision
from panelrecords.services import Actor, api_tokens
from tests.factories import VALID_NHS_NUMBER, make_case, make_meeting, make_panel, make_quorum, make_user

API = "/api/restricted/v1"


def _token(db, *roles, email="api@example.org"):
    user = make_user(db, roles=roles or ["clerk"], email=email)
    return api_tokens.issue_token(user, by=Actor.system("test")), user


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def _count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_missing_bad_and_revoked_tokens_get_401_json(client, db):
    token, user = _token(db)
    assert client.get(f"{API}/openapi.json").status_code == 401
    bad = client.get(f"{API}/openapi.json", headers=_auth("prt_not-a-token"))
    assert bad.status_code == 401 and bad.json["error"] == "unauthorised"
    assert client.get(f"{API}/openapi.json", headers=_auth(token)).status_code == 200
    api_tokens.revoke_tokens(user, by=Actor.system("test"))
    assert client.get(f"{API}/openapi.json", headers=_auth(token)).status_code == 401


def test_tokens_are_stored_hashed(db):
    token, _ = _token(db)
    from panelrecords.models.tokens import ApiToken

    row = db.session.scalars(select(ApiToken)).one()
    assert row.token_hash != token and token not in row.token_hash and len(row.token_hash) == 64


def test_a_session_cookie_is_not_enough(client, db, login_as):
    login_as("clerk")
    assert client.get(f"{API}/openapi.json").status_code == 401


def test_a_token_without_the_role_gets_403(client, db):
    from panelrecords.services import accounts

    token, user = _token(db, "clerk")
    accounts.set_roles(user, ["parent_rep"], by=Actor.system("test"))  # the role went after the token was issued
    response = client.post(f"{API}/cases", json={}, headers=_auth(token))
    assert response.status_code == 403 and response.json["error"] == "forbidden"


def test_tokens_are_only_for_clerks_and_administrators(db):
    from panelrecords.errors import Forbidden

    for roles in (["parent_rep"], ["reviewer"], ["board_secretary"]):
        user = make_user(db, roles=roles, email=f"{roles[0]}@example.org")
        with pytest.raises(Forbidden):
            api_tokens.issue_token(user, by=Actor.system("test"))
    assert _token(db, "admin", email="admin-api@example.org")[0].startswith("prt_")


def test_a_token_expires_and_records_when_it_was_last_used(app, client, db):
    from datetime import UTC, datetime, timedelta

    from panelrecords.models.tokens import ApiToken

    token, _user = _token(db)
    row = db.session.scalar(select(ApiToken))
    days = (row.expires_at - datetime.now(UTC)).days
    assert app.config["API_TOKEN_DAYS"] - 1 <= days <= app.config["API_TOKEN_DAYS"] and row.last_used_at is None
    assert client.get(f"{API}/openapi.json", headers=_auth(token)).status_code == 200
    db.session.expire_all()
    assert row.last_used_at is not None
    row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    assert client.get(f"{API}/openapi.json", headers=_auth(token)).status_code == 401


def test_the_openapi_document_lists_the_paths(client, db):
    token, _ = _token(db)
    document = client.get(f"{API}/openapi.json", headers=_auth(token)).json
    assert document["openapi"].startswith("3.")
    assert "/meetings/{meeting_id}/decisions" in document["paths"]
    assert document["components"]["schemas"]["DecisionIn"]["properties"]["outcome"]["enum"][1] == "refused"


def test_push_a_meeting_attendees_a_case_and_a_refusal(client, db):
    token, _ = _token(db)
    panel = make_panel(db)
    meeting = client.post(
        f"{API}/meetings",
        headers=_auth(token),
        json={
            "panel_id": panel.id,
            "starts_at": "2026-03-04T10:00:00+00:00",
            "ends_at": "2026-03-04T12:00:00+00:00",
            "place": "Civic Centre",
        },
    )
    assert meeting.status_code == 201, meeting.json
    meeting_id = meeting.json["id"]
    assert meeting.json["quorate"] is False
    attendee = client.post(
        f"{API}/meetings/{meeting_id}/attendees",
        headers=_auth(token),
        json={"name": "Pat Parent", "sector": "parent_carer", "role": "parent_rep"},
    )
    assert attendee.status_code == 201 and attendee.json["consent_to_be_named"] is False
    case = client.post(
        f"{API}/cases",
        headers=_auth(token),
        json={
            "request_received_on": "2026-01-12",
            "requested_by": "school",
            "child": "Jamie Example",
            "date_of_birth": "2016-05-04",
            "nhs_number": VALID_NHS_NUMBER,
        },
    )
    assert case.status_code == 201 and case.json["identifiers"]["child"] == ["Jamie Example"]
    assert client.post(f"{API}/meetings/{meeting_id}/held", headers=_auth(token)).json["status"] == "held"
    decision = client.post(
        f"{API}/meetings/{meeting_id}/decisions",
        headers=_auth(token),
        json={
            "case_reference": case.json["reference"],
            "request_type": "assess",
            "outcome": "refused",
            "decision_maker_name": "Dana Decider",
            "decision_maker_role": "Head of SEND",
            "reasons": "Needs are met from SEN support.",
            "reason_codes": ["sen_support"],
            "findings": {
                "a": {"finding": "met", "reasons": "Needs described."},
                "b": {"finding": "not_met", "reasons": "Support is working."},
            },
            "evidence": [{"kind": "ep_report", "description": "January 2026"}],
        },
    )
    assert decision.status_code == 201, decision.json
    assert decision.json["findings"]["b"]["finding"] == "not_met"
    got = client.get(f"{API}/decisions/{decision.json['id']}", headers=_auth(token)).json
    assert got["reason_codes"][0]["code"] == "sen_support"
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"meeting.schedule", "attendee.add", "case.create", "decision.record"} <= actions
    closed = client.post(f"{API}/meetings/{meeting_id}/close", headers=_auth(token), json={})
    assert closed.status_code == 400 and closed.json["field"] == "reason"


def test_api_validation_matches_the_forms(client, db):
    token, _ = _token(db)
    bad_nhs = client.post(
        f"{API}/cases",
        headers=_auth(token),
        json={
            "request_received_on": "2026-01-12",
            "requested_by": "parent",
            "child": "Jamie Example",
            "date_of_birth": "2016-05-04",
            "nhs_number": "943 476 5918",
        },
    )
    assert bad_nhs.status_code == 400 and bad_nhs.json["field"] == "nhs_number"
    missing = client.post(f"{API}/cases", headers=_auth(token), json={"child": "X"})
    assert missing.status_code == 400 and "request_received_on" in missing.json["fields"]
    assert _count(db, Case) == 0
    panel = make_panel(db)
    backwards = client.post(
        f"{API}/meetings",
        headers=_auth(token),
        json={
            "panel_id": panel.id,
            "starts_at": "2026-03-04T10:00:00+00:00",
            "ends_at": "2026-03-04T09:00:00+00:00",
            "online": True,
        },
    )
    assert backwards.status_code == 400 and backwards.json["field"] == "end_time"


def test_a_refusal_without_reasons_is_refused_by_the_api(client, db):
    token, _ = _token(db)
    meeting = make_meeting(db, status="held")
    make_quorum(db, meeting)
    case = make_case(db)
    response = client.post(
        f"{API}/meetings/{meeting.id}/decisions",
        headers=_auth(token),
        json={
            "case_reference": case.reference,
            "request_type": "assess",
            "outcome": "refused",
            "decision_maker_name": "Dana",
            "decision_maker_role": "Head of SEND",
            "reason_codes": ["sen_support"],
        },
    )
    assert response.status_code == 400 and response.json["field"] == "reasons"
    assert _count(db, Decision) == 0
    scheduled = make_meeting(db)
    response = client.post(
        f"{API}/meetings/{scheduled.id}/decisions",
        headers=_auth(token),
        json={
            "case_reference": case.reference,
            "request_type": "assess",
            "outcome": "agreed",
            "decision_maker_name": "Dana",
            "decision_maker_role": "Head of SEND",
        },
    )
    assert response.status_code == 409 and response.json["error"] == "conflict"


def test_the_cli_prints_a_token_as_its_last_line(app, db):
    make_user(db, roles=["clerk"], email="cli@example.org")
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "token", "cli@example.org"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("prt_")
    with app.test_client() as client:
        assert client.get(f"{API}/openapi.json", headers=_auth(token)).status_code == 200
        revoked = runner.invoke(args=["users", "revoke-tokens", "cli@example.org"])
        assert "Revoked 1 token" in revoked.output
        assert client.get(f"{API}/openapi.json", headers=_auth(token)).status_code == 401


# Hostile input: never a 500, never read as an empty body, never stored -------------------------------------------


def _case_body(**overrides):
    return {
        "request_received_on": "2026-01-12",
        "requested_by": "parent",
        "child": "Jamie Example",
        "date_of_birth": "2016-05-04",
    } | overrides


@pytest.mark.parametrize("path", ["/meetings/{}", "/decisions/{}", "/meetings/{}/held"])
@pytest.mark.parametrize("number", [2**31, 2**63, 2**63 + 1, 10**30, 0])
def test_ids_outside_the_integer_range_answer_404(client, db, path, number):
    token, _ = _token(db)
    url = API + path.format(number)
    response = client.post(url, headers=_auth(token)) if url.endswith("held") else client.get(url, headers=_auth(token))
    assert response.status_code == 404 and response.json["error"] == "not_found"


def test_a_panel_id_outside_the_integer_range_is_invalid(client, db):
    token, _ = _token(db)
    body = {"panel_id": 2**63, "starts_at": "2026-03-04T10:00:00+00:00", "ends_at": "2026-03-04T12:00:00+00:00"}
    response = client.post(f"{API}/meetings", headers=_auth(token), json=body)
    assert response.status_code == 400 and "panel_id" in response.json["fields"]


def test_deeply_nested_json_answers_400(client, db):
    token, _ = _token(db)
    for depth in (7, 5000, 100_000):
        body = "[" * depth + "]" * depth
        response = client.post(f"{API}/cases", data=body, headers=_auth(token) | {"Content-Type": "application/json"})
        assert response.status_code == 400 and response.json["error"] == "too_deep", depth
    nested = _case_body(other={"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}})
    response = client.post(f"{API}/cases", json=nested, headers=_auth(token))
    assert response.status_code == 400 and response.json["error"] == "too_deep"


@pytest.mark.parametrize(
    ("data", "content_type", "status", "error"),
    [
        ('{"child": ', "application/json", 400, "malformed_json"),
        (b"\xff\xfe{}", "application/json", 400, "malformed_json"),
        ('{"child": NaN}', "application/json", 400, "malformed_json"),
        ('["a list"]', "application/json", 400, "invalid"),
        ("child=Jamie", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        ('{"child": "Jamie"}', "text/plain", 415, "unsupported_media_type"),
        ("x" * (257 * 1024), "application/json", 413, "too_large"),
    ],
    ids=["truncated", "not-utf8", "nan", "list", "form", "text-plain", "too-large"],
)
def test_unreadable_bodies_get_their_own_json_error(client, db, data, content_type, status, error):
    token, _ = _token(db)
    response = client.post(f"{API}/cases", data=data, headers=_auth(token) | {"Content-Type": content_type})
    assert response.status_code == status and response.json["error"] == error
    assert _count(db, Case) == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("child", "Jamie\x00Example"),
        ("child", "Jamie\x1bExample"),
        ("child", "J"),
        ("child", "  J  "),
        ("parents", ["Sam\u2028Example"]),
        ("parents", ["S"]),
        ("school", ["St"]),
        ("postcode", "L1"),
        ("other", ["\x07bell"]),
    ],
)
def test_identifiers_with_control_characters_or_one_letter_are_refused(client, db, field, value):
    token, _ = _token(db)
    response = client.post(f"{API}/cases", headers=_auth(token), json=_case_body(**{field: value}))
    assert response.status_code == 400 and field in response.json["fields"], response.json
    assert _count(db, Case) == 0


def test_text_keeps_its_line_breaks_but_not_other_control_characters(client, db):
    token, _ = _token(db)
    meeting = make_meeting(db)
    response = client.post(f"{API}/meetings/{meeting.id}/close", headers=_auth(token), json={"reason": "a\x00b"})
    assert response.status_code == 400 and "reason" in response.json["fields"]
    response = client.post(
        f"{API}/meetings/{meeting.id}/close", headers=_auth(token), json={"reason": "Not quorate.\n\tRe-listed."}
    )
    assert response.status_code in (200, 400, 409) and response.json.get("fields") is None


def test_the_openapi_document_says_what_the_api_does(client, db):
    token, _ = _token(db)
    document = client.get(f"{API}/openapi.json", headers=_auth(token)).json
    schemas = document["components"]["schemas"]
    assert schemas["MeetingOut"]["properties"]["close_reason"]["type"] == ["string", "null"]
    assert schemas["AttendeeIn"]["properties"]["sector"]["enum"][0] == "education"
    assert schemas["CaseIn"]["properties"]["child"]["minLength"] == 2
    assert schemas["CaseIn"]["properties"]["requested_by"]["enum"] == ["parent", "young_person", "school", "other"]
    assert schemas["MeetingIn"]["properties"]["panel_id"]["maximum"] == 2**31 - 1
    for path, operations in document["paths"].items():
        for operation in operations.values():
            if path != "/openapi.json":
                assert {"400", "401", "403", "404", "409", "415"} <= set(operation["responses"]), path
    decision = document["paths"]["/decisions/{decision_id}"]["get"]
    assert decision["parameters"][0]["schema"]["maximum"] == 2**31 - 1
