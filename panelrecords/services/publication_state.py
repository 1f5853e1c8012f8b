"""Where restricted things stand on their way to the archive: read-only queries of drafts and published records.

The restricted area (task lists, decision and meeting pages, recording rules such as "a published decision changes
only through a correction") and the publishing package both read publication state through these; only the
publishing package writes it.
"""

from __future__ import annotations

from sqlalchemy import select

from panelrecords.extensions import db
from panelrecords.models.decisions import Decision
from panelrecords.models.panels import MeetingStatus, PanelMeeting
from panelrecords.models.published import PublishedRecord
from panelrecords.models.redaction_drafts import DraftStatus, RedactionDraft

DECISION = "decision"
OPEN = (DraftStatus.DRAFT, DraftStatus.SUBMITTED, DraftStatus.RETURNED)


def live_query(source_type: str, source_id: int):
    return select(PublishedRecord).where(
        PublishedRecord.source_type == source_type,
        PublishedRecord.source_id == source_id,
        PublishedRecord.is_current,
        PublishedRecord.withdrawn_at.is_(None),
    )


def live_for(source_type: str, source_id: int) -> PublishedRecord | None:
    """The live (current, not withdrawn) record made from a restricted object, if any."""
    return db.session.scalar(live_query(source_type, source_id))


def published_for(source_type: str, source_id: int) -> PublishedRecord | None:
    """The newest current published version made from a restricted object, if any (withdrawn ones included)."""
    return db.session.scalar(
        select(PublishedRecord)
        .where(
            PublishedRecord.source_type == source_type,
            PublishedRecord.source_id == source_id,
            PublishedRecord.is_current,
        )
        .order_by(PublishedRecord.published_at.desc(), PublishedRecord.id.desc())
        .limit(1)
    )


def current_record(decision: Decision) -> PublishedRecord | None:
    """The newest current published version made from this decision (withdrawn or not)."""
    return published_for(DECISION, decision.id)


def live_record(decision: Decision) -> PublishedRecord | None:
    return live_for(DECISION, decision.id)


def open_draft(decision: Decision) -> RedactionDraft | None:
    return db.session.scalar(
        select(RedactionDraft).where(RedactionDraft.decision_id == decision.id, RedactionDraft.status.in_(OPEN))
    )


def drafts(*statuses: DraftStatus, limit: int = 200) -> list[RedactionDraft]:
    query = select(RedactionDraft).order_by(RedactionDraft.updated_at.desc()).limit(limit)
    if statuses:
        query = query.where(RedactionDraft.status.in_([s.value for s in statuses]))
    return list(db.session.scalars(query))


def ready_to_prepare(limit: int = 200) -> list[Decision]:
    """Decisions of closed meetings with no open draft and nothing live in the archive."""
    open_ids = select(RedactionDraft.decision_id).where(RedactionDraft.status.in_(OPEN))
    live_ids = select(PublishedRecord.source_id).where(
        PublishedRecord.source_type == DECISION, PublishedRecord.is_current, PublishedRecord.withdrawn_at.is_(None)
    )
    return list(
        db.session.scalars(
            select(Decision)
            .join(PanelMeeting, Decision.meeting_id == PanelMeeting.id)
            .where(
                PanelMeeting.status == MeetingStatus.CLOSED,
                Decision.id.not_in(open_ids),
                Decision.id.not_in(live_ids),
            )
            .order_by(PanelMeeting.starts_at, Decision.id)
            .limit(limit)
        )
    )
