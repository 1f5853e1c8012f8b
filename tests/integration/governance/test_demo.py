"""The governance demo loader: two boards, a year of published minutes, an action log of every status."""

from __future__ import annotations

import pytest

from panelrecords.demo import DemoContext
from panelrecords.demo.accounts import load_accounts
from panelrecords.demo.governance import load_governance
from panelrecords.services import governance, governance_public


@pytest.mark.slow
def test_the_demo_boards_have_a_year_of_minutes_and_every_action_status(db):
    context = DemoContext(seed=2026, log=lambda _message: None)
    load_accounts(context)
    load_governance(context)
    today = governance_public.today()
    for acronym, held in (("SIB", 12), ("SPG", 6)):
        board = governance.find_board(acronym)
        meetings = governance.meetings_of(board)
        assert len(meetings) == held + 1 and meetings[0].status == "scheduled"  # the next one
        published = governance_public.minutes_of(acronym)
        assert len(published) == held
        assert published[0].facts["status"] == "draft"
        assert {record.facts["status"] for record in published[1:]} == {"approved"}
        assert all(record.version == 2 and record.facts["approved_by_meeting"] for record in published[1:])
        # Four eyes: the secretary asked, an administrator approved, for every version.
        assert all(r.published_by_id != r.reviewed_by_id and r.reviewed_by_id for r in published)
        for record in published:
            attendance = record.facts["attendance"]
            assert {row["status"] for row in attendance} >= {"present", "apologies", "in_attendance"}
            forum = [row for row in attendance if row["organisation"] == "Example Parent Carer Forum"]
            assert forum and all(row["name"] is None for row in forum)  # no private individual is named
    statuses = [a.status_on(today) for b in ("SIB", "SPG") for a in governance_public.actions(b)]
    assert {"open", "done", "overdue", "dropped"} <= set(statuses)
    dropped = governance_public.actions("SPG", status="dropped")
    assert len(dropped) == 1 and "duplicate" in dropped[0].last_update

    load_governance(context)  # idempotent
    assert len(governance_public.minutes_of("SIB")) == 12
    assert len(governance.meetings_of(governance.find_board("SIB"))) == 13
