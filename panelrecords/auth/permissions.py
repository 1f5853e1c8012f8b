"""Permissions: the one decorator every restricted route uses, and the acting user for services."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, redirect, request, session, url_for
from flask_login import current_user

from panelrecords.extensions import login_manager
from panelrecords.models.users import Role
from panelrecords.services import Actor

MFA_SETUP_PENDING = "mfa_setup_pending"


def _gate(roles: tuple[Role, ...]):
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if session.get(MFA_SETUP_PENDING):
        # Their role requires two-factor sign-in and they have not set it up yet.
        return redirect(url_for("auth.two_factor_setup"))
    if roles and not current_user.has_role(*roles):
        abort(403)
    return None


def role_required(*roles: Role) -> Callable:
    """Allow signed-in users holding any of ``roles``; anonymous users go to sign-in, others get 403."""
    if not roles:
        raise ValueError("name at least one role; use signed_in_required for any signed-in user")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            refused = _gate(roles)
            return refused if refused is not None else view(*args, **kwargs)

        wrapped.required_roles = frozenset(roles)
        return wrapped

    return decorator


def signed_in_required(view: Callable) -> Callable:
    """Allow any signed-in user (their own account pages)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        refused = _gate(())
        return refused if refused is not None else view(*args, **kwargs)

    wrapped.required_roles = frozenset()
    return wrapped


def current_actor() -> Actor:
    """The signed-in user and their address, for a service's ``by=``."""
    return Actor.of(current_user, request.remote_addr)
