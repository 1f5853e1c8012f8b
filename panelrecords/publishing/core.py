"""The publishing core: publish, correct and withdraw a public record, inside the caller's transaction.

Every kind of public record (decisions, minutes) goes through these three functions. Each one runs the leak
gate first (``gate.require_clean``), takes the write lock on what it changes, adds the record, its search-outbox
row and its audit event, and **never commits**: the use case that calls it owns the one transaction
(``services.common.atomic``). A record is never edited once published — a correction adds a version that
supersedes it, a withdrawal leaves a tombstone — and the database refuses a second live record of one source.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from panelrecords import redaction
from panelrecords.errors import Conflict, DomainError, Gone, NotFound
from panelrecords.extensions import db
from panelrecords.filters import format_datetime
from panelrecords.models.published import OutboxOperation, PublishedRecord, RecordKind, SearchOutbox
from panelrecords.models.users import User
from panelrecords.publishing import gate
from panelrecords.publishing.gate import LeakFound
from panelrecords.services import Actor, audit
from panelrecords.services.common import lock, lock_rows, mark_outbox_written, now
from panelrecords.services.publication_state import live_for, live_query, published_for  # noqa: F401  (re-read here)

__all__ = [
    "AlreadyPublished",
    "Gone",
    "LeakFound",
    "Publication",
    "correct",
    "live_for",
    "publish",
    "published_for",
    "withdraw_source",
]

# Crockford's base32 without the letters that are easy to misread in a letter (I, L, O, U).
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_PREFIX = {RecordKind.DECISION: "D", RecordKind.MINUTES: "M"}


class AlreadyPublished(Conflict):
    """Someone else published this source first: nothing was written by the second attempt."""

    code = "already_published"

    def __init__(self, record: PublishedRecord, what: str = "This"):
        who = db.session.get(User, record.published_by_id) if record.published_by_id else None
        by = f" by {who.display_name}" if who is not None else ""
        super().__init__(
            f"{what} was already published{by} on {format_datetime(record.published_at)} as {record.public_id}"
        )
        self.record = record


@dataclass
class Publication:
    """What one published version says: title, redacted texts and public facts (with their facets)."""

    title: str
    texts: dict[str, str]
    facts: dict
    summary: str = ""
    meeting_date: date | None = None
    panel_kind: str | None = None
    request_type: str | None = None
    outcome: str | None = None
    reason_codes: list[str] = field(default_factory=list)
    board: str | None = None

    def strings(self) -> list[tuple[str, str]]:
        """Every public string, with where it is (``texts.reasons``, ``facts.attendance[0].name`` …)."""
        return [
            ("title", self.title),
            ("summary", self.summary),
            *gate.strings_in(self.texts, "texts"),
            *gate.strings_in(self.facts, "facts"),
        ]


def new_public_id(kind: RecordKind) -> str:
    """A random, unguessable id that reads well in a letter: D-7KQ4-M2XP-9TBC (60 bits)."""
    body = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{_PREFIX[RecordKind(kind)]}-{body[:4]}-{body[4:8]}-{body[8:]}"


def _assign(record: PublishedRecord, publication: Publication) -> None:
    record.title = publication.title
    record.summary = publication.summary
    record.texts = dict(publication.texts)
    record.facts = dict(publication.facts)
    record.meeting_date = publication.meeting_date
    record.panel_kind = publication.panel_kind
    record.request_type = publication.request_type
    record.outcome = publication.outcome
    record.reason_codes = list(publication.reason_codes)
    record.board = publication.board


def _outbox(public_id: str, record_id: int, operation: OutboxOperation) -> None:
    db.session.add(SearchOutbox(public_id=public_id, record_id=record_id, operation=operation.value, created_at=now()))
    mark_outbox_written()


def _flush_or_conflict(source_type: str, source_id: int, what: str) -> None:
    """Flush; if the database refuses a second live record of the source, say who published it first."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        winner = db.session.scalar(live_query(source_type, source_id))
        if winner is None:
            raise
        raise AlreadyPublished(winner, what) from None


