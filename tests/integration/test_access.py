"""Every endpoint has an access rule, and restricted ones refuse the wrong people (behaviour, not decorators).

A new route without a line in ACCESS fails ``test_every_endpoint_has_an_access_rule``.
"""

from __future__ import annotations

import re

import pytest

from panelrecords.models.users import Role

PUBLIC = "public"
SIGNED_IN = "signed_in"
R = Role

# endpoint -> PUBLIC, SIGNED_IN (any signed-in user) or the set of roles allowed.
ACCESS: dict[str, str | frozenset[Role]] = {
    "static": PUBLIC,
    # auth
    "auth.sign_in": PUBLIC,
    "auth.two_factor": PUBLIC,  # only after a correct password (the pending user is in the session)
    "auth.sign_out": PUBLIC,
    "auth.signed_out": PUBLIC,
    "auth.account": SIGNED_IN,
    "auth.change_password": SIGNED_IN,
    "auth.two_factor_setup": SIGNED_IN,
    # public archive
    "archive.home": PUBLIC,
    "archive.health": PUBLIC,
    "archive.accessibility": PUBLIC,
    "archive.privacy": PUBLIC,
    "archive.find": PUBLIC,
    "archive.search": PUBLIC,
    "archive.decision": PUBLIC,
    "archive.decision_version": PUBLIC,
    "archive.glossary": PUBLIC,
    "archive.statistics": PUBLIC,
    "archive.statistics_csv": PUBLIC,
    # open data: API, feeds, CSV and its field dictionary (panelrecords/api/public)
    "public_api.index": PUBLIC,
    "public_api.openapi": PUBLIC,
    "public_api.records": PUBLIC,
    "public_api.record": PUBLIC,
    "public_api.record_version": PUBLIC,
    "public_api.withdrawn": PUBLIC,
    "public_api.boards": PUBLIC,
    "public_api.board": PUBLIC,
    "public_api.meetings": PUBLIC,
    "public_api.statistics": PUBLIC,
    "open_data.decisions_feed": PUBLIC,
    "open_data.minutes_feed": PUBLIC,
    "open_data.board_feed": PUBLIC,
    "open_data.search_feed": PUBLIC,
    "open_data.search_csv": PUBLIC,
    "open_data.fields": PUBLIC,
    # restricted area
    "records.index": SIGNED_IN,
    # recording: panels, meetings, cases, decisions, papers, parent representatives
    "records.panels": frozenset({R.CLERK, R.ADMIN}),
    "records.new_panel": frozenset({R.CLERK, R.ADMIN}),
    "records.panel": frozenset({R.CLERK, R.ADMIN}),
    "records.new_meeting": frozenset({R.CLERK, R.ADMIN}),
    "records.meetings": frozenset({R.CLERK, R.ADMIN}),
    "records.meeting": frozenset({R.CLERK, R.ADMIN}),
    "records.add_attendee": frozenset({R.CLERK, R.ADMIN}),
    "records.add_declaration": frozenset({R.CLERK, R.ADMIN}),
    "records.assign_parent_rep": frozenset({R.CLERK, R.ADMIN}),
    "records.mark_held": frozenset({R.CLERK, R.ADMIN}),
    "records.close_meeting": frozenset({R.CLERK, R.ADMIN}),
    "records.cases_list": frozenset({R.CLERK, R.REVIEWER, R.ADMIN}),
    "records.new_case": frozenset({R.CLERK, R.ADMIN}),
    "records.case": frozenset({R.CLERK, R.REVIEWER, R.ADMIN}),
    "records.add_exception": frozenset({R.CLERK, R.ADMIN}),
    "records.start_decision": frozenset({R.CLERK, R.ADMIN}),
    "records.new_decision": frozenset({R.CLERK, R.ADMIN}),
    "records.decision": frozenset({R.CLERK, R.ADMIN}),
    "records.edit_decision": frozenset({R.CLERK, R.ADMIN}),
    "records.remove_observation": frozenset({R.CLERK, R.ADMIN}),
    "records.remove_paper": frozenset({R.CLERK, R.ADMIN}),
    "records.edit_attendee": frozenset({R.CLERK, R.ADMIN}),
    "records.edit_meeting": frozenset({R.CLERK, R.ADMIN}),
    "records.remove_attendee": frozenset({R.CLERK, R.ADMIN}),
    "records.remove_declaration": frozenset({R.CLERK, R.ADMIN}),
    "records.add_event": frozenset({R.CLERK, R.ADMIN}),
    "records.upload_paper": frozenset({R.CLERK, R.ADMIN}),
    "records.download_paper": frozenset({R.CLERK, R.ADMIN, R.PARENT_REP}),
    "records.rep_meeting": frozenset({R.PARENT_REP}),
    "records.acknowledge": frozenset({R.PARENT_REP}),
    "records.add_observation": frozenset({R.PARENT_REP}),
    # restricted integration API: bearer tokens only (401 without one); roles are checked per request (403 JSON,
    # tested in tests/integration/records/test_api.py), so a signed-in session alone never reaches it.
    "restricted_api.openapi": SIGNED_IN,
    "restricted_api.create_meeting": SIGNED_IN,
    "restricted_api.get_meeting": SIGNED_IN,
    "restricted_api.add_attendee": SIGNED_IN,
    "restricted_api.mark_held": SIGNED_IN,
    "restricted_api.close_meeting": SIGNED_IN,
    "restricted_api.create_case": SIGNED_IN,
    "restricted_api.get_case": SIGNED_IN,
    "restricted_api.create_decision": SIGNED_IN,
    "restricted_api.get_decision": SIGNED_IN,
    # administration
    "admin.users": frozenset({R.ADMIN}),
    "admin.new_user": frozenset({R.ADMIN}),
    "admin.user": frozenset({R.ADMIN}),
    "admin.change_user": frozenset({R.ADMIN}),
    "admin.security": frozenset({R.ADMIN}),
    "admin.reference": frozenset({R.ADMIN}),
    "admin.new_reason_code": frozenset({R.ADMIN}),
    "admin.revise_reason_code": frozenset({R.ADMIN}),
    "admin.retire_reason_code": frozenset({R.ADMIN}),
    "admin.new_request_type": frozenset({R.ADMIN}),
    "admin.request_type": frozenset({R.ADMIN}),
    "admin.change_request_type": frozenset({R.ADMIN}),
    "admin.revise_limb": frozenset({R.ADMIN}),
    "admin.retire_limb": frozenset({R.ADMIN}),
    # governance
    "governance.index": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.action": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.add_action": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.add_attendance": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.add_declaration": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.add_item": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.edit_item": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.remove": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.add_member": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.add_paper": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.approve": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.board": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.edit_board": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.edit_member": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.edit_minutes": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.import_minutes": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.meeting": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.new_board": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.new_meeting": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.paper": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.publish": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.review": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.reviews": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.save_import": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.send_back_request": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    "governance.withdraw": frozenset({R.BOARD_SECRETARY, R.ADMIN}),
    # publication of decisions (records/publication.py)
    "publication.index": frozenset({R.CLERK, R.REVIEWER, R.ADMIN}),
    "publication.prepare": frozenset({R.CLERK}),
    "publication.draft": frozenset({R.CLERK, R.REVIEWER, R.ADMIN}),
    "publication.add_span": frozenset({R.CLERK}),
    "publication.remove_span": frozenset({R.CLERK}),
    "publication.display": frozenset({R.CLERK}),
    "publication.submit": frozenset({R.CLERK}),
    "publication.review": frozenset({R.REVIEWER}),
    "publication.withdraw": frozenset({R.REVIEWER, R.ADMIN}),
    # public board pages (governance/public.py)
    "boards.index": PUBLIC,
    "boards.board": PUBLIC,
    "boards.minutes": PUBLIC,
    "boards.actions": PUBLIC,
    "boards.paper": PUBLIC,
}

