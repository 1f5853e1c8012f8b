"""Writing and verifying the hash-chained audit log."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update

from panelrecords.extensions import db
from panelrecords.models.audit import GENESIS_HASH, AuditEvent, AuditHead
from panelrecords.services import Actor


def _digest(
    previous_hash: str,
    sequence: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str | None,
    address: str | None,
    detail: str,
) -> str:
    body = json.dumps(
        [
            previous_hash,
            sequence,
            occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            actor_id,
            actor_label,
            action,
            object_type,
            object_id,
            address,
            detail,
        ],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def _ensure_head() -> None:
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the project runs on SQLite and PostgreSQL only
        raise RuntimeError(f"unsupported database {dialect}")
    db.session.execute(
        insert(AuditHead).values(id=1, sequence=0, hash=GENESIS_HASH).on_conflict_do_nothing(index_elements=["id"])
    )


def record(
    action: str, object_type: str, object_id: object | None = None, *, by: Actor, detail: dict | None = None
) -> AuditEvent:
    """Add an event to the chain in the caller's transaction (the caller commits)."""
    # Taking the head row's write lock first serialises concurrent writers on SQLite and PostgreSQL,
    # so two transactions can never chain onto the same previous event. On an empty log several
    # writers may race to create the head: "insert or do nothing" makes the losers wait for the
    # winner's row instead of failing on its primary key.
    _ensure_head()
    db.session.execute(update(AuditHead).where(AuditHead.id == 1).values(sequence=AuditHead.sequence + 1))
    head = db.session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
    db.session.refresh(head)
    previous_hash = head.hash
    event = AuditEvent(
        sequence=head.sequence,
        occurred_at=datetime.now(UTC),
        actor_id=by.user_id,
        actor_label=by.label,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        address=by.address,
        detail=json.dumps(detail or {}, sort_keys=True, ensure_ascii=False, default=str),
        previous_hash=previous_hash,
    )
    event.hash = _digest(
        previous_hash,
        event.sequence,
        event.occurred_at,
        event.actor_id,
        event.actor_label,
        event.action,
        event.object_type,
        event.object_id,
        event.address,
        event.detail,
    )
    head.hash = event.hash
    db.session.add(event)
    db.session.flush()
    return event


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    message: str


def verify(batch_size: int = 1000) -> Iterator[ChainProblem]:
    """Yield every break in the chain: a changed, removed or re-ordered event, or a head that does not match."""
    previous_hash = GENESIS_HASH
    expected_sequence = 1
    last_id = 0
    while True:
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch_size)
        ).all()
        if not events:
            break
        for event in events:
            if event.sequence != expected_sequence:
                yield ChainProblem(event.sequence, f"expected event {expected_sequence}, found {event.sequence}")
            if event.previous_hash != previous_hash:
                yield ChainProblem(event.sequence, "does not chain onto the event before it")
            digest = _digest(
                event.previous_hash,
                event.sequence,
                event.occurred_at,
                event.actor_id,
                event.actor_label,
                event.action,
                event.object_type,
                event.object_id,
                event.address,
                event.detail,
            )
            if digest != event.hash:
                yield ChainProblem(event.sequence, "its contents do not match its hash (changed after writing)")
            previous_hash = event.hash
            expected_sequence = event.sequence + 1
            last_id = event.id
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.hash != previous_hash or head.sequence != expected_sequence - 1):
        yield ChainProblem(expected_sequence - 1, "the newest events are missing (the chain head does not match)")


def events_for(object_type: str, object_id: object, limit: int = 100) -> list[AuditEvent]:
    """The newest events about one object."""
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_type == object_type, AuditEvent.object_id == str(object_id))
            .order_by(AuditEvent.sequence.desc())
            .limit(limit)
        )
    )


def recent(limit: int = 100, offset: int = 0) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.sequence.desc()).limit(limit).offset(offset)))
