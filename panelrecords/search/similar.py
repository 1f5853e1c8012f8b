"""Stored "decisions like this one": worked out with the search backend once per index change, read with the page.

A decision page used to ask the index for similar records on every view (most of its time). Now the outbox works
the lists out for the records of each batch it drains, and ``flask search rebuild`` for every record, with
``backend.similar`` (so any backend serves), and stores them as public ids only (``SimilarRecord``). The page
joins them with the live records in one query (``services.archive.similar_records``), so a withdrawn record never
shows, and draining its withdrawal deletes every entry that names it and works out again the lists that did.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import delete, select

from panelrecords.extensions import db
from panelrecords.models.published import PublishedRecord, RecordKind, SimilarRecord

LIMIT = 5
COMMIT_EVERY = 200


def lists_naming(public_ids: Iterable[str]) -> set[str]:
    """The records whose stored list names any of ``public_ids``."""
    wanted = list(public_ids)
    if not wanted:
        return set()
    return set(db.session.scalars(select(SimilarRecord.public_id).where(SimilarRecord.similar_public_id.in_(wanted))))


def forget(public_ids: Iterable[str]) -> None:
    """Delete the lists of ``public_ids`` and every entry naming them (they left the archive)."""
    gone = list(public_ids)
    if gone:
        db.session.execute(delete(SimilarRecord).where(SimilarRecord.public_id.in_(gone)))
        db.session.execute(delete(SimilarRecord).where(SimilarRecord.similar_public_id.in_(gone)))


def store(backend, public_ids: Iterable[str]) -> int:
    """Work out and store the lists of ``public_ids`` (live decisions get one; any other loses its list).

    Runs in the caller's transaction (the outbox's batch); returns how many lists were stored."""
    wanted = sorted(set(public_ids))
    if not wanted:
        return 0
    db.session.execute(delete(SimilarRecord).where(SimilarRecord.public_id.in_(wanted)))
    live = list(db.session.scalars(_live_decisions_query().where(PublishedRecord.public_id.in_(wanted))))
    for public_id in live:
        _add(public_id, backend.similar(public_id, limit=LIMIT))
    return len(live)


def _add(public_id: str, hits) -> None:
    db.session.add_all(
        SimilarRecord(public_id=public_id, rank=rank, similar_public_id=hit.public_id)
        for rank, hit in enumerate(hits)
        if hit.public_id != public_id
    )


def _live_decisions_query():
    return select(PublishedRecord.public_id).where(
        PublishedRecord.kind == RecordKind.DECISION.value,
        PublishedRecord.is_current,
        PublishedRecord.withdrawn_at.is_(None),
    )


def live_decision_count() -> int:
    return len(live_decision_ids())


def live_decision_ids() -> list[str]:
    return list(db.session.scalars(_live_decisions_query().order_by(PublishedRecord.id)))


def store_all(backend, progress: Callable[[int], None] | None = None) -> int:
    """Work out every live decision's list again (after a rebuild), committing every ``COMMIT_EVERY`` records."""
    ids = live_decision_ids()
    db.session.execute(delete(SimilarRecord).where(SimilarRecord.public_id.not_in(_live_decisions_query())))
    for start in range(0, len(ids), COMMIT_EVERY):
        chunk = ids[start : start + COMMIT_EVERY]
        db.session.execute(delete(SimilarRecord).where(SimilarRecord.public_id.in_(chunk)))
        for public_id in chunk:
            _add(public_id, backend.similar(public_id, limit=LIMIT))
        db.session.commit()
        if progress is not None:
            progress(len(chunk))
    db.session.commit()
    return len(ids)
