"""Users, their roles and the per-role security settings."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panelrecords.crypto import EncryptedText
from panelrecords.extensions import db
from panelrecords.models.types import UTCDateTime


def utcnow() -> datetime:
    return datetime.now(UTC)


class Role(StrEnum):
    ADMIN = "admin"
    CLERK = "clerk"
    PANEL_MEMBER = "panel_member"
    PARENT_REP = "parent_rep"
    REVIEWER = "reviewer"
    BOARD_SECRETARY = "board_secretary"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.CLERK: "Panel clerk",
    Role.PANEL_MEMBER: "Panel member",
    Role.PARENT_REP: "Parent carer representative",
    Role.REVIEWER: "Redaction reviewer",
    Role.BOARD_SECRETARY: "Board secretary",
}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    mfa_secret: Mapped[str | None] = mapped_column(EncryptedText)
    mfa_enabled: Mapped[bool] = mapped_column(default=False)
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Part of every session's user id: raising it ends every session of this user on every worker and host.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # The last TOTP time step accepted, so a code is accepted once.
    last_totp_step: Mapped[int | None] = mapped_column(BigInteger)

    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin", order_by="UserRole.role"
    )

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(Role(row.role) for row in self.role_rows)

    def has_role(self, *roles: Role) -> bool:
        mine = self.roles
        return any(role in mine for role in roles)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session: the user's id and their current session version."""
        return f"{self.id}.{self.session_version or 0}"

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or utcnow())

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))

    user: Mapped[User] = relationship(back_populates="role_rows")


class RoleSetting(db.Model):
    """Security settings an admin sets per role (two-factor sign-in required or not)."""

    __tablename__ = "role_settings"

    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    mfa_required: Mapped[bool] = mapped_column(default=False)


class SignInThrottle(db.Model):
    """Failed sign-ins per e-mail address and client address (known or not), for lock-out with growing delays.

    Keyed by a hash of both, so a stranger at another address cannot lock someone out, and an unknown address
    is throttled exactly as a real account is.
    """

    __tablename__ = "sign_in_throttles"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    email_key: Mapped[str] = mapped_column(String(64), index=True)
    failures: Mapped[int] = mapped_column(default=0)
    lockouts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
