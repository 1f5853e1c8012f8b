"""One-time form tokens: a form sent twice (the back button, then submit again) does its work once.

Every form page carries a fresh token (``form_once()`` in templates). When a POST that carries a token ends in
a redirect, the token is spent and the redirect remembered in the session; the same token sent again is
redirected to the same place, and the view does not run, so no second row is written.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps

from flask import redirect, request, session

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
        response = view(*args, **kwargs)
        if token and getattr(response, "status_code", 200) in (301, 302, 303) and response.location:
            remembered = {key: value for key, value in spent.items() if key != token}
            remembered[token] = response.location
            session[SESSION_KEY] = dict(list(remembered.items())[-KEEP:])
        return response

    return wrapped
