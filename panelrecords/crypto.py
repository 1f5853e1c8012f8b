"""Encryption at rest for identifiers (Fernet, keys from ``FIELD_ENCRYPTION_KEY``).

``FIELD_ENCRYPTION_KEY`` may hold several comma-separated keys: the first encrypts, all decrypt, so a
key can be rotated without downtime.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator


class DecryptionError(RuntimeError):
    """A stored value could not be decrypted with any configured key."""


def _fernet() -> MultiFernet:
    keys = [k.strip() for k in current_app.config["FIELD_ENCRYPTION_KEY"].split(",") if k.strip()]
    return MultiFernet([Fernet(k.encode()) for k in keys])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("stored value cannot be decrypted with the configured keys") from exc


class EncryptedText(TypeDecorator):
    """A text column stored encrypted; reads and writes plain ``str``."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else encrypt(value)

    def process_result_value(self, value, dialect):
        return None if value is None else decrypt(value)