RESTRICTED_PREFIXES = ("/records", "/governance", "/api/restricted")


def _url_for_rule(rule) -> str:
    """A concrete URL for a rule: every converter gets a plausible value (ids that do not exist are fine:
    the permission check comes before the lookup)."""

    def value(match: re.Match) -> str:
        converter, _, name = match.group(1).rpartition(":")
        if converter.startswith("any("):
            return converter[4:-1].split(",")[0].strip()
        if converter in ("int", "float"):
            return "1"
        return "x1"

    return re.sub(r"<([^>]+)>", value, rule.rule)


def _restricted_rules(app):
    for rule in app.url_map.iter_rules():
        if ACCESS.get(rule.endpoint) not in (PUBLIC, None):
            yield rule


def test_every_endpoint_has_an_access_rule(app):
    missing = sorted({rule.endpoint for rule in app.url_map.iter_rules()} - ACCESS.keys())
    assert not missing, f"endpoints without an access rule in tests/integration/test_access.py: {missing}"


def test_restricted_paths_are_never_public(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(RESTRICTED_PREFIXES) and rule.endpoint != "auth.two_factor":
            assert ACCESS[rule.endpoint] != PUBLIC, f"{rule.rule} is under a restricted prefix but marked public"


def test_anonymous_users_are_sent_to_sign_in(app, client):
    checked = 0
    for rule in _restricted_rules(app):
        url = _url_for_rule(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            if url.startswith("/api/"):
                assert response.status_code == 401, f"{method} {url} gave {response.status_code}"
            elif method == "GET":
                assert response.status_code == 302, f"{method} {url} gave {response.status_code}"
                assert response.headers["Location"].startswith("/sign-in"), f"{method} {url}"
            else:
                # A POST without a session has no valid CSRF token: refused before the view either way.
                assert response.status_code in (302, 400), f"{method} {url} gave {response.status_code}"
            checked += 1
    assert checked >= 10


def test_users_without_the_role_are_refused(app, client, login_as):
    user = login_as()  # signed in, no roles at all
    assert user.roles == frozenset()
    checked = 0
    for rule in _restricted_rules(app):
        if ACCESS[rule.endpoint] == SIGNED_IN:
            continue
        url = _url_for_rule(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            kwargs = {}
            if method != "GET":
                kwargs["headers"] = {"X-CSRFToken": _session_csrf(client)}
            response = client.open(url, method=method, **kwargs)
            assert response.status_code == 403, f"{method} {url} gave {response.status_code}"
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_refused_outside_its_endpoints(app, client, login_as, role):
    login_as(role)
    for rule in _restricted_rules(app):
        allowed = ACCESS[rule.endpoint]
        if allowed == SIGNED_IN or role in allowed or "GET" not in rule.methods:
            continue
        response = client.get(_url_for_rule(rule))
        assert response.status_code == 403, f"{role} GET {rule.rule} gave {response.status_code}"


def _session_csrf(client) -> str:
    page = client.get("/records/account").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
