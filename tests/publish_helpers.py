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

__all__ = ["Publication", "correct", "publish", "publish_demo_decisions", "withdraw"]


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


def publish_demo_decisions(count: int, *, start: int = 0, by=SYSTEM) -> list:
    """``count`` demo decisions (seeds ``start``…, a week apart from 3 March 2025), indexed once at the end."""
    import random
    from datetime import date, timedelta

    from panelrecords.demo.archive import make_decision
    from panelrecords.search import outbox

    with outbox.deferred():
        return [
            publish(
                "decision",
                make_decision(random.Random(seed), date(2025, 3, 3) + timedelta(days=7 * seed)),
                source_type="decision",
                source_id=seed,
                by=by,
            )
            for seed in range(start, start + count)
        ]
