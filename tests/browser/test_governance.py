"""A board secretary's journey in a browser: a meeting with an agenda, attendance, minutes imported from the DOCX
fixture and typed, published as a draft, approved at the next meeting, and the public page with its history —
each publication asked for by the secretary and approved by a second board secretary in another browser."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in
from tests.factories import make_user

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "minutes.docx"


def _date(page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def _accessible(page) -> None:
    assert check_accessibility(page) == []


def _schedule(page, day: str, month: str, place: str) -> None:
    page.get_by_role("button", name="Schedule a meeting").click()
    _date(page, "Date of the meeting", day, month, "2026")
    page.get_by_label("Start time").fill("2pm")
    page.get_by_label("Place").fill(place)
    page.get_by_role("button", name="Schedule meeting").click()


def _attendance(page, name: str, organisation: str, role: str, status: str) -> None:
    page.get_by_role("link", name="Add to the attendance").click()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Organisation", exact=True).fill(organisation)
    page.get_by_label("Role", exact=True).fill(role)
    page.get_by_label(status).check()
    page.get_by_role("button", name="Add to attendance").click()
    expect(page.get_by_text("Attendance recorded")).to_be_visible()


def _approve_as_second_person(second, what: str) -> None:
    """Another board secretary reviews what the first one asked to publish, by links from the start page."""
    second.goto("/governance/")
    second.get_by_role("link", name="Publications waiting for review").click()
    second.get_by_role("link", name=what).first.click()
    _accessible(second)
    second.get_by_role("button", name="Approve and publish").click()
    expect(second.get_by_text("Approved and published")).to_be_visible()


def test_a_secretary_publishes_draft_then_approved_minutes(page, browser, live_server, db):
    make_user(db, email="secretary@example.org", roles=["board_secretary"])
    make_user(db, email="second@example.org", roles=["board_secretary"], display_name="Robin Second")
    db.session.commit()
    sign_in(page, "secretary@example.org")
    second = browser.new_context(base_url=live_server).new_page()
    second.set_default_timeout(10_000)
    sign_in(second, "second@example.org")

    page.goto("/governance/boards/new")
    page.get_by_label("Short name").fill("SIB")
    page.get_by_label("Name", exact=True).fill("SEND Improvement Board")
    page.get_by_role("button", name="Save board").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SEND Improvement Board")
    expect(page.get_by_text("waiting for a second person's review")).to_be_visible()
    board_url = page.url
    # Saved, not public, until a second person approves the board's description.
    _approve_as_second_person(second, "Board name, description and terms of reference")

    # The meeting and its agenda.
    _schedule(page, "14", "1", "Committee Room 1, Civic Centre")
    meeting_url = page.url
    page.get_by_role("button", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Terms of reference")
    page.get_by_label("Presenter").fill("Chair")
    page.get_by_role("button", name="Add item").click()
    expect(page.get_by_text("Agenda item added")).to_be_visible()

    # Attendance: present, apologies, a guest in attendance.
    _attendance(page, "Dana Whitfield", "Example City Council", "Chair", "Present")
    _attendance(page, "Marcus Osei", "NHS Example Integrated Care Board", "Designated Clinical Officer", "Apologies")
    _attendance(page, "Leon Fairbairn", "Example City Council", "Analyst", "In attendance (guest)")

    # Minutes typed for the first item, the rest imported from the DOCX fixture and reviewed before saving.
    page.get_by_role("link", name="Write minutes of item 1").click()
    page.get_by_label("Discussion").fill("The board agreed its **terms of reference**.\n\n- monthly meetings")
    page.get_by_label("Decisions taken").fill("Terms of reference agreed")
    page.get_by_role("button", name="Save minutes").click()
    expect(page.get_by_text("Minutes saved")).to_be_visible()
    page.get_by_role("button", name="Import minutes").click()
    page.get_by_label("Minutes document").set_input_files(str(FIXTURE))
    page.get_by_role("button", name="Read document").click()
    expect(page.get_by_role("heading", name="Check the imported items")).to_be_visible()
    titles = page.get_by_label("Title")
    expect(titles).to_have_count(3)
    expect(titles.nth(1)).to_have_value("Waiting times for assessments")
    page.get_by_label("Save this item").nth(2).uncheck()  # "Any other business" is not kept
    _accessible(page)
    page.get_by_role("button", name="Save these items").click()
    expect(page.get_by_text("Imported items saved")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^3\. Waiting times for assessments"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Any other business"))).to_have_count(0)

    # An action under the imported item.
    page.get_by_role("link", name="Add an action to item 3").click()
    page.get_by_label("Action agreed").fill("Publish the monthly timeliness figures")
    page.get_by_label("Owner (role or organisation)").fill("Head of SEND")
    page.get_by_role("button", name="Add action").click()

    # Published early as a draft, once a second person approves.
    page.get_by_role("button", name="Ask to publish draft minutes").click()
    _accessible(page)
    page.get_by_role("button", name="Ask for a second person's review").click()
    expect(page.get_by_text("Publication asked for")).to_be_visible()
    _approve_as_second_person(second, "Draft minutes, subject to approval")
    page.reload()
    page.get_by_role("link", name=re.compile(r"^M-")).click()
    expect(page.get_by_text("Draft — subject to approval.")).to_be_visible()
    minutes_url = page.url

    # The next meeting approves them.
    page.goto(board_url)
    _schedule(page, "11", "2", "Committee Room 1, Civic Centre")
    page.goto(meeting_url)
    page.get_by_role("button", name="Record approval").click()
    page.get_by_label("Meeting that approved the minutes").select_option(label="11 February 2026 at 2pm")
    page.get_by_role("button", name="Record approval").click()
    expect(page.get_by_text("Approval recorded")).to_be_visible()
    page.get_by_role("button", name="Ask to publish approved minutes").click()
    page.get_by_role("button", name="Ask for a second person's review").click()
    expect(page.get_by_text("Publication asked for")).to_be_visible()
    _approve_as_second_person(second, "Approved minutes")

    # The public page: the approved minutes, attendance, items, decisions, actions and both versions.
    page.goto(minutes_url)
    expect(page.locator(".govuk-inset-text")).to_contain_text("Approved at the meeting on 11 February 2026")
    expect(page.get_by_text("Draft — subject to approval.")).to_have_count(0)
    main = page.get_by_role("main")
    expect(main.get_by_role("cell", name="Dana Whitfield")).to_be_visible()
    expect(main.get_by_role("cell", name="In attendance")).to_be_visible()
    expect(main.locator("strong", has_text="terms of reference")).to_be_visible()
    expect(main.get_by_text("Publish the monthly timeliness figures").first).to_be_visible()
    history = main.get_by_role("table").last
    expect(history.get_by_role("link", name="Version 1")).to_be_visible()
    expect(history.get_by_role("link", name="Version 2")).to_be_visible()
    expect(history.get_by_text("Draft — subject to approval")).to_be_visible()
    _accessible(page)

    history.get_by_role("link", name="Version 1").click()
    expect(page.get_by_text("an earlier version of these minutes")).to_be_visible()

    page.goto("/boards/SIB")
    expect(page.get_by_role("heading", level=1)).to_have_text("SEND Improvement Board")
    expect(page.get_by_role("link", name="14 January 2026")).to_be_visible()
    expect(page.get_by_role("cell", name="Publish the monthly timeliness figures")).to_be_visible()
    _accessible(page)
