from __future__ import annotations

from datetime import UTC, datetime

import pytest

from panelrecords.services import Actor, board_actions, governance
from tests.integration.governance import four_eyes


@pytest.fixture
def by(db) -> Actor:
    """The board secretary who writes the minutes and asks for their publication."""
    from tests.factories import make_user

    user = make_user(db, roles=["board_secretary"], email="secretary-test@example.org", display_name="Sam Secretary")
    db.session.commit()
    return Actor.of(user)


@pytest.fixture
def board(db, by):
    board = governance.create_board(
        "SIB", name="SEND Improvement Board", description="Oversees the SEND improvement plan.", by=by
    )
    four_eyes.publish_board(board, by=by)
    governance.add_member(board, name="Alex Chair", organisation="The council", role="Chair", by=by)
    return board


@pytest.fixture
def meeting(board, by):
    """A held meeting with attendance, a declaration, two items with minutes and one action."""
    meeting = governance.create_meeting(
        board, starts_at=datetime(2026, 1, 14, 14, tzinfo=UTC), place="Town Hall", by=by
    )
    governance.record_attendance(meeting, name="Alex Chair", organisation="The council", role="Chair", by=by)
    governance.record_attendance(
        meeting, name="Jo Parent", organisation="Parent carer forum", role="Member", named_publicly=False, by=by
    )
    governance.add_declaration(meeting, who="Chair", what="Governor of a special school", action="Stayed", by=by)
    first = governance.add_agenda_item(meeting, title="Welcome", presenter="Chair", by=by)
    governance.save_minutes(first, discussion="The chair welcomed members.", by=by)
    second = governance.add_agenda_item(meeting, title="Waiting times", presenter="Head of SEND", by=by)
    governance.save_minutes(
        second,
        discussion="Assessments are **late**.\n\n- 62% on time\n- target 90%",
        decisions="Publish monthly figures\nReview in March",
        by=by,
    )
    board_actions.add_action(second, description="Publish monthly figures", owner="Head of SEND", by=by)
    return meeting


@pytest.fixture
def next_meeting(board, by):
    return governance.create_meeting(board, starts_at=datetime(2026, 2, 11, 14, tzinfo=UTC), online=True, by=by)
