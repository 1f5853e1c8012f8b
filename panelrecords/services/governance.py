"""Governance boards: boards and members, meetings, agendas, attendance, declarations and minutes per item.

Publication of minutes lives in ``publishing.minutes`` and ``publishing.governance``, the action log in
``services.board_actions``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from panelrecords import redaction
from panelrecords.errors import Conflict, NotFound, ValidationFailed
from panelrecords.extensions import db
from panelrecords.markdown import MarkdownTooLong, check_length
from panelrecords.models.boards import (
    AgendaItem,
    Board,
    BoardAttendance,
    BoardAttendanceStatus,
    BoardDeclaration,
    BoardMeeting,
    BoardMeetingStatus,
    BoardMember,
)
from panelrecords.services import Actor, audit

S = BoardMeetingStatus
# Minutes can be written from the moment the meeting is held until they are approved. Approved minutes are
# frozen until they are published; after that a change is a correction, published as a new version with a note.
EDITABLE = (S.SCHEDULED, S.HELD, S.MINUTES_DRAFT, S.PUBLISHED)


def _required(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(message, field)
    return value


# Boards ---------------------------------------------------------------------------------------------------


def list_boards() -> list[Board]:
    return list(db.session.scalars(select(Board).order_by(Board.acronym)))


def get_board(board_id: int) -> Board:
    board = db.session.get(Board, board_id)
    if board is None:
        raise NotFound("Board not found")
    return board


def find_board(acronym: str) -> Board | None:
    return db.session.scalar(select(Board).where(func.upper(Board.acronym) == acronym.strip().upper()))


def _check_board(board: Board) -> None:
    """Refuse personal details the pattern detectors see at once (the leak gate reads everything again, against
    every case, when a second person approves the board's publication)."""
    for field, text in (
        ("name", board.name),
        ("description", board.description),
        ("terms_of_reference", board.terms_of_reference),
    ):
        if text and redaction.check(text, redaction.Known()):
            raise ValidationFailed("Remove the personal details (phone numbers, e-mail addresses …) first", field)


def create_board(acronym: str, *, name: str, description: str = "", terms_of_reference: str = "", by: Actor) -> Board:
    """Create a board; its name and description become public when a second person approves them
    (``publishing.governance.request_board_profile``). Raises ``ValidationFailed``, ``Conflict``."""
    acronym = _required(acronym, "Enter the board's short name", "acronym").upper()
    if not acronym.isalnum() or len(acronym) > 16:
        raise ValidationFailed("Short name must be letters and numbers only, 16 or fewer", "acronym")
    if find_board(acronym) is not None:
        raise Conflict("A board with that short name already exists", "acronym")
    board = Board(
        acronym=acronym,
        name=_required(name, "Enter the board's name", "name"),
        description=(description or "").strip(),
        terms_of_reference=(terms_of_reference or "").strip(),
    )
    db.session.add(board)
    _check_board(board)
    db.session.flush()
    audit.record("board.create", "board", board.id, by=by, detail={"acronym": acronym})
    db.session.commit()
    return board


def update_board(board: Board, *, name: str, description: str, terms_of_reference: str, by: Actor) -> Board:
    """Change the board's name, description and terms of reference (public once a second person approves them).
    Raises ``ValidationFailed``."""
    board.name = _required(name, "Enter the board's name", "name")
    board.description = (description or "").strip()
    board.terms_of_reference = (terms_of_reference or "").strip()
    _check_board(board)
    audit.record("board.update", "board", board.id, by=by)
    db.session.commit()
    return board


def _member_values(name: str, organisation: str, role: str, from_date: date | None, to_date: date | None) -> dict:
    if from_date and to_date and to_date < from_date:
        raise ValidationFailed("Date they left must be after the date they joined", "to_date")
    return {
        "name": _required(name, "Enter the member's name", "name"),
        "organisation": (organisation or "").strip(),
        "role": (role or "").strip(),
        "from_date": from_date,
        "to_date": to_date,
    }


def add_member(
    board: Board,
    *,
    name: str,
    organisation: str = "",
    role: str = "",
    from_date: date | None = None,
    to_date: date | None = None,
    by: Actor,
) -> BoardMember:
    """Add a member with the dates of their membership. Raises ``ValidationFailed``."""
    member = BoardMember(board=board, **_member_values(name, organisation, role, from_date, to_date))
    db.session.add(member)
    db.session.flush()
    audit.record("board.member_add", "board", board.id, by=by, detail={"member": member.id})
    db.session.commit()
    return member


def get_member(member_id: int) -> BoardMember:
    member = db.session.get(BoardMember, member_id)
    if member is None:
        raise NotFound("Member not found")
    return member


def update_member(
    member: BoardMember,
    *,
    name: str,
    organisation: str = "",
    role: str = "",
    from_date: date | None = None,
    to_date: date | None = None,
    by: Actor,
) -> BoardMember:
    """Change a member's details, or record the date they left. Raises ``ValidationFailed``."""
    for key, value in _member_values(name, organisation, role, from_date, to_date).items():
        setattr(member, key, value)
    audit.record("board.member_update", "board", member.board_id, by=by, detail={"member": member.id})
    db.session.commit()
    return member


# Meetings -------------------------------------------------------------------------------------------------


def get_meeting(meeting_id: int) -> BoardMeeting:
    meeting = db.session.get(BoardMeeting, meeting_id)
    if meeting is None:
        raise NotFound("Meeting not found")
    return meeting


def meetings_of(board: Board) -> list[BoardMeeting]:
    return list(
        db.session.scalars(
            select(BoardMeeting).where(BoardMeeting.board_id == board.id).order_by(BoardMeeting.starts_at.desc())
        )
    )


def later_meetings(meeting: BoardMeeting) -> list[BoardMeeting]:
    """Meetings of the same board after this one: the ones that can approve its minutes."""
    return list(
        db.session.scalars(
            select(BoardMeeting)
            .where(BoardMeeting.board_id == meeting.board_id, BoardMeeting.starts_at > meeting.starts_at)
            .order_by(BoardMeeting.starts_at)
        )
    )


def create_meeting(
    board: Board, *, starts_at: datetime, place: str = "", online: bool = False, by: Actor
) -> BoardMeeting:
    """Schedule a meeting. Raises ``ValidationFailed``."""
    if starts_at.tzinfo is None:
        raise ValueError("starts_at must be aware")
    if not online and not (place or "").strip():
        raise ValidationFailed("Enter where the meeting takes place, or say it is online", "place")
    meeting = BoardMeeting(board=board, starts_at=starts_at, place=(place or "").strip(), online=online)
    db.session.add(meeting)
    db.session.flush()
    audit.record("board_meeting.create", "board_meeting", meeting.id, by=by, detail={"board": board.acronym})
    db.session.commit()
    return meeting


def _editable(meeting: BoardMeeting) -> None:
    if meeting.status_enum not in EDITABLE:
        raise Conflict("These minutes have been approved: publish them, then correct the published version")


def _drafting(meeting: BoardMeeting) -> None:
    """Minutes written for a held meeting are a draft; published minutes stay published (a correction)."""
    _held(meeting)
    if meeting.status_enum is S.HELD:
        meeting.status = S.MINUTES_DRAFT.value


def _held(meeting: BoardMeeting) -> None:
    if meeting.status_enum is S.SCHEDULED:
        meeting.status = S.HELD.value


def add_agenda_item(meeting: BoardMeeting, *, title: str, presenter: str = "", by: Actor) -> AgendaItem:
    _editable(meeting)
    title = _required(title, "Enter the title of the agenda item", "title")
    # The natural key: the same title twice on one agenda is a resubmitted form, not a second item.
    if any(item.title.casefold() == title.casefold() for item in meeting.items):
        raise Conflict(f"‘{title}’ is already on the agenda as item {_number_of(meeting, title)}", "title")
    number = (max((item.number for item in meeting.items), default=0)) + 1
    item = AgendaItem(
        meeting=meeting,
        number=number,
        title=title,
        presenter=(presenter or "").strip(),
    )
    db.session.add(item)
    db.session.flush()
    audit.record("board_meeting.item_add", "board_meeting", meeting.id, by=by, detail={"item": item.id})
    db.session.commit()
    return item


def _number_of(meeting: BoardMeeting, title: str) -> int:
    return next(item.number for item in meeting.items if item.title.casefold() == title.casefold())


def get_item(item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None:
        raise NotFound("Agenda item not found")
    return item


def record_attendance(
    meeting: BoardMeeting,
    *,
    name: str,
    organisation: str = "",
    role: str = "",
    status: str = BoardAttendanceStatus.PRESENT.value,
    named_publicly: bool = True,
    by: Actor,
) -> BoardAttendance:
    """Add a person to the attendance list; a meeting with attendance has been held."""
    _editable(meeting)
    try:
        status = BoardAttendanceStatus(status).value
    except ValueError:
        raise ValidationFailed(
            "Select whether they were present, sent apologies, absent or in attendance", "status"
        ) from None
    row = BoardAttendance(
        meeting=meeting,
        name=_required(name, "Enter the person's name", "name"),
        organisation=(organisation or "").strip(),
        role=(role or "").strip(),
        status=status,
        named_publicly=named_publicly,
    )
    db.session.add(row)
    _held(meeting)
    db.session.flush()
    audit.record("board_meeting.attendance", "board_meeting", meeting.id, by=by, detail={"row": row.id})
    db.session.commit()
    return row


def add_declaration(meeting: BoardMeeting, *, who: str, what: str, action: str = "", by: Actor) -> BoardDeclaration:
    _editable(meeting)
    row = BoardDeclaration(
        meeting=meeting,
        who=_required(who, "Enter who declared an interest", "who"),
        what=_required(what, "Enter the interest declared", "what"),
        action=(action or "").strip(),
    )
    db.session.add(row)
    db.session.flush()
    audit.record("board_meeting.declaration", "board_meeting", meeting.id, by=by, detail={"row": row.id})
    db.session.commit()
    return row


def _check_markdown(text: str, field: str) -> str:
    try:
        check_length(text)
    except MarkdownTooLong as error:
        raise ValidationFailed(str(error), field) from None
    return text


def save_minutes(item: AgendaItem, *, discussion: str, decisions: str = "", by: Actor) -> AgendaItem:
    """Write the minutes of one agenda item (Markdown). Raises ``ValidationFailed``, ``Conflict``."""
    meeting = item.meeting
    _editable(meeting)
    item.discussion = _check_markdown((discussion or "").replace("\r\n", "\n").strip(), "discussion")
    item.decisions = _check_markdown((decisions or "").replace("\r\n", "\n").strip(), "decisions")
    _drafting(meeting)
    audit.record("board_meeting.minutes", "board_meeting", meeting.id, by=by, detail={"item": item.id})
    db.session.commit()
    return item


def save_imported_items(meeting: BoardMeeting, items: list[dict], *, by: Actor) -> list[AgendaItem]:
    """Add the reviewed items of an imported minutes document as agenda items with their minutes."""
    _editable(meeting)
    if not items:
        raise ValidationFailed("The document has no agenda items to save", "items")
    number = max((item.number for item in meeting.items), default=0)
    created = []
    for index, entry in enumerate(items):
        number += 1
        item = AgendaItem(
            meeting=meeting,
            number=number,
            title=_required(entry.get("title", ""), f"Enter the title of item {index + 1}", "items"),
            presenter=(entry.get("presenter") or "").strip(),
            discussion=_check_markdown((entry.get("discussion") or "").strip(), "items"),
            decisions=_check_markdown((entry.get("decisions") or "").strip(), "items"),
        )
        db.session.add(item)
        created.append(item)
    _drafting(meeting)
    db.session.flush()
    audit.record("board_meeting.import", "board_meeting", meeting.id, by=by, detail={"items": len(created)})
    db.session.commit()
    return created


# Correcting before publication -------------------------------------------------------------------------------
# Until the minutes are approved; once published, the change reaches the public minutes only as a correction.


def get_attendance(row_id: int) -> BoardAttendance:
    row = db.session.get(BoardAttendance, row_id)
    if row is None:
        raise NotFound("Attendance not found")
    return row


def get_declaration(row_id: int) -> BoardDeclaration:
    row = db.session.get(BoardDeclaration, row_id)
    if row is None:
        raise NotFound("Declaration not found")
    return row


def update_agenda_item(item: AgendaItem, *, title: str, presenter: str = "", by: Actor) -> AgendaItem:
    """Correct an agenda item's title or presenter; audited with before and after. Raises ``Conflict``."""
    meeting = item.meeting
    _editable(meeting)
    title = _required(title, "Enter the title of the agenda item", "title")
    if any(other is not item and other.title.casefold() == title.casefold() for other in meeting.items):
        raise Conflict(f"‘{title}’ is already on the agenda as item {_number_of(meeting, title)}", "title")
    before = {"title": item.title, "presenter": item.presenter}
    item.title, item.presenter = title, (presenter or "").strip()
    after = {"title": item.title, "presenter": item.presenter}
    changed = [key for key in after if before[key] != after[key]]
    if changed:
        detail = {"item": item.id, "before": {k: before[k] for k in changed}, "after": {k: after[k] for k in changed}}
        audit.record("board_meeting.item_update", "board_meeting", meeting.id, by=by, detail=detail)
    db.session.commit()
    return item


def remove_agenda_item(item: AgendaItem, *, by: Actor) -> None:
    """Remove an agenda item added by mistake (not one with actions or papers); audited with its text."""
    meeting = item.meeting
    _editable(meeting)
    if item.actions or item.papers:
        raise Conflict("This item has actions or papers: it cannot be removed", "title")
    before = {"number": item.number, "title": item.title, "presenter": item.presenter, "discussion": item.discussion}
    audit.record(
        "board_meeting.item_remove", "board_meeting", meeting.id, by=by, detail={"item": item.id, "before": before}
    )
    meeting.items.remove(item)
    db.session.commit()


def remove_attendance(row: BoardAttendance, *, by: Actor) -> None:
    """Remove a person recorded in the attendance by mistake; audited with what was recorded."""
    meeting = row.meeting
    _editable(meeting)
    before = {"name": row.name, "organisation": row.organisation, "role": row.role, "status": row.status}
    audit.record(
        "board_meeting.attendance_remove", "board_meeting", meeting.id, by=by, detail={"row": row.id, "before": before}
    )
    meeting.attendance.remove(row)
    db.session.commit()


def remove_declaration(row: BoardDeclaration, *, by: Actor) -> None:
    """Remove a declaration recorded by mistake; audited with what it said."""
    meeting = row.meeting
    _editable(meeting)
    before = {"who": row.who, "what": row.what, "action": row.action}
    audit.record(
        "board_meeting.declaration_remove", "board_meeting", meeting.id, by=by, detail={"row": row.id, "before": before}
    )
    meeting.declarations.remove(row)
    db.session.commit()


# Papers: see ``services.board_papers``.
