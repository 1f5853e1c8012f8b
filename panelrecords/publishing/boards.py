"""Board profiles: a board's public name, description and terms of reference.

A board secretary edits the board in the restricted area; the public copy (``PublishedBoard``) changes only when
a second person approves a request (``publishing.governance``), after the leak gate has read every field.
"""

from __future__ import annotations

from sqlalchemy import select

from panelrecords.extensions import db
from panelrecords.models.boards import Board
from panelrecords.models.published_boards import PublishedBoard
from panelrecords.publishing import gate
from panelrecords.services import Actor, audit
from panelrecords.services.common import now

SOURCE_TYPE = "board"


def public_strings(board: Board) -> list[tuple[str, str]]:
    """The public fields of a board's profile, as they would be published."""
    return [
        ("name", board.name),
        ("description", board.description or ""),
        ("terms_of_reference", board.terms_of_reference or ""),
    ]


def published(board: Board) -> PublishedBoard | None:
    return db.session.scalar(select(PublishedBoard).where(PublishedBoard.acronym == board.acronym))


def is_published_as_is(board: Board) -> bool:
    public = published(board)
    return public is not None and [
        ("name", public.name),
        ("description", public.description),
        ("terms_of_reference", public.terms_of_reference),
    ] == public_strings(board)


def publish(board: Board, *, requested_by_id: int | None, by: Actor) -> PublishedBoard:
    """Copy the board's profile to the public table after the gate (in the caller's transaction; ``by`` is the
    second person who approved it). Raises ``LeakFound``."""
    gate.require_clean(public_strings(board), source=(SOURCE_TYPE, board.id), by=by)
    public = published(board)
    if public is None:
        public = PublishedBoard(acronym=board.acronym)
        db.session.add(public)
    public.name = board.name
    public.description = board.description or ""
    public.terms_of_reference = board.terms_of_reference or ""
    public.updated_at = now()
    public.published_by_id = requested_by_id
    public.reviewed_by_id = by.user_id
    audit.record(
        "board.publish",
        SOURCE_TYPE,
        board.id,
        by=by,
        detail={"acronym": board.acronym, "requested_by": requested_by_id},
    )
    return public
