"""Per-user tokens for the restricted integration API. Only the token's SHA-256 is stored; a token is shown once."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from sqlalchemy import select

from panelrecords.extensions import db
from panelrecords.models.tokens import ApiToken
from panelrecords.models.users import User
from panelrecords.services import Actor, audit
from panelrecords.services.recording import atomic

TOKEN_PREFIX = "prt_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@atomic
def issue_token(user: User, *, by: Actor) -> str:
    """Create a token for ``user`` and return it (the only time it exists in clear)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=_hash(token), prefix=token[:12])
    db.session.add(row)
    db.session.flush()
    audit.record("api_token.issue", "user", user.id, by=by, detail={"token_id": row.id, "prefix": row.prefix})
    db.session.commit()
    return token


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
    """The active user a live token belongs to, or None (missing, unknown, revoked, or a disabled account)."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(token)))
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    row.last_used_at = datetime.now(UTC)
    db.session.commit()
    return row.user
