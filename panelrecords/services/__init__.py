"""Use cases. Views and the CLI call these; a service never imports a view."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """Who is doing something, and from where: passed to every service as ``by=``."""

    user_id: int | None
    label: str
    address: str | None = None

    @classmethod
    def system(cls, label: str = "system") -> Actor:
        return cls(user_id=None, label=label, address=None)

    @classmethod
    def of(cls, user, address: str | None = None) -> Actor:
        return cls(user_id=user.id, label=user.email, address=address)
