"""The public search page, the home page, the reference finder and the glossary, over published records."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from html import unescape

import pytest

from panelrecords.demo.archive import make_decision
from panelrecords.search import outbox
from panelrecords.services import Actor
from tests import publish_helpers as pub

BY = Actor.system("test")


def publish_decision(seed: int, day: date, **changes):
    publication = make_decision(random.Random(seed), day)
    for name, value in changes.items():
        setattr(publication, name, value)
    return pub.publish("decision", publication, source_type="decision", source_id=seed, known=[], by=BY)


def publish_minutes(seed: int, day: date, body: str, board: str = "SIB"):
    publication = pub.Publication(
        title=f"{board} minutes, {day:%d %B %Y}",
        texts={"items": body},
        facts={"board_name": "SEND Improvement Board", "status": "approved"},
        summary=body[:200],
        meeting_date=day,
        board=board,
    )
    return pub.publish("minutes", publication, source_type="minutes", source_id=1000 + seed, known=[], by=BY)


@pytest.fixture
def archive(db):
    """Fourteen decisions over two years and two sets of minutes."""
    with outbox.deferred():  # index once, not per record
        records = [publish_decision(seed, date(2025, 1, 6) + timedelta(days=50 * seed)) for seed in range(14)]
        records.append(
            publish_minutes(1, date(2026, 3, 4), "The board discussed waiting times for speech and language therapy.")
        )
        records.append(publish_minutes(2, date(2026, 4, 8), "The board reviewed the written statement of action."))
    db.session.commit()
    return records


def _page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.get_data(as_text=True)[:300])
    return response.get_data(as_text=True)


def _result_links(page: str) -> list[str]:
    return re.findall(r'<h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="([^"]+)"', page)


def _total(page: str) -> int:
    match = re.search(r"([\d,]+) results?(?:, page|</h2>)", page)
    assert match, "no result count on the page"
    return int(match.group(1).replace(",", ""))


def test_search_finds_stemmed_words_and_highlights_them(client, archive):
    page = _page(client, "/search?q=refusing")
    refused = [r for r in archive if r.outcome == "refused"]
    assert _total(page) >= len(refused) > 0
    assert "<mark>refused</mark>" in page
    assert "Search results for ‘refusing’" in page
    for link in _result_links(page):
        assert link.startswith("/decisions/D-")


def test_the_search_page_without_a_query_lists_everything_newest_first(client, archive):
    page = _page(client, "/search")
    assert _total(page) == len(archive)
    newest = max(archive, key=lambda r: r.meeting_date)
    assert newest.public_id in _result_links(page)[0]
    assert 'aria-label="Results pages"' in page  # 26 records, 10 a page


def test_phrases_operators_and_prefixes(client, archive):
    assert _total(_page(client, '/search?q="SEN+support"')) > 0
    either = _total(_page(client, "/search?q=anxiety+OR+autism"))
    anxiety = _total(_page(client, "/search?q=anxiety"))
    assert either >= anxiety
    without = _total(_page(client, "/search?q=panel+NOT+refused"))
    assert without == _total(_page(client, "/search?q=panel")) - _total(_page(client, "/search?q=panel+refused"))
    assert _total(_page(client, "/search?q=autis*")) == _total(_page(client, "/search?q=autism+OR+autistic"))


def test_minutes_results_link_to_the_board_minutes_page(client, archive):
    page = _page(client, "/search?q=waiting+times")
    [minutes] = [r for r in archive if r.kind == "minutes" and "waiting" in r.summary]
    assert _result_links(page) == [f"/boards/SIB/meetings/{minutes.public_id}"]


def test_facets_show_counts_and_narrow_the_results(client, archive):
    refused = [r for r in archive if r.outcome == "refused"]
    page = _page(client, "/search?q=panel")
    assert 'value="refused"' in page and re.search(r"Refused \(\d+\)", page)
    narrowed = _page(client, "/search?q=panel&outcome=refused")
    assert _total(narrowed) == len(refused)
    assert "checked" in re.search(r'<input[^>]+value="refused"[^>]*>', narrowed).group(0)
    assert 'Remove <span class="govuk-visually-hidden">filter </span>Outcome: Refused' in narrowed
    code = refused[0].reason_codes[0]
    with_reason = _page(client, f"/search?q=panel&outcome=refused&reason={code}")
    assert _total(with_reason) == sum(1 for r in refused if code in r.reason_codes)
    two = _page(client, "/search?outcome=refused&outcome=agreed")
    assert _total(two) == sum(1 for r in archive if r.outcome in ("refused", "agreed"))
    minutes = _page(client, "/search?kind=minutes&board=SIB")
    assert _total(minutes) == 2


def test_year_and_date_range_filters(client, archive):
    in_2025 = [r for r in archive if r.meeting_date.year == 2025]
    assert _total(_page(client, "/search?year=2025")) == len(in_2025)
    spring = [r for r in archive if date(2025, 3, 1) <= r.meeting_date <= date(2025, 6, 30)]
    page = _page(client, "/search?from-day=1&from-month=3&from-year=2025&to-day=30&to-month=6&to-year=2025")
    assert _total(page) == len(spring)
    assert _total(_page(client, "/search?from=2025-03-01&to=2025-06-30")) == len(spring)
    assert "From 1 March 2025" in page


def test_sorting(client, archive):
    oldest = min(archive, key=lambda r: r.meeting_date)
    assert oldest.public_id in _result_links(_page(client, "/search?sort=oldest"))[0]


def test_pagination_keeps_the_search_and_filters(client, archive):
    page = _page(client, "/search?q=panel&sort=newest")
    assert _total(page) > 10
    next_link = unescape(re.search(r'<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="next"', page)[1])
    assert "q=panel" in next_link and "sort=newest" in next_link and "page=2" in next_link
    second = _page(client, next_link)
    assert set(_result_links(second)).isdisjoint(_result_links(page))
    past_the_end = _page(client, "/search?q=panel&page=50")
    assert "Go to the first page" in past_the_end


def test_did_you_mean(client, archive):
    page = _page(client, "/search?q=autsim")
    assert "Did you mean" in page
    link = unescape(re.search(r'Did you mean <a class="govuk-link" href="([^"]+)">autism</a>', page)[1])
    assert _total(_page(client, link)) > 0


def test_the_search_box_is_on_every_public_page(client, archive):
    for url in ["/", "/glossary", "/privacy", "/accessibility", "/find", f"/decisions/{archive[0].public_id}"]:
        response = client.get(url)
        if response.status_code == 500 and url.startswith("/decisions/"):
            continue  # the decision template comes with the decision page
        page = response.get_data(as_text=True)
        assert 'role="search"' in page and 'action="/search"' in page, url
    assert 'id="site-search"' not in _page(client, "/search")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=", "Enter a word or phrase to search for"),
        ("q=+++", "Enter a word or phrase to search for"),
        ('q="unclosed', "Close the quotation marks around your phrase"),
        ("q=(needs", "Check the brackets in your search"),
        ("q=a*", "Type at least 3 letters before * or ?"),
        ("q=AND", "Enter words to search for"),
        ("q=" + "x" * 10_000, "Search terms must be 500 characters or fewer"),
        ("outcome=no_such_outcome", "Select an outcome from the list"),
        ("reason=%3Cscript%3E", "Select a reason from the list"),
        ("page=-1", "The page number must be a whole number from 1 to 500"),
        (f"page={10**9}", "The page number must be a whole number from 1 to 500"),
        ("page=abc", "The page number must be a whole number"),
        ("sort=sideways", "Sort by best match, newest or oldest"),
        ("from=2026-02-30", "The start date must be a real date"),
        ("from-day=1&from-month=13&from-year=2025", "The start date must be a real date"),
        ("to-day=1&to-year=2025", "The end date must include a month"),
        ("from=2026-02-01&to=2026-01-01", "The start date must be the same as or before the end date"),
        ("q=%FF%FEautism", "Search terms must be plain text"),
        ("q=%00", "Search terms must be plain text"),
    ],
)
def test_bad_input_gets_a_clear_message_and_400(client, query, message):
    page = _page(client, f"/search?{query}", status=400)
    assert "There is a problem" in page
    assert message in unescape(page)
    assert "<title>Error: " in page


def test_non_utf8_bytes_anywhere_in_the_query_string_are_refused_cleanly(client):
    for url in ["/search?outcome=%FF%FE", "/search?q=ok&sort=%C3%28", "/search?%FF=1", "/find?ref=%FFD-0000"]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert "must be plain text" in response.get_data(as_text=True)


ODD_QUERIES = [
    "NOT",
    "OR",
    "autism AND",
    "NOT NOT autism",
    "((autism))",
    '""',
    "* autism",
    "section 36(8)",
    "?",
    "a-b-c",
    "autism~2",
    "title:autism",
    "[a TO z]",
    "^",
    "'",
    "😀",
    "ſ",
    "AND OR NOT",
    '"a" "b"',
    "near/3",
    "autism^3",
    "{a TO b}",
    "autism*",
    "AuTiSm",
    "refused NOT",
    "\\",
    "%",
    "<mark>",
]


def test_odd_queries_answer_a_page_or_a_clear_message(client, archive):
    for query in ODD_QUERIES:
        response = client.get("/search", query_string={"q": query})
        assert response.status_code in (200, 400), query
        if response.status_code == 400:
            assert "There is a problem" in response.get_data(as_text=True), query


def test_home_page_explains_lists_the_latest_and_finds_a_reference(client, archive):
    page = _page(client, "/")
    assert "What this archive is" in page and "Find a decision from your letter" in page
    newest = sorted((r for r in archive if r.kind == "decision"), key=lambda r: r.published_at)[-1]
    assert f"/decisions/{newest.public_id}" in page
    assert "Latest board minutes" in page and "/boards/SIB/meetings/" in page
    assert 'action="/find"' in page


def test_find_redirects_a_reference_written_loosely(client, archive):
    record = archive[3]
    loose = record.public_id.lower().replace("-", " ")
    response = client.get("/find", query_string={"ref": f"  {loose} "})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/decisions/{record.public_id}"


def test_find_explains_a_malformed_or_unknown_reference(client, archive):
    assert "Reference from your letter" in _page(client, "/find")
    malformed = _page(client, "/find?ref=hello", status=400)
    assert "Enter the reference exactly as it appears in your letter" in malformed
    assert "<title>Error: Find a decision" in malformed
    unknown = _page(client, "/find?ref=D-0000-0000-0000", status=404)
    assert "No published record has that reference" in unknown
    assert "Enter the reference from your letter" in _page(client, "/find?ref=", status=400)
    assert _page(client, "/find?ref=%FF" + "x" * 5000, status=400)


def test_find_sends_a_withdrawn_reference_to_its_notice(client, archive):
    record = archive[2]
    pub.withdraw(record.public_id, reason="Published in error", by=BY)
    response = client.get(f"/find?ref={record.public_id}")
    assert response.status_code == 302 and response.headers["Location"] == f"/decisions/{record.public_id}"


def test_glossary_has_an_anchor_per_term(client):
    from panelrecords.archive.glossary import TERMS

    page = _page(client, "/glossary")
    for term in TERMS:
        assert f'id="{term.slug}"' in page and f'href="#{term.slug}"' in page


def test_glossary_links_filter(app):
    from markupsafe import Markup

    render = app.jinja_env.from_string
    with app.test_request_context():
        html = render("{{ text | glossary_links }}").render(
            text="Refused under section 36(8); the EP said SEN support <b>was</b> enough. The EP agreed."
        )
        assert '<a class="govuk-link" href="/glossary#section-36-8">section 36(8)</a>' in html
        assert html.count('href="/glossary#ep"') == 1  # the first mention only
        assert "&lt;b&gt;was&lt;/b&gt;" in html  # plain text is escaped
        markup = render("{{ text | glossary_links }}").render(
            text=Markup('<p>Ask the <a href="/x">SENCo</a> or the SENCo about <em>mediation</em></p>')
        )
        assert '<a href="/x">SENCo</a> or the <a class="govuk-link" href="/glossary#senco">SENCo</a>' in markup
        assert '<em><a class="govuk-link" href="/glossary#mediation">mediation</a></em>' in markup
        once = render(
            "{% set seen = glossary_seen() %}{{ a | glossary_links(seen) }}|{{ b | glossary_links(seen) }}"
        ).render(a="An EHC plan", b="Another EHC plan")
        assert once.count("/glossary#ehcp") == 1
