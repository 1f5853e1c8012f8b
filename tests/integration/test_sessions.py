"""Sessions end on the server: a cookie kept from before sign-out, a password change, a role change or disabling
opens nothing; no request extends a session past its lifetime; the client's own X-Forwarded-For is not trusted;
a two-factor code is accepted once, and never while sign-in is paused."""

from __future__ import annotations

import time

import pyotp
import pytest
from sqlalchemy import select

from panelrecords.models.audit import AuditEvent
from panelrecords.models.users import Role
from panelrecords.services import Actor, accounts
from tests.conftest import PASSWORD
from tests.factories import make_user

COOKIE = "panelrecords_session"
ADMIN = Actor.system("test")


def _sign_in(client, csrf_token, email, password=PASSWORD):
    token = csrf_token(client, "/sign-in")
    return client.post("/sign-in", data={"email": email, "password": password, "csrf_token": token})


def _copy(app, client):
    """Another browser holding the same cookie (a stolen or saved copy)."""
    other = app.test_client()
    other.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return other


def test_a_cookie_saved_before_sign_out_opens_nothing_after_it(app, client, db, csrf_token, login_as):
    login_as(Role.CLERK)
    saved = _copy(app, client)
    assert saved.get("/records/").status_code == 200
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/records/")})
    assert saved.get("/records/").status_code == 302


@pytest.mark.parametrize("change", ["password", "roles", "disable", "everywhere"])
def test_a_change_to_the_account_ends_its_other_sessions(app, client, db, csrf_token, login_as, change):
    user = login_as(Role.CLERK, Role.PANEL_MEMBER)
    other = app.test_client()
    assert _sign_in(other, csrf_token, user.email).status_code == 302
    assert other.get("/records/").status_code == 200
    if change == "password":
        token = csrf_token(client, "/records/account/password")
        response = client.post(
            "/records/account/password",
            data={"current_password": PASSWORD, "new_password": "a much longer passphrase", "csrf_token": token},
        )
        assert response.status_code == 302
        assert client.get("/records/").status_code == 200  # the session that changed it stays
    elif change == "roles":
        accounts.set_roles(user, [Role.PANEL_MEMBER], by=ADMIN)
    elif change == "disable":
        accounts.set_active(user, False, by=ADMIN)
    else:
        accounts.end_sessions(user, by=ADMIN)
    assert other.get("/records/").status_code == 302


def test_no_request_extends_a_session_past_its_lifetime(app, client, db, login_as):
    login_as(Role.CLERK)
    lifetime = app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    with client.session_transaction("/records/") as session:
        session["signed_in_at"] = int(time.time() - lifetime + 5)
    # The two-factor page used to re-sign the cookie on every visit: it neither resets the clock nor re-signs.
    assert client.get("/records/account/two-factor").status_code == 200
    second = client.get("/records/account/two-factor")
    assert "Set-Cookie" not in second.headers
    with client.session_transaction("/records/") as session:
        session["signed_in_at"] = int(time.time() - lifetime - 1)
    assert client.get("/records/account/two-factor").status_code == 302
    assert client.get("/records/").status_code == 302


def test_the_clients_own_x_forwarded_for_does_not_carry_a_session_elsewhere(app, client, db, login_as):
    client.environ_base["REMOTE_ADDR"] = "203.0.113.5"
    login_as(Role.CLERK)
    thief = _copy(app, client)
    thief.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    assert thief.get("/records/", headers={"X-Forwarded-For": "203.0.113.5"}).status_code == 302
    assert client.get("/records/").status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_binds_the_session(make_app, db, csrf_token):
    app = make_app(PROXY_FIX_X_FOR=1)
    assert app.config["PROXY_FIX_X_FOR"] == 1
    user = make_user(db, roles=[Role.CLERK], email="c@example.org")
    db.session.commit()
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.1"  # the proxy
    headers = {"X-Forwarded-For": "203.0.113.5"}
    token = client.get("/sign-in", headers=headers).get_data(as_text=True).split('type="hidden" value="')[1]
    response = client.post(
        "/sign-in",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token.split('"')[0]},
        headers=headers,
    )
    assert response.status_code == 302
    assert client.get("/records/", headers=headers).status_code == 200
    assert client.get("/records/", headers={"X-Forwarded-For": "198.51.100.7"}).status_code == 302


def _two_factor_user(db):
    secret = pyotp.random_base32()
    user = make_user(db, email="c@example.org", mfa_secret=secret, mfa_enabled=True)
    db.session.commit()
    return user, secret


def test_a_two_factor_code_is_accepted_once(app, client, db, csrf_token):
    user, secret = _two_factor_user(db)
    code = pyotp.TOTP(secret).now()
    assert _sign_in(client, csrf_token, user.email).headers["Location"] == "/sign-in/two-factor"
    token = csrf_token(client, "/sign-in/two-factor")
    assert client.post("/sign-in/two-factor", data={"code": code, "csrf_token": token}).status_code == 302
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/records/")})
    other = app.test_client()
    _sign_in(other, csrf_token, user.email)
    token = csrf_token(other, "/sign-in/two-factor")
    response = other.post("/sign-in/two-factor", data={"code": code, "csrf_token": token})
    assert response.status_code == 200 and "This code has been used" in response.get_data(as_text=True)
    assert other.get("/records/").status_code == 302


def test_a_pending_cookie_from_before_a_pause_cannot_finish_sign_in(app, client, db, csrf_token):
    user, secret = _two_factor_user(db)
    _sign_in(client, csrf_token, user.email)
    saved = _copy(app, client)
    token = csrf_token(client, "/sign-in/two-factor")
    for _ in range(app.config["SIGN_IN_MAX_FAILURES"]):
        client.post("/sign-in/two-factor", data={"code": "000000", "csrf_token": token})
    token = csrf_token(saved, "/sign-in/two-factor")
    response = saved.post("/sign-in/two-factor", data={"code": pyotp.TOTP(secret).now(), "csrf_token": token})
    assert response.status_code == 200 and "Sign-in is paused" in response.get_data(as_text=True)
    assert saved.get("/records/").status_code == 302
    actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.sequence)))
    assert actions[-1] == "sign_in.refused" and "sign_in" not in actions


def test_the_two_factor_step_expires(app, client, db, csrf_token):
    user, secret = _two_factor_user(db)
    _sign_in(client, csrf_token, user.email)
    with client.session_transaction("/records/") as session:
        session["mfa_pending_at"] = int(time.time()) - 301
    assert client.get("/sign-in/two-factor").headers["Location"] == "/sign-in"


def test_a_session_is_bound_to_the_browser_it_was_made_for(app, client, db, login_as):
    client.environ_base["HTTP_USER_AGENT"] = "Firefox/140"
    login_as(Role.CLERK)
    thief = _copy(app, client)
    thief.environ_base["HTTP_USER_AGENT"] = "curl/8"
    assert thief.get("/records/").status_code == 302
    assert client.get("/records/").status_code == 200
