"""A name of the family that is also an ordinary word, left in the text, is confirmed by the reviewer one by one."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from panelrecords.errors import ValidationFailed
from panelrecords.models.published import PublishedRecord
from panelrecords.models.users import Role
from panelrecords.publishing import drafts, review
from tests.factories import make_case
from tests.integration.publication.helpers import closed_decision, people

REASONS = "Precious attends a mainstream school. The panel thanked the family for a precious insight into her day."


def _draft(db, clerk):
    case = make_case(db, reference="C-WORDS1", identifiers={"child": ["Precious Adeyemi"], "child_aliases": []})
    draft = drafts.prepare_draft(closed_decision(db, case=case, reasons=REASONS), by=clerk)
    drafts.submit(draft, by=clerk)
    return draft


def test_the_reviewer_confirms_each_ordinary_use_of_a_name_word_before_approving(app, db):
    clerk, reviewer = people(db)
    draft = _draft(db, clerk)
    words = drafts.words_to_confirm(draft)
    assert [(key, hit.text) for key, hit in words] == [("reasons", "precious")]
    assert draft.fields["reasons"]["redacted"].startswith("[child] attends")
    with pytest.raises(ValidationFailed) as refused:
        review.approve(draft, by=reviewer)
    assert refused.value.field == "words_confirmed"
    assert db.session.scalar(select(func.count(PublishedRecord.id))) == 0
    record = review.approve(draft, by=reviewer, words_confirmed=True)
    assert "a precious insight" in record.texts["reasons"]


def test_the_review_page_lists_the_words_and_asks_for_confirmation(app, db, client, login_as, csrf_token):
    clerk, _reviewer = people(db)
    draft = _draft(db, clerk)
    login_as(Role.REVIEWER)
    url = f"/records/publication/drafts/{draft.id}/review"
    page = client.get(url).get_data(as_text=True)
    assert "Words to confirm" in page and "precious</mark>" in page
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "decision": "approve"})
    assert response.status_code == 400 and "Confirm that each word listed" in response.get_data(as_text=True)
    data = {"csrf_token": csrf_token(client, url), "decision": "approve", "words_confirmed": "y"}
    assert client.post(url, data=data).status_code == 302
