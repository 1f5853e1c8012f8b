"""Public pages are cacheable by a shared cache and answer conditional requests; restricted ones are not."""

from __future__ import annotations

import random
from datetime import date

import pytest

from panelrecords.demo.archive import make_decision
from panelrecords.services import Actor
from tests import publish_helpers as pub

BY = Actor.system("test")
PUBLIC = ["/", "/search", "/search?q=panel&kind=decision", "/glossary", "/privacy", "/accessibility", "/find",
          "/boards"]  # fmt: skip


def _publish(seed: int):
    return pub.publish(
        "decision", make_decision(random.Random(seed), date(2026, 1, 5)), source_type="decision", source_id=seed,
        known=[], by=BY,
    )  # fmt: skip


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_carry_shared_cache_headers(client, db, url):
    _publish(1)
    response = client.get(url)
    assert response.status_code == 200
    directives = {d.strip() for d in response.headers["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=300"}
    assert response.headers["ETag"] and response.last_modified is not None
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("url", PUBLIC)
def test_conditional_requests_get_304(client, db, url):
    _publish(1)
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    since = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    head = client.head(url, headers={"If-None-Match": first.headers["ETag"]})
    assert head.status_code == 304


def test_a_publication_changes_the_etag_and_last_modified(client, db):
    _publish(1)
    first = client.get("/")
    record = _publish(2)
    after = client.get("/", headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200 and record.public_id in after.get_data(as_text=True)
    assert after.headers["ETag"] != first.headers["ETag"]
    assert after.last_modified >= first.last_modified
    older = client.get("/", headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"})
    assert older.status_code == 200


def test_errors_are_not_cached_as_pages(client, db):
    response = client.get("/search?page=-1")
    assert response.status_code == 400
    assert "public" not in response.headers.get("Cache-Control", "") and "ETag" not in response.headers


def test_signed_in_users_and_restricted_pages_get_no_store(client, login_as):
    login_as()
    for url in ["/", "/search?q=panel", "/glossary", "/boards", "/records/"]:
        response = client.get(url)
        assert response.headers["Cache-Control"] == "no-store", url
        assert "ETag" not in response.headers, url


def test_restricted_pages_are_no_store_even_when_refused(client):
    response = client.get("/records/")
    assert response.status_code == 302 and response.headers["Cache-Control"] == "no-store"
