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
here sets a cookie.

``Cache-Control: public, max-age=0, s-maxage=N``: a browser asks again each time (a 304 costs one database read),
so a withdrawal reaches every reader at once; a shared cache (a proxy or CDN) may keep a response for
``SHARED_CACHE_SECONDS`` (N, default 5) and then revalidate it, so a withdrawal reaches readers behind it within
N seconds while the app answers at most one revalidation per address every N seconds.
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
from werkzeug.http import http_date, parse_date, parse_etags

from panelrecords.extensions import db
from panelrecords.models import generation
from panelrecords.services import archive
from panelrecords.services.common import LONDON, today

SHARED_CACHE_SECONDS = 5
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


def cache_control(app: Flask) -> str:
    """Browsers revalidate every time; shared caches keep a copy ``SHARED_CACHE_SECONDS`` (see the docstring)."""
    seconds = int(app.config.get("SHARED_CACHE_SECONDS", SHARED_CACHE_SECONDS))
    return f"public, max-age=0, s-maxage={seconds}"


def _settings_digest(app: Flask) -> str:
    """A hash of the settings a page may show (the authority's name, its advice services …), secrets left out.
    Kept with a copy of the settings it was made from, so a setting changed while running counts at once."""
    kept = app.extensions.get("public_settings_digest")
    if kept is not None and kept[0] == app.config:  # values compared by identity first: a few microseconds
        return kept[1]
    snapshot = dict(app.config)
    parts = [
        f"{key}={value!r}"
        for key, value in sorted(snapshot.items())
        if key not in _SECRET_SETTINGS and " at 0x" not in repr(value)
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
    app.extensions["public_settings_digest"] = (snapshot, digest)
    return digest


@dataclass(frozen=True)
class Validator:
    etag: str
    last_modified: datetime

    @property
    def quoted_etag(self) -> str:
        return f'"{self.etag}"'


def _is_public_request() -> bool:
    return (
        request.method in ("GET", "HEAD")
        and request.blueprint in PUBLIC_BLUEPRINTS
        and request.endpoint not in NOT_CACHED
        and not current_user.is_authenticated
    )


def validator() -> Validator:
    """This request's validator (for a public request; see the module's docstring)."""
    return validator_for(current_app, request.environ, archive.generation())


def validator_for(app: Flask, environ: dict, generation) -> Validator:
    day = today()
    release_hash, released = release()
    changed = generation.changed_at.isoformat() if generation.changed_at else "-"
    key = "|".join(
        (str(generation.value), changed, release_hash, _settings_digest(app), day.isoformat(), address(environ))
    )
    midnight = datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)
    latest = max([released, midnight] + ([generation.changed_at] if generation.changed_at else []))
    return Validator(
        etag=hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32],
        # HTTP dates have whole seconds: the second after the latest change, so that two changes in one second
        # can never share a Last-Modified with a copy made between them (see ``_set_headers``).
        last_modified=latest.replace(microsecond=0) + timedelta(seconds=1),
    )


def address(environ: dict) -> str:
    """The full address as the client asked for it: scheme, host, script root (a language prefix), path and query
    (read from the WSGI environment, as ``request.url`` would give it but without decoding it first)."""
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"
    return (
        f"{environ.get('wsgi.url_scheme', 'http')}://{host}{environ.get('SCRIPT_NAME', '')}"
        f"{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}"
    )


def _not_modified(found: Validator, if_none_match: str | None, if_modified_since: str | None) -> bool:
    if if_none_match is not None:  # the ETag decides when one is sent (RFC 9110, 13.2.2)
        return parse_etags(if_none_match).contains_weak(found.etag)
    since = parse_date(if_modified_since) if if_modified_since else None
    return since is not None and found.last_modified <= since


def answer_early() -> Response | None:
    """Before the view: a 304 for a matching conditional request (the view is never called)."""
    if not _is_public_request():
        return None
    found = validator()
    g.public_validator = found
    environ = request.environ
    if _not_modified(found, environ.get("HTTP_IF_NONE_MATCH"), environ.get("HTTP_IF_MODIFIED_SINCE")):
        response = Response(status=304)
        _set_headers(response, found)
        return response
    return None


def _set_headers(response: Response, found: Validator) -> None:
    # Plain header strings: this runs on every public answer, 304s included, and the typed accessors parse first.
    headers = response.headers
    headers["Cache-Control"] = cache_control(current_app)
    headers["ETag"] = found.quoted_etag
    if "Vary" in headers:
        response.vary.add("Accept-Encoding")
    else:
        headers["Vary"] = "Accept-Encoding"
    # Within the second of the latest change another change could still come in the same second, so the copy
    # gets no Last-Modified then (only the ETag): an If-Modified-Since can never name a state it does not show.
    if datetime.now(UTC) >= found.last_modified:
        headers["Last-Modified"] = http_date(found.last_modified)


def finish(response: Response) -> Response:
    """After the view: the same validator on a public 200, which ``PublicPages`` then keeps for the next reader."""
    found = g.get("public_validator")
    if found is None or response.status_code != 200:
        return response
    if "no-store" in (response.headers.get("Cache-Control") or ""):
        return response
    _set_headers(response, found)
    if request.method == "GET" and not (response.direct_passthrough or response.is_streamed):
        request.environ[KEEP] = found
    return response


