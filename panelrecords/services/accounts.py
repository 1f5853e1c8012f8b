"""Accounts: creating users, signing in, passwords, roles and two-factor sign-in."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select

from panelrecords.errors import AccountLocked, BadCredentials, Conflict, NotFound, ValidationFailed
from panelrecords.extensions import db
from panelrecords.models.users import Role, RoleSetting, User, UserRole
from panelrecords.services import Actor, audit

_hasher = PasswordHasher()
# Verifying against a dummy hash when the e-mail is unknown takes as long as a real check,
# so response times do not reveal which addresses have accounts.
_DUMMY_HASH = _hasher.hash("panelrecords-dummy-password")

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_password_rules(password: str, *, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"Password must be {MIN_PASSWORD_LENGTH} characters or more", field)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationFailed(f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer", field)


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("User not found")
    return user


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(func.lower(User.display_name))))


def _set_role_rows(user: User, roles: Iterable[Role]) -> None:
    wanted = {Role(r) for r in roles}
    for row in list(user.role_rows):
        if Role(row.role) not in wanted:
            user.role_rows.remove(row)
    have = user.roles
    for role in sorted(wanted - have):
        user.role_rows.append(UserRole(role=role.value))


def create_user(email: str, *, display_name: str, password: str, roles: Iterable[Role], by: Actor) -> User:
    """Create an account. Raises ``Conflict`` if the e-mail is taken, ``ValidationFailed`` for a weak password."""
    email = normalise_email(email)
    if not email or "@" not in email:
        raise ValidationFailed("Enter an email address in the correct format, like name@example.org", "email")
    if not display_name.strip():
        raise ValidationFailed("Enter the person's name", "display_name")
    check_password_rules(password)
    if find_user(email) is not None:
        raise Conflict("An account with this email address already exists", "email")
    user = User(email=email, display_name=display_name.strip(), password_hash=_hasher.hash(password))
    _set_role_rows(user, roles)
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user.create", "user", user.id, by=by, detail={"email": email, "roles": sorted(r.value for r in user.roles)}
    )
    db.session.commit()
    return user


def _lock_policy() -> tuple[int, timedelta]:
    return (current_app.config["SIGN_IN_MAX_FAILURES"], timedelta(minutes=current_app.config["SIGN_IN_LOCK_MINUTES"]))


def authenticate(email: str, password: str, *, address: str | None) -> User:
    """Check an e-mail and password. Every attempt is audited; repeated failures lock the account.

    Raises ``BadCredentials`` (unknown user, wrong password or disabled account: one message for all,
    so the form does not reveal which) or ``AccountLocked``.
    """
    now = datetime.now(UTC)
    user = find_user(email)
    actor = Actor(user_id=user.id if user else None, label=normalise_email(email)[:254], address=address)
    if user is None:
        try:
            _hasher.verify(_DUMMY_HASH, password)
        except VerificationError:
            pass
        audit.record("sign_in.failed", "user", None, by=actor, detail={"reason": "unknown_user"})
        db.session.commit()
        raise BadCredentials("Enter a correct email address and password")
    if user.is_locked(now):
        audit.record("sign_in.refused", "user", user.id, by=actor, detail={"reason": "locked"})
        db.session.commit()
        raise AccountLocked(_locked_message(user, now))
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        max_failures, lock_for = _lock_policy()
        user.failed_sign_ins += 1
        detail = {"reason": "wrong_password", "failures": user.failed_sign_ins}
        if user.failed_sign_ins >= max_failures:
            user.locked_until = now + lock_for
            user.failed_sign_ins = 0
            detail["locked_until"] = user.locked_until.isoformat()
            audit.record("sign_in.failed", "user", user.id, by=actor, detail=detail)
            db.session.commit()
            raise AccountLocked(_locked_message(user, now)) from None
        audit.record("sign_in.failed", "user", user.id, by=actor, detail=detail)
        db.session.commit()
        raise BadCredentials("Enter a correct email address and password") from None
    if not user.active:
        audit.record("sign_in.refused", "user", user.id, by=actor, detail={"reason": "disabled"})
        db.session.commit()
        raise BadCredentials("This account has been disabled. Contact your administrator")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_sign_ins = 0
    user.locked_until = None
    db.session.commit()
    return user


def _locked_message(user: User, now: datetime) -> str:
    minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
    return (
        f"Your account is locked after too many failed sign-in attempts. "
        f"Try again in {minutes} minute{'s' if minutes != 1 else ''}, or contact your administrator"
    )


def record_sign_in(user: User, *, address: str | None, method: str) -> None:
    """Audit a completed sign-in (after the second factor, where there is one)."""
    user.last_sign_in_at = datetime.now(UTC)
    audit.record("sign_in", "user", user.id, by=Actor.of(user, address), detail={"method": method})
    db.session.commit()


def record_sign_out(user: User, *, address: str | None) -> None:
    audit.record("sign_out", "user", user.id, by=Actor.of(user, address))
    db.session.commit()


def change_password(user: User, *, current_password: str, new_password: str, by: Actor) -> None:
    """Raises ``ValidationFailed`` on the field at fault."""
    try:
        _hasher.verify(user.password_hash, current_password)
    except (VerificationError, InvalidHashError):
        audit.record("password.change_refused", "user", user.id, by=by)
        db.session.commit()
        raise ValidationFailed("Your current password is not correct", "current_password") from None
    check_password_rules(new_password, field="new_password")
    if new_password == current_password:
        raise ValidationFailed("Your new password must be different from your current password", "new_password")
    user.password_hash = _hasher.hash(new_password)
    user.password_changed_at = datetime.now(UTC)
    audit.record("password.change", "user", user.id, by=by)
    db.session.commit()


def set_roles(user: User, roles: Iterable[Role], *, by: Actor) -> None:
    """Replace a user's roles. An admin cannot remove their own admin role (so one admin always remains)."""
    wanted = {Role(r) for r in roles}
    before = sorted(r.value for r in user.roles)
    if by.user_id == user.id and Role.ADMIN in user.roles and Role.ADMIN not in wanted:
        raise ValidationFailed("You cannot remove your own administrator role", "roles")
    _set_role_rows(user, wanted)
    after = sorted(r.value for r in wanted)
    if before != after:
        audit.record("user.roles", "user", user.id, by=by, detail={"before": before, "after": after})
    db.session.commit()


