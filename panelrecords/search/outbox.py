"""The search outbox: index work written with each publication, applied to the index after commit.

The search backend (issue: public archive) drains these rows into the index; until then ``drain`` only
reports how many rows are waiting, and ``flask search sync`` will apply them once a backend exists.
"""

from __future__ import annotations

from sqlalchemy import func, select

from panelrecords.extensions import db
from panelrecords.models.published import SearchOutbox


def pending() -> int:
    return db.session.scalar(select(func.count()).select_from(SearchOutbox).where(SearchOutbox.processed_at.is_(None)))


def drain() -> int:
    """Apply waiting rows to the configured search backend; returns how many are still waiting."""
    return pending()
