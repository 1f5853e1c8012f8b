"""Board papers: content checks, public or restricted, the public download, and the leak gate over them."""

from __future__ import annotations

import io

import pytest

from panelrecords.errors import Conflict, ValidationFailed
from panelrecords.models.users import Role
from panelrecords.publishing import core, minutes
from panelrecords.publishing.gate import LeakFound
from panelrecords.services import board_papers
from panelrecords.services.papers import WRONG_TYPE
from tests.factories import make_case
from tests.integration.governance import four_eyes

PDF = b"%PDF-1.4\n% an invented board paper\n"


def test_a_disguised_file_is_refused_whatever_its_name(meeting, by):
    with pytest.raises(ValidationFailed) as refused:
        board_papers.add_paper(
            meeting.items[0], title="Plan", filename="plan.pdf", content=b"MZ\x90\x00\x03binary", is_public=True, by=by
        )
    assert refused.value.field == "document" and refused.value.message == WRONG_TYPE
    with pytest.raises(ValidationFailed):
        board_papers.add_paper(
            meeting.items[0], title="Broken", filename="x.docx", content=b"PK\x03\x04broken", is_public=True, by=by
        )


def test_the_type_comes_from_the_content_and_a_duplicate_is_recognised(meeting, by):
    paper = board_papers.add_paper(
        meeting.items[0], title="Plan", filename="../../etc/plan.txt", content=PDF, is_public=True, by=by
    )
    assert paper.content_type == "application/pdf" and paper.filename == "plan.pdf"
    with pytest.raises(Conflict):
        board_papers.add_paper(meeting.items[1], title="Again", filename="a.pdf", content=PDF, is_public=False, by=by)


def test_only_public_papers_are_published_and_downloadable(client, meeting, by):
    public = board_papers.add_paper(
        meeting.items[1], title="Waiting times report", filename="report.pdf", content=PDF, is_public=True, by=by
    )
    restricted = board_papers.add_paper(
        meeting.items[1],
        title="Commissioning options",
        filename="options.txt",
        content=b"Draft options for the board only.",
        is_public=False,
        by=by,
    )
    record = four_eyes.publish_draft(meeting, by=by)
    assert [p["title"] for p in record.facts["papers"]] == ["Waiting times report"]
    page = client.get(f"/boards/SIB/meetings/{record.public_id}").get_data(as_text=True)
    assert "Waiting times report" in page and "Commissioning options" not in page

    base = f"/boards/SIB/meetings/{record.public_id}/papers"
    response = client.get(f"{base}/{public.id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.mimetype == "application/pdf" and "attachment" in response.headers["Content-Disposition"]
    assert client.get(f"{base}/{restricted.id}").status_code == 404
    assert client.get(f"/boards/SPG/meetings/{record.public_id}/papers/{public.id}").status_code == 404
    # The public page serves the copy made at publication, not the restricted paper.
    from sqlalchemy import func, select

    from panelrecords.extensions import db
    from panelrecords.models.published_boards import PublishedPaper

    copy = db.session.scalar(select(PublishedPaper))
    assert (copy.paper_id, copy.content) == (public.id, PDF)
    public.is_public = False  # a later change to the restricted paper does not reach the published copy
    db.session.commit()
    assert client.get(f"{base}/{public.id}").data == PDF

    minutes.withdraw(meeting, reason="Published in error", by=by)
    assert client.get(f"{base}/{public.id}").status_code == 404
    assert db.session.scalar(select(func.count(PublishedPaper.id))) == 0  # the withdrawal removes the copy


def test_a_paper_that_names_a_case_brings_its_identifiers_into_the_leak_gate(db, meeting, by):
    case = make_case(db)
    board_papers.add_paper(
        meeting.items[1],
        title="Case study",
        filename="case.txt",
        content=f"Case {case.reference}: a late assessment.".encode(),
        is_public=False,
        by=by,
    )
    from panelrecords.services import governance

    governance.save_minutes(meeting.items[1], discussion="Oakfield Primary School raised the delay.", by=by)
    with pytest.raises(LeakFound) as refused:
        four_eyes.publish_draft(meeting, by=by)
    assert "school" in refused.value.message
    assert core.published_for("board_meeting", meeting.id) is None

    governance.save_minutes(meeting.items[1], discussion="[school] raised the delay.", by=by)
    assert four_eyes.publish_draft(meeting, by=by).version == 1


def test_the_leak_gate_reads_public_papers(meeting, by):
    board_papers.add_paper(
        meeting.items[0],
        title="Contact list",
        filename="contacts.txt",
        content=b"For help ring 07700 900123.",
        is_public=True,
        by=by,
    )
    with pytest.raises(LeakFound) as refused:
        four_eyes.publish_draft(meeting, by=by)
    assert "Contact list" in refused.value.message


def test_a_secretary_adds_a_paper_through_the_form(client, login_as, csrf_token, meeting):
    login_as(Role.BOARD_SECRETARY)
    url = f"/governance/items/{meeting.items[0].id}/papers/new"
    response = client.post(
        url,
        data={"csrf_token": csrf_token(client, url), "title": "Photo", "public": "public",
              "document": (io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00"), "photo.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'class="govuk-error-summary' in page and "must be a PDF" in page
    response = client.post(
        url,
        data={"csrf_token": csrf_token(client, url), "title": "Report", "public": "restricted",
              "document": (io.BytesIO(PDF), "report.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(f"/governance/meetings/{meeting.id}").get_data(as_text=True)
    assert "Report</a> (restricted)" in page


def test_the_publish_page_asks_the_secretary_to_check_public_pdfs_by_eye(client, login_as, meeting, by):
    board_papers.add_paper(
        meeting.items[0], title="Scanned report", filename="scan.pdf", content=PDF, is_public=True, by=by
    )
    board_papers.add_paper(
        meeting.items[0], title="Board-only scan", filename="b.pdf", content=PDF + b"2", is_public=False, by=by
    )
    login_as(Role.BOARD_SECRETARY)
    page = client.get(f"/governance/meetings/{meeting.id}/publish").get_data(as_text=True)
    assert "The check cannot read PDF files" in page and "Scanned report" in page
    assert "Board-only scan" not in page
