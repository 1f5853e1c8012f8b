"""What every use case shares: one transaction per use case, row locks, and one clock for "today".

``atomic()`` is the only place a use case commits: on success it commits once, then drains the search outbox
if the transaction wrote to it; on any error it rolls back, so a refusal leaves nothing half-done.
``lock()`` takes the write lock on a row and re-reads it, so two people acting on the same thing at once are
served one after the other: ``SELECT … FOR UPDATE`` on PostgreSQL, a write transaction begun at once
(``BEGIN IMMEDIATE``) on SQLite, whose locks cover the whole database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import wraps
from zoneinfo import ZoneInfo

from sqlalchemy import inspect, select

from panelrecords.extensions import db

log = logging.getLogger(__name__)

LONDON = ZoneInfo("Europe/London")
OUTBOX_FLAG = "search_outbox_written"
DEPTH = "use_case_depth"


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today in Europe/London: the one clock for deadlines, overdue actions and "today" on every page."""
    return datetime.now(LONDON).date()


def mark_outbox_written() -> None:
    """Ask ``atomic()`` to drain the search outbox once this transaction has committed."""
    db.session.info[OUTBOX_FLAG] = True


def drain_outbox() -> None:
    """Drain the search outbox now; if that fails the rows stay and ``flask search sync`` catches up."""
    try:
        from panelrecords.search import outbox

        outbox.drain()
    except Exception:  # the records are safely committed; the index is derived and catches up later
        log.exception("search outbox could not be drained; run `flask search sync`")


@contextmanager
def atomic() -> Iterator[None]:
    """One use case, one transaction: commit on success, roll back on any error (then re-raise).

    Nested use cases (one calling another) run in the outer one's transaction: only the outermost commits.
    """
    depth = db.session.info.get(DEPTH, 0)
    if depth:  # inside another use case: its transaction is ours
        db.session.info[DEPTH] = depth + 1
        try:
            yield
        finally:
            db.session.info[DEPTH] = depth
        return
    db.session.info[DEPTH] = 1
    try:
        yield
        db.session.commit()
    except BaseException as error:
        db.session.info[DEPTH] = 0
        db.session.rollback()
        db.session.info.pop(OUTBOX_FLAG, None)
        # A refusal that must be on the record (the leak gate's) is audited once the use case is undone.
        record_refusal = getattr(error, "record_refusal", None)
        if record_refusal is not None:
            record_refusal()
            db.session.commit()
        raise
    db.session.info[DEPTH] = 0
    if db.session.info.pop(OUTBOX_FLAG, False):
        drain_outbox()


def use_case(function: Callable) -> Callable:
    """Run a service function as one use case inside ``atomic()``."""

    @wraps(function)
    def wrapped(*args, **kwargs):
        with atomic():
            return function(*args, **kwargs)

    return wrapped


def lock_database() -> None:
    """On SQLite, make the current transaction a write transaction now, waiting for any other writer.

    SQLite locks the whole database, so this serialises writers; a transaction that has already written holds
    the lock and is left as it is. On PostgreSQL it does nothing: lock the rows with ``lock()``.
    """
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.dbapi_connection
    if not raw.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def lock(instance):
    """Take the write lock on a mapped object's row and reload it, so the caller decides on what is stored now."""
    state = inspect(instance)
    model = state.mapper.class_
    if db.session.connection().dialect.name == "sqlite":
        lock_database()
        db.session.refresh(instance)
        return instance
    key_columns = state.mapper.primary_key
    query = select(model).where(*(column == value for column, value in zip(key_columns, state.identity, strict=True)))
    return db.session.scalars(query.with_for_update().execution_options(populate_existing=True)).one()


def lock_rows(query) -> list:
    """The rows a query selects, locked for update (all of the database on SQLite) and freshly read."""
    lock_database()
    if db.session.connection().dialect.name != "sqlite":
        query = query.with_for_update()
    return list(db.session.scalars(query.execution_options(populate_existing=True)))
