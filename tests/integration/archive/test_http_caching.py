"""Public pages are cacheable by a shared cache and answer conditional requests before any work; restricted ones
are not. The validator comes from the archive generation, the release, the settings, today and the URL."""

from __future__ import annotations

import random
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import template_rendered

from panelrecords.demo.archive import make_decision
from panelrecords.models.generation import ROW_ID, ArchiveGeneration
from panelrecords.models.published_boards import PublishedAction, PublishedBoard
from panelrecords.services import Actor, decisions
from tests import publish_helpers as pub

BY = Actor.system("test")
PUBLIC = ["/", "/search", "/search?q=panel&kind=decision", "/glossary", "/privacy", "/accessibility", "/find",
          "/boards", "/statistics", "/api/v1/records", "/feeds/decisions.atom", "/search.csv?q=panel"]  # fmt: skip


def _publish(seed: int):
    return pub.publish(
        "decision", make_decision(random.Random(seed), date(2026, 1, 5)), source_type="decision", source_id=seed,
        known=[], by=BY,
    )  # fmt: skip


def _age_generation(db, hours: int = 1) -> None:
    """Move the last change an hour back (Last-Modified is sent only once its second is over; no test waits)."""
    row = db.session.get(ArchiveGeneration, ROW_ID)
    row.changed_at = datetime.now(UTC) - timedelta(hours=hours)
    db.session.commit()


@contextmanager
def _renders(app):
    rendered: list[str] = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(record, app)
    try:
        yield rendered
    finally:
        template_rendered.disconnect(record, app)


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_carry_shared_cache_headers(client, db, url):
    _publish(1)
    _age_generation(db)
    response = client.get(url)
    assert response.status_code == 200
    directives = {d.strip() for d in response.headers["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=0", "s-maxage=5"}
    assert response.headers["ETag"] and response.last_modified is not None
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("url", PUBLIC)
def test_conditional_requests_get_304(client, db, url):
    _publish(1)
    _age_generation(db)
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    since = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    head = client.head(url, headers={"If-None-Match": first.headers["ETag"]})
    assert head.status_code == 304 and "Set-Cookie" not in head.headers
    other = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.get_data() == first.get_data()


def test_a_304_and_a_second_reader_are_answered_without_the_view(app, client, db):
    record = _publish(1)
    url = f"/decisions/{record.public_id}"
    with _renders(app) as rendered:
        first = client.get(url)
        assert first.status_code == 200 and "archive/decision.html" in rendered
        rendered.clear()
        assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
        again = client.get(url)
        head = client.head(url, buffered=True)  # no body to check
        assert rendered == []  # neither the 304 nor the page already made rendered a template
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]
    assert head.status_code == 200 and head.get_data() == b"" and head.headers["ETag"] == first.headers["ETag"]
    # Every header a page carries comes back with the kept copy (the security headers too).
    for name in ("Content-Type", "Content-Security-Policy", "Cache-Control", "X-Frame-Options"):
        assert again.headers[name] == first.headers[name], name


def test_a_304_does_not_reach_a_view_that_would_fail(app, client, db):
    record = _publish(1)
    url = f"/api/v1/records/{record.public_id}"
    first = client.get(url)
    assert first.status_code == 200
    app.view_functions["public_api.record"] = lambda public_id: 1 / 0
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_the_url_and_script_root_are_part_of_the_etag(client, db):
    _publish(1)
    tags = {
        client.get("/search?q=panel").headers["ETag"],
        client.get("/search?q=plan").headers["ETag"],
        client.get("/search?q=panel", environ_overrides={"SCRIPT_NAME": "/so"}).headers["ETag"],
        client.get("/search?q=panel", base_url="https://other.example").headers["ETag"],
    }
    assert len(tags) == 4


