"""Sign in (with optional two-factor), sign out and the account's own password and two-factor pages."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user

from panelrecords.auth import sessions
from panelrecords.auth.forms import ChangePasswordForm, SignInForm, TwoFactorForm
from panelrecords.auth.permissions import MFA_SETUP_PENDING, current_actor, signed_in_required
from panelrecords.errors import AccountLocked, BadCredentials, ValidationFailed
from panelrecords.extensions import limiter
from panelrecords.services import accounts

bp = Blueprint("auth", __name__)

MFA_PENDING_USER = "mfa_pending_user"
MFA_PENDING_AT = "mfa_pending_at"
MFA_PENDING_SECONDS = 300
MFA_SETUP_SECRET = "mfa_setup_secret"


def _sign_in_limit() -> str:
    return current_app.config["RATELIMIT_SIGN_IN"]


def _safe_next(target: str | None) -> str:
    """Only a path on this site: an open redirect would let a phishing link borrow our address."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("records.index")


def _complete_sign_in(user, method: str):
    next_url = session.pop("next_url", None) or request.args.get("next")
    sessions.start(user)
    accounts.record_sign_in(user, address=request.remote_addr, method=method)
    if accounts.is_mfa_required(user) and not user.mfa_enabled:
        session[MFA_SETUP_PENDING] = True
        return redirect(url_for("auth.two_factor_setup"))
    return redirect(_safe_next(next_url))


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("records.index"))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data, address=request.remote_addr)
        except (BadCredentials, AccountLocked) as error:
            form.add_error("email", error.message)
        else:
            if user.mfa_enabled:
                next_url = request.args.get("next")
                session.clear()
                session[MFA_PENDING_USER] = user.get_id()
                session[MFA_PENDING_AT] = int(time.time())
                if next_url:
                    session["next_url"] = next_url
                return redirect(url_for("auth.two_factor"))
            return _complete_sign_in(user, "password")
    return render_template("auth/sign_in.html", form=form)


def _pending_user():
    """The user between password and code: for a few minutes, and only while their sessions stand."""
    started = session.get(MFA_PENDING_AT)
    if not isinstance(started, int) or not 0 <= time.time() - started <= MFA_PENDING_SECONDS:
        return None
    return sessions.load_user(str(session.get(MFA_PENDING_USER) or ""))


@bp.route("/sign-in/two-factor", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def two_factor():
    user = _pending_user()
    if user is None:
        session.pop(MFA_PENDING_USER, None)
        return redirect(url_for("auth.sign_in"))
    form = TwoFactorForm()
    if form.validate_on_submit():
        try:
            accounts.verify_mfa(user, form.code.data, address=request.remote_addr)
        except AccountLocked as error:
            session.clear()
            form.add_error("code", error.message)
        except ValidationFailed as error:
            form.add_error(error.field, error.message)
        else:
            return _complete_sign_in(user, "password+totp")
    return render_template("auth/two_factor.html", form=form)


@bp.route("/records/account/two-factor", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def two_factor_setup():
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    secret = session.get(MFA_SETUP_SECRET)
    if not secret:  # written once: the page does not re-sign the session on every visit
        secret = session[MFA_SETUP_SECRET] = accounts.new_mfa_secret()
    form = TwoFactorForm()
    if form.validate_on_submit():
        try:
            accounts.enable_mfa(current_user, secret=secret, code=form.code.data, by=current_actor())
        except ValidationFailed as error:
            form.add_error(error.field, error.message)
        else:
            session.pop(MFA_SETUP_SECRET, None)
            session.pop(MFA_SETUP_PENDING, None)
            return redirect(url_for("auth.account", updated="two-factor"))
    return render_template(
        "auth/two_factor_setup.html",
        form=form,
        secret=secret,
        uri=accounts.mfa_provisioning_uri(current_user, secret),
        required=bool(session.get(MFA_SETUP_PENDING)),
    )


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    if current_user.is_authenticated:
        accounts.record_sign_out(current_user, address=request.remote_addr)
    logout_user()
    session.clear()
    response = redirect(url_for("auth.signed_out"))
    response.delete_cookie(current_app.config["SESSION_COOKIE_NAME"])
    return response


@bp.route("/signed-out")
def signed_out():
    return render_template("auth/signed_out.html")


@bp.route("/records/account")
@signed_in_required
def account():
    return render_template("auth/account.html", updated=request.args.get("updated"))


@bp.route("/records/account/password", methods=["GET", "POST"])
@signed_in_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(
                current_user,
                current_password=form.current_password.data,
                new_password=form.new_password.data,
                by=current_actor(),
            )
        except ValidationFailed as error:
            form.add_error(error.field, error.message)
        else:
            sessions.renew(current_user._get_current_object())  # other sessions have ended; this one stays
            return redirect(url_for("auth.account", updated="password"))
    return render_template("auth/change_password.html", form=form)
