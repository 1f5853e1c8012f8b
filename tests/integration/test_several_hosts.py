"""Two application hosts, one PostgreSQL, one Redis: what one host does, the other shows at once.

Each host is a gunicorn process serving ``wsgi.py`` with its **own instance folder** (no shared files) and
``SEARCH_BACKEND=postgres``, so the search index lives in the shared database. Real HTTP only:

- a reviewer signs in on host A and approves a draft on host B (sessions are kept on the server, in the
  database); the decision is found by a search on host A in the very next request;
- a withdrawal on host A leaves nothing on host B: its page answers 410, and the search, the API, the feed
  and the CSV no longer name it;
- signing out on host B ends the session on host A;
- sign-in attempts alternating between the hosts share one rate limit through Redis.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from panelrecords.models.users import Role
from panelrecords.publishing import drafts
from panelrecords.services import Actor
from tests.conftest import PASSWORD, TEST_FIELD_KEY, TEST_SECRET_KEY, is_postgres
from tests.factories import make_case, make_user
from tests.integration.publication.helpers import closed_decision
from tests.integration.test_rate_limit_processes import _free_port, _wait_until_serving

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 4
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not is_postgres(), reason="several hosts share one PostgreSQL database (DATABASE_URL)"),
]


class Browser:
    """One person's browser: a cookie jar, used against whichever host it is pointed at."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def get(self, url: str) -> tuple[int, str, dict]:
        return self._open(urllib.request.Request(url))

    def post(self, url: str, form: dict) -> tuple[int, str, dict]:
        data = urllib.parse.urlencode(form).encode()
        return self._open(urllib.request.Request(url, data=data))

    def post_form(self, page_url: str, form: dict, action: str | None = None) -> tuple[int, str, dict]:
        """Read the CSRF token from the page, then post the form to ``action`` (the page itself by default)."""
        _status, page, _headers = self.get(page_url)
        token = CSRF.search(page)
        assert token, f"no form on {page_url}"
        return self.post(action or page_url, {**form, "csrf_token": token.group(1)})

    def _open(self, request) -> tuple[int, str, dict]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode(), dict(error.headers)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a 302 is an answer to check, not to follow
        return None


@pytest.fixture
def hosts(database_url, tmp_path):
    """Start host A and host B; yield their base URLs."""
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    shared = {
        **os.environ,
        "PANELRECORDS_ENV": "testing",
        "SECRET_KEY": TEST_SECRET_KEY,
        "FIELD_ENCRYPTION_KEY": TEST_FIELD_KEY,
        "DATABASE_URL": database_url,
        "SEARCH_BACKEND": "postgres",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
        "RATELIMIT_SIGN_IN": f"{LIMIT} per minute",
        "RATELIMIT_KEY_PREFIX": f"hosts-{uuid.uuid4().hex}",
    }
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    processes, urls = [], []
    for name in ("a", "b"):
        instance = tmp_path / f"host-{name}"
        instance.mkdir()
        port = _free_port()
        env = {
            **shared,
            "PANELRECORDS_INSTANCE": str(instance),
            "SEARCH_INDEX_DIR": str(instance / "search-index"),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "2",
        }
        processes.append(
            subprocess.Popen(
                [gunicorn, "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, process in zip(urls, processes, strict=True):
            _wait_until_serving(int(url.rsplit(":", 1)[1]), process)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
            process.stderr.close()
    for name in ("a", "b"):  # the index is in the database: neither host wrote one of its own
        assert not (tmp_path / f"host-{name}" / "search-index").exists()


def _sign_in(browser: Browser, host: str, email: str) -> None:
    status, _page, headers = browser.post_form(f"{host}/sign-in", {"email": email, "password": PASSWORD})
    assert status == 302, status


def test_what_one_host_does_the_other_shows_at_once(db, hosts):
    a, b = hosts
    clerk = make_user(db, roles=[Role.CLERK], email="clerk-hosts@example.org", display_name="Chris Clerk")
    make_user(db, roles=[Role.REVIEWER], email="reviewer-hosts@example.org", display_name="Robin Reviewer")
    db.session.commit()
    draft = drafts.prepare_draft(closed_decision(db, case=make_case(db, reference="C-H00001")), by=Actor.of(clerk))
    drafts.submit(draft, by=Actor.of(clerk))
    db.session.commit()
    review = f"/records/publication/drafts/{draft.id}/review"

    reviewer = Browser()
    _sign_in(reviewer, a, "reviewer-hosts@example.org")
    status, _page, headers = reviewer.post_form(f"{b}{review}", {"decision": "approve"})
    assert status == 302, "a session begun on host A is honoured by host B"
    public_id = urllib.parse.parse_qs(urllib.parse.urlsplit(headers["Location"]).query)["public_id"][0]

    reader = Browser()
    status, page, _ = reader.get(f"{a}/search?q=" + urllib.parse.quote("educational psychologist"))
    assert status == 200 and public_id in page, "published on host B, found on host A in the next request"
    assert reader.get(f"{a}/decisions/{public_id}")[0] == 200

    withdraw = f"/records/publication/decisions/{draft.decision_id}/withdraw"
    status, _page, _ = reviewer.post_form(f"{a}{withdraw}", {"reason": "Published in error"})
    assert status == 302
    assert reader.get(f"{b}/decisions/{public_id}")[0] == 410
    assert reader.get(f"{b}/api/v1/records/{public_id}")[0] == 410
    for path in ("/search", "/search?q=psychologist", "/feeds/decisions.atom", "/api/v1/records", "/search.csv"):
        status, body, _ = reader.get(f"{b}{path}")
        assert status == 200 and public_id not in body, f"{path} on host B still names the withdrawn record"

    status, page, _ = reviewer.get(f"{a}/records/publication/")
    assert status == 200
    token = CSRF.search(page).group(1)
    assert reviewer.post(f"{b}/sign-out", {"csrf_token": token})[0] == 302
    status, _page, headers = reviewer.get(f"{a}/records/publication/")
    assert status == 302 and "/sign-in" in headers["Location"], "signing out on host B ends the session on host A"


def test_sign_in_attempts_on_both_hosts_share_one_limit(hosts):
    statuses = []
    for attempt in range(2 * LIMIT):
        browser = Browser()
        host = hosts[attempt % 2]
        status, _page, _ = browser.post_form(f"{host}/sign-in", {"email": "nobody@example.org", "password": "wrong"})
        statuses.append(status)
    assert statuses[:LIMIT] == [200] * LIMIT, statuses
    assert statuses[LIMIT:] == [429] * LIMIT, statuses