def publish(
    kind: RecordKind,
    publication: Publication,
    *,
    source_type: str,
    source_id: int,
    by: Actor,
    known: Iterable[redaction.Known] = (),
    extra: Iterable[tuple[str, str]] = (),
    reviewed_by_id: int | None = None,
    published_by_id: int | None = None,
    what: str = "This",
) -> PublishedRecord:
    """Add version 1 of a new record. Raises ``LeakFound`` (the gate refused) or ``AlreadyPublished``."""
    gate.require_clean(publication.strings() + list(extra), known=known, source=(source_type, source_id), by=by)
    live = lock_rows(live_query(source_type, source_id))
    if live:
        raise AlreadyPublished(live[0], what)
    record = PublishedRecord(
        public_id=new_public_id(kind),
        version=1,
        is_current=True,
        kind=RecordKind(kind).value,
        source_type=source_type,
        source_id=source_id,
        published_at=now(),
        published_by_id=published_by_id or by.user_id,
        reviewed_by_id=reviewed_by_id,
    )
    _assign(record, publication)
    db.session.add(record)
    _flush_or_conflict(source_type, source_id, what)
    _outbox(record.public_id, record.id, OutboxOperation.INDEX)
    audit.record(
        "publication.publish",
        "published_record",
        record.public_id,
        by=by,
        detail={"kind": record.kind, "source": [source_type, source_id], "version": 1, "reviewed_by": reviewed_by_id},
    )
    return record


def current_version(public_id: str) -> PublishedRecord:
    """The current version of a record, withdrawn or not. Raises ``NotFound``."""
    record = db.session.scalar(
        select(PublishedRecord).where(
            PublishedRecord.public_id == public_id.strip().upper(), PublishedRecord.is_current
        )
    )
    if record is None:
        raise NotFound("No published record has that reference")
    return record


def correct(
    public_id: str,
    publication: Publication,
    *,
    note: str,
    by: Actor,
    known: Iterable[redaction.Known] = (),
    extra: Iterable[tuple[str, str]] = (),
    reviewed_by_id: int | None = None,
    published_by_id: int | None = None,
    action: str = "publication.correct",
) -> PublishedRecord:
    """Add a version that supersedes the current one; both stay readable.

    Raises ``Conflict`` (withdrawn, or no note), ``LeakFound`` or ``NotFound``.
    """
    if not note.strip():
        raise DomainError("Enter what was corrected", "note")
    current = lock(current_version(public_id))
    if not current.is_current:
        raise Conflict("This record changed while you were working on it: open it again")
    if current.is_withdrawn:
        raise Conflict("A withdrawn record cannot be corrected; publish it again through review")
    gate.require_clean(
        publication.strings() + [("correction_note", note), *extra],
        known=known,
        source=(current.source_type, current.source_id),
        by=by,
    )
    current.is_current = False
    db.session.flush()
    record = PublishedRecord(
        public_id=current.public_id,
        version=current.version + 1,
        is_current=True,
        kind=current.kind,
        source_type=current.source_type,
        source_id=current.source_id,
        published_at=now(),
        published_by_id=published_by_id or by.user_id,
        reviewed_by_id=reviewed_by_id,
        supersedes_id=current.id,
        correction_note=note.strip(),
    )
    _assign(record, publication)
    db.session.add(record)
    db.session.flush()
    _outbox(record.public_id, record.id, OutboxOperation.INDEX)
    audit.record(
        action,
        "published_record",
        record.public_id,
        by=by,
        detail={"version": record.version, "note": record.correction_note, "reviewed_by": reviewed_by_id},
    )
    return record


def withdraw_source(
    source_type: str, source_id: int, *, reason: str, by: Actor, known: Iterable[redaction.Known] = ()
) -> list[PublishedRecord]:
    """Withdraw every live record made from one source, at once: each becomes a tombstone and leaves search,
    feeds, the API and CSV. Returns the withdrawn current versions. Raises ``Conflict`` if nothing is live."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter why the record is being withdrawn", "reason")
    gate.require_clean([("withdrawn_reason", reason)], known=known, source=(source_type, source_id), by=by)
    live = lock_rows(live_query(source_type, source_id))
    if not live:
        raise Conflict("Nothing of this is published: there is nothing to withdraw")
    at = now()
    for current in live:
        for version in db.session.scalars(
            select(PublishedRecord).where(
                PublishedRecord.public_id == current.public_id, PublishedRecord.withdrawn_at.is_(None)
            )
        ):
            version.withdrawn_at = at
            version.withdrawn_reason = reason
            version.withdrawn_by_id = by.user_id
        _outbox(current.public_id, current.id, OutboxOperation.DELETE)
        audit.record("publication.withdraw", "published_record", current.public_id, by=by, detail={"reason": reason})
    return live


def versions(public_id: str) -> list[PublishedRecord]:
    return list(
        db.session.scalars(
            select(PublishedRecord).where(PublishedRecord.public_id == public_id).order_by(PublishedRecord.version)
        )
    )
