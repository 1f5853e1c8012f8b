"""The statistics page and its figures: published, current, non-withdrawn decisions only; small numbers hidden."""

from __future__ import annotations

import re
from datetime import date

from panelrecords.demo import archive as demo
from panelrecords.services import statistics
from tests.integration.archive.open_data_records import decision, withdraw
from tests.publish_helpers import settle_generation


def _plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _row(figure, label: str) -> list[str]:
    index = figure.table.rows.index(label)
    return [c.text for c in figure.table.cells[index]]


def test_outcomes_are_counted_by_month_and_small_numbers_hidden(app, db):
    for _ in range(6):
        decision(outcome="agreed", meeting_date=date(2026, 1, 12))
    for _ in range(2):
        decision(outcome="refused", meeting_date=date(2026, 1, 14), reasons=("sen_support_sufficient",))
    for _ in range(7):
        decision(outcome="refused", meeting_date=date(2026, 2, 9), reasons=("sen_support_sufficient",))
    stats = statistics.compute()
    figure = stats.outcomes_by_month
    assert figure.table.rows == ["January 2026", "February 2026"]
    january = _row(figure, "January 2026")
    # Agreed 6, refused 2: the 2 is hidden as small, and the 6 to protect it (else 8 - 6 reveals it): the 6 is
    # never called "fewer than 5", it carries the other marker.
    assert january == ["[c]", "0", "0", "fewer than 5"]
    # The refused column then has one hidden number (2 of 9): February's 7 is hidden, so its row total (7) is,
    # and then January's total too (15 - 8 would give 7). The grand total stays.
    assert _row(figure, "February 2026") == ["0", "0", "0", "[c]"]
    assert [c.suppressed for c in figure.table.row_totals] == [True, True]
    assert [c.text for c in figure.table.row_totals] == ["[c]", "[c]"]
    assert figure.table.total.text == "15"
    assert stats.decisions.text == "15"


def test_withdrawn_records_are_left_out_but_counted_as_withdrawals(app, db, client):
    kept = [decision(outcome="refused", reasons=("a",)) for _ in range(5)]
    gone = decision(outcome="agreed")
    withdraw(gone, reason="Could identify a family")
    stats = statistics.compute()
    assert stats.decisions.value == 5
    assert stats.outcomes_by_month.table.column_totals[0].value == 0  # the agreed one was withdrawn
    assert stats.withdrawals.table.row_totals[0].value == 1
    assert stats.withdrawals.table.row_totals[0].text == "fewer than 5"
    assert kept
    page = _plain(client.get("/statistics").get_data(as_text=True))
    assert "Records withdrawn" in page and "Withdrawn records are left out of every other figure" in page


def test_a_reason_given_in_most_refusals_is_flagged_as_a_possible_blanket_policy(app, db, client):
    for index in range(20):
        codes = ("sen_support_sufficient",) if index < 12 else ("insufficient_evidence",) if index < 17 else ("other",)
        decision(outcome="refused", reasons=codes + (("mainstream",) if index < 3 else ()))
    reasons = statistics.compute().reasons
    flagged = reasons.flagged
    assert [row.code for row in flagged] == ["sen_support_sufficient"]
    assert flagged[0].share == "60%" and flagged[0].refusals.text == "12"
    mainstream = next(row for row in reasons.rows if row.code == "mainstream")
    assert (
        mainstream.refusals.text == "fewer than 5" and mainstream.share == "" and not mainstream.possible_blanket_policy
    )
    page = _plain(client.get("/statistics").get_data(as_text=True))
    assert "Possible blanket policy: “Sen support sufficient” was given in 60% of refusals (12 of 20)." in page


def test_no_flag_with_too_few_refusals_for_a_share_to_mean_anything(app, db):
    for _ in range(6):
        decision(outcome="refused", reasons=("sen_support_sufficient",))
    assert statistics.compute().reasons.flagged == []


