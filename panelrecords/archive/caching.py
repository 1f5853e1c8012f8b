"""HTTP caching for public responses: ETag, Last-Modified, Cache-Control for a shared cache, and 304s."""

from __future__ import annotations

from flask import Response, request
from flask_login import current_user

from panelrecords.services import archive

MAX_AGE = 300


def public_cache(response: Response) -> Response:
    """After-request hook of the public blueprints (signed-in users get web.py's ``no-store`` instead)."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or current_user.is_authenticated:
        return response
    if response.direct_passthrough or response.is_streamed:
        return response
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    changed = archive.last_changed()
    if changed is not None:
        response.last_modified = changed
    response.vary.add("Accept-Encoding")
    response.add_etag()
    return response.make_conditional(request)
