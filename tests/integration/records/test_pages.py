"""The clerk's and parent representatives' pages through the test client (CSRF on, every page checked)."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import func, select

from panelrecords.models.audit import AuditEvent
from panelrecords.models.cases import Case
from panelrecords.models.decisions import Decision
from panelrecords.models.panels import Panel, PanelMeeting
from panelrecords.models.papers import Paper
from tests.factories import (
    VALID_NHS_NUMBER,
    VALID_UPN,
    assign_parent_rep,
    make_case,
    make_decision,
    make_meeting,
    make_paper,
    make_quorum,
    make_reference_data,
    make_user,
)


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _post(client, csrf_token, url, data, **kwargs):
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data}, **kwargs)


def test_clerk_creates_a_panel_and_schedules_a_meeting(client, db, login_as, csrf_token):
    login_as("clerk")
    response = _post(
        client,
        csrf_token,
        "/records/panels/new",
        {
            "name": "Decision to assess panel",
            "kind": "decision_to_assess",
            "min_voting_members": "3",
            "required_sectors": ["education", "health"],
            "min_parent_reps": "2",
        },
    )
    assert response.status_code == 302
    panel = db.session.scalars(select(Panel)).one()
    response = _post(
        client,
        csrf_token,
        f"/records/panels/{panel.id}/meetings/new",
        {
            "meeting_date": ["4", "3", "2026"],
            "start_time": "8:45",
            "end_time": "11:00",
            "online": "no",
            "place": "Civic Centre",
        },
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "overlaps the school run" in page
    assert "Not quorate: 0 of 3 voting members present" in page
    assert "no education representative present" in page


def test_an_end_time_before_the_start_is_refused(client, db, login_as, csrf_token):
    login_as("clerk")
    panel = make_meeting(db).panel
    response = _post(
        client,
        csrf_token,
        f"/records/panels/{panel.id}/meetings/new",
        {
            "meeting_date": ["4", "3", "2026"],
            "start_time": "14:00",
            "end_time": "13:00",
            "online": "yes",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The end time must be after the start time" in page and "<title>Error:" in page
    assert _count(db, PanelMeeting) == 1


def test_missing_answers_get_gov_uk_messages(client, db, login_as, csrf_token):
    login_as("clerk")
    panel = make_meeting(db).panel
    page = _post(client, csrf_token, f"/records/panels/{panel.id}/meetings/new", {}).get_data(as_text=True)
    assert "Enter the date of the meeting" in page
    assert "Enter the start time" in page


def test_attendees_declarations_and_closing(client, db, login_as, csrf_token):
    login_as("clerk")
    meeting = make_meeting(db, status="held")
    url = f"/records/meetings/{meeting.id}"
    assert (
        _post(
            client,
            csrf_token,
            f"{url}/attendees/new",
            {
                "name": "Eve Education",
                "organisation": "Council",
                "sector": "education",
                "role": "chair",
                "status": "present",
                "voting": "yes",
                "consent": "default",
            },
        ).status_code
        == 302
    )
    attendee = meeting.attendees[0]
    assert attendee.consent_to_be_named is True
    assert (
        _post(
            client,
            csrf_token,
            f"{url}/declarations/new",
            {
                "attendance_id": str(attendee.id),
                "interest": "Governor at the child's school",
                "action": "withdrew",
                "decision_id": "",
            },
        ).status_code
        == 302
    )
    page = client.get(url).get_data(as_text=True)
    assert "Governor at the child&#39;s school" in page
    refused = _post(client, csrf_token, f"{url}/close", {"reason": ""})
    assert "Enter why the meeting is being closed although it is not quorate" in refused.get_data(as_text=True)
    assert _post(client, csrf_token, f"{url}/close", {"reason": "Urgent: families waiting"}).status_code == 302
    db.session.refresh(meeting)
    assert meeting.status == "closed"


def test_clerk_adds_a_case_and_sees_its_identifiers(client, db, login_as, csrf_token):
    login_as("clerk")
    response = _post(
        client,
        csrf_token,
        "/records/cases/new",
        {
            "request_received_on": ["12", "1", "2026"],
            "requested_by": "parent",
            "child": "Jamie Example",
            "date_of_birth": ["4", "5", "2016"],
            "parents": "Morgan Example",
            "postcode": "BS1 4DJ",
            "nhs_number": VALID_NHS_NUMBER,
            "upn": VALID_UPN,
        },
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Jamie Example" in page and "Decision whether to assess" in page
    assert client.get("/records/cases").status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nhs_number", "943 476 5918", "Enter a valid NHS number: the check digit does not match"),
        ("upn", "A801200000013", "the check letter does not match"),
    ],
)
def test_invalid_nhs_number_or_upn_is_refused(client, db, login_as, csrf_token, field, value, message):
    login_as("clerk")
    page = _post(
        client,
        csrf_token,
        "/records/cases/new",
        {
            "request_received_on": ["12", "1", "2026"],
            "requested_by": "parent",
            "child": "Jamie Example",
            "date_of_birth": ["4", "5", "2016"],
            field: value,
        },
    ).get_data(as_text=True)
    assert message in page
    assert _count(db, Case) == 0


def _refusal(case, **changes):
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
        "evidence": ["ep_report", "parent_views"],
        "evidence_details": "Educational psychologist's report: Jan 2026",
    }
    data.update(changes)
    return data


def test_clerk_records_a_refusal(client, db, login_as, csrf_token):
    login_as("clerk")
    make_reference_data(db)
    meeting, case = make_meeting(db, status="held"), make_case(db)
    start = _post(
        client,
        csrf_token,
        f"/records/meetings/{meeting.id}/decisions/new",
        {"case_reference": case.reference, "request_type": "assess"},
    )
    assert start.status_code == 302
    response = _post(client, csrf_token, start.headers["Location"], _refusal(case))
    assert response.status_code == 302, response.get_data(as_text=True)
    decision = db.session.scalars(select(Decision)).one()
    assert decision.evidence[0].description == "Jan 2026"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Needs can be met from SEN support" in page and "Not met. Needs met from SEN support." in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reasons": ""}, "Enter the reasons for the refusal"),
        ({"reason_codes": []}, "Select at least one reason code for a refusal"),
        ({"limb_b_finding": ""}, "Select the panel&#39;s finding on limb (b) of the legal test"),
        ({"outcome": ""}, "Select the outcome"),
    ],
)
def test_a_refusal_without_reasons_is_refused(client, db, login_as, csrf_token, changes, message):
    login_as("clerk")
    make_reference_data(db)
    meeting, case = make_meeting(db, status="held"), make_case(db)
    url = f"/records/meetings/{meeting.id}/decisions/new/assess?case={case.reference}"
    page = _post(client, csrf_token, url, _refusal(case, **changes)).get_data(as_text=True)
    assert message in page
    assert _count(db, Decision) == 0


def test_a_decision_cannot_be_recorded_for_a_scheduled_meeting(client, db, login_as, csrf_token):
    login_as("clerk")
    make_reference_data(db)
    meeting, case = make_meeting(db), make_case(db)
    url = f"/records/meetings/{meeting.id}/decisions/new/assess?case={case.reference}"
    page = _post(client, csrf_token, url, _refusal(case)).get_data(as_text=True)
    assert "A decision can only be recorded for a meeting that has been held" in page
    assert _count(db, Decision) == 0


def test_what_happened_next_form(client, db, login_as, csrf_token):
    login_as("clerk")
    decision = make_decision(db, outcome="refused")
    url = f"/records/decisions/{decision.id}/events/new"
    page = _post(client, csrf_token, url, {"kind": "appeal_outcome", "happened_on": ["1", "9", "2026"]})
    assert "Select the outcome of the appeal" in page.get_data(as_text=True)
    assert (
        _post(
            client,
            csrf_token,
            url,
            {"kind": "appeal_outcome", "happened_on": ["1", "9", "2026"], "appeal_outcome": "overturned"},
        ).status_code
        == 302
    )


# Papers --------------------------------------------------------------------------------------------------------


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _upload(client, csrf_token, meeting, content: bytes, name: str):
    url = f"/records/meetings/{meeting.id}/papers/new"
    return client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "title": "",
            "decision_id": "",
            "file": (io.BytesIO(content), name),
        },
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(
    ("content", "name", "content_type", "stored_name"),
    [
        (b"%PDF-1.7\nhello", "report.pdf", "application/pdf", "report.pdf"),
        (None, "report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "report.docx"),
        ("Notes from the school – café".encode(), "notes", "text/plain", "notes.txt"),
    ],
)
def test_upload_detects_the_type_from_the_content(
    client, db, login_as, csrf_token, content, name, content_type, stored_name
):
    login_as("clerk")
    meeting = make_meeting(db)
    assert _upload(client, csrf_token, meeting, content or _docx(), name).status_code == 302
    paper = db.session.scalars(select(Paper)).one()
    assert (paper.content_type, paper.filename) == (content_type, stored_name)
    assert len(paper.sha256) == 64


def test_a_disguised_executable_is_refused(client, db, login_as, csrf_token):
    login_as("clerk")
    meeting = make_meeting(db)
    page = _upload(client, csrf_token, meeting, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "report.pdf")
    assert "The selected file must be a PDF, Word (DOCX), OpenDocument text (ODT) or plain text file" in page.get_data(
        as_text=True
    )
    assert _count(db, Paper) == 0


def test_an_over_size_upload_is_refused(app, client, db, login_as, csrf_token):
    app.config["MAX_UPLOAD_BYTES"] = 1024
    login_as("clerk")
    meeting = make_meeting(db)
    page = _upload(client, csrf_token, meeting, b"%PDF-" + b"x" * 2000, "big.pdf").get_data(as_text=True)
    assert "The selected file must be smaller than 1 KB" in page
    assert _count(db, Paper) == 0


def test_a_duplicate_upload_is_recognised(client, db, login_as, csrf_token):
    login_as("clerk")
    meeting = make_meeting(db)
    _upload(client, csrf_token, meeting, b"%PDF-1.7 same", "a.pdf")
    page = _upload(client, csrf_token, meeting, b"%PDF-1.7 same", "b.pdf").get_data(as_text=True)
    assert "This file has already been uploaded as" in page
    assert _count(db, Paper) == 1


def test_download_is_an_uncached_attachment_and_audited(client, db, login_as):
    login_as("clerk")
    paper = make_paper(db, make_meeting(db))
    response = client.get(f"/records/papers/{paper.id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data.startswith(b"%PDF-")
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "paper.download"))


# Parent representatives ----------------------------------------------------------------------------------------


def test_parent_rep_acknowledges_then_reads_papers_and_observes(client, db, login_as, csrf_token):
    rep = login_as("parent_rep", display_name="Pat Parentrep")
    decision = make_decision(db)
    meeting = decision.meeting
    assign_parent_rep(db, meeting, rep)
    paper = make_paper(db, meeting)
    blocked = client.get(f"/records/papers/{paper.id}")
    assert blocked.status_code == 302 and blocked.headers["Location"].endswith("/confidentiality")
    refused = _post(client, csrf_token, f"/records/your-meetings/{meeting.id}/confidentiality", {})
    assert "Confirm that you will keep the papers confidential" in refused.get_data(as_text=True)
    assert (
        _post(client, csrf_token, f"/records/your-meetings/{meeting.id}/confidentiality", {"agree": "y"}).status_code
        == 302
    )
    assert client.get(f"/records/papers/{paper.id}").status_code == 200
    url = f"/records/your-meetings/decisions/{decision.id}/observations/new"
    assert _post(client, csrf_token, url, {"text": "The family's views were heard."}).status_code == 302
    page = client.get(f"/records/your-meetings/{meeting.id}").get_data(as_text=True)
    assert "Pat Parentrep" in page and "views were heard" in page
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"parent_rep.acknowledge_confidentiality", "paper.download", "observation.add"} <= actions


def test_an_unassigned_parent_rep_gets_403(client, db, login_as):
    login_as("parent_rep")
    meeting = make_meeting(db, status="held")
    make_quorum(db, meeting)
    other = make_user(db, roles=["parent_rep"], email="other@example.org")
    assign_parent_rep(db, meeting, other, acknowledged=True)
    paper = make_paper(db, meeting)
    decision = make_decision(db, meeting=meeting)
    assert client.get(f"/records/your-meetings/{meeting.id}").status_code == 403
    assert client.get(f"/records/papers/{paper.id}").status_code == 403
    assert client.get(f"/records/your-meetings/decisions/{decision.id}/observations/new").status_code == 403
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "paper.download_refused"))


def test_case_list_shows_every_case_most_urgent_first(client, db, login_as):
    from datetime import timedelta

    from panelrecords.services.cases import today_in_london

    today = today_in_london()
    make_case(db, reference="C-RECENT", request_received_on=today - timedelta(days=3))
    make_case(db, reference="C-OVERDUE", request_received_on=today - timedelta(weeks=20))
    make_case(db, reference="C-DUESOON", request_received_on=today - timedelta(weeks=5, days=2))
    login_as("reviewer")
    page = client.get("/records/cases").get_data(as_text=True)
    assert "There are no cases yet" not in page
    assert "3 cases" in page
    positions = [page.index(reference) for reference in ("C-OVERDUE", "C-DUESOON", "C-RECENT")]
    assert positions == sorted(positions), positions
    assert "Overdue" in page
