"""Four eyes for governance: board minutes and board profiles are published only when a second person approves.

A board secretary asks (``request_minutes``, ``request_board_profile``): the request pins a hash of the public
version it was made for and replaces any request of the same source still waiting. Another board secretary or
an administrator — not the person who asked, nor anyone who changed the minutes or the board since it was last
published — reviews the public version, confirms the names the name detector found, and approves
(``approve``): the leak gate, the record, its outbox row and every audit event are one transaction. Two
reviewers approving at once publish once; the second is told who did it.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select

from panelrecords.errors import Conflict, Forbidden, NotFound, ValidationFailed
from panelrecords.extensions import db
from panelrecords.filters import format_datetime
from panelrecords.models.audit import AuditEvent
from panelrecords.models.boards import Board, BoardMeeting
from panelrecords.models.reviews import PublicationRequest, RequestKind, RequestPurpose, RequestStatus
from panelrecords.models.users import Role, User
from panelrecords.publishing import boards, minutes
from panelrecords.services import Actor, audit
from panelrecords.services.common import lock, lock_rows, now, use_case

REVIEWER_ROLES = (Role.BOARD_SECRETARY, Role.ADMIN)
MAX_NOTE = 2_000
MAX_COMMENTS = 5_000
# Audit actions that change what a board's public record says (views and downloads are not changes).
_CHANGES_TO = {
    minutes.SOURCE_TYPE: (
        "board_meeting.create",
        "board_meeting.item_add",
        "board_meeting.attendance",
        "board_meeting.declaration",
        "board_meeting.minutes",
        "board_meeting.import",
        "board_meeting.approve",
    ),
    boards.SOURCE_TYPE: ("board.create", "board.update"),
}


class ReviewerIsAuthor(Forbidden):
    """The person approving asked for the publication or wrote what would be published."""

    code = "reviewer_is_author"


def _hash(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def _minutes_content(meeting: BoardMeeting, purpose: str, options: dict) -> str:
    pub = minutes.build(meeting, approved=purpose != "draft", redacted_names=options.get("redacted_names", []))
    return _hash([pub.title, pub.summary, pub.texts, pub.facts, options])


def _board_content(board: Board) -> str:
    return _hash(boards.public_strings(board))


# Reading -------------------------------------------------------------------------------------------------------


def get_request(request_id: int) -> PublicationRequest:
    found = db.session.get(PublicationRequest, request_id)
    if found is None:
        raise NotFound("Publication request not found")
    return found


def waiting(limit: int = 200) -> list[PublicationRequest]:
    """Requests waiting for a second person, oldest first."""
    return list(
        db.session.scalars(
            select(PublicationRequest)
            .where(PublicationRequest.status == RequestStatus.PENDING)
            .order_by(PublicationRequest.requested_at, PublicationRequest.id)
            .limit(limit)
        )
    )


def pending_for(source_type: str, source_id: int) -> PublicationRequest | None:
    return db.session.scalar(
        select(PublicationRequest).where(
            PublicationRequest.source_type == source_type,
            PublicationRequest.source_id == source_id,
            PublicationRequest.status == RequestStatus.PENDING,
        )
    )


def latest_for(source_type: str, source_id: int) -> PublicationRequest | None:
    return db.session.scalar(
        select(PublicationRequest)
        .where(PublicationRequest.source_type == source_type, PublicationRequest.source_id == source_id)
        .order_by(PublicationRequest.id.desc())
        .limit(1)
    )


def source_of(request: PublicationRequest) -> BoardMeeting | Board:
    model = BoardMeeting if request.kind == RequestKind.MINUTES else Board
    found = db.session.get(model, request.source_id)
    if found is None:
        raise NotFound("What this request would publish no longer exists")
    return found


def preview(request: PublicationRequest):
    """What approving would publish: the minutes' public version, or the board's public fields."""
    source = source_of(request)
    if request.kind == RequestKind.MINUTES:
        return minutes.build(
            source, approved=request.purpose != "draft", redacted_names=request.options.get("redacted_names", [])
        )
    return boards.public_strings(source)


def names_for_review(request: PublicationRequest) -> list[str]:
    """The names the reviewer must confirm (or send back to be redacted) before approving."""
    if request.kind != RequestKind.MINUTES:
        return []
    return minutes.names_to_confirm(
        source_of(request),
        approved=request.purpose != "draft",
        redacted_names=request.options.get("redacted_names", []),
    )


def authors(request: PublicationRequest) -> set[int]:
    """Who may not review: the person who asked and whoever changed the source since it was last published."""
    since = db.session.scalar(
        select(PublicationRequest.reviewed_at)
        .where(
            PublicationRequest.source_type == request.source_type,
            PublicationRequest.source_id == request.source_id,
            PublicationRequest.status == RequestStatus.APPROVED,
        )
        .order_by(PublicationRequest.reviewed_at.desc())
        .limit(1)
    )
    query = select(AuditEvent.actor_id).where(
        AuditEvent.object_type == request.source_type,
        AuditEvent.object_id == str(request.source_id),
        AuditEvent.action.in_(_CHANGES_TO[request.source_type]),
        AuditEvent.actor_id.is_not(None),
    )
    if since is not None:
        query = query.where(AuditEvent.occurred_at > since)
    found = set(db.session.scalars(query))
    if request.requested_by_id is not None:
        found.add(request.requested_by_id)
    return found


def can_review(request: PublicationRequest, user) -> bool:
    return (
        request.status == RequestStatus.PENDING and user.has_role(*REVIEWER_ROLES) and user.id not in authors(request)
    )


# Asking --------------------------------------------------------------------------------------------------------


def _ask(kind: RequestKind, purpose: str, source_type: str, source_id: int, options: dict, content: str, by: Actor):
    if by.user_id is None:
        raise Forbidden("Only a person can ask for a publication")
    for earlier in lock_rows(
        select(PublicationRequest).where(
            PublicationRequest.source_type == source_type,
            PublicationRequest.source_id == source_id,
            PublicationRequest.status == RequestStatus.PENDING,
        )
    ):
        earlier.status = RequestStatus.REPLACED.value
    db.session.flush()
    request = PublicationRequest(
        kind=kind.value,
        purpose=purpose,
        source_type=source_type,
        source_id=source_id,
        options=options,
        content_hash=content,
        status=RequestStatus.PENDING.value,
        requested_by_id=by.user_id,
        requested_at=now(),
        review_comments="",
        confirmed_names=[],
    )
    db.session.add(request)
    db.session.flush()
    audit.record(
        "publication_request.create",
        source_type,
        source_id,
        by=by,
        detail={"request": request.id, "kind": kind.value, "purpose": purpose},
    )
    return request


@use_case
def request_minutes(
    meeting: BoardMeeting,
    *,
    redacted_names: list[str] = (),
    note: str = "",
    expected: str | None = None,
    by: Actor,
) -> PublicationRequest:
    """Ask a second person to publish the meeting's minutes (draft, approved or a correction, by its status;
    ``expected`` is the one the person asking saw). Raises ``Conflict`` (nothing to publish yet, withdrawn, or
    not the ``expected`` purpose) or ``ValidationFailed`` (a correction's note)."""
    lock(meeting)
    purpose = minutes.purpose_of(meeting)
    if expected is not None and expected != purpose:
        raise Conflict(
            {
                "draft": "Only draft minutes can be published as a draft",
                "approved": "Record the approval of the minutes first",
                "correction": "Only published approved minutes can be corrected",
            }[expected]
        )
    if not meeting.items:
        raise ValidationFailed("Add at least one agenda item with its minutes before publishing", "names")
    current = minutes.core.published_for(minutes.SOURCE_TYPE, meeting.id)
    if current is not None and current.is_withdrawn:
        raise Conflict("These minutes were withdrawn and cannot be published again")
    note = (note or "").strip()
    if purpose == "correction":
        if not note:
            raise ValidationFailed("Enter what was corrected", "note")
        if len(note) > MAX_NOTE:
            raise ValidationFailed(f"What was corrected must be {MAX_NOTE:,} characters or fewer", "note")
        note = f"Corrected: {note}"
    elif purpose == "approved":
        from panelrecords.filters import format_date

        note = f"Approved at the meeting on {format_date(meeting.approved_by_meeting.starts_at)}"
    else:
        note = "Draft minutes updated"
    options = {"redacted_names": sorted(set(redacted_names)), "note": note}
    return _ask(
        RequestKind.MINUTES,
        purpose,
        minutes.SOURCE_TYPE,
        meeting.id,
        options,
        _minutes_content(meeting, purpose, options),
        by,
    )


@use_case
def request_board_profile(board: Board, *, by: Actor) -> PublicationRequest | None:
    """Ask a second person to publish the board's name, description and terms of reference; ``None`` when the
    public copy already says exactly that."""
    lock(board)
    if boards.is_published_as_is(board):
        for earlier in lock_rows(
            select(PublicationRequest).where(
                PublicationRequest.source_type == boards.SOURCE_TYPE,
                PublicationRequest.source_id == board.id,
                PublicationRequest.status == RequestStatus.PENDING,
            )
        ):
            earlier.status = RequestStatus.REPLACED.value
        return None
    return _ask(
        RequestKind.BOARD_PROFILE,
        RequestPurpose.PROFILE.value,
        boards.SOURCE_TYPE,
        board.id,
        {},
        _board_content(board),
        by,
    )


# Reviewing -----------------------------------------------------------------------------------------------------


def _require_reviewer(request: PublicationRequest, by: Actor):
    """Check the reviewer and lock the source, then the request (the order every use case here takes them)."""
    user = db.session.get(User, by.user_id) if by.user_id is not None else None
    if user is None or not user.has_role(*REVIEWER_ROLES):
        raise Forbidden("Only a board secretary or an administrator can review a publication")
    source = lock(source_of(request))
    lock(request)
    if request.status != RequestStatus.PENDING:
        reviewer = db.session.get(User, request.reviewed_by_id) if request.reviewed_by_id else None
        who = f" by {reviewer.display_name}" if reviewer is not None else ""
        when = f" on {format_datetime(request.reviewed_at)}" if request.reviewed_at else ""
        raise Conflict(f"This request is no longer waiting for review: {request.status_label.lower()}{who}{when}")
    if by.user_id in authors(request):
        raise ReviewerIsAuthor(
            "You asked for this publication or changed what it publishes: another person must review it"
        )
    return source


@use_case
def approve(request: PublicationRequest, *, confirmed_names: list[str] = (), by: Actor):
    """Publish what the request asked for, as the second person. Returns the published record or board.

    Raises ``ReviewerIsAuthor``, ``Forbidden``, ``Conflict`` (changed since it was asked for, or already
    reviewed), ``ValidationFailed`` (names not confirmed), ``LeakFound`` (the gate refused) or
    ``core.AlreadyPublished``.
    """
    source = _require_reviewer(request, by)
    if request.kind == RequestKind.MINUTES:
        if _minutes_content(source, request.purpose, request.options) != request.content_hash:
            raise Conflict("The minutes have changed since publication was asked for: send it back")
        published = minutes.publish(
            source,
            purpose=request.purpose,
            confirmed=list(confirmed_names),
            redacted=list(request.options.get("redacted_names", [])),
            note=request.options.get("note", ""),
            requested_by_id=request.requested_by_id,
            by=by,
        )
        request.public_id = published.public_id
    else:
        if _board_content(source) != request.content_hash:
            raise Conflict("The board's details have changed since publication was asked for: send it back")
        published = boards.publish(source, requested_by_id=request.requested_by_id, by=by)
    request.status = RequestStatus.APPROVED.value
    request.reviewed_by_id = by.user_id
    request.reviewed_at = now()
    request.confirmed_names = sorted(set(confirmed_names))
    audit.record(
        "publication_request.approve",
        request.source_type,
        request.source_id,
        by=by,
        detail={"request": request.id, "names": request.confirmed_names},
    )
    return published


@use_case
def send_back(request: PublicationRequest, *, comments: str, by: Actor) -> None:
    """Return a request to the board secretary with what must change. Raises ``ValidationFailed``, ``Conflict``."""
    _require_reviewer(request, by)
    comments = (comments or "").strip()
    if not comments:
        raise ValidationFailed("Enter what needs to change", "comments")
    if len(comments) > MAX_COMMENTS:
        raise ValidationFailed(f"What needs to change must be {MAX_COMMENTS:,} characters or fewer", "comments")
    request.status = RequestStatus.RETURNED.value
    request.reviewed_by_id = by.user_id
    request.reviewed_at = now()
    request.review_comments = comments
    audit.record(
        "publication_request.send_back", request.source_type, request.source_id, by=by, detail={"request": request.id}
    )
