"""The archive generation: one number that changes, in the same transaction, with everything the public can see.

Every public page, feed, API answer and CSV is made from the tables in ``PUBLIC_TABLES`` (published records,
boards, actions, paper copies, the search outbox whose rows change the index, and the stored "decisions like this
one"), from the code and templates, from the settings and from today's date. So a page's validator is known from
this number, the release and the date before the page is made (``archive.caching``).

Nobody has to remember to raise it: session events watch every flush and every bulk ``update``/``delete``/
``insert`` statement that touches a public table, and just before such a transaction commits one statement raises
the number (an upsert, so an emptied table heals). It is the last thing the transaction does, so the row lock it
takes on PostgreSQL is held only for the commit (two publishers wait for each other there and cannot deadlock);
SQLite has one writer at a time anyway. Reading it is one primary-key read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import BigInteger, event, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from panelrecords.extensions import db
from panelrecords.models.types import UTCDateTime

ROW_ID = 1
TOUCHED = "archive_generation_touched"
# The tables public code reads (a test checks every model the public modules use against this list), and the
# controlled lists whose wording a public page could show (public code reads them from the published facts today;
# listed so that a page showing them later is covered too: they change rarely).
PUBLIC_TABLES = frozenset(
    {
        "published_records",
        "published_boards",
        "published_actions",
        "published_papers",
        "search_outbox",
        "similar_records",
        "reason_codes",
        "request_types",
        "legal_test_limbs",
    }
)


class ArchiveGeneration(db.Model):
    """A single row: the generation number and when it last changed (for ``Last-Modified``)."""

    __tablename__ = "archive_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class Generation:
    value: int
    changed_at: datetime | None


_READ = f"SELECT value, changed_at FROM archive_generation WHERE id = {ROW_ID}"


def read(engine=None) -> Generation:
    """The current generation (0 and no time before anything public was ever written), as committed now.

    Read on a connection of the pool, not through the session: it runs on every public request, before anything
    else, and the session's set-up and tear-down cost several times the query (see ``bench/page_bench.py``)."""
    connection = (engine or db.engine).raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(_READ)
        row = cursor.fetchone()
        cursor.close()
    finally:
        connection.close()  # back to the pool, its transaction rolled back
    if row is None:
        return Generation(0, None)
    return Generation(int(row[0]), _aware(row[1]))


def _aware(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite through a text() read
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _is_public(table) -> bool:
    return getattr(table, "name", None) in PUBLIC_TABLES


def _bump(session: Session) -> None:
    now = datetime.now(UTC)
    stamp = now.replace(tzinfo=None) if session.get_bind().dialect.name == "sqlite" else now
    session.execute(
        text(
            "INSERT INTO archive_generation (id, value, changed_at) VALUES (:id, 1, :now) "
            "ON CONFLICT (id) DO UPDATE SET value = archive_generation.value + 1, changed_at = :now"
        ),
        {"id": ROW_ID, "now": stamp},
    )


@event.listens_for(FlaskSession, "after_flush")
def _watch_flush(session: Session, _flush_context) -> None:
    if session.info.get(TOUCHED):
        return
    for instance in (*session.new, *session.dirty, *session.deleted):
        table = getattr(type(instance), "__table__", None)
        if _is_public(table) and (instance not in session.dirty or session.is_modified(instance)):
            session.info[TOUCHED] = True
            return


@event.listens_for(FlaskSession, "do_orm_execute")
def _watch_statements(state) -> None:
    if (state.is_update or state.is_delete or state.is_insert) and _is_public(getattr(state.statement, "table", None)):
        state.session.info[TOUCHED] = True


@event.listens_for(FlaskSession, "before_commit")
def _raise_generation(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: the outer transaction's commit raises it, once
        return
    session.flush()  # so the flush watcher sees what is still pending
    if session.info.pop(TOUCHED, False):
        _bump(session)


@event.listens_for(FlaskSession, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(TOUCHED, None)