def test_meeting_figures_count_each_meeting_once(app, db):
    for index in range(6):
        for _ in range(3):  # three decisions per meeting
            decision(meeting_ref=f"meeting-{index}", parent_reps=2 if index < 5 else 0, quorate=index < 5)
    stats = statistics.compute()
    assert stats.meetings.value == 6
    parent_reps = stats.parent_reps.table
    assert [c.value for c in parent_reps.column_totals] == [1, 0, 5, 0]
    assert parent_reps.column_totals[0].suppressed and parent_reps.column_totals[2].suppressed  # 1 hides 5 too
    assert stats.below_required_reps.text == "fewer than 5"
    quorate = stats.quorate.table
    assert [c.value for c in quorate.cells[0]] == [5, 1, 0]


def test_timeliness_shows_exceptions_and_unknowns_never_hides_them(app, db):
    for status, count in (("on_time", 20), ("late", 6), ("exception", 5), ("pending", 5)):
        for _ in range(count):
            decision(timeliness=status)
    decision(timeliness=None, request_type="placement")  # no statutory limit: not counted
    figure = statistics.compute().timeliness
    assert figure.table.columns == ["On time", "Late", "Exception applied", "Not known"]
    assert [c.text for c in figure.table.cells[0]] == ["20", "6", "5", "5"]
    assert figure.table.rows == ["Request for an EHC needs assessment (6 weeks)"]
    assert figure.notes == ["Late decisions were a median of 9 days late."]


def test_appeal_outcomes_of_refusals_by_reason(app, db, client):
    plan = [("overturned", 6), ("conceded_before_hearing", 5), ("la_decision_upheld", 5), ("awaiting", 5), (None, 9)]
    for appeal, count in plan:
        for _ in range(count):
            decision(outcome="refused", reasons=("sen_support_sufficient",), appeal=appeal)
    decision(outcome="agreed", appeal=None)
    figure = statistics.compute().appeals
    assert figure.table.rows == ["All refusals", "Sen support sufficient"]
    assert [c.text for c in figure.table.cells[0]] == ["9", "5", "5", "6", "5", "0"]
    assert figure.table.row_totals[0].text == "30"
    response = client.get("/api/v1/statistics")
    appeals = next(f for f in response.get_json()["figures"] if f["key"] == "appeal_outcomes")
    assert appeals["table"]["rows"][0]["total"] == {"count": 30, "suppressed": False, "why": None}


