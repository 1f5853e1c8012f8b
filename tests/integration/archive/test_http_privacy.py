"""No tracking: public pages set no cookie and load nothing from elsewhere; access logs keep no search terms
tied to full client addresses."""

from __future__ import annotations

import io
import logging
import random
import re
import threading
import urllib.request
from datetime import date, timedelta

import pytest

from panelrecords.archive.access_log import PrivateAccessLog, scrub_request_line, truncate_address
from panelrecords.demo.archive import make_decision
from panelrecords.services import Actor
from tests import publish_helpers as pub

BY = Actor.system("test")
PUBLIC = ["/", "/search", "/search?q=autism", "/search?q=refused&sort=newest", "/glossary", "/privacy",
          "/accessibility", "/find", "/boards"]  # fmt: skip
# Anything that would send a visit to someone else.
TRACKERS = re.compile(r"google-analytics|googletagmanager|gtag\(|plausible|matomo|hotjar|segment\.io|facebook|"
                      r"doubleclick|clarity\.ms|_ga=|fbq\(", re.I)  # fmt: skip


@pytest.fixture
def published(db):
    record = pub.publish(
        "decision", make_decision(random.Random(3), date(2026, 1, 5)), source_type="decision", source_id=3,
        known=[], by=BY,
    )  # fmt: skip
    db.session.commit()
    return record


def _references(page: str) -> list[str]:
    found = re.findall(r'\b(?:src|href|action|srcset|poster|data)\s*=\s*["\']([^"\']*)["\']', page, re.I)
    found += re.findall(r"url\(\s*['\"]?([^'\")]+)", page)
    found += re.findall(r"@import\s+['\"]([^'\"]+)", page)
    return found


@pytest.mark.parametrize("url", PUBLIC + ["/find?ref=nonsense", "/search?page=-1"])
def test_public_pages_set_no_cookie_and_reference_no_other_origin(client, published, url):
    response = client.get(url)
    assert response.status_code in (200, 400)
    assert "Set-Cookie" not in response.headers, url
    page = response.get_data(as_text=True)
    references = _references(page)
    assert references, "the page should have links"
    for target in references:
        assert not re.match(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", target, re.I), f"{url} references {target}"
        assert not target.lower().startswith(("http:", "https:", "javascript:")), f"{url} references {target}"
    assert not TRACKERS.search(page), url
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_a_whole_visit_never_gets_a_cookie(client, published):
    for url in ["/", "/search?q=autism", f"/find?ref={published.public_id}", "/glossary", "/search?q=%22"]:
        assert "Set-Cookie" not in client.get(url).headers, url
    assert client.get_cookie("panelrecords_session") is None


def test_the_privacy_notice_says_so_in_plain_words(client):
    page = client.get("/privacy").get_data(as_text=True)
    for words in ("set no cookies", "no analytics", "nothing from other websites", "full internet address",
                  "what you searched for"):  # fmt: skip
        assert words in page


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        ("203.0.113.77", "203.0.113.0"),
        ("2001:db8:1234:5678::1", "2001:db8:1234::"),
        ("::ffff:198.51.100.9", "198.51.100.0"),
        ("[2001:db8::1]", "2001:db8::"),
        ("fe80::1%eth0", "fe80::"),
        ("not an address", "-"),
        ("-", "-"),
        ("", "-"),
    ],
)
def test_addresses_are_cut_to_their_network(address, kept):
    assert truncate_address(address) == kept


def test_request_lines_lose_their_query_string():
    assert scrub_request_line("GET /search?q=autism+refused&page=2 HTTP/1.1") == "GET /search HTTP/1.1"
    assert scrub_request_line('GET /search?q="my child" HTTP/1.1') == "GET /search"
    record = logging.LogRecord("werkzeug", logging.INFO, "", 0, '192.0.2.9 - - [x] "%s" %s %s', (
        'GET /search?q="my child\'s needs" HTTP/1.1', "200", "-"), None)  # fmt: skip
    PrivateAccessLog().filter(record)
    assert record.getMessage() == '192.0.2.0 - - [x] "GET /search HTTP/1.1" 200 -'
    record = logging.LogRecord("werkzeug", logging.INFO, "", 0, "%s", ("bad line ('GET /x?q=a\"b')",), None)
    PrivateAccessLog().filter(record)
    assert "q=" not in record.getMessage()
    assert scrub_request_line("GET /decisions/D-1 HTTP/1.1") == "GET /decisions/D-1 HTTP/1.1"


def test_gunicorn_access_log_keeps_no_full_address_or_search_terms(app, tmp_path):
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    path = tmp_path / "access.log"
    config = Config()
    config.set("accesslog", str(path))
    config.set("access_log_format", '%(h)s %(l)s %(t)s "%(r)s" %(s)s %(U)s?%(q)s "%(f)s" %({x-forwarded-for}i)s')
    logger = Logger(config)
    assert any(isinstance(f, PrivateAccessLog) for f in logging.getLogger("gunicorn.access").filters)

    class Response:
        status = "200 OK"
        sent = 1234
        headers = [("Content-Type", "text/html")]

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/search?q=my+childs+autism",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.77",
        "PATH_INFO": "/search",
        "QUERY_STRING": "q=my+childs+autism",
        "HTTP_REFERER": "https://example.org/search?q=autism",
    }
    request_headers = [("X-FORWARDED-FOR", "198.51.100.23, 2001:db8:aa:bb::5")]
    logger.access(Response(), request_headers, environ, timedelta(milliseconds=12))
    for handler in logging.getLogger("gunicorn.access").handlers:
        handler.flush()
    line = path.read_text()
    assert "203.0.113.0" in line and "/search" in line and "GET /search HTTP/1.1" in line
    for secret in ("203.0.113.77", "autism", "childs", "198.51.100.23", "2001:db8:aa:bb"):
        assert secret not in line, line
    assert "198.51.100.0" in line and "2001:db8:aa::" in line


def test_werkzeug_access_log_keeps_no_full_address_or_search_terms(app):
    from werkzeug.serving import make_server

    logger = logging.getLogger("werkzeug")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{server.server_port}/search?q=%22hydrotherapy+wheelchair%22"
        ) as r:
            assert r.status == 200
    finally:
        server.shutdown()
        thread.join(5)
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    line = stream.getvalue()
    assert "GET /search HTTP/1.1" in line and "127.0.0.0" in line, line
    assert "hydrotherapy" not in line and "wheelchair" not in line and "127.0.0.1" not in line, line
