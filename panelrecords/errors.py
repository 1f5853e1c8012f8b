"""Domain errors raised by services, and the HTTP error handlers registered by the app factory."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from panelrecords.languages import N_

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A use case refused: the message is written for the person who asked, in the GOV.UK voice.

    ``field`` names the form field the error is about, so a view can show it there.
    """

    status = 400
    code = "invalid"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationFailed(DomainError):
    code = "invalid"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class Gone(DomainError):
    """A published record was withdrawn: its page answers 410 with a tombstone (``record`` is its current version)."""

    status = 410
    code = "withdrawn"

    def __init__(self, record):
        super().__init__(f"This record was withdrawn on {record.withdrawn_at:%d %B %Y}. {record.withdrawn_reason}")
        self.record = record


class AccountLocked(DomainError):
    status = 403
    code = "account_locked"


class BadCredentials(DomainError):
    status = 401
    code = "bad_credentials"


# The titles are English (the JSON API's messages); the pages show them in the reader's language.
_PAGES = {
    400: (N_("There is a problem with your request"), "errors/400.html"),
    403: (N_("You do not have permission to view this page"), "errors/403.html"),
    404: (N_("Page not found"), "errors/404.html"),
    405: (N_("There is a problem with your request"), "errors/400.html"),
    410: (N_("This page has been removed"), "errors/410.html"),
    413: (N_("The file or form is too large"), "errors/413.html"),
    429: (N_("Too many attempts"), "errors/429.html"),
    500: (N_("Sorry, there is a problem with the service"), "errors/500.html"),
    503: (N_("Search is not available at the moment"), "errors/503.html"),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _respond(status: int, code: str, message: str | None = None, description: str | None = None):
    title, template = _PAGES.get(status, _PAGES[500 if status >= 500 else 400])
    if _wants_json():
        return jsonify(error=code, message=message or title), status
    return render_template(template, title=title, description=description), status


def register_error_handlers(app: Flask) -> None:
    from panelrecords.extensions import db

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        if _wants_json():
            return jsonify(error="csrf_failed", message=error.description), 400
        return render_template("errors/csrf.html", title=N_("Your form could not be sent")), 400

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        response = make_response(_respond(error.status, error.code, error.message, error.message))
        if error.status == 503:
            response.headers["Retry-After"] = "300"
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        code = (error.name or "error").lower().replace(" ", "_").replace("'", "")
        response = make_response(_respond(status, code, error.description if _wants_json() else None))
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _respond(500, "internal_error", "Sorry, there is a problem with the service. Try again later.")
