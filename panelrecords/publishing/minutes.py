"""Minutes records: the public version of a board meeting's minutes, and the meeting's publication steps.

Draft minutes are published first ("Draft — subject to approval"), then the approved version; both are one
record, the approved minutes a later version, so the draft stays in the record's history. Nothing here
publishes on one person's word: a board secretary asks (``publishing.governance.request_minutes``) and a second
person approves. Every name the name detector finds must be a publicly named attendee or member, or be
confirmed by that reviewer; the leak gate reads every public string, the latest action updates and the text of
the public papers.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import delete, select

from panelrecords import redaction
from panelrecords.errors import Conflict, ValidationFailed
from panelrecords.extensions import db
from panelrecords.models.boards import BoardMeeting, BoardMeetingStatus, BoardPaper
from panelrecords.models.facts import MINUTES_SCHEMA
from panelrecords.models.published import PublishedRecord, RecordKind
from panelrecords.models.published_boards import PublishedPaper
from panelrecords.publishing import core, gate
from panelrecords.services import Actor, audit, board_actions, board_papers
from panelrecords.services.common import lock, now, today, use_case
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


def build(meeting: BoardMeeting, *, approved: bool, redacted_names: list[str] = ()) -> core.Publication:
    """The public version of a meeting's minutes, following the facts contract for minutes records.

    ``redacted_names`` are replaced by ``[name]`` in every public string (the restricted minutes keep them).
    """
    board = meeting.board
    today_ = today()
    items = []
    plain = []
    for item in meeting.items:
        actions = [
            {
                "ref": action.ref,
                "description": action.description,
                "owner": action.owner,
                "due": action.due.isoformat() if action.due else None,
                "status": action.status_on(today_).value,
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
        "schema": MINUTES_SCHEMA,
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
    return core.Publication(
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
    for _path, text in gate.strings_in({"t": pub.texts, "f": pub.facts}, ""):
        if not text or len(text) > redaction.MAX_TEXT_LENGTH:
            continue
        for hit in redaction.names(text):
            words = {word.lower().strip(".,'’") for word in hit.text.split()}
            if not words <= allowed:
                found.add(hit.text)
    return sorted(found)


def gate_inputs(meeting: BoardMeeting, pub: core.Publication) -> tuple[list[redaction.Known], list[tuple[str, str]]]:
    """What the gate reads besides the public version: the identifiers of any case a paper or the minutes name,
    the latest update of each action and the text of the public papers."""
    known = board_papers.known_for_meeting(meeting, [text for _path, text in gate.strings_in(pub.texts, "")])
    extra = [
        ("facts.actions.update", update.text)
        for action in (a for item in meeting.items for a in item.actions)
        for update in action.updates[-1:]
    ]
    extra += [
        (f"action {action.ref} update", text) for action, text in board_actions.pending_public_updates(meeting.board)
    ]
    return known, extra + board_papers.public_paper_texts(meeting)


def purpose_of(meeting: BoardMeeting) -> str:
    """Which public version the meeting is ready for: ``draft``, ``approved`` or ``correction``."""
    status = meeting.status_enum
    if status is S.PUBLISHED:
        return "correction"
    if status is S.MINUTES_APPROVED:
        return "approved"
    if status in (S.HELD, S.MINUTES_DRAFT):
        return "draft"
    raise Conflict("Minutes can be published once the meeting has been held")


def check_names(meeting: BoardMeeting, *, approved: bool, confirmed: list[str], redacted: list[str]) -> None:
    """Every name the detector finds is redacted or confirmed. Raises ``ValidationFailed`` on ``names``."""
    both = sorted(set(confirmed) & set(redacted))
    if both:
        raise ValidationFailed("Choose either to publish or to redact each name, not both: " + ", ".join(both), "names")
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


def publish(
    meeting: BoardMeeting,
    *,
    purpose: str,
    confirmed: list[str],
    redacted: list[str],
    note: str,
    requested_by_id: int | None,
    by: Actor,
) -> PublishedRecord:
    """Publish the minutes a second person approved (in the caller's transaction; ``by`` is the reviewer).

    Raises ``LeakFound``, ``ValidationFailed``, ``Conflict``, ``core.AlreadyPublished``.
    """
    if purpose_of(meeting) != purpose:
        raise Conflict("The minutes have moved on since this was asked for: ask again")
    if not meeting.items:
        raise ValidationFailed("Add at least one agenda item with its minutes before publishing", "names")
    approved = purpose != "draft"
    pub = build(meeting, approved=approved, redacted_names=redacted)
    check_names(meeting, approved=approved, confirmed=confirmed, redacted=redacted)
    known, extra = gate_inputs(meeting, pub)
    current = core.published_for(SOURCE_TYPE, meeting.id)
    if current is not None and current.is_withdrawn:
        raise Conflict("These minutes were withdrawn and cannot be published again")
    if current is None:
        record = core.publish(
            RecordKind.MINUTES,
            pub,
            source_type=SOURCE_TYPE,
            source_id=meeting.id,
            known=known,
            extra=extra,
            by=by,
            published_by_id=requested_by_id,
            reviewed_by_id=by.user_id,
            what="These minutes",
        )
    else:
        record = core.correct(
            current.public_id,
            pub,
            note=note,
            known=known,
            extra=extra,
            by=by,
            published_by_id=requested_by_id,
            reviewed_by_id=by.user_id,
        )
    meeting.public_id = record.public_id
    if approved:
        meeting.status = S.PUBLISHED.value
    actions = [action for item in meeting.items for action in item.actions]
    board_actions.publish_actions(
        actions, board=meeting.board.acronym, minutes_public_id=record.public_id, meeting_date=pub.meeting_date
    )
    board_actions.publish_updates(meeting.board, board_actions.pending_public_updates(meeting.board))
    _copy_public_papers(record.public_id, pub)
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
            "requested_by": requested_by_id,
        },
    )
    return record


def _copy_public_papers(public_id: str, pub: core.Publication) -> None:
    """Copy the bytes of the public papers listed in the version, so the public site never reads a board paper."""
    have = set(db.session.scalars(select(PublishedPaper.paper_id).where(PublishedPaper.minutes_public_id == public_id)))
    for listed in pub.facts.get("papers", []):
        if listed["paper_id"] in have:
            continue
        paper = db.session.get(BoardPaper, listed["paper_id"])
        db.session.add(
            PublishedPaper(
                minutes_public_id=public_id,
                paper_id=paper.id,
                title=listed["title"],
                filename=paper.filename,
                content_type=paper.content_type,
                size=paper.size,
                sha256=paper.sha256,
                content=paper.content,
                published_at=now(),
            )
        )


@use_case
def record_approval(
    meeting: BoardMeeting, approving_meeting: BoardMeeting, *, at: datetime | None = None, by: Actor
) -> BoardMeeting:
    """Record that a later meeting of the board, already held, approved these minutes (``at``: when it was
    recorded, now by default). Raises ``ValidationFailed``, ``Conflict``."""
    lock(meeting)
    if meeting.status_enum is not S.MINUTES_DRAFT:
        raise Conflict("Only draft minutes can be approved")
    if approving_meeting.id not in {m.id for m in later_meetings(meeting)}:
        raise ValidationFailed("Select a later meeting of the same board", "approving_meeting")
    recorded = at or datetime.now(UTC)
    if _date(approving_meeting) > min(today(), _date_of(recorded)):
        raise ValidationFailed(
            "Select a meeting that has already taken place: minutes are approved at a meeting that has been held",
            "approving_meeting",
        )
    meeting.approved_by_meeting = approving_meeting
    meeting.approved_at = recorded
    meeting.status = S.MINUTES_APPROVED.value
    audit.record("board_meeting.approve", SOURCE_TYPE, meeting.id, by=by, detail={"at": approving_meeting.id})
    return meeting


def _date_of(moment: datetime):
    from panelrecords.filters import to_london

    return to_london(moment).date()


@use_case
def withdraw(meeting: BoardMeeting, *, reason: str, by: Actor) -> PublishedRecord:
    """Withdraw the published minutes at once (every live record of them): a tombstone stays, the actions leave
    the public log. Raises ``Conflict`` or ``ValidationFailed``."""
    lock(meeting)
    withdrawn = core.withdraw_source(SOURCE_TYPE, meeting.id, reason=reason, by=by)
    for record in withdrawn:
        board_actions.unpublish_actions(record.public_id)
        db.session.execute(delete(PublishedPaper).where(PublishedPaper.minutes_public_id == record.public_id))
    audit.record("board_meeting.withdraw", SOURCE_TYPE, meeting.id, by=by, detail={"public_id": withdrawn[0].public_id})
    return withdrawn[0]


def history(meeting: BoardMeeting) -> list[PublishedRecord]:
    current = core.published_for(SOURCE_TYPE, meeting.id)
    return core.versions(current.public_id) if current is not None else []
