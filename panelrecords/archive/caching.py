"""HTTP caching for public responses: validators known before any work, 304s before the view, a page cache.

Every public response (the archive, the board pages, the open-data API, feeds and CSV) is made from the archive's
published tables, the code and templates (the *release*), the settings and, for standing, deadlines and overdue
actions, today's date in London. The archive generation (``models.generation``) changes with every change to those
tables, in the same transaction. So for an anonymous ``GET``/``HEAD`` the validator is known at once:

- ``ETag``: a hash of the generation (its number and time), the release, the public settings, today's London date
  and the full URL (scheme, host, script root — the language prefix — path and query);
- ``Last-Modified``: the latest of the generation's time, the release time and the start of today in London.

``answer_early`` (before the view) answers ``304 Not Modified`` when ``If-None-Match`` holds that ETag (or, with no
``If-None-Match``, when ``If-Modified-Since`` is not older than ``Last-Modified``), and serves a page it has already
made for the same validator from a small in-process cache. ``finish`` sets exactly the same headers on the 200 and
keeps it. Signed-in users get neither (``web.py`` gives them ``no-store``); error statuses get no validator; nothing
here sets a cookie. Shared caches (a proxy or CDN) may keep a public response for ``MAX_AGE`` seconds.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import cache
from pathlib import Path

from flask import Flask, Response, current_app, g, request
from flask_login import current_user

from panelrecords.services import archive
from panelrecords.services.common import LONDON, today

MAX_AGE = 300
# The blueprints whose responses are public and made only from the archive's published tables.
PUBLIC_BLUEPRINTS = ("archive", "boards", "public_api", "open_data")
# Public endpoints that report live state rather than the archive (the health check).
NOT_CACHED = frozenset({"archive.health"})
# The page cache: this many responses, none larger than PAGE_CACHE_ENTRY_BYTES (settings may change both).
PAGE_CACHE_ENTRIES = 512
PAGE_CACHE_ENTRY_BYTES = 512 * 1024
_SECRET_SETTINGS = ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "SQLALCHEMY_DATABASE_URI", "RATELIMIT_STORAGE_URI")
_ROOT = Path(__file__).resolve().parents[2]
_RELEASE_FOLDERS = ("panelrecords", "templates", "translations")


@cache
def release() -> tuple[str, datetime]:
    """The release: a hash of the code, templates and translations (equal on every host running the same files)
    and the newest file's time (for ``Last-Modified``)."""
    digest = hashlib.sha256()
    newest = 0.0
    for folder in _RELEASE_FOLDERS:
        base = _ROOT / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            digest.update(str(path.relative_to(_ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
            newest = max(newest, path.stat().st_mtime)
    return digest.hexdigest()[:16], datetime.fromtimestamp(int(newest), UTC)


def _settings_digest(app: Flask) -> str:
    """A hash of the settings a page may show (the authority's name, its advice services …), secrets left out.
    Worked out on every request (some 15 µs), so a setting changed while running counts at once."""
    parts = [
        f"{key}={value!r}"
        for key, value in sorted(app.config.items())
        if key not in _SECRET_SETTINGS and " at 0x" not in repr(value)
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Validator:
    etag: str
    last_modified: datetime


def _is_public_request() -> bool:
    return (
        request.method in ("GET", "HEAD")
        and request.blueprint in PUBLIC_BLUEPRINTS
        and request.endpoint not in NOT_CACHED
        and not current_user.is_authenticated
    )


def validator() -> Validator:
    """This request's validator (for a public request; see the module's docstring)."""
    generation = archive.generation()
    day = today()
    release_hash, released = release()
    changed = generation.changed_at.isoformat() if generation.changed_at else "-"
    key = "|".join(
        (str(generation.value), changed, release_hash, _settings_digest(current_app), day.isoformat(), request.url)
    )
    midnight = datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)
    latest = max([released, midnight] + ([generation.changed_at] if generation.changed_at else []))
    return Validator(
        etag=hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32],
        # HTTP dates have whole seconds: the second after the latest change, so that two changes in one second
        # can never share a Last-Modified with a copy made between them (see ``_set_headers``).
        last_modified=latest.replace(microsecond=0) + timedelta(seconds=1),
    )


def _not_modified(found: Validator) -> bool:
    if "If-None-Match" in request.headers:  # the ETag decides when one is sent (RFC 9110, 13.2.2)
        return request.if_none_match.contains_weak(found.etag)
    since = request.if_modified_since
    return since is not None and found.last_modified <= since


class PageCache:
    """Responses already made, by validator: bounded, least recently used dropped first, safe across threads."""

    def __init__(self, entries: int, entry_bytes: int):
        self.entries, self.entry_bytes = entries, entry_bytes
        self._pages: OrderedDict[str, tuple[bytes, list[tuple[str, str]]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, etag: str) -> Response | None:
        with self._lock:
            found = self._pages.get(etag)
            if found is None:
                return None
            self._pages.move_to_end(etag)
        body, headers = found
        return Response(body, status=200, headers=headers)

    def keep(self, etag: str, response: Response) -> None:
        if self.entries <= 0 or response.direct_passthrough or response.is_streamed:
            return
        body = response.get_data()
        if len(body) > self.entry_bytes:
            return
        with self._lock:
            self._pages[etag] = (body, list(response.headers.items()))
            self._pages.move_to_end(etag)
            while len(self._pages) > self.entries:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


def page_cache(app: Flask) -> PageCache:
    return app.extensions["public_page_cache"]


def answer_early() -> Response | None:
    """Before the view: a 304 for a matching conditional request, or the page already made for this validator."""
    if not _is_public_request():
        return None
    found = validator()
    g.public_validator = found
    if _not_modified(found):
        response = Response(status=304)
        _set_headers(response, found)
        return response
    cached = page_cache(current_app).get(found.etag)
    if cached is not None:
        g.public_page_cached = True
    return cached


def _set_headers(response: Response, found: Validator) -> None:
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.set_etag(found.etag)
    # Within the second of the latest change another change could still come in the same second, so the copy
    # gets no Last-Modified then (only the ETag): an If-Modified-Since can never name a state it does not show.
    if datetime.now(UTC) >= found.last_modified:
        response.last_modified = found.last_modified
    response.vary.add("Accept-Encoding")


def finish(response: Response) -> Response:
    """After the view: the same validator on a public 200, which is kept for the next reader."""
    found = g.get("public_validator")
    if found is None or response.status_code != 200 or g.get("public_page_cached"):
        return response
    if "no-store" in (response.headers.get("Cache-Control") or ""):
        return response
    _set_headers(response, found)
    page_cache(current_app).keep(found.etag, response)
    return response


def register(app: Flask) -> None:
    """Install the hooks for every public blueprint (after the session hooks, so an ended session counts as none)."""
    app.extensions["public_page_cache"] = PageCache(
        app.config.get("PUBLIC_PAGE_CACHE_ENTRIES", PAGE_CACHE_ENTRIES),
        app.config.get("PUBLIC_PAGE_CACHE_ENTRY_BYTES", PAGE_CACHE_ENTRY_BYTES),
    )
    app.before_request(answer_early)
    app.after_request(finish)
