"""Decisions like this one, and the index lifecycle commands as an operator sees them."""

from __future__ import annotations

import random
from datetime import date

from panelrecords.demo.archive import make_decision
from panelrecords.search.backend import get_backend
from panelrecords.services import Actor
from tests import publish_helpers as pub

BY = Actor.system("test")


def test_similar_decisions_share_text_and_facets_and_exclude_the_record(app, db):
    records = pub.publish_demo_decisions(20)
    subject = next(r for r in records if r.outcome == "refused")
    similar = get_backend().similar(subject.public_id)
    assert 0 < len(similar) <= 5
    ids = [hit.public_id for hit in similar]
    assert subject.public_id not in ids and len(set(ids)) == len(ids)
    by_id = {r.public_id: r for r in records}
    assert all(by_id[i].kind == "decision" for i in ids)
    # The same kind of decision comes first: same panel kind and outcome where there are any.
    same = [r for r in records if r is not subject and (r.panel_kind, r.outcome) == (subject.panel_kind, "refused")]
    if same:
        first = by_id[ids[0]]
        assert (first.panel_kind, first.outcome) == (subject.panel_kind, "refused")
    assert all(hit.snippet is not None and hit.title for hit in similar)


def test_similar_never_offers_a_withdrawn_record(app, db):
    records = pub.publish_demo_decisions(8)
    subject = records[0]
    for hit in get_backend().similar(subject.public_id, limit=10):
        pub.withdraw(hit.public_id, reason="Published in error", by=BY)
    assert get_backend().similar(subject.public_id, limit=10) == []
    assert get_backend().similar("D-0000-0000-0000") == []


def test_rebuild_shows_a_progress_bar_and_sync_reports_what_it_applied(app, db):
    records = pub.publish_demo_decisions(5)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Indexing published records" in result.output
    assert "Rebuilt the search index: 5 records." in result.output
    assert get_backend().public_ids() == {r.public_id for r in records}
    with get_backend().lock() as held:  # a drain during publication finds the lock taken: the row waits
        assert held.acquired
        extra = pub.publish(
            "decision", make_decision(random.Random(99), date(2026, 1, 5)), source_type="decision", source_id=99,
            known=[], by=BY,
        )  # fmt: skip
    assert extra.public_id not in get_backend().public_ids()
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0 and "Applied 1 outbox rows; 0 still waiting." in result.output
    assert extra.public_id in get_backend().public_ids()
