"""The outbox keeps the index in step with the published records, across processes and rebuilds."""

from __future__ import annotations

import multiprocessing
import random
from datetime import date

import pytest
from sqlalchemy import func, select

from panelrecords.demo.archive import make_decision
from panelrecords.models.published import PublishedRecord, SearchOutbox
from panelrecords.search import outbox
from panelrecords.search.backend import SearchRequest, get_backend
from panelrecords.services import Actor
from tests import publish_helpers as pub
from tests.integration.search.conftest import lose_the_index

BY = Actor.system("test")
pytestmark = pytest.mark.usefixtures("search_backend")


def _publish(seed: int = 1, day: date = date(2026, 2, 2)) -> PublishedRecord:
    rng = random.Random(seed)
    return pub.publish("decision", make_decision(rng, day), source_type="decision", source_id=seed, known=[], by=BY)


def _pending(db) -> int:
    return db.session.scalar(select(func.count()).select_from(SearchOutbox).where(SearchOutbox.processed_at.is_(None)))


def _current_ids(db) -> set[str]:
    return set(
        db.session.scalars(
            select(PublishedRecord.public_id).where(PublishedRecord.is_current, PublishedRecord.withdrawn_at.is_(None))
        )
    )


def test_publish_correct_and_withdraw_reach_the_index_after_commit(app, db):
    backend = get_backend()
    record = _publish()
    assert backend.public_ids() == {record.public_id} and _pending(db) == 0
    corrected = make_decision(random.Random(1), date(2026, 2, 2))
    corrected.texts = {**corrected.texts, "reasons": "Corrected: hydrotherapy was considered."}
    pub.correct(record.public_id, corrected, note="Reasons corrected", known=[], by=BY)
    hits = backend.search(SearchRequest(query="hydrotherapy")).hits
    assert [h.public_id for h in hits] == [record.public_id]
    pub.withdraw(record.public_id, reason="Published in error", by=BY)
    assert backend.public_ids() == set() and _pending(db) == 0


def test_a_drain_that_cannot_get_the_lock_leaves_the_rows_for_the_next(app, db):
    backend = get_backend()
    with backend.lock() as held:
        assert held.acquired
        record = _publish()  # its drain finds the lock taken: no error, the row waits
        assert _pending(db) == 1 and record.public_id not in backend.public_ids()
    assert outbox.sync() == 0
    assert backend.public_ids() == {record.public_id}


def test_rebuild_gives_identical_search_results(app, db):
    for seed in range(30):
        _publish(seed, date(2025, 1 + seed % 12, 1 + seed))
    backend = get_backend()
    requests = [
        SearchRequest(query="needs"),
        SearchRequest(query='"SEN support"', sort="newest"),
        SearchRequest(query="autis* OR anxiety", filters={"outcome": ("refused",)}),
        SearchRequest(page=2, sort="oldest"),
    ]

    def snapshot():
        return [
            (r.total, [(h.public_id, str(h.snippet)) for h in r.hits], r.facets)
            for r in (backend.search(q) for q in requests)
        ]

    before = snapshot()
    lose_the_index(app)
    assert backend.document_count() == 0
    assert outbox.rebuild() == 30
    after = snapshot()
    for one, two in zip(before, after, strict=True):
        assert one[0] == two[0]
        assert one[2] == two[2]
        for x, y in zip(one[1], two[1], strict=True):
            assert x == y


def _publish_in_another_process(settings: dict, seeds: list[int]) -> None:
    from panelrecords import create_app

    app = create_app(settings)
    with app.app_context():
        for seed in seeds:
            _publish(seed)


def test_publishing_from_several_processes_at_once_indexes_exactly_the_published_set(app, db, tmp_path):
    settings = {
        "PANELRECORDS_ENV": "testing",
        "SECRET_KEY": app.config["SECRET_KEY"],
        "FIELD_ENCRYPTION_KEY": app.config["FIELD_ENCRYPTION_KEY"],
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SEARCH_INDEX_DIR": app.config["SEARCH_INDEX_DIR"],
        "SEARCH_BACKEND": app.config["SEARCH_BACKEND"],
    }
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_publish_in_another_process, args=(settings, list(range(n, 40, 4)))) for n in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    for worker in workers:
        if worker.is_alive():  # never let a stuck worker write into the next test's database
            worker.kill()
            worker.join()
    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    db.session.expire_all()
    published = _current_ids(db)
    assert len(published) == 40
    outbox.drain()  # the last process to drain may have found the lock taken by another: this is the catch-up
    assert _pending(db) == 0
    assert get_backend().public_ids() == published


def test_search_commands(app, db):
    _publish()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Rebuilt the search index: 1 records." in result.output
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0 and "0 still waiting" in result.output
