"""Four eyes in a browser: a clerk prepares and submits a decision, a second person approves it, and the public
page shows the redacted text — never the child's name. Both the draft and the public page pass axe-core."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from panelrecords.models.users import Role
from tests.browser.conftest import check_accessibility, sign_in
from tests.factories import make_user
from tests.integration.publication.helpers import closed_decision


def test_prepare_submit_approve_then_the_public_page_is_redacted(page, browser, live_server, db):
    make_user(db, roles=[Role.CLERK], email="clerk@example.org", display_name="Chris Clerk")
    make_user(db, roles=[Role.REVIEWER], email="reviewer@example.org", display_name="Robin Reviewer")
    closed_decision(db)
    db.session.commit()

    # The clerk prepares the draft: original and redacted text side by side.
    sign_in(page, "clerk@example.org")
    page.goto("/records/publication/")
    page.get_by_role("button", name="Prepare for publication (C-TEST01)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prepare decision C-TEST01 for publication")
    reasons = page.locator('[data-redacted="reasons"]')
    expect(reasons).to_contain_text("[child]")
    expect(reasons).not_to_contain_text("Jamie")
    assert check_accessibility(page) == []

    # A manual redaction of an exact phrase, then submission.
    page.get_by_label("Which text").select_option(label="Reasons for the decision")
    page.get_by_label("Text to redact").fill("needs are not met")
    page.get_by_label("What it is").select_option(value="other")
    page.get_by_role("button", name="Redact", exact=True).click()
    expect(page.get_by_text("Redaction added")).to_be_visible()
    expect(page.locator('[data-redacted="reasons"]')).to_contain_text("[redacted]")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Draft submitted for review")).to_be_visible()
    page.wait_for_load_state("networkidle")

    # A second person, the reviewer, approves it.
    reviewer = browser.new_context(base_url=live_server)
    try:
        review = reviewer.new_page()
        review.set_default_timeout(10_000)
        sign_in(review, "reviewer@example.org")
        review.goto("/records/publication/")
        review.get_by_role("link", name="Review C-TEST01, version 1").click()
        expect(review.get_by_role("heading", level=1)).to_have_text("Review decision C-TEST01")
        assert check_accessibility(review) == []
        review.get_by_label("Approve and publish").check()
        review.get_by_role("button", name="Save review").click()
        banner = review.get_by_text(re.compile(r"Decision published as D-"))
        expect(banner).to_be_visible()
        public_id = re.search(r"D-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", banner.inner_text()).group(0)
        review.wait_for_load_state("networkidle")  # no response (the favicon) left half-sent when it closes
    finally:
        reviewer.close()

    # Anyone can read it, redacted.
    public = browser.new_context(base_url=live_server)
    try:
        reader = public.new_page()
        reader.set_default_timeout(10_000)
        reader.goto(f"/decisions/{public_id}")
        expect(reader.get_by_role("heading", level=1)).to_have_text("Request for an EHC needs assessment: agreed")
        main = reader.get_by_role("main")
        expect(main).to_contain_text("[child]")
        expect(main).to_contain_text("[redacted]")
        expect(main).to_contain_text(public_id)
        for identifier in ("Jamie", "Jay ", "Morgan", "Oakfield", "BS1 4DJ", "943 476 5919"):
            expect(main).not_to_contain_text(identifier)
        assert check_accessibility(reader) == []
        reader.wait_for_load_state("networkidle")
    finally:
        public.close()
