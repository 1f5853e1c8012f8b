"""Publishing board minutes: draft first ("Draft — subject to approval"), then the approved version.

Both versions are one published record: the approved minutes are published with ``publication.correct`` so
the draft stays in the record's history. Before anything is written the leak gate runs over every public
string, and every name the name detector finds must be a publicly named attendee or member, or be confirmed
by the secretary.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from panelrecords import redaction
from panelrecords.errors import Conflict, ValidationFailed
from panelrecords.extensions import db
from panelrecords.models.boards import BoardMeeting, BoardMeetingStatus, BoardPaper
from panelrecords.models.published import RecordKind
from panelrecords.services import Actor, audit, board_actions, board_papers, publication
from panelrecords.services.governance import later_meetings

S = BoardMeetingStatus
SOURCE_TYPE = "board_meeting"
NAME_LABEL = "[name]"


def _date(meeting: BoardMeeting):
    from panelrecords.filters import to_london

    return to_london(meeting.starts_at).date()


def _redactor(names: list[str]):
    """A function that replaces each of the names (whole words, any case) with ``[name]``."""
    names = sorted({name.strip() for name in names if name and name.strip()}, key=len, reverse=True)
    if not names:
        return lambda text: text
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(name) for name in names) + r")(?!\w)", re.I)
    return lambda text: pattern.sub(NAME_LABEL, text) if text else text


def _redact_all(value, redact):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _redact_all(item, redact) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact_all(item, redact) for item in value]
    return value


def build(meeting: BoardMeeting, *, approved: bool, redacted_names: list[str] = ()) -> publication.Publication:
    """The public version of a meeting's minutes, following the facts contract for minutes records.

    ``redacted_names`` are replaced by ``[name]`` in every public string (the restricted minutes keep them).
    """
    board = meeting.board
    today = board_actions.today()
    items = []
    plain = []
    for item in meeting.items:
        actions = [
            {
                "ref": action.ref,
                "description": action.description,
                "owner": action.owner,
                "due": action.due.isoformat() if action.due else None,
                "status": action.status_on(today).value,
            }
            for action in item.actions
        ]
        items.append(
            {
                "number": item.number,
                "title": item.title,
                "presenter": item.presenter,
                "discussion_markdown": item.discussion,
                "decisions": item.decision_lines,
                "actions": actions,
            }
        )
        plain.extend([f"{item.number}. {item.title}", item.discussion, *item.decision_lines])
        plain.extend(action["description"] for action in actions)
    papers: list[BoardPaper] = [paper for item in meeting.items for paper in item.papers if paper.is_public]
    meeting_date = _date(meeting)
    approving = meeting.approved_by_meeting
    facts = {
        "board": board.acronym,
        "board_name": board.name,
        "meeting_date": meeting_date.isoformat(),
        "status": "approved" if approved else "draft",
        "approved_at": meeting.approved_at.isoformat() if approved and meeting.approved_at else None,
        "approved_by_meeting": _date(approving).isoformat() if approved and approving else None,
        "attendance": [
            {
                "name": row.name if row.named_publicly else None,
                "role": row.role,
                "organisation": row.organisation,
                "status": row.status,
            }
            for row in meeting.attendance
        ],
        "declarations": [{"who": d.who, "what": d.what, "action": d.action} for d in meeting.declarations],
        "items": items,
        "papers": [
            {
                "title": paper.title,
                "paper_id": paper.id,
                "item": paper.item.number,
                "filename": paper.filename,
                "content_type": paper.content_type,
                "size": paper.size,
                "sha256": paper.sha256,
            }
            for paper in papers
        ],
    }
    redact = _redactor(list(redacted_names))
    facts = _redact_all(facts, redact)
    title = f"{board.name} ({board.acronym}) minutes, {meeting_date.day} {meeting_date:%B %Y}"
    return publication.Publication(
        title=title,
        summary=("Approved minutes" if approved else "Draft minutes, subject to approval")
        + f" of the {board.name} meeting",
        texts={"minutes": redact("\n\n".join(part for part in plain if part))},
        facts=facts,
        meeting_date=meeting_date,
        board=board.acronym,
    )


def _allowed_names(meeting: BoardMeeting) -> set[str]:
    """Words that may be published as names: attendees named publicly, the board's members, and the roles and
    organisations of both (the name detector reads a job title such as "Designated Clinical Officer" as a name)."""
    people = [row for row in meeting.attendance] + list(meeting.board.members)
    names = [row.name for row in meeting.attendance if row.named_publicly] + [m.name for m in meeting.board.members]
    names += [person.role for person in people] + [person.organisation for person in people]
    return {word.lower().strip(".,'’()") for name in names for word in name.split()}


def names_to_confirm(meeting: BoardMeeting, *, approved: bool = False, redacted_names: list[str] = ()) -> list[str]:
    """Names the detector found in the public text that are not publicly named attendees or members."""
    pub = build(meeting, approved=approved, redacted_names=redacted_names)
    allowed = _allowed_names(meeting)
    found: set[str] = set()
    for _path, text in publication._strings({"t": pub.texts, "f": pub.facts}, ""):
        if not text or len(text) > redaction.MAX_TEXT_LENGTH:
            continue
        for hit in redaction.names(text):
            words = {word.lower().strip(".,'’") for word in hit.text.split()}
            if not words <= allowed:
                found.add(hit.text)
    return sorted(found)


def _gate(
    meeting: BoardMeeting, pub: publication.Publication, confirmed: list[str], redacted: list[str], by: Actor
) -> None:
    """The leak gate: pattern detectors and the known identifiers of any case a paper or the minutes name, over
    every public string, the latest action updates and the text of the public papers; then the names."""
    known = board_papers.known_for_meeting(meeting, [text for _path, text in publication._strings(pub.texts, "")])
    hits = publication.leak_check(pub, known)
    extra = [
        ("facts.actions.update", update.text)
        for action in (a for item in meeting.items for a in item.actions)
        for update in action.updates[-1:]
    ] + board_papers.public_paper_texts(meeting)
    for name, text in extra:
        for known_identifiers in known or [redaction.Known()]:
            hits.extend((name, hit) for hit in redaction.check(text, known_identifiers))
    if hits:
        audit.record(
            "publication.refused",
            SOURCE_TYPE,
            meeting.id,
            by=by,
            detail={"hits": [[name, hit.category, hit.source] for name, hit in hits][:50]},
        )
        db.session.commit()
        raise publication.LeakFound(hits)
    both = sorted(set(confirmed) & set(redacted))
    if both:
        raise ValidationFailed("Choose either to publish or to redact each name, not both: " + ", ".join(both), "names")
    approved = pub.facts.get("status") == "approved"
    missing = [
        name
        for name in names_to_confirm(meeting, approved=approved, redacted_names=redacted)
        if name not in set(confirmed)
    ]
    if missing:
        raise ValidationFailed(
            "Confirm that these names may be published, or redact them from the minutes: " + ", ".join(missing),
            "names",
        )


def _publish(meeting: BoardMeeting, *, approved: bool, confirmed: list[str], redacted: list[str], note: str, by: Actor):
    if not meeting.items:
        raise ValidationFailed("Add at least one agenda item with its minutes before publishing", "names")
    pub = build(meeting, approved=approved, redacted_names=redacted)
    _gate(meeting, pub, confirmed, redacted, by)
    current = publication.published_for(SOURCE_TYPE, meeting.id)
    if current is not None and current.is_withdrawn:
        raise Conflict("These minutes were withdrawn and cannot be published again")
    if current is None:
        record = publication.publish(
            RecordKind.MINUTES, pub, source_type=SOURCE_TYPE, source_id=meeting.id, known=[], by=by
        )
    else:
        record = publication.correct(current.public_id, pub, note=note, known=[], by=by)
    # The record is committed; now link it and copy the actions to the public log.
    meeting.public_id = record.public_id
    if approved:
        meeting.status = S.PUBLISHED.value
    actions = [action for item in meeting.items for action in item.actions]
    board_actions.publish_actions(
        actions, board=meeting.board.acronym, minutes_public_id=record.public_id, meeting_date=pub.meeting_date
    )
    audit.record(
        "board_meeting.publish",
        SOURCE_TYPE,
        meeting.id,
        by=by,
        detail={
            "public_id": record.public_id,
            "version": record.version,
            "approved": approved,
            "names": confirmed,
            "redacted": len(redacted),
        },
    )
    db.session.commit()
    return record


def publish_draft(meeting: BoardMeeting, *, confirmed_names: list[str] = (), redacted_names: list[str] = (), by: Actor):
    """Publish (or republish) the draft minutes, marked "Draft — subject to approval".

    Raises ``LeakFound``, ``ValidationFailed``, ``Conflict``.
    """
    if meeting.status_enum not in (S.HELD, S.MINUTES_DRAFT):
        raise Conflict("Only draft minutes can be published as a draft")
    return _publish(
        meeting,
        approved=False,
        confirmed=list(confirmed_names),
        redacted=list(redacted_names),
        note="Draft minutes updated",
        by=by,
    )


def record_approval(
    meeting: BoardMeeting, approving_meeting: BoardMeeting, *, at: datetime | None = None, by: Actor
) -> BoardMeeting:
    """Record that a later meeting of the board approved these minutes (``at``: when it was recorded, now by
    default). Raises ``ValidationFailed``, ``Conflict``."""
    if meeting.status_enum is not S.MINUTES_DRAFT:
        raise Conflict("Only draft minutes can be approved")
    if approving_meeting.id not in {m.id for m in later_meetings(meeting)}:
        raise ValidationFailed("Select a later meeting of the same board", "approving_meeting")
    meeting.approved_by_meeting = approving_meeting
    meeting.approved_at = at or datetime.now(UTC)
    meeting.status = S.MINUTES_APPROVED.value
    audit.record("board_meeting.approve", SOURCE_TYPE, meeting.id, by=by, detail={"at": approving_meeting.id})
    db.session.commit()
    return meeting


def publish_approved(
    meeting: BoardMeeting, *, confirmed_names: list[str] = (), redacted_names: list[str] = (), by: Actor
):
    """Publish the approved minutes; they replace a published draft as its next version.

    Raises ``LeakFound``, ``ValidationFailed``, ``Conflict``.
    """
    if meeting.status_enum is not S.MINUTES_APPROVED:
        raise Conflict("Record the approval of the minutes first")
    from panelrecords.filters import format_date

    note = f"Approved at the meeting on {format_date(meeting.approved_by_meeting.starts_at)}"
    return _publish(
        meeting, approved=True, confirmed=list(confirmed_names), redacted=list(redacted_names), note=note, by=by
    )


def publish_correction(
    meeting: BoardMeeting,
    *,
    note: str,
    confirmed_names: list[str] = (),
    redacted_names: list[str] = (),
    by: Actor,
):
    """Publish corrected approved minutes as a new version that supersedes the published one; ``note`` says what
    was corrected. Raises ``LeakFound``, ``ValidationFailed``, ``Conflict``."""
    if meeting.status_enum is not S.PUBLISHED:
        raise Conflict("Only published approved minutes can be corrected")
    note = (note or "").strip()
    if not note:
        raise ValidationFailed("Enter what was corrected", "note")
    if len(note) > 2000:
        raise ValidationFailed("What was corrected must be 2,000 characters or fewer", "note")
    return _publish(
        meeting,
        approved=True,
        confirmed=list(confirmed_names),
        redacted=list(redacted_names),
        note=f"Corrected: {note}",
        by=by,
    )


def withdraw(meeting: BoardMeeting, *, reason: str, by: Actor):
    """Withdraw the published minutes: a tombstone stays, the actions leave the public log."""
    current = publication.published_for(SOURCE_TYPE, meeting.id)
    if current is None:
        raise Conflict("These minutes have not been published")
    record = publication.withdraw(current.public_id, reason=reason, by=by)
    board_actions.unpublish_actions(record.public_id)
    audit.record("board_meeting.withdraw", SOURCE_TYPE, meeting.id, by=by, detail={"public_id": record.public_id})
    db.session.commit()
    return record


def history(meeting: BoardMeeting):
    current = publication.published_for(SOURCE_TYPE, meeting.id)
    return publication.versions(current.public_id) if current is not None else []