def test_the_page_has_a_table_beside_every_chart_and_works_without_script(app, db, client):
    for index in range(8):
        decision(outcome="refused" if index % 2 else "agreed", reasons=("a",) if index % 2 else ())
    settle_generation()
    response = client.get("/statistics")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    charts = re.findall(r"<svg\b[^>]*role=\"img\"[^>]*aria-labelledby=\"([^\"]+)\" aria-describedby=\"([^\"]+)\"", html)
    # Each chart is drawn twice (wide, and narrow for a phone), both named by the same caption.
    figures = {labelled for labelled, _described in charts}
    assert len(figures) >= 5 and len(charts) == 2 * len(figures)
    for labelled, described in charts:
        assert f'<figcaption class="govuk-body govuk-!-font-weight-bold" id="{labelled}">' in html
        assert f'<desc id="{described}">' in html
    assert len({described for _labelled, described in charts}) == len(charts)
    assert html.count("<table") >= len(figures)
    cells = [" ".join(c.split()) for c in re.findall(r"<td\b[^>]*>(.*?)</td>", html, re.S)]
    assert len(cells) > 30 and "fewer than 5" in cells and "0" in cells
    # The outcomes by month table: one row per month, then the totals (8 decisions, 4 refused).
    assert re.search(r"<th scope=\"row\"[^>]*>\s*Total\s*</th>", html)
    # Only GOV.UK Frontend's one inline script (allowed by its hash) and the app's module: nothing of ours.
    assert html.count("<script") == 2 and " style=" not in html
    assert "set-cookie" not in {k.lower() for k in response.headers.keys()}
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    assert "public" in response.headers["Cache-Control"]
    assert client.get("/statistics", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_an_empty_archive_says_so(app, client):
    page = _plain(client.get("/statistics").get_data(as_text=True))
    assert "No decisions have been published yet" in page


def test_demo_decisions_follow_the_facts_of_real_publications(app, db):
    """The demo seeder and ``build_publication`` must publish the same facts (the figures read both)."""
    import random

    from panelrecords.publishing import drafts, review
    from tests.integration.publication.helpers import closed_decision, people

    clerk, reviewer = people(db)
    draft = drafts.prepare_draft(closed_decision(db), by=clerk)
    drafts.submit(draft, by=clerk)
    real = review.approve(draft, by=reviewer).facts
    made = demo.make_decision(random.Random(1), date(2026, 3, 4), {}).facts
    assert set(made) == set(real)
    assert set(made["appeal"]) == set(real["appeal"]) and real["meeting_ref"].startswith("meeting-")
    assert {a["role"] for a in made["attendance"]} <= {"Chair", "Member", "Clerk", "Parent carer representative"}
    assert set(made["attendance"][0]) == set(real["attendance"][0])


def test_an_appeal_recorded_after_publication_reaches_the_public_record_as_a_new_version(app, db):
    from datetime import timedelta

    from panelrecords.publishing import drafts, review
    from panelrecords.publishing.decisions import live_record
    from panelrecords.services import decisions
    from panelrecords.services.recording import LONDON
    from tests.integration.publication.helpers import closed_decision, people

    clerk, reviewer = people(db)
    refused = closed_decision(db, outcome="refused")
    draft = drafts.prepare_draft(refused, by=clerk)
    drafts.submit(draft, by=clerk)
    first = review.approve(draft, by=reviewer)
    assert first.facts["appeal"] == {
        "lodged": False, "lodged_on": None, "outcome": None, "outcome_label": None, "decided_on": None
    }  # fmt: skip
    decided_on = refused.meeting.starts_at.astimezone(LONDON).date()
    decisions.add_event(refused, kind="mediation", happened_on=decided_on, outcome="Jamie's mother agreed", by=clerk)
    decisions.add_event(refused, kind="appeal_lodged", happened_on=decided_on + timedelta(days=1), by=clerk)
    decisions.add_event(
        refused, kind="appeal_outcome", happened_on=decided_on + timedelta(days=2), outcome="overturned", by=clerk
    )
    current = live_record(refused)
    assert current.public_id == first.public_id and current.version == 4
    assert current.facts["appeal"]["outcome"] == "overturned" and current.facts["appeal"]["lodged"] is True
    assert (
        current.correction_note.startswith("Tribunal appeal outcome recorded")
        and "Overturned" in current.correction_note
    )
    # The mediation's free text was not reviewed by a second person, so it is not in these versions.
    mediation = next(e for e in current.facts["later_events"] if e["kind"] == "mediation")
    assert mediation["outcome"] == "" and "Jamie" not in str(current.facts)
    assert current.texts == first.texts
    assert statistics.appeal_status(current.facts) == "overturned"
    all_refusals = statistics.compute().appeals.table.cells[0]
    assert [c.value for c in all_refusals] == [0, 0, 0, 1, 0, 0]


def test_an_event_on_an_unpublished_decision_publishes_nothing(app, db):
    from sqlalchemy import func, select

    from panelrecords.models.published import PublishedRecord
    from panelrecords.services import decisions
    from panelrecords.services.recording import LONDON
    from tests.integration.publication.helpers import closed_decision, people

    clerk, _reviewer = people(db)
    refused = closed_decision(db, outcome="refused")
    day = refused.meeting.starts_at.astimezone(LONDON).date()
    decisions.add_event(refused, kind="appeal_lodged", happened_on=day, by=clerk)
    assert db.session.scalar(select(func.count(PublishedRecord.id))) == 0
    assert [e.kind for e in refused.events] == ["appeal_lodged"]
