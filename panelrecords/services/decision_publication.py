"""Publishing decisions with four eyes: prepare a redaction draft, review it, publish, correct, withdraw.

A clerk prepares a draft from a decision of a closed meeting: the redaction library proposes spans for every
public field; the clerk adds manual spans, removes proposals (with a reason) and chooses how attendees appear,
then submits. A reviewer who did not touch the draft approves it — the publication core's leak gate runs on
every public string — or sends it back. Corrections go through the same review; a withdrawal is immediate.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import func, select

from panelrecords import redaction
from panelrecords.errors import Conflict, Forbidden, NotFound, ValidationFailed
from panelrecords.extensions import db
from panelrecords.models.decisions import Decision, EvidenceKind, Finding, Outcome
from panelrecords.models.panels import AttendeeRole, MeetingStatus, PanelKind
from panelrecords.models.published import PublishedRecord, RecordKind
from panelrecords.models.redaction_drafts import AttendeeDisplay, DraftPurpose, DraftStatus, RedactionDraft
from panelrecords.models.users import Role, User
from panelrecords.services import Actor, audit, publication
from panelrecords.services.publication import LeakFound, Publication

SOURCE_TYPE = "decision"
MAX_REASON = 1_000
MAX_COMMENTS = 5_000
MAX_SELECTION = 1_000
PARENT_REP_LABEL = "Parent carer representative"
FIXED_FIELDS = (
    ("reasons", "Reasons for the decision"),
    ("dissent", "Dissent"),
    ("next_steps", "Next steps"),
    ("appeal_rights", "Appeal rights"),
)
# Control characters a person never types into a form (tab and line breaks are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class ReviewerIsRedactor(Forbidden):
    """The person approving a draft prepared or changed it: a second person must review it."""

    code = "reviewer_is_redactor"


# Reading -------------------------------------------------------------------------------------------------------


def get_draft(draft_id: int) -> RedactionDraft:
    draft = db.session.get(RedactionDraft, draft_id)
    if draft is None:
        raise NotFound("Redaction draft not found")
    return draft


def get_decision(decision_id: int) -> Decision:
    decision = db.session.get(Decision, decision_id)
    if decision is None:
        raise NotFound("Decision not found")
    return decision


def open_draft(decision: Decision) -> RedactionDraft | None:
    return db.session.scalar(
        select(RedactionDraft).where(
            RedactionDraft.decision_id == decision.id,
            RedactionDraft.status.in_([DraftStatus.DRAFT, DraftStatus.SUBMITTED, DraftStatus.RETURNED]),
        )
    )


def current_record(decision: Decision) -> PublishedRecord | None:
    """The newest current published version made from this decision (withdrawn or not)."""
    return db.session.scalar(
        select(PublishedRecord)
        .where(
            PublishedRecord.source_type == SOURCE_TYPE,
            PublishedRecord.source_id == decision.id,
            PublishedRecord.is_current,
        )
        .order_by(PublishedRecord.published_at.desc(), PublishedRecord.id.desc())
        .limit(1)
    )


def live_record(decision: Decision) -> PublishedRecord | None:
    record = current_record(decision)
    return record if record is not None and not record.is_withdrawn else None


def ready_to_prepare(limit: int = 200) -> list[Decision]:
    """Decisions of closed meetings with no open draft and nothing live in the archive."""
    from panelrecords.models.panels import PanelMeeting

    open_ids = select(RedactionDraft.decision_id).where(
        RedactionDraft.status.in_([DraftStatus.DRAFT, DraftStatus.SUBMITTED, DraftStatus.RETURNED])
    )
    live_ids = select(PublishedRecord.source_id).where(
        PublishedRecord.source_type == SOURCE_TYPE, PublishedRecord.is_current, PublishedRecord.withdrawn_at.is_(None)
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


def drafts(*statuses: DraftStatus, limit: int = 200) -> list[RedactionDraft]:
    query = select(RedactionDraft).order_by(RedactionDraft.updated_at.desc()).limit(limit)
    if statuses:
        query = query.where(RedactionDraft.status.in_([s.value for s in statuses]))
    return list(db.session.scalars(query))


def published_decisions(limit: int = 200) -> list[tuple[Decision, PublishedRecord]]:
    rows = db.session.execute(
        select(Decision, PublishedRecord)
        .join(
            PublishedRecord, (PublishedRecord.source_id == Decision.id) & (PublishedRecord.source_type == SOURCE_TYPE)
        )
        .where(PublishedRecord.is_current)
        .order_by(PublishedRecord.published_at.desc())
        .limit(limit)
    )
    return [(decision, record) for decision, record in rows]


def known_for(decision: Decision) -> redaction.Known:
    """The case's identifiers: what the leak gate checks every public string against."""
    return redaction.Known.from_dict(decision.case.known_identifiers())


