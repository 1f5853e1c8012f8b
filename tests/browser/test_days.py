"""A day's work for each role, from the start page by links only: after signing in, no address is typed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in
from tests.factories import (
    assign_parent_rep,
    make_attendee,
    make_case,
    make_decision,
    make_meeting,
    make_panel,
    make_paper,
    make_reference_data,
    make_user,
)


def _accessible(page) -> None:
    assert check_accessibility(page) == []


def _fits_a_phone(page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})


def _nav_count(page) -> str:
    return page.get_by_role("navigation").get_by_role("link", name=re.compile("^Your work")).inner_text()


def test_a_clerks_day(page, db):
    make_user(db, roles=["clerk"], email="clerk@example.org", display_name="Chris Clerk")
    make_reference_data(db)
    panel = make_panel(db, min_voting_members=1, required_sectors=[], min_parent_reps=0)
    now = datetime.now(UTC)
    meeting = make_meeting(db, panel=panel, starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1))
    make_attendee(db, meeting, name="Eve Education", role="chair")
    make_case(db, reference="C-DAY001", request_received_on=now.date() - timedelta(days=3))
    make_case(db, reference="C-LATE01", request_received_on=now.date() - timedelta(weeks=10))
    db.session.commit()

    sign_in(page, "clerk@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    assert _nav_count(page) == "Your work (2 to do)"  # a meeting to mark as held, a case overdue
    _accessible(page)
    _fits_a_phone(page)

    page.get_by_role("link", name=re.compile("^Decision to assess panel")).first.click()
    page.get_by_role("button", name="Mark as held").click()
    page.get_by_role("button", name="Record a decision").click()
    page.get_by_label("Case reference").fill("C-DAY001")
    page.get_by_label("Request for an EHC needs assessment").check()
    page.get_by_role("button", name="Continue").click()

    # An incoherent refusal: every limb met. Every error is listed at once.
    page.get_by_label("Refused").check()
    page.get_by_label("Decision maker's name").fill("Hannah Boyce")
    page.get_by_label("Decision maker's role").fill("Head of SEND")
    page.get_by_role("group", name=re.compile(r"^Limb \(a\)")).get_by_label("Met", exact=True).check()
    page.get_by_role("group", name=re.compile(r"^Limb \(b\)")).get_by_label("Met", exact=True).check()
    page.get_by_label("Reasons for the finding on limb (b)").fill("Provision goes beyond SEN support.")
    page.get_by_role("button", name="Record decision").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the reasons for the finding on limb (a)")
    expect(summary).to_contain_text("Select at least one reason code for a refusal")
    expect(summary).to_contain_text("Enter the reasons for the refusal")
    expect(summary).to_contain_text("The panel found every limb of the legal test met")
    _accessible(page)

    page.get_by_label("Reasons for the finding on limb (a)").fill("Reports describe needs.")
    page.get_by_role("group", name=re.compile(r"^Limb \(b\)")).get_by_label("Not met").check()
    page.get_by_label("Reasons for the finding on limb (b)").fill("Needs are met from SEN support.")
    page.get_by_label("Needs can be met from SEN support").check()
    page.get_by_label("Reasons", exact=True).fill("Refused.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request for an EHC needs assessment: refused")

    # A typo found before publication: corrected, and the meeting page shows where the decision stands.
    page.get_by_role("button", name="Change the decision").click()
    page.get_by_label("Reasons", exact=True).fill("The school's SEN support plan meets the needs.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Changes saved")).to_be_visible()
    expect(page.get_by_text("The school's SEN support plan meets the needs.")).to_be_visible()
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=re.compile("^Meeting on")).click()
    page.get_by_role("button", name="Close the meeting").click()
    page.get_by_role("button", name="Close meeting").click()
    expect(page.get_by_text("Ready to prepare for publication")).to_be_visible()
    _fits_a_phone(page)

    page.get_by_role("link", name="Your work", exact=False).first.click()
    page.get_by_role("link", name=re.compile("^C-DAY001: Request for an EHC needs assessment")).click()
    page.get_by_role("button", name="Prepare for publication").click()
    expect(page).to_have_url(re.compile(r"/records/publication/drafts/\d+$"))

    page.get_by_role("link", name=re.compile("^Your work")).first.click()
    page.get_by_role("link", name="C-LATE01").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("C-LATE01")
    _fits_a_phone(page)
    page.get_by_role("link", name=re.compile("^Your work")).first.click()
    page.get_by_role("link", name="Cases and statutory timescales").click()
    expect(page.get_by_role("link", name="C-LATE01")).to_be_visible()
    expect(page.get_by_role("link", name="C-DAY001")).to_be_visible()
    _fits_a_phone(page)
    _accessible(page)


def test_a_reviewers_day(page, db):
    from panelrecords.publishing import drafts as decision_drafts
    from panelrecords.services import Actor

    clerk = make_user(db, roles=["clerk"], email="clerk@example.org", display_name="Chris Clerk")
    make_user(db, roles=["reviewer"], email="reviewer@example.org", display_name="Robin Reviewer")
    decision = make_decision(db, meeting=make_meeting(db, status="closed"), case=make_case(db, reference="C-REV001"))
    db.session.commit()
    draft = decision_drafts.prepare_draft(decision, by=Actor.of(clerk))
    decision_drafts.submit(draft, by=Actor.of(clerk))
    db.session.commit()

    sign_in(page, "reviewer@example.org")
    assert _nav_count(page) == "Your work (1 to do)"
    expect(page.get_by_text("submitted today")).to_be_visible()
    _accessible(page)
    page.get_by_role("link", name=re.compile("^C-REV001")).click()
    page.get_by_role("link", name="Review this draft").click()
    page.get_by_label("Approve and publish").check()
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_text(re.compile("Decision published"))).to_be_visible()
    page.get_by_role("link", name=re.compile("^Your work")).first.click()
    assert _nav_count(page) == "Your work"
    expect(page.get_by_text("Nothing to do.")).to_be_visible()


def test_a_secretarys_day(page, db):
    from datetime import date

    from panelrecords.models.boards import AgendaItem, Board, BoardAction, BoardMeeting

    make_user(db, roles=["board_secretary"], email="secretary@example.org", display_name="Sam Secretary")
    board = Board(acronym="SIB", name="SEND Improvement Board")
    held = BoardMeeting(board=board, starts_at=datetime.now(UTC) - timedelta(days=2), place="Room 1", status="held")
    earlier = BoardMeeting(board=board, starts_at=datetime(2026, 1, 5, 10, tzinfo=UTC), place="Room 1")
    item = AgendaItem(meeting=earlier, number=1, title="Waiting times")
    db.session.add_all([board, held, earlier, item])
    db.session.flush()
    due = date(2026, 2, 1)
    db.session.add(
        BoardAction(board_id=board.id, item_id=item.id, ref="SIB-2026-001", description="Report", owner="Ann", due=due)
    )
    db.session.commit()

    sign_in(page, "secretary@example.org")
    assert _nav_count(page) == "Your work (3 to do)"  # two meetings' minutes to write, one overdue action
    _accessible(page)
    page.get_by_role("link", name="SIB-2026-001").click()
    page.get_by_label("Done").check()
    page.get_by_label("What has happened").fill("Reported to the March meeting.")
    page.get_by_role("button", name="Save update").click()
    expect(page.get_by_text("Update saved")).to_be_visible()
    _fits_a_phone(page)
    page.get_by_role("link", name=re.compile("^Your work")).first.click()
    assert _nav_count(page) == "Your work (2 to do)"
    page.get_by_role("link", name=re.compile(r"^SIB, ")).first.click()
    page.get_by_role("button", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Annual report")
    page.get_by_role("button", name="Add item").click()
    expect(page.get_by_text("Annual report").first).to_be_visible()
    _accessible(page)
    _fits_a_phone(page)


def test_a_parent_representatives_day(page, db):
    rep = make_user(db, roles=["parent_rep"], email="rep@example.org", display_name="Pat Parentrep")
    meeting = make_meeting(db, status="held")
    decision = make_decision(db, meeting=meeting, case=make_case(db, reference="C-REP001"))
    make_paper(db, meeting, title="School report")
    assign_parent_rep(db, meeting, rep)
    assert decision.id
    db.session.commit()

    sign_in(page, "rep@example.org")
    assert _nav_count(page) == "Your work (2 to do)"  # a paper to read, an observation open
    _accessible(page)
    page.get_by_role("link", name="School report").click()
    page.get_by_role("button", name="Read the confidentiality statement").click()
    page.get_by_label(re.compile("I will keep these papers")).check()
    page.get_by_role("button", name="Accept and continue").click()
    with page.expect_download():
        page.get_by_role("link", name="School report").click()
    page.get_by_role("link", name=re.compile("^Your work")).first.click()
    assert _nav_count(page) == "Your work (1 to do)"
    page.get_by_role("link", name=re.compile("^Add an observation on C-REP001")).click()
    expect(page.get_by_text("your observation is published with it")).to_be_visible()
    expect(page.get_by_text(re.compile("named as “Parent carer representative”"))).to_be_visible()
    _accessible(page)
    page.get_by_label("Your observation").fill("The family's views were heard.")
    page.get_by_role("button", name="Add observation").click()
    expect(page.get_by_text("The family's views were heard.")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Your work")).first.click()
    assert _nav_count(page) == "Your work"
