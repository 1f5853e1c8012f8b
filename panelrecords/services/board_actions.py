"""The action log of a board: actions agreed under agenda items, their updates, and the public copy.

An action becomes public when the minutes that agreed it are published (after a second person's review). A
later change of status (open, done, dropped) shows on the public action log ("you said, we did") at once; the
words of an update reach it with the next minutes publication, which a second person approves.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import delete, func, select

from panelrecords import redaction
from panelrecords.errors import NotFound, ValidationFailed
from panelrecords.extensions import db
from panelrecords.models.boards import ActionStatus, ActionUpdate, AgendaItem, Board, BoardAction
from panelrecords.models.published_boards import PublishedAction
from panelrecords.services import Actor, audit, common

MAX_TEXT = 5_000


def today() -> date:
    """Today in Europe/London (the one clock: an action is overdue from the day after it was due, UK time)."""
    return common.today()


def get_action(action_id: int) -> BoardAction:
    action = db.session.get(BoardAction, action_id)
    if action is None:
        raise NotFound("Action not found")
    return action


def actions_of(board: Board) -> list[BoardAction]:
    return list(
        db.session.scalars(select(BoardAction).where(BoardAction.board_id == board.id).order_by(BoardAction.id))
    )


def _next_ref(board: Board, year: int) -> str:
    prefix = f"{board.acronym}-{year}-"
    count = db.session.scalar(
        select(func.count())
        .select_from(BoardAction)
        .where(BoardAction.board_id == board.id, BoardAction.ref.like(prefix + "%"))
    )
    return f"{prefix}{count + 1:03d}"


def _text(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(message, field)
    if len(value) > MAX_TEXT:
        raise ValidationFailed(f"Text must be {MAX_TEXT:,} characters or fewer", field)
    return value


def add_action(item: AgendaItem, *, description: str, owner: str, due: date | None = None, by: Actor) -> BoardAction:
    """Record an action agreed under an agenda item. Raises ``ValidationFailed``."""
    board = item.meeting.board
    action = BoardAction(
        board_id=board.id,
        item=item,
        ref=_next_ref(board, item.meeting.starts_at.year),
        description=_text(description, "Enter what was agreed", "description"),
        owner=_text(owner, "Enter who owns the action (a role or organisation)", "owner")[:200],
        due=due,
        status=ActionStatus.OPEN.value,
    )
    db.session.add(action)
    db.session.flush()
    audit.record("board_action.create", "board_action", action.id, by=by, detail={"ref": action.ref})
    db.session.commit()
    return action


def update_action(action: BoardAction, *, status: str, text: str, by: Actor) -> ActionUpdate:
    """Record progress: a new status (open, done or dropped — dropped needs a reason) and what happened."""
    try:
        new_status = ActionStatus(status)
    except ValueError:
        new_status = None
    if new_status is None or new_status is ActionStatus.OVERDUE:
        raise ValidationFailed("Select the status of the action", "status")
    message = "Enter why the action was dropped" if new_status is ActionStatus.DROPPED else "Enter what has happened"
    text = _text(text, message, "text")
    public = db.session.scalar(
        select(PublishedAction).where(
            PublishedAction.board == action.item.meeting.board.acronym, PublishedAction.ref == action.ref
        )
    )
    if redaction.check(text, redaction.Known()):
        raise ValidationFailed(
            "The update contains personal details (a phone number, e-mail address, postcode …): remove them", "text"
        )
    now = datetime.now(UTC)
    update = ActionUpdate(action=action, text=text, status=new_status.value, created_at=now, created_by_id=by.user_id)
    action.status = new_status.value
    action.dropped_reason = text if new_status is ActionStatus.DROPPED else ""
    action.updated_at = now
    db.session.add(update)
    if public is not None:
        # Only the status, a controlled value, is public at once; the update's words reach the public log with
        # the next minutes a second person approves (``publishing.minutes``), through the leak gate.
        public.status = new_status.value
        public.updated_at = now
    db.session.flush()
    audit.record("board_action.update", "board_action", action.id, by=by, detail={"status": new_status.value})
    db.session.commit()
    return update


def publish_actions(actions: list[BoardAction], *, board: str, minutes_public_id: str, meeting_date: date) -> None:
    """Copy actions to the public log (the caller ran the leak gate over them and commits)."""
    now = datetime.now(UTC)
    for action in actions:
        values = {
            "minutes_public_id": minutes_public_id,
            "meeting_date": meeting_date,
            "description": action.description,
            "owner": action.owner,
            "due": action.due,
            "status": action.status,
            "last_update": action.updates[-1].text if action.updates else "",
            "updated_at": now,
        }
        public = db.session.scalar(
            select(PublishedAction).where(PublishedAction.board == board, PublishedAction.ref == action.ref)
        )
        if public is None:
            db.session.add(PublishedAction(board=board, ref=action.ref, **values))
        else:
            for key, value in values.items():
                setattr(public, key, value)


def unpublish_actions(minutes_public_id: str) -> None:
    """Take a withdrawn record's actions off the public log (the caller commits)."""
    db.session.execute(delete(PublishedAction).where(PublishedAction.minutes_public_id == minutes_public_id))


def pending_public_updates(board: Board) -> list[tuple[BoardAction, str]]:
    """Actions on the public log whose latest update's words are not public yet, with those words."""
    public = {
        row.ref: row
        for row in db.session.scalars(select(PublishedAction).where(PublishedAction.board == board.acronym))
    }
    pending = []
    for action in actions_of(board):
        row = public.get(action.ref)
        if row is not None and action.updates and row.last_update != action.updates[-1].text:
            pending.append((action, action.updates[-1].text))
    return pending


def publish_updates(board: Board, updates: list[tuple[BoardAction, str]]) -> None:
    """Copy reviewed update words to the public log (the caller ran the leak gate over them and commits)."""
    refs = {action.ref: text for action, text in updates}
    for row in db.session.scalars(select(PublishedAction).where(PublishedAction.board == board.acronym)):
        if row.ref in refs:
            row.last_update = refs[row.ref]
            row.updated_at = datetime.now(UTC)
