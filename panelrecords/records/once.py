"""One-time form tokens: a form sent twice (the back button, then submit again, or two at once) does its work once.

Every form page carries a fresh token (``form_once()`` in templates). A POST that carries a token claims it in the
database first (``services.submissions``): a second submission of the same form — later, or at the same moment —
finds it claimed, waits for the first to finish and is redirected to where it went, so the view does not run
again and no second row is written. A submission that comes back with errors releases its token, so the person
can correct the form and send it again.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps

from flask import abort, redirect, request, session

from panelrecords.services import submissions

FIELD = "form_once"
SESSION_KEY = "spent_forms"
KEEP = 12  # the session is a cookie: the last few forms are enough for a back button


def issue() -> str:
    return secrets.token_urlsafe(12)


def single_submission(view: Callable) -> Callable:
    """Make a form view safe to resubmit: a spent token redirects to where the first submission went."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        token = request.form.get(FIELD, "") if request.method == "POST" else ""
        spent = session.get(SESSION_KEY) or {}
        if token and token in spent:
            return redirect(spent[token])
        if token and not submissions.claim(token):
            location = submissions.outcome(token)
            if location:
                return redirect(location)
            abort(409, "This form is already being sent. Wait a moment, then reload the page.")
        try:
            response = view(*args, **kwargs)
        except BaseException:
            if token:
                submissions.finish(token, None)
            raise
        redirected = getattr(response, "status_code", 200) in (301, 302, 303) and response.location
        if token:
            submissions.finish(token, response.location if redirected else None)
        if token and redirected:
            remembered = {key: value for key, value in spent.items() if key != token}
            remembered[token] = response.location
            session[SESSION_KEY] = dict(list(remembered.items())[-KEEP:])
        return response

    return wrapped
