"""Redaction drafts: how a clerk prepares a decision for publication before a second person reviews it.

A clerk prepares a draft from a decision of a closed meeting: the redaction library proposes spans for every
public field; the clerk adds manual spans, removes proposals (with a reason) and chooses how attendees appear,
then submits it for review (``publishing.review``). Each function here is one use case in one transaction.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import func, select

from panelrecords import redaction
from panelrecords.errors import Conflict, NotFound, ValidationFailed
from panelrecords.extensions import db
from panelrecords.models.decisions import Decision
from panelrecords.models.panels import MeetingStatus
from panelrecords.models.redaction_drafts import AttendeeDisplay, DraftPurpose, DraftStatus, RedactionDraft
from panelrecords.publishing import gate
from panelrecords.publishing.decisions import (
    clean_output,
    consenting_names,
    known_for,
    live_record,
    proposal_known,
    public_fields,
)
from panelrecords.services import Actor, audit
from panelrecords.services.common import lock, use_case
from panelrecords.services.publication_state import drafts, open_draft, ready_to_prepare  # noqa: F401  (re-read here)

MAX_REASON = 1_000
MAX_COMMENTS = 5_000
MAX_SELECTION = 1_000
# Control characters a person never types into a form (tab and line breaks are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


# Reading -------------------------------------------------------------------------------------------------------


def get_draft(draft_id: int) -> RedactionDraft:
    draft = db.session.get(RedactionDraft, draft_id)
    if draft is None:
        raise NotFound("Redaction draft not found")
    return draft


def stale_fields(draft: RedactionDraft) -> list[str]:
    """Fields whose text changed in the decision since the draft was prepared (or were added or removed). A field
    the draft does not have and that is empty (one a later release added, such as ``departure_reason``) is not a
    change: there is nothing in it to redact."""
    current = {key: text for key, _label, text in public_fields(draft.decision)}
    changed = [key for key, value in draft.fields.items() if current.get(key) != value["original"]]
    return changed + [key for key, text in current.items() if key not in draft.fields and text]


def gate_hits(draft: RedactionDraft) -> list[tuple[str, redaction.Hit]]:
    """What the leak gate would refuse now, by field key (shown to the preparer and the reviewer)."""
    strings = [(key, value["redacted"]) for key, value in draft.fields.items()]
    return gate.find(strings, [known_for(draft.decision)])


def words_to_confirm(draft: RedactionDraft) -> list[tuple[str, redaction.Hit]]:
    """Every place a name of the family that is also an ordinary word (Grace, Will, Precious) was left in the text
    because it did not read as a name there: the reviewer confirms each before approving."""
    known = known_for(draft.decision)
    return [(key, hit) for key, value in draft.fields.items() for hit in redaction.to_confirm(value["redacted"], known)]


def name_proposals(draft: RedactionDraft) -> list[tuple[str, redaction.Hit]]:
    """Names the name detector still sees in the redacted text, for the reviewer to consider."""
    found = []
    for key, value in draft.fields.items():
        found += [(key, hit) for hit in redaction.names(value["redacted"]) if not hit.text.startswith("[")]
    return found


# Helpers (never commit) ----------------------------------------------------------------------------------------


def _redacted(original: str, spans: list[dict]) -> str:
    return clean_output(
        redaction.apply(original, [redaction.Span(s["start"], s["end"], s["category"], s["source"]) for s in spans])
    )


def _propose(key: str, label: str, text: str, known: redaction.Known) -> list[dict]:
    try:
        return [{"field": key, **span.to_dict()} for span in redaction.propose(text, known)]
    except redaction.TextTooLong:
        raise ValidationFailed(
            f"{label} is {len(text):,} characters, too long to publish (the limit is "
            f"{redaction.MAX_TEXT_LENGTH:,}). Shorten it in the decision record",
            key,
        ) from None


def form_text(value: str | None, *, what: str, field: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(f"Enter {what}", field)
    if len(value) > limit:
        raise ValidationFailed(f"{what[:1].upper()}{what[1:]} must be {limit:,} characters or fewer", field)
    if _CONTROL.search(value):
        raise ValidationFailed(f"{what[:1].upper()}{what[1:]} must not contain control characters", field)
    return value


def _touch(draft: RedactionDraft, by: Actor) -> None:
    draft.updated_at = datetime.now(UTC)
    if by.user_id is not None and by.user_id not in draft.editor_ids:
        draft.editor_ids = [*draft.editor_ids, by.user_id]


def _require_editable(draft: RedactionDraft) -> None:
    lock(draft)  # edits of one draft are applied one after the other, each on what is stored now
    if not draft.is_editable:
        raise Conflict(f"This draft cannot be changed: it is {draft.status_label.lower()}")


def _set_field_spans(draft: RedactionDraft, key: str, spans: list[dict]) -> None:
    original = draft.fields[key]["original"]
    others = [s for s in draft.spans if s["field"] != key]
    ordered = sorted(spans, key=lambda s: s["start"])
    redacted = _redacted(original, ordered)  # raises ValueError on a bad span: the caller checked them
    draft.spans = others + ordered
    draft.fields = {**draft.fields, key: {**draft.fields[key], "redacted": redacted}}


def _snapshot(decision: Decision, carried: RedactionDraft | None = None) -> tuple[dict, list]:
    known = proposal_known(decision)
    fields, spans = {}, []
    for key, label, text in public_fields(decision):
        if carried is not None and key in carried.fields and carried.fields[key]["original"] == text:
            field_spans = carried.spans_for(key)
        else:
            field_spans = _propose(key, label, text, known)
        fields[key] = {"label": label, "original": text, "redacted": _redacted(text, field_spans)}
        spans += field_spans
    return fields, spans


def _default_display(decision: Decision) -> dict[str, str]:
    display = {f"attendance-{a.id}": AttendeeDisplay.ROLE.value for a in decision.meeting.attendees}
    display["decision_maker"] = AttendeeDisplay.ROLE.value
    return display


# Preparing -----------------------------------------------------------------------------------------------------


def _refresh_stale(draft: RedactionDraft, by: Actor) -> bool:
    stale = stale_fields(draft)
    if not stale or not draft.is_editable:
        return False
    fields, spans = _snapshot(draft.decision, carried=draft)
    draft.fields, draft.spans = fields, spans
    draft.removed_spans = [s for s in draft.removed_spans if s["field"] in fields and s["field"] not in stale]
    _touch(draft, by)
    audit.record("redaction_draft.refresh", "redaction_draft", draft.id, by=by, detail={"fields": stale})
    return True


def _new_draft(decision: Decision, purpose: DraftPurpose, *, by: Actor, public_id: str | None = None):
    previous = db.session.scalar(
        select(RedactionDraft)
        .where(RedactionDraft.decision_id == decision.id, RedactionDraft.status == DraftStatus.APPROVED)
        .order_by(RedactionDraft.version.desc())
        .limit(1)
    )
    fields, spans = _snapshot(decision, carried=previous if purpose is DraftPurpose.CORRECT else None)
    version = (
        db.session.scalar(select(func.max(RedactionDraft.version)).where(RedactionDraft.decision_id == decision.id))
        or 0
    ) + 1
    display = _default_display(decision)
    if previous is not None and purpose is DraftPurpose.CORRECT:
        display.update({k: v for k, v in previous.display.items() if k in display})
    draft = RedactionDraft(
        decision_id=decision.id,
        version=version,
        purpose=purpose.value,
        status=DraftStatus.DRAFT.value,
        fields=fields,
        spans=spans,
        removed_spans=[],
        display=display,
        editor_ids=[by.user_id] if by.user_id is not None else [],
        public_id=public_id,
        prepared_by_id=by.user_id,
    )
    db.session.add(draft)
    db.session.flush()
    audit.record(
        "redaction_draft.prepare",
        "redaction_draft",
        draft.id,
        by=by,
        detail={"decision_id": decision.id, "version": version, "purpose": purpose.value, "spans": len(spans)},
    )
    return draft


@use_case
def prepare_draft(decision: Decision, *, by: Actor) -> RedactionDraft:
    """Open (or return the open) draft for publishing a decision of a closed meeting.

    Raises ``Conflict`` (meeting not closed, or already published: correct it instead) or ``ValidationFailed``
    (a field too long to redact); nothing is written then.
    """
    lock(decision)  # two clerks preparing at once get one draft
    existing = open_draft(decision)
    if existing is not None:
        _refresh_stale(existing, by)
        return existing
    if decision.meeting.status != MeetingStatus.CLOSED:
        raise Conflict("A decision can be published only once its meeting is closed")
    if live_record(decision) is not None:
        raise Conflict("This decision is already published: prepare a correction instead")
    draft = _new_draft(decision, DraftPurpose.PUBLISH, by=by)
    if decision.publication_status != "published":
        decision.publication_status = "in_redaction"
    return draft


@use_case
def prepare_correction(decision: Decision, *, by: Actor) -> RedactionDraft:
    """Open a draft for a corrected version of a published decision. Raises ``Conflict``."""
    lock(decision)
    existing = open_draft(decision)
    if existing is not None:
        _refresh_stale(existing, by)
        return existing
    record = live_record(decision)
    if record is None:
        raise Conflict("Only a published decision that has not been withdrawn can be corrected")
    draft = _new_draft(decision, DraftPurpose.CORRECT, by=by, public_id=record.public_id)
    return draft


def _field(draft: RedactionDraft, key: str | None) -> dict:
    if not key or key not in draft.fields:
        raise ValidationFailed("Select the field to redact", "field")
    return draft.fields[key]


def _offset(value, what: str) -> int:
    if isinstance(value, int):
        return value
    text = str(value if value is not None else "").strip()
    if not re.fullmatch(r"\d{1,9}", text):
        raise ValidationFailed(f"Enter the {what} as a whole number, like 12", what)
    return int(text)


@use_case
def add_manual_span(
    draft: RedactionDraft,
    *,
    field: str,
    category: str,
    start: int | str | None = None,
    end: int | str | None = None,
    text: str | None = None,
    by: Actor,
) -> int:
    """Redact a selection of a field by offsets, or every occurrence of an exact text; returns how many spans.

    Spans it overlaps are absorbed into it, so a manual redaction never uncovers anything.
    Raises ``Conflict`` (not editable) or ``ValidationFailed`` on the field at fault.
    """
    _require_editable(draft)
    value = _field(draft, field)
    original = value["original"]
    if category not in redaction.CATEGORIES:
        raise ValidationFailed("Select what the redacted text is", "category")
    if text is not None and text.strip():
        selection = text.strip()
        if len(selection) > MAX_SELECTION:
            raise ValidationFailed(f"The text to redact must be {MAX_SELECTION:,} characters or fewer", "text")
        if _CONTROL.search(selection):
            raise ValidationFailed("The text to redact must not contain control characters", "text")
        ranges = [(m.start(), m.end()) for m in re.finditer(re.escape(selection), original)]
        if not ranges:
            raise ValidationFailed(
                f"The text to redact was not found in {value['label'].lower()}; copy it exactly", "text"
            )
    else:
        if (start is None or str(start).strip() == "") and (end is None or str(end).strip() == ""):
            raise ValidationFailed("Enter the text to redact, or its start and end", "text")
        first, last = _offset(start, "start"), _offset(end, "end")
        if not 0 <= first < last <= len(original):
            raise ValidationFailed(
                f"The start must be before the end, and both between 0 and {len(original):,}", "start"
            )
        ranges = [(first, last)]
    spans = draft.spans_for(field)
    for first, last in ranges:
        overlapping = [s for s in spans if s["start"] < last and first < s["end"]]
        first = min([first, *(s["start"] for s in overlapping)])
        last = max([last, *(s["end"] for s in overlapping)])
        spans = [s for s in spans if s not in overlapping]
        spans.append({"field": field, "start": first, "end": last, "category": category, "source": "manual"})
    _set_field_spans(draft, field, spans)
    _touch(draft, by)
    audit.record(
        "redaction_draft.add_span",
        "redaction_draft",
        draft.id,
        by=by,
        detail={"field": field, "category": category, "ranges": ranges[:50]},
    )
    return len(ranges)


@use_case
def remove_span(draft: RedactionDraft, *, field: str, start: int | str, end: int | str, reason: str, by: Actor) -> dict:
    """Remove a span from the draft, keeping it with the reason. Raises ``Conflict`` or ``ValidationFailed``."""
    _require_editable(draft)
    _field(draft, field)
    first, last = _offset(start, "start"), _offset(end, "end")
    reason = form_text(reason, what="why this is not an identifier", field="reason", limit=MAX_REASON)
    spans = draft.spans_for(field)
    span = next((s for s in spans if s["start"] == first and s["end"] == last), None)
    if span is None:
        raise ValidationFailed("That redaction is not in the draft: reload the page and try again", "span")
    _set_field_spans(draft, field, [s for s in spans if s is not span])
    draft.removed_spans = [
        *draft.removed_spans,
        {**span, "reason": reason, "removed_by": by.user_id, "removed_at": datetime.now(UTC).isoformat()},
    ]
    _touch(draft, by)
    audit.record(
        "redaction_draft.remove_span",
        "redaction_draft",
        draft.id,
        by=by,
        detail={"field": field, "start": first, "end": last, "category": span["category"], "source": span["source"]},
    )
    return span


@use_case
def set_display(draft: RedactionDraft, choices: dict[str, str], *, by: Actor) -> None:
    """Choose how attendees and the decision maker appear: named only with their consent, otherwise by role."""
    _require_editable(draft)
    decision = draft.decision
    attendees = {f"attendance-{a.id}": a for a in decision.meeting.attendees}
    display = dict(draft.display)
    for key, value in choices.items():
        if key not in display:
            raise ValidationFailed("Choose how each person listed appears", "display")
        if value not in {d.value for d in AttendeeDisplay}:
            raise ValidationFailed("Choose how each person listed appears", key)
        if value == AttendeeDisplay.NAMED:
            if key == "decision_maker":
                if decision.decision_maker_name.strip() not in consenting_names(decision):
                    raise ValidationFailed("The decision maker has not consented to be named", key)
            elif not attendees[key].consent_to_be_named:
                raise ValidationFailed(f"{attendees[key].name} has not consented to be named", key)
        display[key] = value
    draft.display = display
    _touch(draft, by)
    audit.record("redaction_draft.display", "redaction_draft", draft.id, by=by, detail={"display": display})


@use_case
def submit(draft: RedactionDraft, *, correction_note: str = "", by: Actor) -> None:
    """Send a draft for review. Raises ``Conflict`` or ``ValidationFailed`` (a correction needs its note)."""
    _require_editable(draft)
    if draft.purpose == DraftPurpose.CORRECT:
        note = form_text(correction_note, what="what was corrected", field="correction_note", limit=MAX_COMMENTS)
        # The note is shown on the public page beside the corrected version.
        if redaction.check(note, known_for(draft.decision)):
            raise ValidationFailed(
                "The note is published: leave out anything that could identify the family", "correction_note"
            )
        draft.correction_note = note
    if stale_fields(draft):
        raise Conflict("The decision has changed since this draft was prepared: open the draft again to update it")
    draft.status = DraftStatus.SUBMITTED.value
    draft.submitted_at = datetime.now(UTC)
    _touch(draft, by)
    audit.record("redaction_draft.submit", "redaction_draft", draft.id, by=by, detail={"version": draft.version})
