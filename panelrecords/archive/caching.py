"""HTTP caching for public responses: ETag, Last-Modified, Cache-Control for a shared cache, and 304s.

Public pages (the archive and the board pages) are the same for everyone who is not signed in, so a shared
cache (a proxy or CDN) may keep them for ``MAX_AGE`` seconds and then revalidate with ``If-None-Match`` or
``If-Modified-Since``. ``Last-Modified`` is the later of the archive's last change (a publication, correction
or withdrawal) and the release (the newest file of the code and templates), so a new page design is never
answered with 304. Signed-in users and restricted paths get ``no-store`` from ``web.py`` instead.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flask import Response, request
from flask_login import current_user

from panelrecords.services import archive

MAX_AGE = 300
# Other public blueprints whose pages get the same headers (the archive's own are set by its after_request).
SHARED_BLUEPRINTS = ("boards",)


def _release_time() -> datetime:
    root = Path(__file__).resolve().parents[2]
    newest = 0.0
    for folder, pattern in ((root / "panelrecords", "*.py"), (root / "templates", "*.html")):
        for path in folder.rglob(pattern):
            newest = max(newest, path.stat().st_mtime)
    return datetime.fromtimestamp(int(newest), UTC)


RELEASED = _release_time()


def public_cache(response: Response) -> Response:
    """After-request hook of the public blueprints (signed-in users get web.py's ``no-store`` instead)."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if "no-store" in (response.headers.get("Cache-Control") or ""):  # the health check, said by the view
        return response
    if response.direct_passthrough or response.is_streamed or "ETag" in response.headers:
        return response
    if current_user.is_authenticated:
        return response
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    changed = archive.last_changed()
    response.last_modified = max(changed, RELEASED) if changed is not None else RELEASED
    response.vary.add("Accept-Encoding")
    response.add_etag()
    return response.make_conditional(request)


def shared_public_cache(response: Response) -> Response:
    """App-wide hook: the same headers for the public board pages."""
    if request.blueprint in SHARED_BLUEPRINTS:
        return public_cache(response)
    return response
