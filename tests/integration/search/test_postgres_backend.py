"""What is particular to the PostgreSQL backend: user text never reaches the SQL, the writer lock holds across
connections, the counts kept by incremental writes equal a rebuild's, and a missing table never breaks a page."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import select, text

from panelrecords.demo.archive import make_decision
from panelrecords.search.backend import QueryError, SearchRequest, get_backend
from panelrecords.services import Actor
from tests import publish_helpers as pub
from tests.conftest import is_postgres
from tests.integration.search.test_contract import DOCUMENTS, _doc

pytestmark = pytest.mark.skipif(
    not is_postgres(), reason="the PostgreSQL backend is tested when the suite runs on PostgreSQL"
)

# Quotes, tsquery operators, weights, prefixes, backslashes and SQL: each is text to search for, nothing more.
HOSTILE = [
    "o'brien",
    "needs & refused",
    "needs | refused",
    "!needs",
    "needs:*",
    "needs:A",
    "section 36(8): needs",
    "back\\slash",
    "\\'",
    "'; DROP TABLE search_documents; --",
    "needs <-> refused",
    "needs <2> refused",
    "o'br* & x",
    "a&b* needs",
    "(needs) & (refused | !x)",
    '"needs & refused"',
    "needs OR 'refused'",
]


@pytest.fixture
def backend(postgres_app, request):
    from panelrecords.extensions import db
    from panelrecords.search.postgres_backend import PostgresBackend

    backend = PostgresBackend()
    with backend.lock(blocking=True):
        backend.index(DOCUMENTS)
    yield backend
    db.session.rollback()
    with backend.lock(blocking=True):
        backend.clear()


@pytest.mark.parametrize("typed", HOSTILE)
def test_query_metacharacters_are_searched_for_never_executed(backend, typed):
    for sort in ("relevance", "newest"):
        try:
            result = backend.search(SearchRequest(query=typed, sort=sort))
        except QueryError:
            continue
        assert result.total >= 0
    assert backend.document_count() == len(DOCUMENTS)
    assert backend.suggest(typed[:4]) is not None


def test_a_prefix_and_a_phrase_with_metacharacters_match_as_words(backend):
    ids = {hit.public_id for hit in backend.search(SearchRequest(query="psycholog* & panel")).hits}
    assert ids == {"D-0001"}
    assert backend.search(SearchRequest(query='"sen support" | !')).total == 1


def test_the_writer_lock_is_exclusive_across_connections(backend):
    with backend.lock() as first:
        assert first.acquired
        with backend.lock(timeout=0.2) as second:  # another connection: another PostgreSQL session
            assert not second.acquired
    with backend.lock() as again:
        assert again.acquired


def _snapshot(backend) -> list:
    requests = [
        SearchRequest(query="refused"),
        SearchRequest(query="needs OR therapy", sort="newest"),
        SearchRequest(query='"SEN support" OR autis*', filters={"outcome": ("refused",)}),
        SearchRequest(query="autsim"),
        SearchRequest(sort="oldest", page=2, page_size=2),
    ]
    out = []
    for request in requests:
        result = backend.search(request)
        out.append(
            (result.total, result.facets, result.suggestion, [(h.public_id, str(h.snippet)) for h in result.hits])
        )
    out.append([h.public_id for h in backend.similar("D-0002")])
    out.append(backend.suggest("pa"))
    out.append({name: backend.facet_values(name) for name in ("outcome", "reason_codes", "year", "board")})
    return out


def _tables(db) -> list:
    return [
        db.session.execute(text("SELECT word, stem, records FROM search_words ORDER BY word")).all(),
        db.session.execute(text("SELECT name, value, records FROM search_facets ORDER BY name, value")).all(),
    ]


def test_a_rebuild_gives_the_same_index_as_incremental_writes(backend):
    from panelrecords.extensions import db

    replacement = _doc("D-0001", "Now about hydrotherapy and the panel only.", outcome="deferred", day=date(2025, 7, 1))
    extra = _doc(
        "D-0009", "The panel refused: SEN support meets needs.", outcome="refused", reason_codes=("sen_support",)
    )
    with backend.lock(blocking=True):
        backend.index([replacement, extra])
        backend.delete(["D-0003"])
        backend.index([extra])  # applying the same document twice changes nothing
    final = [replacement, DOCUMENTS[1], DOCUMENTS[3], extra]
    incremental, counts = _snapshot(backend), _tables(db)
    assert "placement" not in backend.facet_values("panel_kind") and "agreed" not in backend.facet_values("outcome")
    with backend.lock(blocking=True):
        assert backend.rebuild(iter(final)) == 4
    assert _snapshot(backend) == incremental
    assert _tables(db) == counts


@pytest.mark.parametrize("search_backend", ["postgres"], indirect=True)
def test_hostile_queries_on_the_search_page_answer_400_or_200(search_backend, app, client, db):
    pub.publish(
        "decision",
        make_decision(random.Random(3), date(2026, 1, 12)),
        source_type="decision",
        source_id=3,
        known=[],
        by=Actor.system("test"),
    )
    db.session.commit()
    assert get_backend(app.config).name == "postgres"
    for typed in HOSTILE:
        response = client.get("/search", query_string={"q": typed})
        assert response.status_code in (200, 400), (typed, response.status_code)
    assert db.session.scalar(text("SELECT count(*) FROM search_documents")) == 1


@pytest.mark.parametrize("search_backend", ["postgres"], indirect=True)
def test_a_missing_index_table_makes_search_unavailable_and_leaves_pages_working(search_backend, app, client, db):
    record = pub.publish(
        "decision",
        make_decision(random.Random(4), date(2026, 1, 12)),
        source_type="decision",
        source_id=4,
        known=[],
        by=Actor.system("test"),
    )
    db.session.commit()
    db.session.execute(text("ALTER TABLE search_documents RENAME TO search_documents_away"))
    db.session.commit()
    try:
        assert client.get(f"/decisions/{record.public_id}").status_code == 200
        assert client.get("/search?q=assessment").status_code == 503
        health = client.get("/health")
        assert health.status_code == 503 and health.get_json()["index"] == "lost"
    finally:
        db.session.rollback()
        db.session.execute(text("ALTER TABLE search_documents_away RENAME TO search_documents"))
        db.session.commit()
    assert client.get("/search?q=assessment").status_code == 200
    assert db.session.scalar(select(text("count(*)")).select_from(text("search_documents"))) == 1
