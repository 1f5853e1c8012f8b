"""The statistics page in a browser: readable without JavaScript, charts with their tables, no serious axe
violation."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from playwright.sync_api import expect

from panelrecords.demo import archive as demo
from panelrecords.services import Actor
from tests import publish_helpers as publication
from tests.browser.conftest import check_accessibility


def _publish_demo_decisions(count: int = 80) -> None:
    rng, meetings = random.Random(7), {}
    start = date(2025, 6, 2)
    for index in range(count):
        day = start + timedelta(days=rng.randint(0, 300))
        built = demo.make_decision(rng, day, meetings)
        publication.publish("decision", built, source_type="test", source_id=index, known=[], by=Actor.system("test"))


def test_statistics_page_is_accessible_and_shows_figures(page, db):
    _publish_demo_decisions()
    page.goto("/statistics")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistics about panel decisions")
    for heading in ("Outcomes by month", "Reasons given for refusals", "Quorate meetings", "Statutory time limits"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_text("Possible blanket policy").first).to_be_visible()
    # Each chart is an image named by its caption, with a table of the same figures.
    charts = page.get_by_role("img")
    assert charts.count() >= 6
    expect(page.get_by_role("img", name="Decisions published, by month of the meeting")).to_be_visible()
    expect(page.get_by_role("table", name="Outcomes by month: data")).to_be_visible()
    assert page.get_by_role("table").count() >= charts.count()
    assert check_accessibility(page) == []


def test_statistics_page_works_without_javascript(browser, live_server, db):
    _publish_demo_decisions(30)
    db.session.commit()
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/statistics")
    expect(page.get_by_role("table", name="Outcomes by kind of panel: data")).to_be_visible()
    expect(page.get_by_role("img").first).to_be_visible()
    assert context.cookies() == []
    context.close()


def test_on_a_phone_each_chart_is_drawn_narrow_with_readable_words(browser, live_server, db):
    _publish_demo_decisions(30)
    db.session.commit()
    context = browser.new_context(base_url=live_server, viewport={"width": 320, "height": 720})
    page = context.new_page()
    try:
        page.goto("/statistics")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        chart = page.get_by_role("img", name="Decisions published, by month of the meeting")
        expect(chart).to_have_count(1)  # the wide drawing is not shown
        expect(chart).to_have_class(re.compile("app-chart--narrow"))
        label = chart.locator("text").first.bounding_box()
        assert label["height"] >= 12  # the wide drawing, shrunk to a phone, gave text about 6 px high
    finally:
        context.close()
