"""The archive in Arabic (right to left) and Polish in a browser: axe finds no serious fault, the Arabic pages are
laid out right to left and fit a 320 px screen, references stay left to right, the browser's language is
suggested with a link, and a decision and the glossary print without the site's navigation."""

from __future__ import annotations

import random
from datetime import date

import pytest

from panelrecords import catalogues
from panelrecords.demo.archive import make_decision
from panelrecords.search import outbox
from panelrecords.services import Actor
from tests import publish_helpers as pub
from tests.browser.conftest import check_accessibility

PAGES = ("/", "/search?q=panel&outcome=refused", "/glossary", "/statistics")


@pytest.fixture
def decision(db):
    catalogues.compile_all()
    with outbox.deferred():
        record = pub.publish(
            "decision",
            make_decision(random.Random(3), date(2026, 3, 4)),
            source_type="decision",
            source_id=3,
            by=Actor.system("test"),
        )
    db.session.commit()
    return record


def _check_rtl_page(page, path: str, shots) -> list[str]:
    problems = []
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        page.screenshot(path=str(shots / f"{path.strip('/').replace('/', '_').split('?')[0] or 'home'}-{width}.png"))
        if width == 320 and page.evaluate("document.documentElement.scrollWidth") > 320:
            problems.append(f"{path} scrolls sideways at 320 px")
    if page.evaluate("getComputedStyle(document.body).direction") != "rtl":
        problems.append(f"{path} is not laid out right to left")
    return problems


def test_arabic_and_polish_pages_pass_axe_and_arabic_reads_right_to_left(page, decision, tmp_path):
    shots = tmp_path / "screenshots"
    shots.mkdir()
    problems = []
    for path in (*PAGES, f"/decisions/{decision.public_id}"):
        problems += _check_rtl_page(page, f"/ar{path}", shots)
        problems += [f"/ar{path}: {v}" for v in check_accessibility(page)]
        page.goto(f"/pl{path}")
        problems += [f"/pl{path}: {v}" for v in check_accessibility(page)]
    assert problems == []
    assert len(list(shots.glob("*.png"))) == 2 * (len(PAGES) + 1)

    # On an Arabic decision the reference keeps its own order, and the main column starts on the right.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/ar/decisions/{decision.public_id}")
    reference = page.locator("bdi[dir=ltr]", has_text=decision.public_id).first
    assert reference.evaluate("e => getComputedStyle(e).direction") == "ltr"
    main = page.locator(".govuk-grid-column-two-thirds").first.bounding_box()
    aside = page.locator(".govuk-grid-column-one-third").first.bounding_box()
    assert main["x"] > aside["x"]


def test_the_browsers_language_is_suggested_with_a_link_never_a_redirect(browser, live_server, decision):
    context = browser.new_context(base_url=live_server, locale="pl-PL")
    page = context.new_page()
    response = page.goto("/glossary")
    assert response.status == 200 and page.url == f"{live_server}/glossary"
    suggestion = page.locator("#language-suggestion a")
    assert suggestion.inner_text() == "Przeczytaj tę stronę po polsku"
    assert suggestion.get_attribute("href") == "/pl/glossary" and suggestion.get_attribute("lang") == "pl"
    page.goto("/pl/glossary")
    assert page.locator("#language-suggestion").is_hidden()
    context.close()


@pytest.mark.parametrize("code", ["ar", "pl"])
def test_a_decision_and_the_glossary_print_without_navigation(page, decision, code):
    page.emulate_media(media="print")
    for path in (f"/{code}/decisions/{decision.public_id}", f"/{code}/glossary"):
        page.goto(path)
        for hidden in (".govuk-service-navigation", "#languages", ".app-search-box", ".govuk-footer"):
            assert page.locator(hidden).first.is_hidden(), f"{path}: {hidden} prints"
        assert page.locator("h1").is_visible()
    # Links within the page print as words, without their address.
    after = page.evaluate("getComputedStyle(document.querySelector('.app-glossary a.govuk-link'), '::after').content")
    assert after in ("none", "normal", "")
    assert page.pdf(format="A4")[:4] == b"%PDF"


def test_every_other_language_passes_axe_and_urdu_reads_right_to_left(page, decision, tmp_path):
    """The other catalogues (Somali, Urdu, Bengali, Chinese and any added later) on the same page types."""
    from panelrecords.languages import catalogue_folders, describe

    shots = tmp_path / "screenshots"
    shots.mkdir()
    others = [code for code in catalogue_folders() if code not in ("ar", "pl")]
    assert {"so", "ur", "bn", "zh"} <= set(others)
    problems = []
    for code in others:
        for path in (*PAGES, f"/decisions/{decision.public_id}"):
            if describe(code).is_rtl:
                problems += _check_rtl_page(page, f"/{code}{path}", shots)
            else:
                page.goto(f"/{code}{path}")
            problems += [f"/{code}{path}: {v}" for v in check_accessibility(page)]
    assert problems == []
    assert list(shots.glob("*.png")), "Urdu pages were laid out and photographed"
