"""Atom feeds: valid Atom 1.0 with ids, updated and links; withdrawn records leave them."""

from __future__ import annotations

from datetime import date, datetime
from xml.etree import ElementTree

from panelrecords.models.published_boards import PublishedBoard
from tests.integration.archive.open_data_records import decision, minutes, withdraw
from tests.publish_helpers import settle_generation

A = "{http://www.w3.org/2005/Atom}"


def _parse(response, *, modified: bool = True):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/atom+xml"
    assert "Set-Cookie" not in response.headers
    assert response.headers["ETag"] and "public" in response.headers["Cache-Control"]
    if modified:  # the archive's last change (an empty archive may have none)
        assert response.headers["Last-Modified"]
    feed = ElementTree.fromstring(response.get_data())
    assert feed.tag == f"{A}feed"
    # RFC 4287: a feed has exactly one id, title and updated, a self link, and an author (or every entry has one).
    for name in ("id", "title", "updated", "author"):
        assert len(feed.findall(f"{A}{name}")) == 1, name
    assert feed.find(f"{A}author/{A}name").text
    rels = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert rels["self"].startswith("http") and rels["alternate"].startswith("http")
    datetime.fromisoformat(feed.find(f"{A}updated").text.replace("Z", "+00:00"))
    entries = feed.findall(f"{A}entry")
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, name
        assert entry.find(f"{A}id").text.startswith("http")
        assert entry.find(f"{A}link[@rel='alternate']").get("href") == entry.find(f"{A}id").text
        datetime.fromisoformat(entry.find(f"{A}updated").text.replace("Z", "+00:00"))
    return feed, entries


def _ids(entries) -> list[str]:
    return [e.find(f"{A}id").text.rsplit("/", 1)[-1] for e in entries]


def test_decisions_feed_lists_new_decisions_newest_first(app, db, client):
    first = decision(title="First & <earliest> decision")
    second = decision(outcome="refused")
    gone = decision()
    withdraw(gone)
    settle_generation()
    feed, entries = _parse(client.get("/feeds/decisions.atom"))
    assert _ids(entries) == [second.public_id, first.public_id]
    assert entries[1].find(f"{A}title").text == "First & <earliest> decision"  # escaped, then parsed back
    assert "refused" in {c.get("term") for c in entries[0].findall(f"{A}category")}
    assert feed.find(f"{A}id").text.endswith("/feeds/decisions.atom")


def test_minutes_and_board_feeds(app, db, client):
    db.session.add(PublishedBoard(acronym="SIB", name="SEND Improvement Board", updated_at=datetime.now().astimezone()))
    db.session.commit()
    sib = minutes(board="SIB", meeting_date=date(2026, 1, 5))
    spg = minutes(board="SPG", meeting_date=date(2026, 1, 6))
    withdraw(minutes(board="SIB", meeting_date=date(2026, 2, 5)))
    settle_generation()
    _feed, entries = _parse(client.get("/feeds/minutes.atom"))
    assert set(_ids(entries)) == {sib.public_id, spg.public_id}
    _feed, entries = _parse(client.get("/feeds/boards/SIB.atom"))
    assert _ids(entries) == [sib.public_id]
    assert entries[0].find(f"{A}id").text.endswith(f"/boards/SIB/meetings/{sib.public_id}")
    assert client.get("/feeds/boards/NOPE.atom").status_code == 404
    board_page = client.get("/boards/SIB").get_data(as_text=True)
    assert '<link rel="alternate" type="application/atom+xml"' in board_page
    assert 'href="/feeds/boards/SIB.atom"' in board_page


def test_search_feed_takes_the_search_parameters(app, db, client):
    refused = decision(outcome="refused", reasons=("sen_support_sufficient",))
    decision(outcome="agreed")
    gone = decision(outcome="refused", reasons=("sen_support_sufficient",))
    withdraw(gone)
    settle_generation()
    feed, entries = _parse(client.get("/feeds/search.atom?outcome=refused&reason=sen_support_sufficient"))
    assert _ids(entries) == [refused.public_id]
    alternate = next(link for link in feed.findall(f"{A}link") if link.get("rel") == "alternate").get("href")
    assert "/search?outcome=refused" in alternate
    assert client.get("/feeds/search.atom?outcome=granted").status_code == 400
    assert client.get("/feeds/search.atom?page=-1").status_code == 400
    assert client.get("/feeds/search.atom", environ_overrides={"QUERY_STRING": "q=%FF"}).status_code == 400


def test_an_empty_feed_is_still_valid(app, client):
    _feed, entries = _parse(client.get("/feeds/decisions.atom"), modified=False)
    assert entries == []
