from __future__ import annotations

import re

from playwright.sync_api import expect

from panelrecords.models.users import Role
from tests.browser.conftest import check_accessibility, sign_in
from tests.factories import make_user


def test_sign_in_and_sign_out(page, db):
    make_user(db, roles=[Role.CLERK], email="clerk@example.org", display_name="Chris Clerk")
    db.session.commit()
    sign_in(page, "clerk@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    expect(page.get_by_text("Chris Clerk")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    page.goto("/records/")
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))


def test_wrong_password_shows_the_error_summary(page, db):
    make_user(db, email="clerk@example.org")
    db.session.commit()
    sign_in(page, "clerk@example.org", "not the right password")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    # The summary's link moves focus to the field at fault.
    summary.get_by_role("link").click()
    expect(page.get_by_label("Email address")).to_be_focused()


def test_repeated_failures_pause_sign_in_without_saying_the_account_exists(page, app, db):
    make_user(db, email="clerk@example.org")
    db.session.commit()
    for _ in range(app.config["SIGN_IN_MAX_FAILURES"]):
        sign_in(page, "clerk@example.org", "wrong password")
    expect(page.get_by_role("alert")).to_contain_text("Enter a correct email address and password")
    sign_in(page, "clerk@example.org")  # the right password, while sign-in is paused for this address
    expect(page.get_by_role("alert")).to_contain_text("Enter a correct email address and password")
    expect(page.get_by_role("alert")).not_to_contain_text("locked")


def test_public_and_sign_in_pages_are_accessible(page):
    for url in ("/", "/sign-in", "/accessibility", "/privacy"):
        page.goto(url)
        assert check_accessibility(page) == [], url
