"""Accounts: creating users, signing in, passwords, roles and two-factor sign-in."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from panelrecords.errors import AccountLocked, BadCredentials, Conflict, NotFound, ValidationFailed
from panelrecords.extensions import db
from panelrecords.models.users import Role, RoleSetting, SignInThrottle, User, UserRole
from panelrecords.services import Actor, audit

_hasher = PasswordHasher()
# Verifying against a dummy hash when the e-mail is unknown takes as long as a real check,
# so response times do not reveal which addresses have accounts.
_DUMMY_HASH = _hasher.hash("panelrecords-dummy-password")

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256


def normalise_email(email: str) -> str:
    return email.strip().lower()


# Checked offline: the words common passwords are built from, and the runs of keys and digits. A password that
# is one of these words (or runs), written any way, with only digits and symbols around it, is refused.
_COMMON_WORDS = frozenset(
    """password passw0rd p@ssword p@ssw0rd qwerty qwertyuiop qwertyuiopasdfghjkl asdfghjkl zxcvbnm letmein welcome
    admin administrator iloveyou football baseball monkey dragon sunshine princess trustno1 changeme starwars
    superman batman master shadow michael jennifer abc abcdef abcdefgh login secret freedom whatever council
    manchester liverpool chelsea arsenal summer winter spring autumn london england panelrecords records""".split()
)
_RUNS = ("01234567890", "1234567890", "0987654321", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")
_LEET = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})


def is_common_password(password: str) -> bool:
    """Whether a password is a common one: a common word or a run of keys, repeated or padded with digits."""
    lowered = password.lower().strip()
    core = lowered.strip("0123456789!@#$%^&*()_+-=.,?~ ")
    if len(set(lowered)) <= 3:
        return True  # "aaaaaaaaaaaa", "abcabcabcabc"
    if not core:
        return any(lowered in run * 3 or lowered in run[::-1] * 3 for run in _RUNS)  # only digits and symbols
    for candidate in {core, core.translate(_LEET), lowered.translate(_LEET).strip("0123456789!@#$%^&*()_+-=.,?~ ")}:
        if candidate in _COMMON_WORDS or any(candidate in run * 2 for run in _RUNS):
            return True
        if len(candidate) % 2 == 0 and candidate[: len(candidate) // 2] * 2 == candidate:
            half = candidate[: len(candidate) // 2]
            if half in _COMMON_WORDS or len(half) <= 3:
                return True
    return False


def check_password_rules(password: str, *, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"Password must be {MIN_PASSWORD_LENGTH} characters or more", field)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationFailed(f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer", field)
    if is_common_password(password):
        raise ValidationFailed("Password is too common: use three or more random words instead", field)


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


MAX_LOCK = timedelta(hours=24)
WRONG_CREDENTIALS = "Enter a correct email address and password"


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="replace")).hexdigest()


def _throttle(email: str, address: str | None) -> SignInThrottle:
    """The failure count for this e-mail address from this client address (created, not yet added, if new)."""
    email = normalise_email(email)[:254]
    key = _hash(f"{email}\n{address or ''}")
    throttle = db.session.scalar(select(SignInThrottle).where(SignInThrottle.key == key))
    return throttle or SignInThrottle(key=key, email_key=_hash(email), failures=0, lockouts=0)


def _is_throttled(throttle: SignInThrottle, now: datetime) -> bool:
    return throttle.locked_until is not None and throttle.locked_until > now


def _count_failure(throttle: SignInThrottle, now: datetime) -> None:
    """One more failure; the fifth locks this e-mail from this address, each lock twice as long as the last."""
    max_failures, lock_for = _lock_policy()
    throttle.failures = (throttle.failures or 0) + 1
    throttle.updated_at = now
    if throttle.failures >= max_failures:
        throttle.lockouts = (throttle.lockouts or 0) + 1
        throttle.locked_until = now + min(lock_for * 2 ** min(throttle.lockouts - 1, 16), MAX_LOCK)
        throttle.failures = 0
    db.session.add(throttle)


def _commit_throttle() -> None:
    try:
        db.session.commit()
    except IntegrityError:  # two workers created the same row at once: the other one counted
        db.session.rollback()


def authenticate(email: str, password: str, *, address: str | None) -> User:
    """Check an e-mail and password. Every attempt is audited; repeated failures from one address pause sign-in
    for that e-mail address from that address, with growing delays.

    Raises ``BadCredentials`` with one message and one amount of work for an unknown address, a wrong
    password and a paused or locked account, so neither the answer nor its timing reveals which addresses
    have accounts. Only the right password of a disabled account is told so.
    """
    now = datetime.now(UTC)
    user = find_user(email)
    throttle = _throttle(email, address)
    actor = Actor(user_id=user.id if user else None, label=normalise_email(email)[:254], address=address)
    refused = _is_throttled(throttle, now) or (user is not None and user.is_locked(now))
    try:
        _hasher.verify(user.password_hash if user is not None and not refused else _DUMMY_HASH, password)
        matched = user is not None and not refused
    except (VerificationError, InvalidHashError):
        matched = False
    if not matched:
        reason = "locked" if refused else ("unknown_user" if user is None else "wrong_password")
        if not refused:
            _count_failure(throttle, now)
        detail = {"reason": reason}
        if throttle.locked_until is not None and throttle.locked_until > now:
            detail["paused_until"] = throttle.locked_until.isoformat()
        action = "sign_in.refused" if refused else "sign_in.failed"
        audit.record(action, "user", user.id if user else None, by=actor, detail=detail)
        _commit_throttle()
        raise BadCredentials(WRONG_CREDENTIALS)
    if not user.active:
        audit.record("sign_in.refused", "user", user.id, by=actor, detail={"reason": "disabled"})
        db.session.commit()
        raise BadCredentials("This account has been disabled. Contact your administrator")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    if throttle.id is not None:
        db.session.delete(throttle)
    user.failed_sign_ins = 0
    db.session.commit()
    return user


def record_sign_in(user: User, *, address: str | None, method: str) -> None:
    """Audit a completed sign-in (after the second factor, where there is one)."""
    user.last_sign_in_at = datetime.now(UTC)
    audit.record("sign_in", "user", user.id, by=Actor.of(user, address), detail={"method": method})
    db.session.commit()


def _end_sessions(user: User) -> None:
    user.session_version = (user.session_version or 0) + 1


def record_sign_out(user: User, *, address: str | None) -> None:
    """Sign out: every session of the user ends, on every worker and host, not only this browser's."""
    _end_sessions(user)
    audit.record("sign_out", "user", user.id, by=Actor.of(user, address))
    db.session.commit()


