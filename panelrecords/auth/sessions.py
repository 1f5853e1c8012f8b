"""Sessions that end on the server, and public responses that never carry a cookie.

- The user id Flask-Login keeps in the session is ``"<id>.<session version>"``. Signing out, changing the
  password, a change of roles and disabling raise the user's version in the database, so every session
  made before ends at once, on every worker and host.
- A session lasts ``PERMANENT_SESSION_LIFETIME`` from sign-in, whatever is done with it: the time of
  sign-in is kept in the (signed) session and checked on every request, so re-signing the cookie does not
  extend it.
- A session is bound to the client's address and browser. The address is ``request.remote_addr``, which
  comes from ``X-Forwarded-For`` only through ``ProxyFix`` with ``PROXY_FIX_X_FOR`` trusted hops: a
  client's own header is never read.
- Outside the restricted paths, a response never sets or deletes a cookie, whatever the visitor opened
  before: the session interface is the last step before a response leaves, so it is enforced there.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from flask import Flask, current_app, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import login_user

from panelrecords.extensions import db, login_manager
from panelrecords.models.users import User

SIGNED_IN_AT = "signed_in_at"
BOUND_TO = "_id"  # Flask-Login's name for the client identifier it stores at sign-in


def client_identifier() -> str:
    """The client's address (as trusted configuration gives it) and browser, hashed."""
    base = f"{request.remote_addr}|{request.headers.get('User-Agent', '')}"
    return hashlib.sha512(base.encode("utf-8", errors="replace")).hexdigest()


def load_user(user_id: str) -> User | None:
    """The user of a session, only while the session's version is the user's current one."""
    ident, _, version = (user_id or "").partition(".")
    if not (ident.isdigit() and version.isdigit()) or len(ident) > 18:
        return None
    user = db.session.get(User, int(ident))
    if user is None or not user.active or (user.session_version or 0) != int(version):
        return None
    return user


def start(user: User) -> None:
    """A fresh session for a user who has just proved who they are."""
    session.clear()
    login_user(user)
    session[SIGNED_IN_AT] = int(time.time())


def renew(user: User) -> None:
    """Keep this browser signed in after the user's version was raised (their own password change);
    the absolute lifetime still counts from the first sign-in."""
    kept = {key: session[key] for key in (SIGNED_IN_AT, "csrf_token") if key in session}
    session.clear()
    login_user(user)
    session.update(kept)


def is_current(now: float | None = None) -> bool:
    """Whether a session naming a user is within its lifetime and from the client it was made for."""
    started = session.get(SIGNED_IN_AT)
    if not isinstance(started, int):
        return False
    age = (now or time.time()) - started
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    return -60 <= age <= lifetime and session.get(BOUND_TO) == client_identifier()


class _SessionInterface(SecureCookieSessionInterface):
    def __init__(self, restricted: Callable[[str], bool]):
        self.restricted = restricted

    def open_session(self, app, request):
        # No cookie, no session to read: skip building the signing serializer (most public requests have none).
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response) -> None:
        if not self.restricted(request.path):
            # Also drops a cookie set by an after-request hook (Flask-Login clears its "remember me" cookie
            # that way): nothing public ever sets one.
            response.headers.remove("Set-Cookie")
            return
        super().save_session(app, session, response)


def register(app: Flask, *, restricted: Callable[[str], bool]) -> None:
    app.session_interface = _SessionInterface(restricted)
    # The binding is checked here, with the trusted address; Flask-Login's own check reads X-Forwarded-For.
    login_manager.session_protection = None
    login_manager._session_identifier_generator = client_identifier
    login_manager.user_loader(load_user)

    @app.before_request
    def end_expired_sessions():
        if "_user_id" in session and not is_current():
            session.clear()
