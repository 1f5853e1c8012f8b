"""Publishing redacted records: publish, correct and withdraw, each with its search-outbox row.

The core that decision publication (redaction workflow) and minutes publication (governance) share.
Every public string passes the leak gate before anything is written; a record is never edited once
published — a correction adds a version that supersedes it, a withdrawal leaves a tombstone.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select

from panelrecords import redaction
from panelrecords.errors import Conflict, DomainError, NotFound
from panelrecords.extensions import db
from panelrecords.models.published import OutboxOperation, PublishedRecord, RecordKind, SearchOutbox
from panelrecords.services import Actor, audit

log = logging.getLogger(__name__)

# Crockford's base32 without the letters that are easy to misread in a letter (I, L, O, U).
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_PREFIX = {RecordKind.DECISION: "D", RecordKind.MINUTES: "M"}


class LeakFound(DomainError):
    """The leak gate found identifiers in a public field: nothing was published."""

    status = 409
    code = "leak_found"

    def __init__(self, hits: list[tuple[str, redaction.Hit]]):
        fields = sorted({name for name, _hit in hits})
        categories = sorted({hit.category for _name, hit in hits})
        super().__init__(
            f"Publication stopped: {len(hits)} possible identifier{'s' if len(hits) != 1 else ''} "
            f"({', '.join(categories)}) remain in {', '.join(fields)}. Redact them and try again",
            fields[0] if fields else None,
        )
        self.hits = hits


class Gone(DomainError):
    """The record was withdrawn: its page answers 410 with a tombstone."""

    status = 410
    code = "withdrawn"

    def __init__(self, record: PublishedRecord):
        super().__init__(f"This record was withdrawn on {record.withdrawn_at:%d %B %Y}. {record.withdrawn_reason}")
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


def new_public_id(kind: RecordKind) -> str:
    """A random, unguessable id that reads well in a letter: D-7KQ4-M2XP-9TBC (60 bits)."""
    body = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{_PREFIX[RecordKind(kind)]}-{body[:4]}-{body[4:8]}-{body[8:]}"


def _strings(value, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def leak_check(publication: Publication, known: Iterable[redaction.Known]) -> list[tuple[str, redaction.Hit]]:
    """Every remaining identifier hit in every public string of a publication (empty: it may be published)."""
    knowns = list(known) or [redaction.Known()]
    hits: list[tuple[str, redaction.Hit]] = []
    fields = [
        ("title", publication.title),
        ("summary", publication.summary),
        *_strings(publication.texts, "texts"),
        *_strings(publication.facts, "facts"),
    ]
    for name, text in fields:
        if not text:
            continue
        for known_identifiers in knowns:
            hits.extend((name, hit) for hit in redaction.check(text, known_identifiers))
    return hits


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


def _outbox(record: PublishedRecord, operation: OutboxOperation) -> None:
    db.session.add(
        SearchOutbox(
            public_id=record.public_id, record_id=record.id, operation=operation.value, created_at=datetime.now(UTC)
        )
    )


def after_commit() -> None:
    """Drain the search outbox now; if that fails the rows stay and `flask search sync` catches up."""
    try:
        from panelrecords.search import outbox

        outbox.drain()
    except Exception:  # the record is safely published; the index is derived and catches up later
        log.exception("search outbox could not be drained; run `flask search sync`")


def publish(
    kind: RecordKind,
    publication: Publication,
    *,
    source_type: str,
    source_id: int,
    known: Iterable[redaction.Known],
    by: Actor,
    reviewed_by_id: int | None = None,
) -> PublishedRecord:
    """Publish a new record (version 1). Raises ``LeakFound`` if the gate finds an identifier."""
    hits = leak_check(publication, known)
    if hits:
        audit.record(
            "publication.refused",
            source_type,
            source_id,
            by=by,
            detail={"hits": [[name, hit.category, hit.source] for name, hit in hits][:50]},
        )
        db.session.commit()
        raise LeakFound(hits)
    now = datetime.now(UTC)
    record = PublishedRecord(
        public_id=new_public_id(kind),
        version=1,
        is_current=True,
        kind=RecordKind(kind).value,
        source_type=source_type,
        source_id=source_id,
        published_at=now,
        published_by_id=by.user_id,
        reviewed_by_id=reviewed_by_id,
    )
    _assign(record, publication)
    db.session.add(record)
    db.session.flush()
    _outbox(record, OutboxOperation.INDEX)
    audit.record(
        "publication.publish",
        "published_record",
        record.public_id,
        by=by,
        detail={"kind": record.kind, "source": [source_type, source_id], "version": 1},
    )
    db.session.commit()
    after_commit()
    return record


def correct(
    public_id: str,
    publication: Publication,
    *,
    note: str,
    known: Iterable[redaction.Known],
    by: Actor,
    reviewed_by_id: int | None = None,
) -> PublishedRecord:
    """Publish a corrected version that supersedes the current one; both stay readable."""
    current = current_version(public_id)
    if current.is_withdrawn:
        raise Conflict("A withdrawn record cannot be corrected; publish it again through review")
    if not note.strip():
        raise DomainError("Enter what was corrected", "note")
    hits = leak_check(publication, known)
    if hits:
        audit.record(
            "publication.refused",
            current.source_type,
            current.source_id,
            by=by,
            detail={"hits": [[name, hit.category, hit.source] for name, hit in hits][:50]},
        )
        db.session.commit()
        raise LeakFound(hits)
    current.is_current = False
    record = PublishedRecord(
        public_id=public_id,
        version=current.version + 1,
        is_current=True,
        kind=current.kind,
        source_type=current.source_type,
        source_id=current.source_id,
        published_at=datetime.now(UTC),
        published_by_id=by.user_id,
        reviewed_by_id=reviewed_by_id,
        supersedes_id=current.id,
        correction_note=note.strip(),
    )
    _assign(record, publication)
    db.session.add(record)
    db.session.flush()
    _outbox(record, OutboxOperation.INDEX)
    audit.record(
        "publication.correct",
        "published_record",
        public_id,
        by=by,
        detail={"version": record.version, "note": record.correction_note},
    )
    db.session.commit()
    after_commit()
    return record


def withdraw(public_id: str, *, reason: str, by: Actor) -> PublishedRecord:
    """Withdraw at once: every version becomes a tombstone, the record leaves search and feeds."""
    if not reason.strip():
        raise DomainError("Enter why the record is being withdrawn", "reason")
    versions = list(db.session.scalars(select(PublishedRecord).where(PublishedRecord.public_id == public_id)))
    if not versions:
        raise NotFound("No published record has that reference")
    current = next(v for v in versions if v.is_current)
    if current.is_withdrawn:
        raise Conflict("This record has already been withdrawn")
    now = datetime.now(UTC)
    for version in versions:
        version.withdrawn_at = now
        version.withdrawn_reason = reason.strip()
        version.withdrawn_by_id = by.user_id
    _outbox(current, OutboxOperation.DELETE)
    audit.record("publication.withdraw", "published_record", public_id, by=by, detail={"reason": reason.strip()})
    db.session.commit()
    after_commit()
    return current


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


def versions(public_id: str) -> list[PublishedRecord]:
    return list(
        db.session.scalars(
            select(PublishedRecord).where(PublishedRecord.public_id == public_id).order_by(PublishedRecord.version)
        )
    )


def published_for(source_type: str, source_id: int) -> PublishedRecord | None:
    """The current published version made from a restricted object, if any (withdrawn ones included)."""
    return db.session.scalar(
        select(PublishedRecord).where(
            PublishedRecord.source_type == source_type,
            PublishedRecord.source_id == source_id,
            PublishedRecord.is_current,
        )
    )