def end_sessions(user: User, *, by: Actor) -> None:
    """Sign a user out everywhere (an administrator's action, or the user's own)."""
    _end_sessions(user)
    audit.record("user.sign_out_everywhere", "user", user.id, by=by)
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
    _end_sessions(user)  # every other session ends; the caller renews the one that made the change
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
        _end_sessions(user)
        audit.record("user.roles", "user", user.id, by=by, detail={"before": before, "after": after})
    db.session.commit()


def set_active(user: User, active: bool, *, by: Actor) -> None:
    if by.user_id == user.id and not active:
        raise ValidationFailed("You cannot disable your own account", "active")
    if user.active != active:
        user.active = active
        _end_sessions(user)
        audit.record("user.enable" if active else "user.disable", "user", user.id, by=by)
    db.session.commit()


def paused_until(user: User) -> datetime | None:
    """Until when sign-in to this account is paused from at least one address (after failed attempts), if it is."""
    now = datetime.now(UTC)
    until = db.session.scalar(
        select(func.max(SignInThrottle.locked_until)).where(
            SignInThrottle.email_key == _hash(normalise_email(user.email)), SignInThrottle.locked_until > now
        )
    )
    return until


def unlock(user: User, *, by: Actor) -> None:
    user.locked_until = None
    user.failed_sign_ins = 0
    for throttle in db.session.scalars(select(SignInThrottle).where(SignInThrottle.email_key == _hash(user.email))):
        db.session.delete(throttle)
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


def _matching_step(secret: str, code: str, now: datetime | None = None) -> int | None:
    """The time step (of the current one and its two neighbours) whose code this is, or None."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now or datetime.now(UTC))
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _code_ok(secret: str, code: str) -> bool:
    return _matching_step(secret, code) is not None


def enable_mfa(user: User, *, secret: str, code: str, by: Actor) -> None:
    step = _matching_step(secret, code)
    if step is None:
        raise ValidationFailed("Enter the 6-digit code shown in your authenticator app", "code")
    user.mfa_secret = secret
    user.mfa_enabled = True
    user.last_totp_step = step
    audit.record("mfa.enable", "user", user.id, by=by)
    db.session.commit()


def verify_mfa(user: User, code: str, *, address: str | None) -> None:
    """Check a second-factor code: each time step is accepted once, and never while sign-in is paused.

    Wrong codes count towards the pause like wrong passwords. Raises ``AccountLocked`` or ``ValidationFailed``.
    """
    now = datetime.now(UTC)
    throttle = _throttle(user.email, address)
    if _is_throttled(throttle, now) or user.is_locked(now):
        audit.record("sign_in.refused", "user", user.id, by=Actor.of(user, address), detail={"reason": "locked"})
        db.session.commit()
        raise AccountLocked("Sign-in is paused after too many failed attempts. Try again later")
    step = _matching_step(user.mfa_secret, code) if user.mfa_secret else None
    if step is not None and (user.last_totp_step is None or step > user.last_totp_step):
        user.last_totp_step = step
        db.session.commit()
        return
    _count_failure(throttle, now)
    reason = "replayed" if step is not None else "wrong_code"
    audit.record("sign_in.mfa_failed", "user", user.id, by=Actor.of(user, address), detail={"reason": reason})
    _commit_throttle()
    if _is_throttled(throttle, now):
        raise AccountLocked("Sign-in is paused after too many failed attempts. Try again later")
    if step is not None:
        raise ValidationFailed("This code has been used. Wait for the next code in your authenticator app", "code")
    raise ValidationFailed("Enter the 6-digit code shown in your authenticator app", "code")