def _proposal_known(decision: Decision) -> redaction.Known:
    # Proposals also cover the attendees who did not consent to be named; the gate checks the case's identifiers.
    known = known_for(decision)
    people = [a.name for a in decision.meeting.attendees if not a.consent_to_be_named and a.name.strip()]
    people += [o.author_name for o in decision.observations if o.author_name.strip()]
    named = {a.name for a in decision.meeting.attendees if a.consent_to_be_named}
    known.other_people = [*known.other_people, *(p for p in dict.fromkeys(people) if p not in named)]
    return known


def declarations_of(decision: Decision) -> list:
    # Queried: ``Decision.declarations`` is declared as ``Mapped[list]``, which SQLAlchemy maps as a scalar.
    from panelrecords.models.panels import InterestDeclaration

    return list(
        db.session.scalars(
            select(InterestDeclaration)
            .where(InterestDeclaration.decision_id == decision.id)
            .order_by(InterestDeclaration.id)
        )
    )


def public_fields(decision: Decision) -> list[tuple[str, str, str]]:
    """(key, label, original text) of every free-text field the public record carries."""
    rows = [(key, label, getattr(decision, key) or "") for key, label in FIXED_FIELDS]
    rows += [
        (f"observation-{o.id}", "Parent carer representative's observation", o.text or "")
        for o in decision.observations
    ]
    rows += [(f"evidence-{e.id}", f"Evidence: {e.kind_label}", e.description or "") for e in decision.evidence]
    rows += [(f"finding-{f.id}", f"Legal test: {f.limb.text}", f.reasons or "") for f in decision.findings]
    rows += [(f"declaration-{d.id}", "Declaration of interest", d.interest or "") for d in declarations_of(decision)]
    milestone = _MILESTONES.get(decision.request_type.code)
    rows += [
        (f"exception-{e.id}", "Reason the time limit did not apply", e.reason or "")
        for e in decision.case.exceptions
        if e.milestone == milestone
    ]
    return rows


def stale_fields(draft: RedactionDraft) -> list[str]:
    """Fields whose text changed in the decision since the draft was prepared (or were added or removed)."""
    current = {key: text for key, _label, text in public_fields(draft.decision)}
    changed = [key for key, value in draft.fields.items() if current.get(key) != value["original"]]
    return changed + [key for key in current if key not in draft.fields]


def gate_hits(draft: RedactionDraft) -> list[tuple[str, redaction.Hit]]:
    """What the leak gate would refuse now, by field key (shown to the preparer and the reviewer)."""
    known = known_for(draft.decision)
    return [(key, hit) for key, value in draft.fields.items() for hit in redaction.check(value["redacted"], known)]


def name_proposals(draft: RedactionDraft) -> list[tuple[str, redaction.Hit]]:
    """Names the name detector still sees in the redacted text, for the reviewer to consider."""
    found = []
    for key, value in draft.fields.items():
        found += [(key, hit) for hit in redaction.names(value["redacted"]) if not hit.text.startswith("[")]
    return found


# Helpers (never commit) ----------------------------------------------------------------------------------------

_MILESTONES = {"assess": "assessment_decision", "issue_plan": "issue_decision"}


