"""Publishing records straight through the core, each call one use case (``atomic``), for tests that need
published records with chosen facts. A record needs a source: unless one is given, each gets a new one."""

from __future__ import annotations

import itertools

from panelrecords.publishing import core
from panelrecords.publishing.core import Publication
from panelrecords.services import Actor
from panelrecords.services.common import atomic

SYSTEM = Actor.system("test")
_sources = itertools.count(1_000_000)

__all__ = ["Publication", "correct", "publish", "withdraw"]


def publish(
    kind, publication: Publication, *, source_type: str = "test", source_id: int | None = None, known=(), by=SYSTEM
):
    with atomic():
        return core.publish(
            kind,
            publication,
            source_type=source_type,
            source_id=next(_sources) if source_id is None else source_id,
            known=known,
            by=by,
        )


def correct(public_id: str, publication: Publication, *, note: str, known=(), by=SYSTEM):
    with atomic():
        return core.correct(public_id, publication, note=note, known=known, by=by)


def withdraw(public_id: str, *, reason: str, by=SYSTEM):
    """Withdraw the record's source (every live record of it) and return the record's current version."""
    with atomic():
        record = core.current_version(public_id)
        core.withdraw_source(record.source_type, record.source_id, reason=reason, by=by)
    return core.current_version(public_id)


def settle_generation() -> None:
    """Move the archive's last change an hour back, as if that time had passed: a public response carries
    ``Last-Modified`` only once the second of the last change is over (tests never wait)."""
    from datetime import UTC, datetime, timedelta

    from panelrecords.extensions import db
    from panelrecords.models.generation import ROW_ID, ArchiveGeneration

    row = db.session.get(ArchiveGeneration, ROW_ID)
    if row is not None:
        row.changed_at = datetime.now(UTC) - timedelta(hours=1)
        db.session.commit()
