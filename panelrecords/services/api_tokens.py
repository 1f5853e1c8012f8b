"""Per-user tokens for the restricted integration API. Only the token's SHA-256 is stored; a token is shown once."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from panelrecords.errors import Forbidden
from panelrecords.extensions import db
from panelrecords.models.tokens import ApiToken
from panelrecords.models.users import Role, User
from panelrecords.services import Actor, audit
from panelrecords.services.recording import atomic

TOKEN_PREFIX = "prt_"
HOLDERS = (Role.CLERK, Role.ADMIN)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@atomic
def issue_token(user: User, *, by: Actor) -> str:
    """Create a token for ``user`` and return it (the only time it exists in clear); it expires after
    ``API_TOKEN_DAYS``. Raises ``Forbidden`` unless the user is an active clerk or administrator."""
    if not user.active or not user.has_role(*HOLDERS):
        raise Forbidden("API tokens are only for active clerks and administrators")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = datetime.now(UTC) + timedelta(days=current_app.config["API_TOKEN_DAYS"])
    row = ApiToken(user_id=user.id, token_hash=_hash(token), prefix=token[:12], expires_at=expires)
    db.session.add(row)
    db.session.flush()
    audit.record(
        "api_token.issue",
        "user",
        user.id,
        by=by,
        detail={"token_id": row.id, "prefix": row.prefix, "expires_at": expires.isoformat()},
    )
    db.session.commit()
    return token


def expiry_of(token: str) -> datetime | None:
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(token)))
    return row.expires_at if row is not None else None


@atomic
def revoke_tokens(user: User, *, by: Actor) -> int:
    """Revoke every live token of ``user``; returns how many."""
    now = datetime.now(UTC)
    rows = list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))))
    for row in rows:
        row.revoked_at = now
    audit.record("api_token.revoke", "user", user.id, by=by, detail={"count": len(rows)})
    db.session.commit()
    return len(rows)


def user_for_token(token: str | None) -> User | None:
    """The active user a live token belongs to, or None (missing, unknown, revoked, expired, or a disabled
    account). Records when it was last used."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(token)))
    now = datetime.now(UTC)
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    if row.expires_at is None or row.expires_at <= now:
        return None
    row.last_used_at = now
    db.session.commit()
    return row.user
