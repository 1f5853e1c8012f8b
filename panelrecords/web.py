"""Request hooks shared by every blueprint: security headers, caching rules, template context."""

from __future__ import annotations

import base64
import hashlib

from flask import Flask, current_app, request
from flask_login import current_user

# GOV.UK Frontend's page template has one inline script (it marks the body as JavaScript-enabled).
# The CSP allows exactly that script by its hash; no other inline script can run.
GOVUK_INLINE_SCRIPT = (
    "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype "
    "? ' govuk-frontend-supported' : '');"
)
GOVUK_INLINE_SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(GOVUK_INLINE_SCRIPT.encode()).digest()).decode()

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' '{GOVUK_INLINE_SCRIPT_HASH}'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)

SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)
HSTS_HEADER = (("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),)

DEFAULT_SERVICE_NAME = "SEND panel records"
RESTRICTED_PREFIXES = ("/records", "/governance", "/sign-in", "/sign-out", "/api/restricted")


def is_restricted_path(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in RESTRICTED_PREFIXES)


def service_name(configured: str) -> str:
    """The service's name: the default name in the reader's language, an authority's own name as it is."""
    if configured != DEFAULT_SERVICE_NAME:
        return configured
    from flask_babel import gettext

    return gettext("SEND panel records")


def register_request_hooks(app: Flask) -> None:
    from panelrecords.auth import sessions

    sessions.register(app, restricted=is_restricted_path)

    @app.after_request
    def security_headers(response):
        headers = response.headers
        # Each one unless the view set its own (one pass over the headers: this runs on every response).
        present = {name.lower() for name, _value in headers.items()}
        wanted = SECURITY_HEADERS + (HSTS_HEADER if current_app.config["HSTS"] else ())
        headers.extend([(name, value) for name, value in wanted if name.lower() not in present])
        if is_restricted_path(request.path) or current_user.is_authenticated:
            headers["Cache-Control"] = "no-store"
            headers["Pragma"] = "no-cache"
        return response

    # Public caching (its before-request step goes first of all; its after-request step runs before the security
    # headers below are added, so a 304 and a page already made get them too).
    from panelrecords.archive import caching

    caching.register(app)

    @app.context_processor
    def layout_context():
        return {
            "authority_name": current_app.config["AUTHORITY_NAME"],
            "service_name": service_name(current_app.config["SERVICE_NAME"]),
        }
