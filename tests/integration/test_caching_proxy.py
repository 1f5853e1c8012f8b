"""The example deployment's caching proxy (``deploy/nginx.conf``) in front of a real gunicorn host.

nginx runs the example configuration with only its addresses and folders changed. Over real HTTP:

- a public page is kept by the proxy (``HIT``) and, when its shared lifetime is over, revalidated with the app,
  which answers ``304`` (``REVALIDATED``);
- a withdrawal reaches readers behind the proxy once that short lifetime is over: the page then answers 410;
- a signed-in person's requests never go through the cache (``BYPASS``), and the proxy never stores them;
- the proxy's access log holds the reader's network and the path, never the query string or the full address.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from panelrecords.models.decisions import Decision
from panelrecords.models.users import Role
from panelrecords.publishing import drafts, review
from panelrecords.services import Actor
from tests.conftest import PASSWORD, TEST_FIELD_KEY, TEST_SECRET_KEY
from tests.factories import make_case, make_user
from tests.integration.publication.helpers import closed_decision
from tests.integration.test_rate_limit_processes import _free_port, _wait_until_serving
from tests.integration.test_several_hosts import Browser

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SHARED_SECONDS = 1

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed (.ci/run installs it)"),
]


def _configuration(tmp_path: Path, listen: int, host: int) -> Path:
    """The example configuration with this test's addresses, folders and log files."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    upstreams = re.findall(r"^\s*server 10\.0\.0\.\d+:8000[^;]*;.*$", text, re.M)
    assert len(upstreams) == 2, "the example names two application hosts"
    text = text.replace(upstreams[0], f"        server 127.0.0.1:{host};").replace(upstreams[1], "")
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{listen};",
        "/run/nginx-panelrecords.pid": str(tmp_path / "nginx.pid"),
        "/var/log/nginx/panelrecords-error.log": str(tmp_path / "error.log"),
        "/var/log/nginx/panelrecords-access.log": str(tmp_path / "access.log"),
        "/var/cache/nginx/panelrecords": str(tmp_path / "cache"),
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    # Outside a system install, nginx's temporary folders must be writable by this user too.
    folders = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "".join(f"    {name}_temp_path {tmp_path / name};\n" for name in folders)
    text = text.replace("http {\n", "http {\n" + temp, 1)
    path = tmp_path / "nginx.conf"
    # Run as root (as CI does), nginx would hand its workers to "nobody", who cannot write this test's folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    path.write_text("daemon off;\n" + user + text)
    return path


@pytest.fixture
def proxy(database_url, tmp_path):
    env = {
        **os.environ,
        "PANELRECORDS_ENV": "testing",
        "SECRET_KEY": TEST_SECRET_KEY,
        "FIELD_ENCRYPTION_KEY": TEST_FIELD_KEY,
        "DATABASE_URL": database_url,
        "PANELRECORDS_INSTANCE": str(tmp_path / "host"),
        "SEARCH_INDEX_DIR": str(tmp_path / "host" / "search-index"),
        "SHARED_CACHE_SECONDS": str(SHARED_SECONDS),
        "PROXY_FIX_X_FOR": "1",
    }
    host, listen = _free_port(), _free_port()
    env.update(GUNICORN_BIND=f"127.0.0.1:{host}", GUNICORN_WORKERS="1")
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    log = (tmp_path / "host.log").open("w")
    app = subprocess.Popen(
        [gunicorn, "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    config = _configuration(tmp_path, listen, host)
    nginx = subprocess.Popen([NGINX, "-c", str(config), "-e", str(tmp_path / "error.log")], stderr=subprocess.PIPE)
    try:
        _wait_until_serving(host, app)
        _wait_until_serving(listen, nginx)
        yield f"http://127.0.0.1:{listen}", tmp_path / "access.log"
    finally:
        for process in (nginx, app):
            process.terminate()
        for process in (nginx, app):
            process.wait(timeout=30)
        nginx.stderr.close()
        log.close()


def _published(db) -> tuple[str, int]:
    clerk = make_user(db, roles=[Role.CLERK], email="clerk-proxy@example.org", display_name="Chris Clerk")
    reviewer = make_user(db, roles=[Role.REVIEWER], email="reviewer-proxy@example.org", display_name="Robin Reviewer")
    db.session.commit()
    draft = drafts.prepare_draft(closed_decision(db, case=make_case(db, reference="C-P00001")), by=Actor.of(clerk))
    drafts.submit(draft, by=Actor.of(clerk))
    record = review.approve(draft, by=Actor.of(reviewer))
    db.session.commit()
    return record.public_id, draft.decision_id


def _cache_status(headers: dict) -> str:
    return {k.lower(): v for k, v in headers.items()}.get("x-cache-status", "")


def test_the_proxy_keeps_public_pages_and_never_a_signed_in_one(db, proxy):
    base, access_log = proxy
    public_id, decision_id = _published(db)
    reader = Browser()
    page = f"{base}/decisions/{public_id}"
    statuses = [(status, _cache_status(headers)) for status, _body, headers in (reader.get(page), reader.get(page))]
    assert statuses == [(200, "MISS"), (200, "HIT")]
    time.sleep(SHARED_SECONDS + 1.1)
    status, _body, headers = reader.get(page)
    assert (status, _cache_status(headers)) == (200, "REVALIDATED"), "expired copies are revalidated with a 304"

    review.withdraw(db.session.get(Decision, decision_id), reason="Published in error", by=Actor.system("test"))
    db.session.commit()
    time.sleep(SHARED_SECONDS + 1.1)
    assert reader.get(page)[0] == 410, "a withdrawal reaches readers behind the proxy when the short lifetime ends"

    staff = Browser()
    make_user(db, roles=[Role.REVIEWER], email="staff-proxy@example.org", display_name="Sam Staff")
    db.session.commit()
    status, _page, _ = staff.post_form(f"{base}/sign-in", {"email": "staff-proxy@example.org", "password": PASSWORD})
    assert status == 302
    for _ in range(2):
        status, _body, headers = staff.get(f"{base}/")
        assert status == 200 and _cache_status(headers) == "BYPASS"
        assert "no-store" in {k.lower(): v for k, v in headers.items()}["cache-control"]

    reader.get(f"{base}/search?q=" + urllib.parse.quote("autism and anxiety"))
    deadline = time.monotonic() + 10  # nginx writes the line once the answer has gone
    while "/search" not in (logged := access_log.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "/search" in logged and "autism" not in logged and "?q=" not in logged
    assert "127.0.0.0" in logged and "127.0.0.1" not in logged
