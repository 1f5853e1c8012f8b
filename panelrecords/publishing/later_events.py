"""What happens after a decision is published (mediation, an appeal, its outcome) reaches the public record.

This is the **one exception to four eyes**, and it is narrow: when a clerk records a later event on a decision
whose record is live, a new version is published at once, by that clerk alone, through the core's correction
path (leak gate, search outbox, audit). It copies the current version's redacted texts and facts unchanged and
replaces only the later events and the appeal, built from **controlled values only** — the kind of event, its
date and the appeal's outcome code; the mediation's free-text outcome is left out (it is published with the next
correction a reviewer approves). The version says so: ``facts.version_note`` tells the reader it was added from
recorded values without a second person's review, and ``reviewed_by_id`` stays empty.
"""

from __future__ import annotations

from panelrecords.models.decisions import Decision, DecisionEvent
from panelrecords.models.published import PublishedRecord
from panelrecords.publishing import core
from panelrecords.publishing.decisions import appeal_public, known_for, later_events_public, live_record
from panelrecords.services import Actor

UNREVIEWED_NOTE = (
    "This version adds a later event from the council's recorded values (its kind, date and outcome) only. "
    "It was published by the panel clerk without a second person's review; nothing else changed."
)


def publish_later_event(decision: Decision, event: DecisionEvent, *, by: Actor) -> PublishedRecord | None:
    """Add a version of the decision's live record with the new event, in the caller's transaction; ``None`` if
    nothing is live. Raises ``LeakFound`` if the gate refuses, ``Conflict`` if the record changed meanwhile."""
    record = live_record(decision)
    if record is None:
        return None
    known = known_for(decision)
    facts = dict(record.facts or {})
    facts["later_events"] = later_events_public(decision, known, free_text=False)
    facts["appeal"] = appeal_public(decision)
    facts["version_note"] = UNREVIEWED_NOTE
    built = core.Publication(
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
    return core.correct(
        record.public_id, built, note=note, known=[known], by=by, action="publication.later_event_unreviewed"
    )
