"""Factory functions for tests: readable defaults, overrides by keyword, flush (the client commits)."""

from __future__ import annotations

from collections.abc import Iterable

from argon2 import PasswordHasher

from panelrecords.models.users import Role, User, UserRole

_hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
_HASHES: dict[str, str] = {}


def password_hash(password: str) -> str:
    if password not in _HASHES:
        _HASHES[password] = _hasher.hash(password)
    return _HASHES[password]


def make_user(
    db,
    *,
    roles: Iterable[Role | str] = (),
    email: str = "someone@example.org",
    display_name: str = "Sam Someone",
    password: str | None = None,
    **overrides,
) -> User:
    from tests.conftest import PASSWORD

    user = User(email=email, display_name=display_name, password_hash=password_hash(password or PASSWORD), **overrides)
    user.role_rows = [UserRole(role=Role(r).value) for r in roles]
    db.session.add(user)
    db.session.flush()
    return user
