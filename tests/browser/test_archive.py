"""A family uses the public archive in a browser: search, narrow by outcome and reason, open a decision,
follow a glossary link; the public pages pass an axe-core check; and every public page type fits a 320 px
screen (WCAG 2.2 1.4.10), with the search results before the filters on a phone."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from panelrecords.demo import DemoContext
from panelrecords.demo.accounts import load_accounts
from panelrecords.demo.archive import make_decision
from panelrecords.demo.governance import load_governance
from panelrecords.search import outbox
from panelrecords.services import Actor
from tests import publish_helpers as pub
from tests.browser.conftest import check_accessibility


@pytest.fixture
def archive(db):
    """Forty decisions; a dozen of them about autism, refused for a reason, so a family has something to narrow."""
    by = Actor.system("test")
    records = []
    with outbox.deferred():
        for seed in range(40):
            publication = make_decision(random.Random(seed), date(2025, 6, 2) + timedelta(days=9 * seed))
            if seed % 3 == 0:
                publication.texts = {
                    **publication.texts,
                    "reasons": publication.texts["reasons"] + " The EP report describes autism and the EHC plan.",
                }
            records.append(
                pub.publish("decision", publication, source_type="decision", source_id=seed, known=[], by=by)
            )
    db.session.commit()
    return records


def _count(page) -> int:
    text = page.locator("#results h2").first.inner_text()
    return int(re.match(r"([\d,]+)", text).group(1).replace(",", ""))


def _search_and_narrow(page, archive) -> None:
    page.goto("/")
    page.get_by_label("Search decisions and minutes").fill("autism")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results for ‘autism’")
    about_autism = [r for r in archive if "autism" in " ".join(r.texts.values()).lower()]
    everything = _count(page)
    assert everything == len(about_autism)
    expect(page.locator("mark").first).to_have_text(re.compile("autism", re.I))

    page.get_by_role("group", name="Outcome").get_by_label(re.compile(r"\bRefused \(")).check()
    page.get_by_role("button", name="Apply filters").first.click()
    refused = [r for r in about_autism if r.outcome == "refused"]
    assert _count(page) == len(refused) < everything
    expect(page.get_by_role("link", name=re.compile("Remove filter Outcome: Refused"))).to_be_visible()

    reasons = page.get_by_role("group", name="Reason given")
    reasons.get_by_label(re.compile(r"\bNeeds can be met from SEN support \(")).check()
    page.get_by_role("button", name="Apply filters").first.click()
    narrowed = [r for r in refused if "sen_support" in r.reason_codes]
    assert _count(page) == len(narrowed) > 0
    assert "outcome=refused" in page.url and "reason=sen_support" in page.url


def test_a_family_searches_and_narrows_by_outcome_and_reason(page, archive):
    _search_and_narrow(page, archive)
    first = page.locator("#results ol h3 a").first
    assert re.fullmatch(r"/decisions/D-[0-9A-Z-]+", first.get_attribute("href"))


def test_a_family_opens_a_decision_and_follows_a_glossary_link(page, archive):
    _search_and_narrow(page, archive)
    first = page.locator("#results ol h3 a").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title.split(":")[0])
    glossary_link = page.locator("main a[href*='/glossary#']").first
    anchor = glossary_link.get_attribute("href").split("#", 1)[1]
    glossary_link.click()
    expect(page).to_have_url(re.compile(rf"/glossary#{anchor}$"))
    expect(page.locator(f"#{anchor}")).to_be_visible()


def test_the_search_works_without_javascript(browser, live_server, archive, db):
    db.session.commit()
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/search?q=autism")
        page.get_by_role("group", name="Outcome").get_by_label(re.compile(r"\bRefused \(")).check()
        page.get_by_role("button", name="Apply filters").first.click()
        assert "outcome=refused" in page.url
        expect(page.get_by_role("heading", level=1)).to_have_text("Search results for ‘autism’")
        page.get_by_label("Search for words or a reference").fill('"unclosed')
        page.get_by_role("button", name="Search", exact=True).click()
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        expect(page.get_by_role("link", name="Close the quotation marks around your phrase")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize(
    "url", ["/", "/search", "/search?q=autism&outcome=refused", "/search?q=%22unclosed", "/glossary", "/find?ref=x"]
)
def test_public_pages_have_no_serious_accessibility_violations(page, archive, url):
    page.goto(url)
    assert check_accessibility(page) == []


@pytest.fixture
def public_site(db):
    """Decisions (with long words and several versions) and the demo boards with minutes and actions."""
    by = Actor.system("test")
    with outbox.deferred():
        records = [
            pub.publish(
                "decision",
                make_decision(random.Random(seed), date(2025, 9, 1) + timedelta(days=11 * seed)),
                source_type="decision",
                source_id=seed,
                known=[],
                by=by,
            )
            for seed in range(30)
        ]
    pub.withdraw(records[-1].public_id, reason="It could identify a family", by=by)
    context = DemoContext(seed=7, log=lambda _message: None)
    load_accounts(context)  # the demo boards are published by the demo secretary and a second person
    load_governance(context)
    db.session.commit()
    return records


def _urls(page, records) -> dict[str, str]:
    page.goto("/boards")
    board = page.locator("main a[href^='/boards/']").first.get_attribute("href")
    page.goto(board)
    minutes = page.locator("main a[href*='/meetings/']").first.get_attribute("href")
    return {
        "home": "/",
        "search": "/search?q=panel",
        "search-empty": "/search?q=zzzzqqq",
        "decision": f"/decisions/{records[0].public_id}",
        "statistics": "/statistics",
        "boards": "/boards",
        "board": board,
        "minutes": minutes,
        "actions": f"{board}/actions",
        "glossary": "/glossary",
        "accessibility": "/accessibility",
        "privacy": "/privacy",
        "find": "/find",
        "open-data": "/data/fields",
        "withdrawn": f"/decisions/{records[-1].public_id}",
    }


def test_no_public_page_scrolls_sideways_at_320_pixels(browser, live_server, public_site, db):
    context = browser.new_context(base_url=live_server, viewport={"width": 320, "height": 720})
    page = context.new_page()
    try:
        too_wide, violations = {}, {}
        for kind, url in _urls(page, public_site).items():
            response = page.goto(url)
            assert response.status == (410 if kind == "withdrawn" else 200), (kind, url)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                too_wide[kind] = width
            found = check_accessibility(page)
            if found:
                violations[kind] = found
        assert too_wide == {}
        assert violations == {}
    finally:
        context.close()


def test_on_a_phone_the_results_come_first_and_the_filters_open_without_javascript(browser, live_server, public_site):
    context = browser.new_context(
        base_url=live_server, viewport={"width": 320, "height": 720}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/search?q=panel")
        results = page.locator("#results h2").first.bounding_box()
        summary = page.get_by_text("Filter results", exact=True)
        assert results["y"] < summary.bounding_box()["y"]
        assert results["y"] < 720 * 2  # the results start within two screens, not 2.6 screens down
        outcome = page.get_by_role("group", name="Outcome")
        expect(outcome).to_be_hidden()
        summary.click()
        expect(outcome).to_be_visible()
        outcome.get_by_role("checkbox").first.check()
        page.get_by_role("button", name="Apply filters").first.click()
        assert re.search(r"outcome=", page.url)
        expect(page.get_by_role("group", name="Outcome")).to_be_visible()  # open when filters are chosen
    finally:
        context.close()


def test_on_a_wide_screen_the_filters_are_open_beside_the_results(page, public_site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/search?q=panel")
    expect(page.get_by_role("group", name="Outcome")).to_be_visible()
    filters = page.locator("#filters").bounding_box()
    results = page.locator("#results").bounding_box()
    assert filters["x"] < results["x"] and abs(filters["y"] - results["y"]) < 50


def test_every_public_page_type_passes_axe_on_a_wide_screen(page, public_site):
    page.set_viewport_size({"width": 1280, "height": 900})
    violations = {}
    for kind, url in _urls(page, public_site).items():
        page.goto(url)
        found = check_accessibility(page)
        if found:
            violations[kind] = found
    assert violations == {}