def _etag(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.headers["ETag"]


def test_every_public_change_changes_the_etag(client, db):
    first = _publish(1)
    steps = []

    def step(name, change):
        before = _etag(client, "/")
        change()
        after = client.get("/", headers={"If-None-Match": before})
        steps.append((name, after.status_code, after.headers.get("ETag") != before))

    step("publication", lambda: _publish(2))
    step(
        "correction", lambda: pub.correct(first.public_id, make_decision(random.Random(7), date(2026, 1, 5)), note="x")
    )
    step("withdrawal", lambda: pub.withdraw(first.public_id, reason="Published in error"))

    def board():
        db.session.add(PublishedBoard(acronym="SIB", name="SEND Improvement Board", updated_at=datetime.now(UTC)))
        db.session.commit()

    def action():
        db.session.add(
            PublishedAction(
                board="SIB", ref="A-1", minutes_public_id="M-0000-0000-0000", meeting_date=date(2026, 1, 5),
                description="Write to schools", owner="Chair", status="open", updated_at=datetime.now(UTC),
            )
        )  # fmt: skip
        db.session.commit()

    def action_done():
        db.session.get(PublishedAction, 1).status = "done"
        db.session.commit()

    def renamed_board():
        db.session.get(PublishedBoard, 1).description = "The board that oversees the SEND improvement plan."
        db.session.commit()

    step("board profile", board)
    step("board profile changed", renamed_board)
    step("action", action)
    step("action status", action_done)
    step("reason code label", lambda: decisions.revise_reason_code("cost", label="The cost of the provision", by=BY))
    assert steps == [(name, 200, True) for name, *_ in steps]


def test_a_withdrawn_record_never_answers_304_to_its_old_etag(client, db):
    record = _publish(1)
    url = f"/decisions/{record.public_id}"
    api = f"/api/v1/records/{record.public_id}"
    tags = {u: _etag(client, u) for u in (url, api)}
    pub.withdraw(record.public_id, reason="Published in error")
    for u, tag in tags.items():
        gone = client.get(u, headers={"If-None-Match": tag})
        assert gone.status_code == 410 and "ETag" not in gone.headers, u
        assert "public" not in gone.headers.get("Cache-Control", "")


def test_a_change_of_day_changes_the_etag(client, db, monkeypatch):
    from panelrecords.archive import caching

    _publish(1)
    before = _etag(client, "/boards")
    monkeypatch.setattr(caching, "today", lambda: date.today() + timedelta(days=1))
    after = client.get("/boards", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["ETag"] != before


def test_last_modified_waits_for_the_second_of_a_change_to_end(client, db):
    _publish(1)
    row = db.session.get(ArchiveGeneration, ROW_ID)
    row.changed_at = datetime.now(UTC) + timedelta(seconds=30)  # a change "now", seen from 30 seconds earlier
    db.session.commit()
    response = client.get("/")
    assert response.headers["ETag"] and "Last-Modified" not in response.headers
    _age_generation(db)
    older = client.get("/", headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"})
    assert older.status_code == 200 and older.last_modified is not None


def test_errors_are_not_cached_as_pages(client, db):
    for url in ("/search?page=-1", "/decisions/D-0000-0000-0000", "/api/v1/records?page_size=0"):
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert "public" not in response.headers.get("Cache-Control", "") and "ETag" not in response.headers, url
        assert client.get(url).get_data() == response.get_data()


def test_signed_in_users_and_restricted_pages_get_no_store(client, db, login_as):
    record = _publish(1)
    anonymous = {url: _etag(client, url) for url in ["/", f"/decisions/{record.public_id}", "/boards"]}
    login_as()
    for url in ["/", "/search?q=panel", "/glossary", "/boards", "/records/", *anonymous]:
        response = client.get(url, headers={"If-None-Match": anonymous.get(url, '"x"')})
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
        assert "ETag" not in response.headers, url


def test_restricted_pages_are_no_store_even_when_refused(client):
    response = client.get("/records/")
    assert response.status_code == 302 and response.headers["Cache-Control"] == "no-store"


def test_the_health_check_is_never_cached(client, db):
    response = client.get("/health")
    assert "ETag" not in response.headers and response.headers["Cache-Control"] == "no-store"


def test_pages_are_the_same_for_every_anonymous_reader(make_app, db):
    """Made twice without the kept copy, a public page is byte for byte the same: no nonce, token or cookie."""
    record = _publish(1)
    app = make_app(PUBLIC_PAGE_CACHE_ENTRIES=0)
    for url in ("/", f"/decisions/{record.public_id}", "/search?q=panel", "/statistics", "/boards"):
        first, second = app.test_client().get(url), app.test_client().get(url)
        assert first.status_code == 200 and first.get_data() == second.get_data(), url
        assert first.headers["ETag"] == second.headers["ETag"] and "Set-Cookie" not in first.headers, url
    assert len(app.wsgi_app) == 0


def test_the_kept_pages_are_bounded(make_app, db):
    _publish(1)
    app = make_app(PUBLIC_PAGE_CACHE_ENTRIES=2)
    client = app.test_client()
    with _renders(app) as rendered:
        for url in ("/", "/glossary", "/privacy", "/"):
            client.get(url)
    assert len(app.wsgi_app) == 2
    assert rendered.count("archive/home.html") == 2  # the home page was dropped when the privacy notice came


def test_shared_caches_keep_a_page_for_the_configured_seconds_and_browsers_ask_each_time(make_app, db):
    _publish(1)
    _age_generation(db)
    response = make_app(SHARED_CACHE_SECONDS=30).test_client().get("/")
    directives = {d.strip() for d in response.headers["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=0", "s-maxage=30"}
