"""The sign-in rate limit holds across worker processes: two gunicorn workers, one Redis, real HTTP.

Each worker is its own process (its own memory), serving the app from ``wsgi.py`` as production does. Attempts
alternate between them; with the limit kept in Redis the fifth attempt is refused whichever worker gets it. With
memory storage each worker would count alone and allow eight.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.conftest import TEST_FIELD_KEY, TEST_SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 4


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the worker on port {port} stopped: {process.stderr.read().decode()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered on port {port}")


def _attempt(port: int, jar: http.cookiejar.CookieJar) -> int:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    with opener.open(f"{base}/sign-in", timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"email": "nobody@example.org", "password": "wrong", "csrf_token": token})
    try:
        with opener.open(f"{base}/sign-in", data=data.encode(), timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        with error:
            return error.code


@pytest.mark.slow
def test_two_worker_processes_share_the_sign_in_limit_through_redis(database_url, tmp_path):
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    env = {
        **os.environ,
        "PANELRECORDS_ENV": "testing",
        "SECRET_KEY": TEST_SECRET_KEY,
        "FIELD_ENCRYPTION_KEY": TEST_FIELD_KEY,
        "DATABASE_URL": database_url,
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
        "RATELIMIT_SIGN_IN": f"{LIMIT} per minute",
        "RATELIMIT_KEY_PREFIX": f"workers-{uuid.uuid4().hex}",
    }
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    ports = [_free_port(), _free_port()]
    workers = [
        subprocess.Popen(
            [gunicorn, "--workers", "1", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        for port, process in zip(ports, workers, strict=True):
            _wait_until_serving(port, process)
        jars = [http.cookiejar.CookieJar(), http.cookiejar.CookieJar()]
        statuses = [_attempt(ports[i % 2], jars[i % 2]) for i in range(2 * LIMIT)]
    finally:
        for process in workers:
            process.terminate()
        for process in workers:
            process.wait(timeout=30)
            process.stderr.close()
    assert statuses[:LIMIT] == [200] * LIMIT, statuses
    assert statuses[LIMIT:] == [429] * LIMIT, statuses