# Pages already made -------------------------------------------------------------------------------------------

KEEP = "panelrecords.keep_public_page"
# Cookies that may mean a signed-in user: a request carrying one always goes through the app.
_SIGNED_IN_COOKIES = ("SESSION_COOKIE_NAME", "REMEMBER_COOKIE_NAME")


@dataclass(frozen=True)
class Kept:
    etag: str
    last_modified: datetime
    status: str
    headers: list[tuple[str, str]]
    body: bytes


class PublicPages:
    """WSGI middleware, the innermost: public pages already made, answered without entering the app.

    The app decides what is public: ``finish`` marks an anonymous public 200 to keep, and this keeps it, with the
    final headers (after every hook), by address. A later request for the same address without a sign-in cookie
    is answered from here — a 304 when its ``If-None-Match`` (or ``If-Modified-Since``) matches, else the page —
    but only while the validator is the same (one primary-key read: the generation). Anything else goes to the
    app. At most ``entries`` pages of at most ``entry_bytes`` each, the least recently used dropped first."""

    def __init__(self, wsgi_app, app: Flask, *, entries: int, entry_bytes: int):
        self.wsgi_app, self.app = wsgi_app, app
        self.entries, self.entry_bytes = entries, entry_bytes
        self._pages: OrderedDict[str, Kept] = OrderedDict()
        self._lock = threading.Lock()
        self._engine = None

    def __len__(self) -> int:
        return len(self._pages)

    def _may_answer(self, environ: dict) -> bool:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return False
        cookies = environ.get("HTTP_COOKIE", "")
        config = self.app.config
        return not any(
            f"{config.get(name) or default}=" in cookies
            for name, default in zip(_SIGNED_IN_COOKIES, ("session", "remember_token"), strict=True)
        )

    def __call__(self, environ: dict, start_response):
        if not self._may_answer(environ):
            return self.wsgi_app(environ, start_response)
        where = address(environ)
        with self._lock:
            kept = self._pages.get(where)
            if kept is not None:
                self._pages.move_to_end(where)
        if kept is not None:
            try:
                found = validator_for(self.app, environ, self._generation())
            except Exception:  # the database cannot answer: the app says so with its own error page
                found = None
            if found is not None and found.etag == kept.etag:
                return self._answer(environ, start_response, kept, found)
        captured: dict = {}

        def capture(status, headers, exc_info=None):
            captured.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, capture)
        found = environ.get(KEEP)
        if found is None or not captured.get("status", "").startswith("200"):
            return body
        try:
            data = b"".join(body)
        finally:
            getattr(body, "close", lambda: None)()
        if len(data) <= self.entry_bytes and self.entries > 0:
            self._keep(where, Kept(found.etag, found.last_modified, captured["status"], captured["headers"], data))
        return [data]

    def _generation(self):
        if self._engine is None:
            with self.app.app_context():
                self._engine = db.engine
        return generation.read(self._engine)

    def _keep(self, where: str, kept: Kept) -> None:
        with self._lock:
            self._pages[where] = kept
            self._pages.move_to_end(where)
            while len(self._pages) > self.entries:
                self._pages.popitem(last=False)

    @staticmethod
    def _answer(environ: dict, start_response, kept: Kept, found: Validator):
        if _not_modified(found, environ.get("HTTP_IF_NONE_MATCH"), environ.get("HTTP_IF_MODIFIED_SINCE")):
            headers = [(k, v) for k, v in kept.headers if k.lower() not in _NOT_IN_304]
            start_response("304 NOT MODIFIED", headers)
            return []
        start_response(kept.status, kept.headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [kept.body]


# What a 304 leaves out of the page's headers (as Werkzeug does).
_NOT_IN_304 = frozenset(
    {"content-type", "content-length", "content-encoding", "content-language", "content-md5", "content-range",
     "last-modified", "transfer-encoding", "content-disposition"}
)  # fmt: skip


def register(app: Flask) -> None:
    """Install the hooks for every public blueprint (the middleware is installed by ``install_middleware``)."""
    # First of all before-request steps: a 304 needs nothing else (no rate limit applies to public pages; a
    # signed-in user, whose session the later steps check, never gets one).
    app.before_request_funcs.setdefault(None, []).insert(0, answer_early)
    app.after_request(finish)


def install_middleware(app: Flask) -> None:
    """Put ``PublicPages`` around the app itself, inside any other middleware (a proxy fix rewrites the address
    first). Settings ``PUBLIC_PAGE_CACHE_ENTRIES`` and ``PUBLIC_PAGE_CACHE_ENTRY_BYTES`` bound it (0 entries: off)."""
    app.wsgi_app = PublicPages(
        app.wsgi_app,
        app,
        entries=int(app.config.get("PUBLIC_PAGE_CACHE_ENTRIES", PAGE_CACHE_ENTRIES)),
        entry_bytes=int(app.config.get("PUBLIC_PAGE_CACHE_ENTRY_BYTES", PAGE_CACHE_ENTRY_BYTES)),
    )
