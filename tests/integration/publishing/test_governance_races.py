"""Two people approving one governance publication at the same moment publish it once (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

from sqlalchemy import func, select

from panelrecords.errors import Conflict
from panelrecords.models.published import PublishedRecord
from panelrecords.publishing import governance as requests
from panelrecords.services import Actor, governance
from tests.concurrency import together
from tests.factories import make_user

TRIALS = 10


def test_two_reviewers_approving_one_minutes_request_publish_it_once(app, db):
    author = Actor.of(make_user(db, roles=["board_secretary"], email="author@example.org"))
    first = make_user(db, roles=["board_secretary"], email="first@example.org", display_name="Robin First")
    second = make_user(db, roles=["admin"], email="second@example.org", display_name="Alex Second")
    db.session.commit()
    board = governance.create_board("SIB", name="SEND Improvement Board", by=author)
    ids = []
    for n in range(TRIALS):
        meeting = governance.create_meeting(
            board, starts_at=datetime(2026, 1, 5, 14, tzinfo=UTC) + timedelta(days=7 * n), place="Hall", by=author
        )
        item = governance.add_agenda_item(meeting, title="Transport", by=author)
        governance.save_minutes(item, discussion="The board discussed transport.", by=author)
        ids.append(requests.request_minutes(meeting, by=author).id)
    reviewers = [Actor.of(first), Actor.of(second)]
    for request_id in ids:

        def approve(reviewer, request_id=request_id):
            try:
                requests.approve(requests.get_request(request_id), by=reviewer)
                return "published"
            except Conflict as error:
                return error.message

        outcomes = together(*(partial(approve, reviewer) for reviewer in reviewers), app=app)
        assert sorted(outcomes)[-1] == "published" and len(outcomes) == 2, outcomes
        assert "no longer waiting for review" in sorted(outcomes)[0], outcomes
    db.session.expire_all()
    assert db.session.scalar(select(func.count(PublishedRecord.id))) == TRIALS
