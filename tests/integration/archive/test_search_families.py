"""What families type into the search boxes: a reference goes to its record, evidence shown on a decision page
is searchable, a snippet never says the same thing twice, and the filters follow the results."""

from __future__ import annotations

import random
import re
from datetime import date
from html import unescape

from panelrecords.demo.archive import make_decision
from panelrecords.search.backend import document_for
from panelrecords.services import Actor
from tests import publish_helpers as pub

BY = Actor.system("test")


def _publish(seed: int = 1, **facts_changes):
    publication = make_decision(random.Random(seed), date(2026, 3, 4))
    publication.facts = {**publication.facts, **facts_changes}
    return pub.publish("decision", publication, source_type="decision", source_id=seed, known=[], by=BY)


def _results(client, url: str) -> tuple[int, str]:
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return int(re.search(r"([\d,]+) results?", page)[1].replace(",", "")), page


def test_a_reference_typed_into_a_search_box_goes_straight_to_the_record(app, db, client):
    record = _publish()
    db.session.commit()
    for typed in (record.public_id, record.public_id.lower(), " " + record.public_id.replace("-", " ") + " "):
        response = client.get("/search", query_string={"q": typed})
        assert response.status_code == 302, typed
        assert response.headers["Location"].endswith(f"/decisions/{record.public_id}")
    # A reference no record has is searched as words (no error, no redirect).
    assert client.get("/search?q=D-AAAA-BBBB-CCCC").status_code == 200


def test_evidence_shown_on_a_decision_page_is_searchable(app, db, client):
    evidence = [
        {"type": "ep_report", "label": "Educational psychologist's report", "description": "Zorbrook clinic letter"}
    ]
    record = _publish(evidence=evidence)
    db.session.commit()
    assert "Zorbrook clinic letter" in client.get(f"/decisions/{record.public_id}").get_data(as_text=True)
    total, page = _results(client, "/search?q=zorbrook")
    assert total == 1 and record.public_id in page


def test_the_summary_is_not_indexed_twice(app, db):
    record = _publish()
    body = document_for(record).body
    reasons = record.texts["reasons"]
    assert record.summary.rstrip("…") in reasons
    assert body.count(reasons[:60]) == 1


def test_families_words_and_did_you_mean_on_the_search_page(app, db, client):
    for seed in range(6):
        _publish(seed)
    db.session.commit()
    autism, _page = _results(client, "/search?q=autism")
    assert autism and _results(client, "/search?q=ASD")[0] == autism
    _total, page = _results(client, "/search?q=autsim")
    link = unescape(re.search(r'Did you mean <a class="govuk-link" href="([^"]+)">autism</a>', page)[1])
    assert _results(client, link)[0] == autism
    _total, page = _results(client, "/search?q=EHCP")
    assert "Did you mean" not in page
    assert "<strong>EHCP</strong> also finds EHC plan" in page and "to go straight to that record" in page


def test_results_come_before_the_filters_which_sit_in_a_disclosure(app, db, client):
    record = _publish()
    db.session.commit()
    _total, page = _results(client, "/search?q=panel")
    assert page.index('id="results"') < page.index('id="filters"')
    assert re.search(r'<details class="govuk-details app-filters" id="filters">\s*<summary', page)
    assert "Filter results" in page
    _total, chosen = _results(client, f"/search?q=panel&outcome={record.outcome}")
    assert '<details class="govuk-details app-filters" id="filters" open>' in chosen


def test_search_results_link_to_their_csv(app, db, client):
    record = _publish()
    db.session.commit()
    _total, page = _results(client, f"/search?q=panel&outcome={record.outcome}")
    href = unescape(
        re.search(
            r'<a class="govuk-link" href="([^"]+)">Download (?:this result|these [\d,]+ results) as a spreadsheet', page
        )[1]
    )
    assert href.startswith("/search.csv?") and "q=panel" in href and f"outcome={record.outcome}" in href
    response = client.get(href)
    assert response.status_code == 200 and response.mimetype == "text/csv"