def set_active(user: User, active: bool, *, by: Actor) -> None:
    if by.user_id == user.id and not active:
        raise ValidationFailed("You cannot disable your own account", "active")
    if user.active != active:
        user.active = active
        audit.record("user.enable" if active else "user.disable", "user", user.id, by=by)
    db.session.commit()


def unlock(user: User, *, by: Actor) -> None:
    user.locked_until = None
    user.failed_sign_ins = 0
    audit.record("user.unlock", "user", user.id, by=by)
    db.session.commit()


# Two-factor sign-in (TOTP) -------------------------------------------------------------------------------------


def roles_requiring_mfa() -> frozenset[Role]:
    return frozenset(Role(s.role) for s in db.session.scalars(select(RoleSetting).where(RoleSetting.mfa_required)))


def is_mfa_required(user: User) -> bool:
    return bool(user.roles & roles_requiring_mfa())


def set_mfa_required(roles: Iterable[Role], *, by: Actor) -> None:
    wanted = {Role(r) for r in roles}
    for role in Role:
        setting = db.session.get(RoleSetting, role.value) or RoleSetting(role=role.value, mfa_required=False)
        setting.mfa_required = role in wanted
        db.session.add(setting)
    audit.record("settings.mfa_required", "role_settings", None, by=by, detail={"roles": sorted(wanted)})
    db.session.commit()


def new_mfa_secret() -> str:
    return pyotp.random_base32()


def mfa_provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=current_app.config["SERVICE_NAME"])


def _code_ok(secret: str, code: str) -> bool:
    code = "".join(code.split())
    return code.isdigit() and len(code) == 6 and pyotp.TOTP(secret).verify(code, valid_window=1)


def enable_mfa(user: User, *, secret: str, code: str, by: Actor) -> None:
    if not _code_ok(secret, code):
        raise ValidationFailed("Enter the 6-digit code shown in your authenticator app", "code")
    user.mfa_secret = secret
    user.mfa_enabled = True
    audit.record("mfa.enable", "user", user.id, by=by)
    db.session.commit()


def verify_mfa(user: User, code: str, *, address: str | None) -> None:
    """Check a second-factor code. Wrong codes count towards the lock-out like wrong passwords."""
    if user.mfa_secret and _code_ok(user.mfa_secret, code):
        return
    now = datetime.now(UTC)
    max_failures, lock_for = _lock_policy()
    user.failed_sign_ins += 1
    if user.failed_sign_ins >= max_failures:
        user.locked_until = now + lock_for
        user.failed_sign_ins = 0
    audit.record("sign_in.mfa_failed", "user", user.id, by=Actor.of(user, address))
    db.session.commit()
    if user.is_locked(now):
        raise AccountLocked(_locked_message(user, now))
    raise ValidationFailed("Enter the 6-digit code shown in your authenticator app", "code")
