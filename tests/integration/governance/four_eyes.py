"""Publishing minutes as the restricted area does: a board secretary asks, a second person approves."""

from __future__ import annotations

from sqlalchemy import select

from panelrecords.extensions import db
from panelrecords.models.users import User
from panelrecords.publishing import governance as requests
from panelrecords.services import Actor

SECOND_PERSON = "second-secretary@example.org"


def second_person() -> Actor:
    """Another board secretary, who did not write the minutes."""
    from tests.factories import make_user

    user = db.session.scalar(select(User).where(User.email == SECOND_PERSON))
    if user is None:
        user = make_user(db, roles=["board_secretary"], email=SECOND_PERSON, display_name="Robin Second")
        db.session.commit()
    return Actor.of(user)


def publish(
    meeting,
    *,
    by: Actor,
    confirmed_names=(),
    redacted_names=(),
    note: str = "",
    expected: str | None = None,
    reviewer: Actor | None = None,
):
    """Ask for the publication the meeting is ready for (draft, approved, correction) and approve it."""
    request = requests.request_minutes(
        meeting, redacted_names=list(redacted_names), note=note, expected=expected, by=by
    )
    return requests.approve(request, confirmed_names=list(confirmed_names), by=reviewer or second_person())


def publish_draft(meeting, **kwargs):
    return publish(meeting, expected="draft", **kwargs)


def publish_approved(meeting, **kwargs):
    return publish(meeting, expected="approved", **kwargs)


def publish_correction(meeting, *, note: str, **kwargs):
    return publish(meeting, note=note, expected="correction", **kwargs)


def publish_board(board, *, by: Actor, reviewer: Actor | None = None):
    request = requests.request_board_profile(board, by=by)
    return requests.approve(request, by=reviewer or second_person()) if request is not None else None
