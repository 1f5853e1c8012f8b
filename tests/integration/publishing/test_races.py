"""Exactly once, under load: people acting on the same record at the same moment, over real HTTP.

Each scenario runs many trials; in each, two requests are released together by a barrier from two threads,
against the app's real database (SQLite: one writer at a time; PostgreSQL: row locks). Whatever the order,
there is exactly one live record, nobody gets a 500, the loser is told who was first, and after a withdrawal
nothing of the record is left on its page, in the API, the feeds, the CSV or the search index.
"""

from __future__ import annotations

from functools import partial

import pytest
from sqlalchemy import func, select

from panelrecords.models.published import PublishedRecord
from panelrecords.models.users import Role
from panelrecords.publishing import drafts, review
from panelrecords.search.backend import SearchRequest, get_backend
from tests.concurrency import together
from tests.factories import make_case
from tests.integration.publication.helpers import closed_decision

TRIALS = 50
API = "/api/v1"
ALLOWED = {200, 302, 400, 409}


def _review_url(draft) -> str:
    return f"/records/publication/drafts/{draft.id}/review"


def _submitted_drafts(db, clerk, count: int) -> list:
    found = []
    for n in range(count):
        draft = drafts.prepare_draft(closed_decision(db, case=make_case(db, reference=f"C-R{n:05d}")), by=clerk)
        drafts.submit(draft, by=clerk)
        found.append(draft)
    db.session.commit()
    return found


def _live(db, decision_id: int) -> int:
    return db.session.scalar(
        select(func.count(PublishedRecord.id)).where(
            PublishedRecord.source_type == "decision",
            PublishedRecord.source_id == decision_id,
            PublishedRecord.is_current,
            PublishedRecord.withdrawn_at.is_(None),
        )
    )


@pytest.fixture
def clerk(db):
    from panelrecords.services import Actor
    from tests.factories import make_user

    user = make_user(db, roles=[Role.CLERK], email="clerk-race@example.org", display_name="Chris Clerk")
    db.session.commit()
    return Actor.of(user)


def _signed_in(app, login_as, *roles, name: str):
    client = app.test_client()
    login_as(*roles, client=client, display_name=name)
    return client


@pytest.mark.slow
def test_two_reviewers_approving_one_draft_publish_it_once(app, db, clerk, login_as, csrf_token):
    first = _signed_in(app, login_as, Role.REVIEWER, name="Robin First")
    second = _signed_in(app, login_as, Role.REVIEWER, name="Alex Second")
    for draft in _submitted_drafts(db, clerk, TRIALS):
        url = _review_url(draft)
        forms = [{"csrf_token": csrf_token(c, url), "decision": "approve"} for c in (first, second)]
        responses = together(partial(first.post, url, data=forms[0]), partial(second.post, url, data=forms[1]))
        statuses = sorted(r.status_code for r in responses)
        assert set(statuses) <= ALLOWED and statuses.count(302) == 1, statuses
        loser = next(r for r in responses if r.status_code != 302).get_data(as_text=True)
        assert "already approved and published by" in loser
        db.session.expire_all()
        assert _live(db, draft.decision_id) == 1


@pytest.mark.slow
def test_one_reviewer_posting_twice_publishes_once(app, db, clerk, login_as, csrf_token):
    reviewer = _signed_in(app, login_as, Role.REVIEWER, name="Robin Reviewer")
    for draft in _submitted_drafts(db, clerk, TRIALS):
        url = _review_url(draft)
        form = {"csrf_token": csrf_token(reviewer, url), "decision": "approve"}
        responses = together(partial(reviewer.post, url, data=form), partial(reviewer.post, url, data=form))
        statuses = sorted(r.status_code for r in responses)
        assert set(statuses) <= ALLOWED and statuses.count(302) == 1, statuses
        db.session.expire_all()
        assert _live(db, draft.decision_id) == 1


@pytest.mark.slow
def test_a_withdrawal_racing_a_correction_leaves_nothing_public(app, db, clerk, login_as, csrf_token):
    from panelrecords.services import Actor
    from tests.factories import make_user

    approver = make_user(db, roles=[Role.REVIEWER], email="approver-race@example.org", display_name="Sam Approver")
    db.session.commit()
    corrector = _signed_in(app, login_as, Role.REVIEWER, name="Robin Corrector")
    withdrawer = _signed_in(app, login_as, Role.ADMIN, name="Alex Admin")
    trials = []
    for draft in _submitted_drafts(db, clerk, TRIALS):
        record = review.approve(draft, by=Actor.of(approver))
        decision = draft.decision
        decision.reasons = decision.reasons + " The panel also read the school's plan."
        db.session.commit()
        correction = drafts.prepare_correction(decision, by=clerk)
        drafts.submit(correction, correction_note="Reasons completed", by=clerk)
        trials.append((decision.id, correction, record.public_id))
    db.session.commit()
    withdrawn = []
    for decision_id, correction, public_id in trials:
        review_url, withdraw_url = _review_url(correction), f"/records/publication/decisions/{decision_id}/withdraw"
        approve = {"csrf_token": csrf_token(corrector, review_url), "decision": "approve"}
        withdraw = {"csrf_token": csrf_token(withdrawer, withdraw_url), "reason": "Published in error"}
        responses = together(
            partial(corrector.post, review_url, data=approve), partial(withdrawer.post, withdraw_url, data=withdraw)
        )
        statuses = [r.status_code for r in responses]
        assert set(statuses) <= ALLOWED | {404}, statuses
        assert statuses[1] == 302, "the withdrawal always succeeds, before or after the correction"
        db.session.expire_all()
        assert _live(db, decision_id) == 0
        versions = db.session.scalars(select(PublishedRecord).where(PublishedRecord.public_id == public_id)).all()
        assert all(v.is_withdrawn for v in versions) and sum(v.is_current for v in versions) == 1
        withdrawn.append(public_id)
    _assert_gone_everywhere(app, withdrawn)


def _assert_gone_everywhere(app, public_ids: list[str]) -> None:
    public = app.test_client()
    for public_id in public_ids[:10]:
        assert public.get(f"/decisions/{public_id}").status_code == 410
        assert public.get(f"{API}/records/{public_id}").status_code == 410
    listing = " ".join(
        public.get(url).get_data(as_text=True)
        for url in ("/feeds/decisions.atom", f"{API}/records?page_size=100", "/search.csv", "/search?q=")
    )
    assert not any(public_id in listing for public_id in public_ids)
    with app.app_context():
        indexed = {hit.public_id for hit in get_backend().search(SearchRequest(page_size=100)).hits}
    assert not indexed & set(public_ids)
