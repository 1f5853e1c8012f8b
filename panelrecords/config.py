"""Settings from environment variables, with safe defaults for the embedded set-up.

``PANELRECORDS_ENV`` chooses the mode: ``production`` (the default: refuses to start without
``SECRET_KEY`` and ``FIELD_ENCRYPTION_KEY``), ``development`` and ``demo`` (generate and keep those
secrets in ``instance/`` so that a newcomer can start at once), and ``testing``.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

from cryptography.fernet import Fernet

ENVIRONMENTS = ("production", "development", "demo", "testing")
RELAXED_ENVIRONMENTS = ("development", "demo", "testing")
# Variables read under their own name (the rest of the settings are read under the config key's name).
ENVIRONMENT_VARIABLES = ("PANELRECORDS_ENV", "SECRET_KEY", "FIELD_ENCRYPTION_KEY", "DATABASE_URL")


class ConfigurationError(RuntimeError):
    """The app cannot start safely with these settings."""


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _local_secrets(instance_path: Path) -> dict[str, str]:
    """Development secrets, generated once and kept in instance/ so sessions and encrypted data survive."""
    path = instance_path / "dev-secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    values = {"SECRET_KEY": secrets.token_hex(32), "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode()}
    path.write_text(json.dumps(values, indent=2))
    path.chmod(0o600)
    return values


def load(instance_path: Path, environ: dict[str, str] | None = None) -> dict[str, object]:
    """Build the Flask configuration mapping from the environment."""
    env = os.environ if environ is None else environ
    mode = env.get("PANELRECORDS_ENV", "production").strip().lower()
    if mode not in ENVIRONMENTS:
        raise ConfigurationError(f"PANELRECORDS_ENV must be one of {', '.join(ENVIRONMENTS)}, not {mode!r}")
    relaxed = mode in RELAXED_ENVIRONMENTS
    secret_key = env.get("SECRET_KEY")
    field_key = env.get("FIELD_ENCRYPTION_KEY")
    if not (secret_key and field_key):
        if not relaxed:
            missing = [
                name for name, value in (("SECRET_KEY", secret_key), ("FIELD_ENCRYPTION_KEY", field_key)) if not value
            ]
            raise ConfigurationError(
                f"{' and '.join(missing)} must be set when PANELRECORDS_ENV={mode}. "
                "Generate a field key with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'"
            )
        generated = _local_secrets(instance_path)
        secret_key = secret_key or generated["SECRET_KEY"]
        field_key = field_key or generated["FIELD_ENCRYPTION_KEY"]

    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'panelrecords.sqlite'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")

    return {
        "PANELRECORDS_ENV": mode,
        "DEMO_ALLOWED": mode in ("development", "demo", "testing"),
        "SECRET_KEY": secret_key,
        "FIELD_ENCRYPTION_KEY": field_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SEARCH_BACKEND": env.get("SEARCH_BACKEND", "whoosh"),
        "SEARCH_INDEX_DIR": env.get("SEARCH_INDEX_DIR") or str(instance_path / "search-index"),
        # How long a shared cache (a proxy or CDN) may keep a public page before asking again (browsers always ask).
        "SHARED_CACHE_SECONDS": int(env.get("SHARED_CACHE_SECONDS", "5")),
        # Public pages kept in each worker's memory, made once per change of the archive (0: make every page).
        "PUBLIC_PAGE_CACHE_ENTRIES": int(env.get("PUBLIC_PAGE_CACHE_ENTRIES", "512")),
        "AUTHORITY_NAME": env.get("AUTHORITY_NAME", "Example City Council"),
        "SERVICE_NAME": env.get("SERVICE_NAME", "SEND panel records"),
        # The public site's languages besides English, by code (comma-separated): each has a catalogue folder in
        # translations/. Empty: every catalogue there. Each is served under its code: /pl/…, /ar/….
        "AUTHORITY_LANGUAGES": env.get("AUTHORITY_LANGUAGES", ""),
        # Where a reader reports a bad translation (a mailto: link on every translated page); empty: no link.
        "TRANSLATION_FEEDBACK_EMAIL": env.get("TRANSLATION_FEEDBACK_EMAIL", ""),
        # Where a family can turn after a decision (shown on every public decision page).
        "SENDIASS_NAME": env.get("SENDIASS_NAME", ""),
        "SENDIASS_URL": env.get("SENDIASS_URL", ""),
        "SENDIASS_PHONE": env.get("SENDIASS_PHONE", ""),
        "MEDIATION_NAME": env.get("MEDIATION_NAME", ""),
        "MEDIATION_URL": env.get("MEDIATION_URL", ""),
        "MEDIATION_PHONE": env.get("MEDIATION_PHONE", ""),
        # How long the privacy notice says each kind of information is kept (the authority's retention schedule).
        "RETENTION_ACCESS_LOGS": env.get("RETENTION_ACCESS_LOGS", ""),
        "RETENTION_AUDIT": env.get("RETENTION_AUDIT", ""),
        "RETENTION_CASES": env.get("RETENTION_CASES", ""),
        # Redis (or any store the limits library names) shares the counts between workers and hosts; if it
        # cannot be reached, each worker counts in memory until it can, rather than failing sign-in.
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or "memory://",
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_KEY_PREFIX": env.get("RATELIMIT_KEY_PREFIX", "panelrecords"),
        "RATELIMIT_SIGN_IN": env.get("RATELIMIT_SIGN_IN", "10 per minute;50 per hour"),
        "API_TOKEN_DAYS": int(env.get("API_TOKEN_DAYS", "90")),
        "RATELIMIT_HEADERS_ENABLED": False,
        "SIGN_IN_MAX_FAILURES": int(env.get("SIGN_IN_MAX_FAILURES", "5")),
        "SIGN_IN_LOCK_MINUTES": int(env.get("SIGN_IN_LOCK_MINUTES", "15")),
        "SESSION_COOKIE_NAME": "panelrecords_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), not relaxed),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=int(env.get("SESSION_HOURS", "8"))),
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": True,
        "MAX_CONTENT_LENGTH": int(env.get("MAX_UPLOAD_MB", "25")) * 1024 * 1024 + 64 * 1024,
        "MAX_UPLOAD_BYTES": int(env.get("MAX_UPLOAD_MB", "25")) * 1024 * 1024,
        "PROXY_FIX_X_FOR": int(env.get("PROXY_FIX_X_FOR", "0")),
        "HSTS": not relaxed,
        "TESTING": mode == "testing",
    }
