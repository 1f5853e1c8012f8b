"""What happens after a decision is published (mediation, an appeal, its outcome) reaches the public record.

A published version is never edited. When a clerk records a later event on a decision whose record is live,
a new version is published through the correction path (``publication.correct``: leak gate, search outbox,
audit) with the same redacted texts and facts, except the later events and the appeal, which come from
controlled values only: the kind of event, its date and the appeal's outcome code. The mediation's free-text
outcome is left out of such a version; it is published with the next correction a reviewer approves. The
version's note says what was added, so readers see why it changed.
"""

from __future__ import annotations

from panelrecords.models.decisions import Decision, DecisionEvent
from panelrecords.models.published import PublishedRecord
from panelrecords.services import Actor, decision_publication, publication


def publish_later_event(decision: Decision, event: DecisionEvent, *, by: Actor) -> PublishedRecord | None:
    """Publish a version of the decision's live record with the new event; ``None`` if nothing is live.

    Commits (the caller's pending writes too). Raises ``publication.LeakFound`` if the gate refuses.
    """
    record = decision_publication.live_record(decision)
    if record is None:
        return None
    known = decision_publication.known_for(decision)
    facts = dict(record.facts or {})
    facts["later_events"] = decision_publication.later_events_public(decision, known, free_text=False)
    facts["appeal"] = decision_publication.appeal_public(decision)
    built = publication.Publication(
        title=record.title,
        texts=dict(record.texts or {}),
        facts=facts,
        summary=record.summary,
        meeting_date=record.meeting_date,
        panel_kind=record.panel_kind,
        request_type=record.request_type,
        outcome=record.outcome,
        reason_codes=list(record.reason_codes or []),
        board=record.board,
    )
    note = f"{event.kind_label} recorded ({event.happened_on:%d %B %Y})"
    if event.kind == "appeal_outcome":
        note += f": {facts['appeal']['outcome_label']}"
    return publication.correct(record.public_id, built, note=note, known=[known], by=by)
