"""The whole journey in a browser: a clerk records a meeting and a refusal; a parent representative reads the
paper after accepting the confidentiality statement and adds an observation; an unassigned one is refused."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in
from tests.factories import VALID_NHS_NUMBER, VALID_UPN, make_user


def _date(page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def _accessible(page) -> None:
    assert check_accessibility(page) == []


def _clerk_records_the_meeting(page) -> str:
    sign_in(page, "clerk@example.org")
    page.goto("/records/panels/new")
    page.get_by_label("Name of the panel").fill("Decision to assess panel")
    page.get_by_label("Decision to assess").check()
    page.get_by_label("Minimum number of voting members present").fill("1")
    for sector in ("Education", "Health", "Social care"):
        page.get_by_label(sector, exact=True).uncheck()
    page.get_by_label("Minimum number of parent carer representatives present").fill("1")
    _accessible(page)
    page.get_by_role("button", name="Create panel").click()
    page.get_by_role("button", name="Schedule a meeting").click()
    _date(page, "Date of the meeting", "4", "3", "2026")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("12:00")
    page.get_by_label("Place").fill("Committee Room 2")
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting on 4 March 2026")
    meeting_url = page.url
    _accessible(page)

    for name, sector, role, voting in (
        ("Ruth Aldridge", "Education", "Chair", "Yes"),
        ("Bev Marsh", "Parent carer", "Parent carer representative", "No"),
    ):
        page.get_by_role("link", name="Add an attendee").click()
        page.get_by_label("Full name").fill(name)
        page.get_by_label("Sector").select_option(label=sector)
        page.get_by_label("Role at the meeting").select_option(label=role)
        page.get_by_role("group", name="Voting member?").get_by_label(voting).check()
        page.get_by_role("button", name="Add attendee").click()
    expect(page.get_by_text("Quorate", exact=True)).to_be_visible()

    page.get_by_role("link", name="Add a declaration of interest").click()
    page.get_by_label("Who declared an interest?").select_option(label="Ruth Aldridge")
    page.get_by_label("What was declared").fill("Governor at a school named in the papers")
    page.get_by_label("Stayed and did not vote").check()
    page.get_by_role("button", name="Add declaration").click()
    page.get_by_role("button", name="Mark as held").click()

    page.goto("/records/cases/new")
    _date(page, "Date the request was received", "12", "1", "2026")
    page.get_by_label("Parent", exact=True).check()
    page.get_by_label("Child's or young person's full name").fill("Jamie Example")
    _date(page, "Date of birth", "4", "5", "2016")
    page.get_by_label("NHS number (optional)").fill(VALID_NHS_NUMBER)
    page.get_by_label("Unique pupil number (UPN) (optional)").fill(VALID_UPN)
    _accessible(page)
    page.get_by_role("button", name="Add case").click()
    reference = re.search(r"Case (C-[A-Z0-9]{6})", page.get_by_role("heading", level=1).inner_text()).group(1)

    page.goto(meeting_url)
    page.get_by_role("button", name="Record a decision").click()
    page.get_by_label("Case reference").fill(reference)
    page.get_by_label("Request for an EHC needs assessment").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Refused").check()
    page.get_by_label("Decision maker's name").fill("Hannah Boyce")
    page.get_by_label("Decision maker's role").fill("Head of SEND")
    limb_a = page.get_by_role("group", name=re.compile(r"^Limb \(a\)"))
    limb_a.get_by_label("Met", exact=True).check()
    page.get_by_label("Reasons for the finding on limb (a)").fill("Reports describe needs.")
    limb_b = page.get_by_role("group", name=re.compile(r"^Limb \(b\)"))
    limb_b.get_by_label("Not met").check()
    page.get_by_label("Reasons for the finding on limb (b)").fill("Needs are met from SEN support.")
    page.get_by_label("Needs can be met from SEN support").check()
    page.get_by_label("Reasons", exact=True).fill("The school's plan meets the needs.")
    page.get_by_label("Educational psychologist's report").check()
    _accessible(page)
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request for an EHC needs assessment: refused")

    page.goto(meeting_url)
    page.get_by_role("link", name="Upload a paper").click()
    page.get_by_label("Title").fill("EP report")
    page.get_by_label("File").set_input_files(
        {"name": "ep-report.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% EP report\n"}
    )
    page.get_by_role("button", name="Upload paper").click()
    page.get_by_role("link", name="Assign a parent carer representative").click()
    page.get_by_label("Parent carer representative").select_option(label="Pat Parentrep (rep@example.org)")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("link", name="EP report", exact=True)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    return meeting_url


def test_clerk_and_parent_rep_journey(page, db):
    make_user(db, roles=["clerk"], email="clerk@example.org", display_name="Chris Clerk")
    make_user(db, roles=["parent_rep"], email="rep@example.org", display_name="Pat Parentrep")
    make_user(db, roles=["parent_rep"], email="other@example.org", display_name="Olu Other")
    db.session.commit()
    meeting_url = _clerk_records_the_meeting(page)
    meeting_id = meeting_url.rstrip("/").rsplit("/", 1)[1]

    sign_in(page, "rep@example.org")
    page.get_by_role("link", name=re.compile("Decision to assess panel")).click()
    page.get_by_role("button", name="Read the confidentiality statement").click()
    _accessible(page)
    page.get_by_role("button", name="Accept and continue").click()
    page.get_by_text("Confirm that you will keep the papers confidential").first.wait_for()
    page.get_by_label(re.compile("I will keep these papers")).check()
    page.get_by_role("button", name="Accept and continue").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="EP report").click()
    assert download.value.suggested_filename == "ep-report.pdf"
    page.get_by_role("link", name=re.compile("Add an observation")).click()
    page.get_by_label("Your observation").fill("The family's views were heard and recorded fairly.")
    page.get_by_role("button", name="Add observation").click()
    expect(page.get_by_text("The family's views were heard")).to_be_visible()
    _accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "other@example.org")
    response = page.goto(f"/records/your-meetings/{meeting_id}")
    assert response.status == 403
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "clerk@example.org")
    page.goto(meeting_url)
    page.get_by_role("button", name="Close the meeting").click()
    page.get_by_role("button", name="Close meeting").click()
    expect(page.get_by_text("Closed", exact=True)).to_be_visible()
    expect(page.get_by_text("Pat Parentrep: has not yet accepted")).to_have_count(0)
