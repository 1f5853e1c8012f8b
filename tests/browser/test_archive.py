"""A family uses the public archive in a browser: search, narrow by outcome and reason, open a decision,
follow a glossary link; and the public pages pass an axe-core check."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from panelrecords.demo.archive import make_decision
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
    narrowed = [r for r in refused if "sen_support_sufficient" in r.reason_codes]
    assert _count(page) == len(narrowed) > 0
    assert "outcome=refused" in page.url and "reason=sen_support_sufficient" in page.url


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
