from __future__ import annotations

import re
import statistics
import time
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import func, select

from panelrecords.models.audit import AuditEvent
from panelrecords.models.users import Role, SignInThrottle, User
from tests.conftest import PASSWORD
from tests.factories import make_user


def _audit_actions(db) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.sequence)))


def _sign_in(client, csrf_token, email, password, follow=False):
    token = csrf_token(client, "/sign-in")
    return client.post(
        "/sign-in", data={"email": email, "password": password, "csrf_token": token}, follow_redirects=follow
    )


def test_sign_in_and_out(app, client, db, csrf_token):
    make_user(db, roles=[Role.CLERK], email="clerk@example.org")
    response = _sign_in(client, csrf_token, "Clerk@Example.org ", PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/records/"
    assert client.get("/records/").status_code == 200
    token = csrf_token(client, "/records/")
    response = client.post("/sign-out", data={"csrf_token": token})
    assert response.headers["Location"] == "/signed-out"
    assert client.get("/records/").status_code == 302
    assert _audit_actions(db) == ["sign_in", "sign_out"]


def test_session_cookie_is_httponly_and_lax(app, client, db, csrf_token):
    make_user(db, email="c@example.org")
    response = _sign_in(client, csrf_token, "c@example.org", PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_is_secure_outside_development(make_app):
    assert make_app(PANELRECORDS_ENV="production").config["SESSION_COOKIE_SECURE"] is True
    assert make_app().config["SESSION_COOKIE_SECURE"] is False


def test_next_takes_you_back_but_never_off_site(app, client, db, csrf_token):
    make_user(db, roles=[Role.ADMIN], email="a@example.org")
    token = csrf_token(client, "/sign-in")
    response = client.post(
        "/sign-in?next=/records/admin/users", data={"email": "a@example.org", "password": PASSWORD, "csrf_token": token}
    )
    assert response.headers["Location"] == "/records/admin/users"
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/records/")})
    token = csrf_token(client, "/sign-in")
    response = client.post(
        "/sign-in?next=//evil.example/", data={"email": "a@example.org", "password": PASSWORD, "csrf_token": token}
    )
    assert response.headers["Location"] == "/records/"


def test_wrong_password_shows_an_error_and_writes_only_the_audit_event(app, client, db, csrf_token):
    make_user(db, email="c@example.org")
    response = _sign_in(client, csrf_token, "c@example.org", "not the password")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page and "Enter a correct email address and password" in page
    assert "<title>Error: Sign in" in page
    assert _audit_actions(db) == ["sign_in.failed"]
    assert db.session.scalar(select(func.count()).select_from(SignInThrottle)) == 1


def test_unknown_user_gets_the_same_message(app, client, db, csrf_token):
    response = _sign_in(client, csrf_token, "nobody@example.org", "whatever-password")
    assert "Enter a correct email address and password" in response.get_data(as_text=True)
    assert _audit_actions(db) == ["sign_in.failed"]
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_disabled_account_cannot_sign_in(app, client, db, csrf_token):
    make_user(db, email="gone@example.org", active=False)
    response = _sign_in(client, csrf_token, "gone@example.org", PASSWORD)
    assert "This account has been disabled" in response.get_data(as_text=True)
    assert _audit_actions(db) == ["sign_in.refused"]
    assert client.get("/records/").status_code == 302


def _fail(client, csrf_token, app, email, times=None):
    for _ in range(app.config["SIGN_IN_MAX_FAILURES"] if times is None else times):
        response = _sign_in(client, csrf_token, email, "wrong-password")
    return response


def test_repeated_failures_pause_sign_in_from_that_address(app, client, db, csrf_token):
    make_user(db, email="c@example.org")
    _fail(client, csrf_token, app, "c@example.org")
    # Even the right password is refused while paused, with the same answer as a wrong one.
    response = _sign_in(client, csrf_token, "c@example.org", PASSWORD)
    assert response.status_code == 200 and "Enter a correct email address and password" in response.get_data(True)
    throttle = db.session.scalar(select(SignInThrottle))
    assert throttle.locked_until > datetime.now(UTC) + timedelta(minutes=10)
    assert _audit_actions(db)[-1] == "sign_in.refused"


def _answer(response) -> str:
    page = response.get_data(as_text=True)
    return re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', "", page)


def test_unknown_wrong_and_locked_accounts_get_the_same_answer_in_similar_time(make_app, db, csrf_token):
    from panelrecords.services import Actor, accounts

    app = make_app(RATELIMIT_SIGN_IN="1000 per minute")  # the per-address rate limit is tested on its own
    client = app.test_client()
    for email in ("real@example.org", "wrong@example.org"):  # hashed as in production, not the tests' quick hash
        accounts.create_user(email, display_name="A Person", password=PASSWORD, roles=[], by=Actor.system("test"))
    _fail(client, csrf_token, app, "real@example.org")
    _fail(client, csrf_token, app, "nobody@example.org")
    answers, times = {}, {}
    for email in ("real@example.org", "nobody@example.org", "wrong@example.org"):
        durations = []
        for _ in range(5):
            token = csrf_token(client, "/sign-in")
            started = time.perf_counter()
            response = client.post("/sign-in", data={"email": email, "password": "wrong-password", "csrf_token": token})
            durations.append(time.perf_counter() - started)
            assert response.status_code == 200
        answers[email] = _answer(response).replace(email, "EMAIL")
        times[email] = statistics.median(durations)
    assert "Enter a correct email address and password" in answers["real@example.org"]
    assert answers["real@example.org"] == answers["nobody@example.org"] == answers["wrong@example.org"]
    # Every answer verifies one password hash of the same cost: a paused account is not answered at once.
    slowest, fastest = max(times.values()), min(times.values())
    assert fastest > 0.5 * slowest, times


def test_a_stranger_at_another_address_cannot_lock_someone_out(app, db, csrf_token):
    make_user(db, email="c@example.org")
    stranger = app.test_client()
    stranger.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    _fail(stranger, csrf_token, app, "c@example.org")
    assert _sign_in(stranger, csrf_token, "c@example.org", PASSWORD).status_code == 200  # paused for them
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "203.0.113.5"
    assert _sign_in(owner, csrf_token, "c@example.org", PASSWORD).status_code == 302


def test_each_pause_is_twice_as_long_as_the_last(app, db, client, csrf_token):
    make_user(db, email="c@example.org")
    _fail(client, csrf_token, app, "c@example.org")
    first = db.session.scalar(select(SignInThrottle))
    first_pause = first.locked_until - datetime.now(UTC)
    first.locked_until = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    _fail(client, csrf_token, app, "c@example.org")
    db.session.refresh(first)
    second_pause = first.locked_until - datetime.now(UTC)
    assert timedelta(minutes=14) < first_pause <= timedelta(minutes=15)
    assert timedelta(minutes=29) < second_pause <= timedelta(minutes=30)


def test_an_administrator_unlocks_every_pause_of_an_account(app, db, client, csrf_token):
    from panelrecords.services import Actor, accounts

    user = make_user(db, email="c@example.org")
    _fail(client, csrf_token, app, "c@example.org")
    accounts.unlock(user, by=Actor.system("test"))
    assert _sign_in(client, csrf_token, "c@example.org", PASSWORD).status_code == 302


def test_lock_expires(app, client, db, csrf_token):
    make_user(db, email="c@example.org", locked_until=datetime.now(UTC) - timedelta(seconds=1))
    assert _sign_in(client, csrf_token, "c@example.org", PASSWORD).status_code == 302


def test_sign_in_is_rate_limited(make_app, db):
    app = make_app(RATELIMIT_SIGN_IN="3 per minute")
    client = app.test_client()
    statuses = []
    for _ in range(5):
        page = client.get("/sign-in").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        statuses.append(
            client.post("/sign-in", data={"email": "x@example.org", "password": "p", "csrf_token": token}).status_code
        )
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]
    page = client.post("/sign-in", data={"email": "x@example.org", "password": "p", "csrf_token": token})
    assert "Too many attempts" in page.get_data(as_text=True)


def test_rate_limits_are_shared_through_redis_across_workers(make_app, db):
    """Two app instances (two workers) with one Redis store share the count of attempts."""
    import socket
    import uuid

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings = {
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
        "RATELIMIT_SIGN_IN": "2 per minute",
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    statuses = []
    for app in (make_app(**settings), make_app(**settings), make_app(**settings)):
        client = app.test_client()
        page = client.get("/sign-in").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        statuses.append(
            client.post("/sign-in", data={"email": "x@example.org", "password": "p", "csrf_token": token}).status_code
        )
    assert statuses == [200, 200, 429]


def test_missing_csrf_token_is_refused_with_a_clear_page(app, client, db):
    make_user(db, email="c@example.org")
    response = client.post("/sign-in", data={"email": "c@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "Your form could not be sent" in response.get_data(as_text=True)
    assert _audit_actions(db) == []


def test_over_long_fields_are_refused(app, client, db, csrf_token):
    response = _sign_in(client, csrf_token, "a" * 300 + "@example.org", "x" * 300)
    page = response.get_data(as_text=True)
    assert "Email address must be 254 characters or fewer" in page
    assert "Password must be 256 characters or fewer" in page
    assert _audit_actions(db) == []


def test_empty_fields_are_refused(app, client, db, csrf_token):
    page = _sign_in(client, csrf_token, "", "").get_data(as_text=True)
    assert "Enter your email address" in page and "Enter your password" in page
    assert 'href="#email"' in page


def test_change_password(app, client, db, login_as, csrf_token):
    user = login_as(Role.CLERK)
    token = csrf_token(client, "/records/account/password")
    response = client.post(
        "/records/account/password", data={"current_password": "wrong", "new_password": "x", "csrf_token": token}
    )
    assert "Your current password is not correct" in response.get_data(as_text=True)
    response = client.post(
        "/records/account/password", data={"current_password": PASSWORD, "new_password": "short", "csrf_token": token}
    )
    assert "Password must be 12 characters or more" in response.get_data(as_text=True)
    response = client.post(
        "/records/account/password",
        data={"current_password": PASSWORD, "new_password": "a much longer passphrase", "csrf_token": token},
    )
    assert response.headers["Location"] == "/records/account?updated=password"
    client.post("/sign-out", data={"csrf_token": token})
    assert _sign_in(client, csrf_token, user.email, "a much longer passphrase").status_code == 302
    assert "password.change" in _audit_actions(db)


def test_two_factor_sign_in(app, client, db, csrf_token):
    secret = pyotp.random_base32()
    make_user(db, email="c@example.org", mfa_secret=secret, mfa_enabled=True)
    response = _sign_in(client, csrf_token, "c@example.org", PASSWORD)
    assert response.headers["Location"] == "/sign-in/two-factor"
    assert client.get("/records/").status_code == 302  # not signed in yet
    token = csrf_token(client, "/sign-in/two-factor")
    page = client.post("/sign-in/two-factor", data={"code": "000000", "csrf_token": token}).get_data(as_text=True)
    assert "Enter the 6-digit code" in page
    response = client.post("/sign-in/two-factor", data={"code": pyotp.TOTP(secret).now(), "csrf_token": token})
    assert response.headers["Location"] == "/records/"
    assert client.get("/records/").status_code == 200
    assert _audit_actions(db) == ["sign_in.mfa_failed", "sign_in"]


def test_admin_can_require_two_factor_for_a_role(app, client, db, login_as, csrf_token):
    from panelrecords.services import Actor, accounts

    accounts.set_mfa_required([Role.CLERK], by=Actor.system("test"))
    login_as(Role.CLERK)
    response = client.get("/records/")
    assert response.headers["Location"] == "/records/account/two-factor"
    page = client.get("/records/account/two-factor").get_data(as_text=True)
    secret = page.split('id="setup-key">')[1].split("<")[0]
    token = csrf_token(client, "/records/account/two-factor")
    response = client.post("/records/account/two-factor", data={"code": pyotp.TOTP(secret).now(), "csrf_token": token})
    assert response.headers["Location"] == "/records/account?updated=two-factor"
    assert client.get("/records/").status_code == 200


def test_an_unreachable_rate_limit_store_falls_back_to_memory_not_to_an_error(make_app, db):
    app = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:9", RATELIMIT_SIGN_IN="2 per minute")
    client = app.test_client()
    statuses = []
    for _ in range(3):
        page = client.get("/sign-in").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        statuses.append(
            client.post("/sign-in", data={"email": "x@example.org", "password": "p", "csrf_token": token}).status_code
        )
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize(
    "password", ["password1234", "Password1234!", "P@ssw0rd2024!", "qwertyuiop12", "123456789012", "aaaaaaaaaaaa",
                 "welcomewelcome", "iloveyou2026", "abcabcabcabc"],
)  # fmt: skip
def test_common_passwords_are_refused(app, client, db, login_as, csrf_token, password):
    login_as(Role.CLERK)
    token = csrf_token(client, "/records/account/password")
    response = client.post(
        "/records/account/password", data={"current_password": PASSWORD, "new_password": password, "csrf_token": token}
    )
    assert response.status_code == 200 and "Password is too common" in response.get_data(as_text=True)


@pytest.mark.parametrize("password", ["correct horse battery", "a much longer passphrase", "Tr0ub4dor&3xyz"])
def test_uncommon_passwords_are_accepted(password):
    from panelrecords.services.accounts import is_common_password

    assert not is_common_password(password)
