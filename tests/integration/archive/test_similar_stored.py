"""'Decisions like this one' are worked out when the index changes, stored, and read with the page; a withdrawn
record leaves every list at once; statistics are worked out once per archive generation."""

from __future__ import annotations

import re

from sqlalchemy import delete, func, select

from panelrecords.models.published import SimilarRecord
from panelrecords.search import outbox
from panelrecords.search.backend import get_backend
from panelrecords.services import Actor, archive, statistics
from tests import publish_helpers as pub

BY = Actor.system("test")
HEADING = "Decisions like this one"


def _stored(db, public_id: str) -> list[str]:
    return list(
        db.session.scalars(
            select(SimilarRecord.similar_public_id)
            .where(SimilarRecord.public_id == public_id)
            .order_by(SimilarRecord.rank)
        )
    )


def _shown(client, public_id: str) -> list[str]:
    page = client.get(f"/decisions/{public_id}").get_data(as_text=True)
    if HEADING not in page:
        return []
    aside = page.split(HEADING, 1)[1].split("</aside>", 1)[0]
    return re.findall(r'href="/decisions/([^"]+)"', aside)


def _refuse_index_reads(monkeypatch) -> None:
    """From now on, asking the index for similar records fails: pages must read the stored lists."""

    def refuse(self, public_id, limit=5):
        raise AssertionError("the page asked the index")

    monkeypatch.setattr(type(get_backend()), "similar", refuse)


def test_lists_are_stored_when_the_outbox_drains_and_read_with_the_page(app, db, client, monkeypatch):
    records = pub.publish_demo_decisions(12)
    backend = get_backend()
    for record in records:
        stored = _stored(db, record.public_id)
        assert stored == [hit.public_id for hit in backend.similar(record.public_id, limit=5)]
        assert record.public_id not in stored
    subject = next(r for r in records if _stored(db, r.public_id))
    _refuse_index_reads(monkeypatch)
    assert _shown(client, subject.public_id) == _stored(db, subject.public_id)


def test_a_page_without_a_stored_list_shows_none_rather_than_asking(app, db, client, monkeypatch):
    records = pub.publish_demo_decisions(4)
    _refuse_index_reads(monkeypatch)
    subject = records[0]
    db.session.execute(delete(SimilarRecord).where(SimilarRecord.public_id == subject.public_id))
    db.session.commit()
    response = client.get(f"/decisions/{subject.public_id}")
    assert response.status_code == 200 and HEADING not in response.get_data(as_text=True)


def test_a_withdrawn_record_leaves_every_list_at_once(app, db, client, monkeypatch):
    records = pub.publish_demo_decisions(10)
    subject = next(r for r in records if _stored(db, r.public_id))
    named = _stored(db, subject.public_id)[0]
    lists_naming = {r.public_id for r in records if named in _stored(db, r.public_id)}
    from panelrecords.services import common

    # The withdrawal commits but its outbox row is not drained yet: the page already leaves the record out.
    monkeypatch.setattr(common, "drain_outbox", lambda: None)
    pub.withdraw(named, reason="Published in error")
    assert named not in _shown(client, subject.public_id)
    assert named in _stored(db, subject.public_id)
    monkeypatch.undo()
    outbox.sync()
    db.session.expire_all()
    # Drained: no stored list names it, and every list that did was worked out again (without it).
    assert db.session.scalar(select(func.count()).where(SimilarRecord.similar_public_id == named)) == 0
    assert _stored(db, named) == []
    for public_id in lists_naming - {named}:
        assert _stored(db, public_id) == [h.public_id for h in get_backend().similar(public_id, limit=5)]


def test_rebuild_works_every_list_out_again(app, db):
    records = pub.publish_demo_decisions(6)
    before = {r.public_id: _stored(db, r.public_id) for r in records}
    db.session.execute(delete(SimilarRecord))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Finding decisions like each one" in result.output
    db.session.expire_all()
    assert {r.public_id: _stored(db, r.public_id) for r in records} == before


def test_statistics_are_worked_out_once_per_generation_and_change_with_a_publication(app, db, client):
    pub.publish_demo_decisions(6)
    first = statistics.compute()
    assert statistics.compute() is first  # nothing changed: the same figures, not worked out again
    shown = client.get("/api/v1/statistics").get_json()
    pub.publish_demo_decisions(1, start=50)
    after = statistics.compute()
    assert after is not first and after.decisions.value == first.decisions.value + 1 == 7
    assert client.get("/api/v1/statistics").get_json() != shown
    assert archive.current_records("decision")
