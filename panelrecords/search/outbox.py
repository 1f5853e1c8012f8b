"""The search outbox: index work written with each publication, applied to the index after commit.

Safe with several worker processes:
- one writer at a time: ``drain`` takes the index's writer lock without waiting; a process that cannot get
  it leaves its rows for the holder (which looks again after releasing) or for ``flask search sync``;
- no lost update: rows are marked processed only after the index commit, and each row is applied from the
  database's *current* state of its record (index the current, non-withdrawn version; otherwise delete), so
  the order in which workers drain does not matter and applying a row twice changes nothing;
- no ``LockError`` reaches a user: the lock is tried, never waited on, in a request.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import func, select, update

from panelrecords.extensions import db
from panelrecords.models.published import PublishedRecord, SearchOutbox
from panelrecords.search import similar
from panelrecords.search.backend import Document, document_for, get_backend

log = logging.getLogger(__name__)

BATCH = 500
_deferred = threading.local()


@contextmanager
def deferred() -> Iterator[None]:
    """Publish many records and index them once at the end (demo data, benchmarks, imports)."""
    _deferred.depth = getattr(_deferred, "depth", 0) + 1
    try:
        yield
    finally:
        _deferred.depth -= 1
    if not _deferred.depth:
        sync()


def pending() -> int:
    return db.session.scalar(select(func.count()).select_from(SearchOutbox).where(SearchOutbox.processed_at.is_(None)))


def _current_documents(public_ids: list[str]) -> dict[str, Document]:
    records = db.session.scalars(
        select(PublishedRecord).where(
            PublishedRecord.public_id.in_(public_ids),
            PublishedRecord.is_current,
            PublishedRecord.withdrawn_at.is_(None),
        )
    )
    return {record.public_id: document_for(record) for record in records}


def _apply_batch(backend) -> int:
    rows = db.session.execute(
        select(SearchOutbox.id, SearchOutbox.public_id)
        .where(SearchOutbox.processed_at.is_(None))
        .order_by(SearchOutbox.id)
        .limit(BATCH)
    ).all()
    if not rows:
        return 0
    public_ids = sorted({public_id for _id, public_id in rows})
    documents = _current_documents(public_ids)
    removed = [p for p in public_ids if p not in documents]
    backend.apply(list(documents.values()), removed)
    # "Decisions like this one", worked out once per index change: for the batch's records, and again for every
    # record whose list named one that left (its entries go at once; the page also filters against live records).
    named = similar.lists_naming(removed)
    similar.forget(removed)
    similar.store(backend, [p for p, d in documents.items() if d.kind == "decision"] + sorted(named - set(removed)))
    db.session.execute(
        update(SearchOutbox)
        .where(SearchOutbox.id.in_([row_id for row_id, _ in rows]))
        .values(processed_at=datetime.now(UTC))
    )
    db.session.commit()
    return len(rows)


def drain(*, wait: float = 0.0) -> int:
    """Apply waiting rows to the search backend; returns how many are still waiting.

    ``wait`` is how long to wait for the writer lock (0 in a request: another worker is already draining).
    """
    if getattr(_deferred, "depth", 0):
        return pending()
    backend = get_backend()
    for _round in range(20):
        with backend.lock(timeout=wait) as lock:
            if not lock.acquired:
                return pending()
            while _apply_batch(backend):
                pass
        # A row committed while we held the lock may belong to a worker that found the lock taken: look again.
        if not pending():
            return 0
    return pending()


def sync() -> int:
    """Drain the whole outbox, waiting for the lock if another process is writing (for ``flask search sync``)."""
    return drain(wait=60.0)


def current_records_query():
    return (
        select(PublishedRecord)
        .where(PublishedRecord.is_current, PublishedRecord.withdrawn_at.is_(None))
        .order_by(PublishedRecord.id)
    )


def rebuild(
    progress: Callable[[int], None] | None = None, similar_progress: Callable[[int], None] | None = None
) -> int:
    """Delete the index and rebuild it from the database, then work out every decision's "decisions like this
    one" again; returns how many records the index holds."""
    total = rebuild_index(progress)
    similar.store_all(get_backend(), similar_progress)
    drain()
    return total


def rebuild_index(progress: Callable[[int], None] | None = None) -> int:
    """Delete the index and rebuild it from the database (the first step of ``rebuild``)."""
    backend = get_backend()
    with backend.lock(blocking=True) as _lock:
        # Only rows seen before the records are read are covered by this rebuild; later ones are drained next.
        covered = list(db.session.scalars(select(SearchOutbox.id).where(SearchOutbox.processed_at.is_(None))))
        total = backend.rebuild(
            (document_for(r) for r in db.session.scalars(current_records_query().execution_options(yield_per=500))),
            progress,
        )
        for start in range(0, len(covered), BATCH):
            db.session.execute(
                update(SearchOutbox)
                .where(SearchOutbox.id.in_(covered[start : start + BATCH]))
                .values(processed_at=datetime.now(UTC))
            )
        db.session.commit()
    return total


def count_current() -> int:
    return db.session.scalar(select(func.count()).select_from(current_records_query().subquery()))