def _clean_output(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _redacted(original: str, spans: list[dict]) -> str:
    return _clean_output(
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


def _form_text(value: str | None, *, what: str, field: str, limit: int, required: bool = True) -> str:
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
    known = _proposal_known(decision)
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


def _transaction(function: Callable) -> Callable:
    """Roll back whatever the use case wrote if it raises, so a refusal leaves nothing half-done."""

    def wrapped(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except BaseException:
            db.session.rollback()
            raise

    wrapped.__name__ = function.__name__
    wrapped.__doc__ = function.__doc__
    return wrapped


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


@_transaction
def prepare_draft(decision: Decision, *, by: Actor) -> RedactionDraft:
    """Open (or return the open) draft for publishing a decision of a closed meeting.

    Raises ``Conflict`` (meeting not closed, or already published: correct it instead) or ``ValidationFailed``
    (a field too long to redact); nothing is written then.
    """
    existing = open_draft(decision)
    if existing is not None:
        if _refresh_stale(existing, by):
            db.session.commit()
        return existing
    if decision.meeting.status != MeetingStatus.CLOSED:
        raise Conflict("A decision can be published only once its meeting is closed")
    if live_record(decision) is not None:
        raise Conflict("This decision is already published: prepare a correction instead")
    draft = _new_draft(decision, DraftPurpose.PUBLISH, by=by)
    if decision.publication_status != "published":
        decision.publication_status = "in_redaction"
    db.session.commit()
    return draft


@_transaction
def prepare_correction(decision: Decision, *, by: Actor) -> RedactionDraft:
    """Open a draft for a corrected version of a published decision. Raises ``Conflict``."""
    existing = open_draft(decision)
    if existing is not None:
        if _refresh_stale(existing, by):
            db.session.commit()
        return existing
    record = live_record(decision)
    if record is None:
        raise Conflict("Only a published decision that has not been withdrawn can be corrected")
    draft = _new_draft(decision, DraftPurpose.CORRECT, by=by, public_id=record.public_id)
    db.session.commit()
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


@_transaction
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
    db.session.commit()
    return len(ranges)


@_transaction
def remove_span(draft: RedactionDraft, *, field: str, start: int | str, end: int | str, reason: str, by: Actor) -> dict:
    """Remove a span from the draft, keeping it with the reason. Raises ``Conflict`` or ``ValidationFailed``."""
    _require_editable(draft)
    _field(draft, field)
    first, last = _offset(start, "start"), _offset(end, "end")
    reason = _form_text(reason, what="why this is not an identifier", field="reason", limit=MAX_REASON)
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
    db.session.commit()
    return span


def consenting_names(decision: Decision) -> set[str]:
    return {a.name.strip() for a in decision.meeting.attendees if a.consent_to_be_named}


@_transaction
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
    db.session.commit()


@_transaction
def submit(draft: RedactionDraft, *, correction_note: str = "", by: Actor) -> None:
    """Send a draft for review. Raises ``Conflict`` or ``ValidationFailed`` (a correction needs its note)."""
    _require_editable(draft)
    if draft.purpose == DraftPurpose.CORRECT:
        note = _form_text(correction_note, what="what was corrected", field="correction_note", limit=MAX_COMMENTS)
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
    db.session.commit()


# Reviewing -----------------------------------------------------------------------------------------------------


def _require_reviewer(draft: RedactionDraft, by: Actor) -> None:
    user = db.session.get(User, by.user_id) if by.user_id is not None else None
    if user is None or not user.has_role(Role.REVIEWER):
        raise Forbidden("Only a redaction reviewer can review a draft")
    if by.user_id == draft.prepared_by_id or by.user_id in draft.editor_ids:
        raise ReviewerIsRedactor("You prepared or changed this draft: another reviewer must review it")
    if draft.status != DraftStatus.SUBMITTED:
        raise Conflict(f"This draft is not waiting for review: it is {draft.status_label.lower()}")


@_transaction
def send_back(draft: RedactionDraft, *, comments: str, by: Actor) -> None:
    """Return a submitted draft to its preparer with comments. Raises ``ReviewerIsRedactor``, ``Conflict``."""
    _require_reviewer(draft, by)
    draft.review_comments = _form_text(comments, what="what needs to change", field="comments", limit=MAX_COMMENTS)
    draft.status = DraftStatus.RETURNED.value
    draft.reviewed_by_id = by.user_id
    draft.reviewed_at = datetime.now(UTC)
    audit.record("redaction_draft.send_back", "redaction_draft", draft.id, by=by, detail={"version": draft.version})
    db.session.commit()


@_transaction
def approve(draft: RedactionDraft, *, by: Actor) -> PublishedRecord:
    """Approve a submitted draft and publish it (or its correction) through the leak gate.

    Raises ``ReviewerIsRedactor`` (the reviewer prepared or changed it), ``Forbidden`` (not a reviewer),
    ``Conflict`` (not submitted, or the decision changed since) or ``LeakFound`` (the gate refused; the draft
    stays waiting for review and nothing is published).
    """
    _require_reviewer(draft, by)
    decision = draft.decision
    if stale_fields(draft):
        raise Conflict("The decision has changed since this draft was prepared: send it back to be updated")
    built = build_publication(draft)
    known = [known_for(decision)]
    hits = publication.leak_check(built, known)
    hits += [("correction_note", hit) for hit in redaction.check(draft.correction_note or "", known[0])]
    if hits:
        audit.record(
            "redaction_draft.refused",
            "redaction_draft",
            draft.id,
            by=by,
            detail={"hits": [[name, hit.category, hit.source] for name, hit in hits][:50]},
        )
        db.session.commit()
        raise LeakFound(hits)
    now = datetime.now(UTC)
    draft.status = DraftStatus.APPROVED.value
    draft.reviewed_by_id = by.user_id
    draft.reviewed_at = now
    decision.publication_status = "published"
    audit.record("redaction_draft.approve", "redaction_draft", draft.id, by=by, detail={"version": draft.version})
    # The core writes the record in the same transaction as the approval above, and commits both.
    if draft.purpose == DraftPurpose.CORRECT:
        record = publication.correct(
            draft.public_id, built, note=draft.correction_note, known=known, by=by, reviewed_by_id=by.user_id
        )
    else:
        record = publication.publish(
            RecordKind.DECISION,
            built,
            source_type=SOURCE_TYPE,
            source_id=decision.id,
            known=known,
            by=by,
            reviewed_by_id=by.user_id,
        )
    draft.public_id = record.public_id
    db.session.commit()
    return record


@_transaction
def withdraw(decision: Decision, *, reason: str, by: Actor) -> PublishedRecord:
    """Withdraw a published decision at once, leaving a tombstone. Raises ``NotFound``, ``Conflict``."""
    record = live_record(decision)
    if record is None:
        raise Conflict("This decision has no published record to withdraw")
    reason = _form_text(reason, what="why the record is being withdrawn", field="reason", limit=MAX_COMMENTS)
    # The reason is shown on the public tombstone, so it passes the same gate as the record.
    if redaction.check(reason, known_for(decision)):
        raise ValidationFailed("The reason is published: leave out anything that could identify the family", "reason")
    decision.publication_status = "withdrawn"
    return publication.withdraw(record.public_id, reason=reason, by=by)


# The public record ---------------------------------------------------------------------------------------------


def _safe(value: str | None, known: redaction.Known) -> str:
    """Short recorded strings copied into the facts (organisations, roles): redacted without review, so that a
    coincidence ("Example City Council" for a child called Example) never stops or leaks a publication."""
    return _clean_output(redaction.redact(value or "", known).text)


def _attendee_public(attendee, display: dict, known: redaction.Known) -> dict:
    named = display.get(f"attendance-{attendee.id}") == AttendeeDisplay.NAMED and attendee.consent_to_be_named
    role = AttendeeRole(attendee.role)
    return {
        "role": role.label,
        "sector": attendee.sector,
        "organisation": "" if role is AttendeeRole.PARENT_REP and not named else _safe(attendee.organisation, known),
        "name": attendee.name if named else None,
        "status": attendee.status,
        "voting": bool(attendee.voting),
    }


def _who(attendee, display: dict, known: redaction.Known) -> str:
    public = _attendee_public(attendee, display, known)
    if public["name"]:
        return public["name"]
    return public["role"] + (f", {public['organisation']}" if public["organisation"] else "")


def _timeliness(decision: Decision, exception_texts: list[str]) -> dict | None:
    from panelrecords.services import cases

    milestone = _MILESTONES.get(decision.request_type.code)
    if milestone is None:
        return None
    status = next((s for s in cases.statuses(decision.case) if s.milestone == milestone), None)
    if status is None:
        return None
    weeks = {"assessment_decision": 6, "issue_decision": 16}[milestone]
    if exception_texts:
        state = "exception"
    elif status.state.value == "met":
        state = "on_time"
    elif status.state.value == "met_late":
        state = "late"
    else:
        state = "pending"
    return {
        "deadline_weeks": weeks,
        "status": state,
        "days_late": status.days if status.state.value in ("met_late", "overdue") else 0,
        "exception_reason": " ".join(exception_texts) or None,
    }


def later_events_public(decision: Decision, known: redaction.Known, *, free_text: bool = True) -> list[dict]:
    """Mediation, appeal lodged, appeal outcome: kind, date and outcome. ``free_text=False`` leaves out the
    mediation's outcome (typed by a clerk), for a version published without a second person's review."""
    from panelrecords.models.decisions import EventKind

    return [
        {
            "kind": e.kind,
            "date": e.happened_on.isoformat(),
            "outcome": _safe(e.outcome_label, known) if free_text or e.kind != EventKind.MEDIATION else "",
        }
        for e in decision.events
    ]


def appeal_public(decision: Decision) -> dict:
    """What is known of an appeal to the tribunal, from controlled values only (the statistics read this)."""
    from panelrecords.models.decisions import AppealOutcome, EventKind

    lodged = [e for e in decision.events if e.kind == EventKind.APPEAL_LODGED]
    decided = [e for e in decision.events if e.kind == EventKind.APPEAL_OUTCOME and e.outcome in set(AppealOutcome)]
    outcome = decided[-1] if decided else None
    return {
        "lodged": bool(lodged or decided),
        "lodged_on": lodged[0].happened_on.isoformat() if lodged else None,
        "outcome": outcome.outcome if outcome else None,
        "outcome_label": AppealOutcome(outcome.outcome).label if outcome else None,
        "decided_on": outcome.happened_on.isoformat() if outcome else None,
    }


def meeting_ref(meeting) -> str:
    """A public reference of the panel meeting, so figures about meetings count each meeting once."""
    # Lower case and no initials-like capitals: the leak gate reads "PM" as the initials of a Pat Morgan.
    return f"meeting-{meeting.id}"


def _legal_test_name(citation: str) -> str:
    return citation.split(" of the ")[0].strip() if citation else ""


def build_publication(draft: RedactionDraft) -> Publication:
    """The public record a draft gives: its redacted texts and the decision's public facts (the facts contract)."""
    decision = draft.decision
    meeting, panel = decision.meeting, decision.meeting.panel
    text = {key: value["redacted"] for key, value in draft.fields.items()}
    display = draft.display
    known = known_for(decision)
    by_user = {a.user_id: a for a in meeting.attendees if a.user_id is not None}
    observations = []
    for observation in decision.observations:
        redacted = text.get(f"observation-{observation.id}", "").strip()
        if redacted:
            attendee = by_user.get(observation.author_id)
            who = _who(attendee, display, known) if attendee is not None else PARENT_REP_LABEL
            observations.append(f"{who}: {redacted}")
    from panelrecords.services.recording import LONDON

    meeting_date = meeting.starts_at.astimezone(LONDON).date()
    present = [a for a in meeting.attendees if a.is_present]
    consented_maker = display.get("decision_maker") == AttendeeDisplay.NAMED and (
        decision.decision_maker_name.strip() in consenting_names(decision)
    )
    from panelrecords.services.recording import quorum

    request_type = decision.request_type
    outcome_label = Outcome(decision.outcome).label
    facts = {
        "panel_name": _safe(panel.name, known),
        "panel_kind": panel.kind,
        "panel_kind_label": PanelKind(panel.kind).label,
        "meeting_date": meeting_date.isoformat(),
        "request_type": request_type.code,
        "request_type_label": request_type.label,
        "outcome": decision.outcome,
        "outcome_label": outcome_label,
        "decision_maker_role": _safe(decision.decision_maker_role, known),
        "decision_maker_name": decision.decision_maker_name if consented_maker else None,
        "reason_codes": [{"code": c.code, "label": c.label} for c in decision.reason_codes],
        "legal_test": {
            "name": _legal_test_name(request_type.legal_test),
            "citation": request_type.legal_test,
            "limbs": [
                {
                    "label": f.limb.text,
                    "finding": Finding(f.finding).label if f.finding in {x.value for x in Finding} else f.finding,
                    "reasons": text.get(f"finding-{f.id}", ""),
                }
                for f in decision.findings
            ],
        },
        "evidence": [
            {"type": e.kind, "label": EvidenceKind(e.kind).label, "description": text.get(f"evidence-{e.id}", "")}
            for e in decision.evidence
        ],
        "attendance": [_attendee_public(a, display, known) for a in meeting.attendees],
        "declarations": [
            {
                "who": _who(d.attendee, display, known),
                "what": text.get(f"declaration-{d.id}", ""),
                "action": d.action_label,
            }
            for d in declarations_of(decision)
        ],
        "quorate": quorum(meeting).is_quorate,
        "parent_reps_present": sum(1 for a in present if a.role == AttendeeRole.PARENT_REP),
        "parent_reps_required": panel.min_parent_reps,
        "timeliness": _timeliness(decision, [v for k, v in text.items() if k.startswith("exception-") and v.strip()]),
        "later_events": later_events_public(decision, known),
        "appeal": appeal_public(decision),
        "meeting_ref": meeting_ref(meeting),
    }
    title = f"{request_type.label}: {outcome_label.lower()}"
    summary = text.get("reasons", "").strip()
    return Publication(
        title=title[:300],
        texts={
            "reasons": text.get("reasons", ""),
            "dissent": text.get("dissent", ""),
            "parent_rep_observations": "\n\n".join(observations),
            "next_steps": text.get("next_steps", ""),
            "appeal_rights": text.get("appeal_rights", ""),
        },
        facts=facts,
        summary=summary[:297] + "…" if len(summary) > 300 else summary,
        meeting_date=meeting_date,
        panel_kind=panel.kind,
        request_type=request_type.code,
        outcome=decision.outcome,
        reason_codes=[c.code for c in decision.reason_codes],
    )
