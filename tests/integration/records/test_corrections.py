"""Correcting before publication: coherent decisions, audited edits, removals, and every error at once."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from panelrecords.models.audit import AuditEvent
from panelrecords.models.decisions import Decision, Observation
from panelrecords.publishing import drafts as decision_drafts
from panelrecords.publishing import review as decision_review
from panelrecords.services import Actor
from tests.factories import make_case, make_decision, make_meeting, make_paper, make_reference_data, make_user
from tests.integration.publication.helpers import closed_decision, people


def _post(client, csrf_token, url, data, **kwargs):
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data}, **kwargs)


def _decision_data(**changes):
    data = {
        "outcome": "refused",
        "decision_maker_name": "Dana Decider",
        "decision_maker_role": "Head of SEND",
        "limb_a_finding": "met",
        "limb_a_reasons": "Reports describe needs.",
        "limb_b_finding": "not_met",
        "limb_b_reasons": "Needs met from SEN support.",
        "reason_codes": ["sen_support"],
        "reasons": "The school's plan meets the needs.",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _events(db, action: str) -> list[dict]:
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.sequence))
    return [json.loads(row.detail) for row in rows]


def _new_decision_url(db):
    make_reference_data(db)
    meeting, case = make_meeting(db, status="held"), make_case(db)
    return f"/records/meetings/{meeting.id}/decisions/new/assess?case={case.reference}"


# Decision coherence ---------------------------------------------------------------------------------------------


def test_a_refusal_with_every_limb_met_is_refused_without_a_departure_reason(client, db, login_as, csrf_token):
    login_as("clerk")
    url = _new_decision_url(db)
    page = _post(client, csrf_token, url, _decision_data(limb_b_finding="met")).get_data(as_text=True)
    assert "govuk-error-summary" in page
    assert "The panel found every limb of the legal test met" in page
    assert db.session.scalar(select(func.count(Decision.id))) == 0


def test_an_agreement_with_a_limb_not_met_is_refused_without_a_departure_reason(client, db, login_as, csrf_token):
    login_as("clerk")
    url = _new_decision_url(db)
    page = _post(client, csrf_token, url, _decision_data(outcome="agreed")).get_data(as_text=True)
    assert "The panel found a limb of the legal test not met" in page
    assert db.session.scalar(select(func.count(Decision.id))) == 0


def test_a_departure_reason_lets_the_panel_depart_and_is_kept_for_publication(client, db, login_as, csrf_token):
    login_as("clerk")
    url = _new_decision_url(db)
    reason = "The family asked for a deferral while a new school placement settles."
    response = _post(
        client, csrf_token, url, _decision_data(limb_b_finding="met", departure_reason=reason), follow_redirects=True
    )
    assert response.status_code == 200
    decision = db.session.scalars(select(Decision)).one()
    assert decision.departure_reason == reason
    assert reason in response.get_data(as_text=True)


def test_a_coherent_decision_keeps_no_departure_reason(db):
    from panelrecords.services import decisions
    from panelrecords.services.decisions import LimbAnswer

    make_reference_data(db)
    meeting, case = make_meeting(db, status="held"), make_case(db)
    clerk = Actor.of(make_user(db, roles=["clerk"]))
    decision = decisions.record_decision(
        meeting,
        case_reference=case.reference,
        request_type="assess",
        outcome="agreed",
        decision_maker_name="Dana",
        decision_maker_role="Head of SEND",
        findings={"a": LimbAnswer("met", "Needs."), "b": LimbAnswer("met", "Plan needed.")},
        departure_reason="Not needed",
        by=clerk,
    )
    assert decision.departure_reason == ""


def test_every_error_is_listed_at_once_with_its_field_named(client, db, login_as, csrf_token):
    login_as("clerk")
    url = _new_decision_url(db)
    page = _post(
        client,
        csrf_token,
        url,
        _decision_data(reasons="", reason_codes=None, limb_b_finding="", limb_a_reasons="", decision_maker_name=""),
    ).get_data(as_text=True)
    summary = page[page.index("govuk-error-summary") : page.index("</main>")]
    for message in (
        "Enter the name of the decision maker",
        "Enter the reasons for the finding on limb (a)",
        "Select the panel&#39;s finding on limb (b) of the legal test",
        "Select at least one reason code for a refusal",
        "Enter the reasons for the refusal",
    ):
        assert message in summary, message


def test_two_overlong_reasons_name_their_fields(client, db, login_as, csrf_token):
    login_as("clerk")
    url = _new_decision_url(db)
    page = _post(client, csrf_token, url, _decision_data(reasons="x" * 20_001, limb_a_reasons="y" * 10_001)).get_data(
        as_text=True
    )
    assert "Reasons for the decision must be 20,000 characters or fewer" in page
    assert "Reasons for the finding on limb (a) must be 10,000 characters or fewer" in page


# Editing before publication -------------------------------------------------------------------------------------


def test_clerk_changes_a_decision_and_the_audit_keeps_before_and_after(client, db, login_as, csrf_token):
    login_as("clerk")
    decision = make_decision(db, outcome="refused", reasons="Refused.")
    url = f"/records/decisions/{decision.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Refused." in page  # the form starts from what was recorded
    response = _post(
        client,
        csrf_token,
        url,
        _decision_data(reasons="The school's SEN support plan meets the needs described in the EP report."),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(decision)
    assert decision.reasons.startswith("The school's SEN support plan")
    [event] = _events(db, "decision.update")
    assert event["before"]["reasons"] == "Refused."
    assert event["after"]["reasons"].startswith("The school's SEN support plan")
    assert event["before"]["findings"] == {} and set(event["after"]["findings"]) == {"a", "b"}


def test_changing_a_decision_after_the_meeting_closed_needs_a_reason(client, db, login_as, csrf_token):
    login_as("clerk")
    decision = make_decision(db, meeting=make_meeting(db, status="closed"), outcome="refused", reasons="Refused.")
    url = f"/records/decisions/{decision.id}/edit"
    page = _post(client, csrf_token, url, _decision_data()).get_data(as_text=True)
    assert "Enter why this is being changed after the meeting was closed" in page
    db.session.refresh(decision)
    assert decision.reasons == "Refused."
    response = _post(client, csrf_token, url, _decision_data(change_reason="Typo in the reasons"))
    assert response.status_code == 302
    [event] = _events(db, "decision.update")
    assert event["change_reason"] == "Typo in the reasons"


def test_a_published_decision_changes_only_through_a_correction(client, db, login_as, csrf_token):
    decision = closed_decision(db, reasons="The panel refused the request.")
    clerk, reviewer = people(db)
    draft = decision_drafts.prepare_draft(decision, by=clerk)
    decision_drafts.submit(draft, by=clerk)
    record = decision_review.approve(draft, by=reviewer)
    login_as("clerk")
    url = f"/records/decisions/{decision.id}/edit"
    response = client.get(url)
    assert response.status_code == 409
    assert "Correct it through a correction of the published record" in response.get_data(as_text=True)
    refused = client.post(url, data={"csrf_token": "x", **_decision_data(change_reason="Try")})
    assert refused.status_code in (400, 409)
    db.session.refresh(decision)
    assert decision.reasons == "The panel refused the request."
    page = client.get(f"/records/decisions/{decision.id}").get_data(as_text=True)
    assert f"/decisions/{record.public_id}" in page and "Correct the published record" in page
    assert "Change the decision" not in page


# Removing before publication -------------------------------------------------------------------------------------


def test_a_removed_paper_is_never_served_and_its_removal_is_audited(client, db, login_as, csrf_token):
    clerk = login_as("clerk")
    meeting = make_meeting(db, status="held")
    paper = make_paper(db, meeting)
    assert client.get(f"/records/papers/{paper.id}").status_code == 200
    response = _post(client, csrf_token, f"/records/papers/{paper.id}/remove", {"reason": ""})
    assert response.status_code == 302
    assert client.get(f"/records/papers/{paper.id}").status_code == 404
    meeting_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ep-report.pdf" not in meeting_page and "Paper removed" in meeting_page
    db.session.refresh(paper)
    assert paper.content == b"" and paper.removed_by_id == clerk.id
    [event] = _events(db, "paper.remove")
    assert event["before"]["filename"] == "ep-report.pdf" and event["before"]["sha256"] == paper.sha256


def test_removing_a_paper_after_the_meeting_closed_needs_a_reason(client, db, login_as, csrf_token):
    login_as("clerk")
    paper = make_paper(db, make_meeting(db, status="closed"))
    url = f"/records/papers/{paper.id}/remove"
    page = _post(client, csrf_token, url, {"reason": ""}).get_data(as_text=True)
    assert "Enter why you are removing it after the meeting was closed" in page
    assert _post(client, csrf_token, url, {"reason": "Wrong child's report"}).status_code == 302


def test_clerk_removes_an_observation_before_publication(client, db, login_as, csrf_token):
    login_as("clerk")
    decision = make_decision(db)
    decision.observations = [Observation(author_name="Pat Parent", text="Uploaded to the wrong decision.")]
    db.session.flush()
    observation = decision.observations[0]
    url = f"/records/observations/{observation.id}/remove"
    assert _post(client, csrf_token, url, {"reason": ""}).status_code == 302
    assert db.session.scalar(select(func.count(Observation.id))) == 0
    [event] = _events(db, "observation.remove")
    assert event["before"]["text"] == "Uploaded to the wrong decision."


@pytest.mark.parametrize("outcome", ["agreed", "refused"])
def test_decision_page_offers_the_next_publication_step(client, db, login_as, outcome):
    login_as("clerk")
    decision = closed_decision(db, outcome=outcome, reasons="Plain reasons.")
    page = client.get(f"/records/decisions/{decision.id}").get_data(as_text=True)
    assert "Prepare for publication" in page
    assert f"/records/publication/decisions/{decision.id}/prepare" in page
    meeting_page = client.get(f"/records/meetings/{decision.meeting_id}").get_data(as_text=True)
    assert "Ready to prepare for publication" in meeting_page


# Your work ------------------------------------------------------------------------------------------------------


def test_your_work_lists_the_clerks_tasks_with_counts_in_the_navigation(client, db, login_as):
    from datetime import UTC, datetime, timedelta

    login_as("clerk")
    past = make_meeting(db, starts_at=datetime.now(UTC) - timedelta(days=1), ends_at=datetime.now(UTC))
    held = make_meeting(db, status="held")
    ready = closed_decision(db, reasons="Plain reasons.")
    make_case(db, reference="C-LATE01", request_received_on=datetime.now(UTC).date() - timedelta(weeks=10))
    page = client.get("/records/").get_data(as_text=True)
    assert f"/records/meetings/{past.id}" in page and f"/records/meetings/{held.id}" in page
    assert f"/records/decisions/{ready.id}" in page
    assert "C-LATE01" in page
    # one meeting to mark held, one held, one decision to prepare, one overdue case (at least)
    assert "Your work (" in page and " to do)" in page


def test_your_work_lists_drafts_waiting_for_the_reviewer_oldest_first(client, db, login_as):
    decision = closed_decision(db, reasons="Plain reasons.")
    clerk, _reviewer = people(db)
    draft = decision_drafts.prepare_draft(decision, by=clerk)
    decision_drafts.submit(draft, by=clerk)
    login_as("reviewer")
    page = client.get("/records/").get_data(as_text=True)
    assert f"/records/publication/drafts/{draft.id}" in page
    assert "submitted today" in page
    assert "Your work (1 to do)" in page


def test_your_work_shows_a_parent_rep_unread_papers_and_open_observations(client, db, login_as, csrf_token):
    from tests.factories import assign_parent_rep

    rep = login_as("parent_rep")
    meeting = make_meeting(db, status="held")
    decision = make_decision(db, meeting=meeting)
    paper = make_paper(db, meeting, title="School report")
    assign_parent_rep(db, meeting, rep, acknowledged=True)
    page = client.get("/records/").get_data(as_text=True)
    assert "School report" in page
    assert f"/records/your-meetings/decisions/{decision.id}/observations/new" in page
    assert "Your work (2 to do)" in page
    assert client.get(f"/records/papers/{paper.id}").status_code == 200
    assert "Your work (1 to do)" in client.get("/records/").get_data(as_text=True)


def test_your_work_shows_the_secretarys_minutes_and_overdue_actions(client, db, login_as):
    from datetime import UTC, date, datetime, timedelta

    from panelrecords.models.boards import AgendaItem, Board, BoardAction, BoardMeeting

    login_as("board_secretary")
    board = Board(acronym="SIB", name="SEND Improvement Board")
    meeting = BoardMeeting(board=board, starts_at=datetime.now(UTC) - timedelta(days=3), status="minutes_draft")
    item = AgendaItem(meeting=meeting, number=1, title="Waiting times")
    db.session.add_all([board, meeting, item])
    db.session.flush()
    action = BoardAction(
        board_id=board.id, item_id=item.id, ref="SIB-2026-01", description="Report", owner="Ann", due=date(2026, 1, 5)
    )
    db.session.add(action)
    db.session.flush()
    page = client.get("/records/").get_data(as_text=True)
    assert f"/governance/meetings/{meeting.id}" in page
    assert f"/governance/actions/{action.id}" in page
    assert "Your work (2 to do)" in page


# Attendees and declarations -------------------------------------------------------------------------------------


def test_clerk_corrects_an_attendee_and_the_audit_keeps_before_and_after(client, db, login_as, csrf_token):
    from tests.factories import make_attendee

    login_as("clerk")
    meeting = make_meeting(db, status="held")
    attendee = make_attendee(db, meeting, name="Hal Helth", sector="health")
    url = f"/records/attendees/{attendee.id}/edit"
    assert "Hal Helth" in client.get(url).get_data(as_text=True)
    data = {"name": "Hal Health", "organisation": "NHS trust", "sector": "health", "role": "member"}
    data |= {"status": "present", "voting": "yes", "consent": "yes"}
    response = _post(client, csrf_token, url, data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(attendee)
    assert attendee.name == "Hal Health"
    [event] = _events(db, "attendee.update")
    assert event["before"] == {"name": "Hal Helth", "organisation": "Example City Council"}
    assert event["after"] == {"name": "Hal Health", "organisation": "NHS trust"}


def test_attendees_of_a_meeting_with_a_published_decision_change_only_by_correction(client, db, login_as, csrf_token):
    decision = closed_decision(db, reasons="Plain reasons.")
    clerk, reviewer = people(db)
    draft = decision_drafts.prepare_draft(decision, by=clerk)
    decision_drafts.submit(draft, by=clerk)
    decision_review.approve(draft, by=reviewer)
    login_as("clerk")
    attendee = decision.meeting.attendees[0]
    page = _post(client, csrf_token, f"/records/attendees/{attendee.id}/remove", {"reason": "Mistake"})
    assert "A decision of this meeting is published" in page.get_data(as_text=True)
    assert _events(db, "attendee.remove") == []


def test_clerk_removes_a_declaration_and_an_attendee(client, db, login_as, csrf_token):
    from panelrecords.models.panels import Attendance, InterestDeclaration
    from tests.factories import make_attendee

    login_as("clerk")
    meeting = make_meeting(db, status="held")
    attendee = make_attendee(db, meeting, name="Wrong Person")
    declaration = InterestDeclaration(meeting=meeting, attendee=attendee, interest="Governor", action="withdrew")
    db.session.add(declaration)
    db.session.flush()
    assert _post(client, csrf_token, f"/records/declarations/{declaration.id}/remove", {}).status_code == 302
    assert _events(db, "declaration.remove")[0]["before"]["interest"] == "Governor"
    response = _post(client, csrf_token, f"/records/attendees/{attendee.id}/remove", {"reason": ""})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Attendance.id))) == 0
    assert db.session.scalar(select(func.count(InterestDeclaration.id))) == 0
    assert _events(db, "attendee.remove")[0]["before"]["name"] == "Wrong Person"


def test_clerk_moves_a_meeting_and_the_audit_keeps_before_and_after(client, db, login_as, csrf_token):
    login_as("clerk")
    meeting = make_meeting(db)
    url = f"/records/meetings/{meeting.id}/edit"
    assert "Room 2, Civic Centre" in client.get(url).get_data(as_text=True)
    data = {"meeting_date": ["5", "3", "2026"], "start_time": "10:00", "end_time": "12:30", "online": "no"}
    response = _post(client, csrf_token, url, {**data, "place": "Room 3, Civic Centre"})
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(meeting)
    assert meeting.starts_at.date().isoformat() == "2026-03-05" and meeting.place == "Room 3, Civic Centre"
    [event] = _events(db, "meeting.update")
    assert event["before"]["place"] == "Room 2, Civic Centre" and event["after"]["place"] == "Room 3, Civic Centre"
    assert event["before"]["starts_at"].startswith("2026-03-04")
