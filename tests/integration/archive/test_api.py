"""The public JSON API: filters as search, pagination links, versions, tombstones, JSON errors, OpenAPI."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest

from panelrecords.publishing.core import Publication
from tests import publish_helpers as publication
from tests.integration.archive.open_data_records import SYSTEM, decision, minutes, withdraw


def _no_cookie(response) -> None:
    assert "Set-Cookie" not in response.headers


def test_records_list_filters_like_search_and_links_pages(app, db, client):
    for index in range(25):
        decision(outcome="refused" if index % 2 else "agreed", meeting_date=date(2026, 1, 1 + index))
    response = client.get("/api/v1/records?outcome=refused&page_size=5&page=2")
    assert response.status_code == 200 and response.mimetype == "application/json"
    _no_cookie(response)
    body = response.get_json()
    assert body["meta"]["total"] == 12 and body["meta"]["pages"] == 3 and body["meta"]["page"] == 2
    assert len(body["data"]) == 5 and {r["outcome"] for r in body["data"]} == {"refused"}
    dates = [r["meeting_date"] for r in body["data"]]
    assert dates == sorted(dates, reverse=True)  # newest first without a query
    links = body["links"]
    assert set(links) == {"self", "first", "last", "prev", "next"}
    assert "outcome=refused" in links["next"] and "page=3" in links["next"] and "page=1" in links["prev"]
    assert "page=3" in links["last"]
    last = client.get(links["last"]).get_json()
    assert "next" not in last["links"] and len(last["data"]) == 2
    first = body["data"][0]
    assert set(first) == {
        "id", "kind", "version", "title", "summary", "meeting_date", "published_at", "panel_kind", "request_type",
        "outcome", "reason_codes", "board", "corrected", "url", "api_url",
    }  # fmt: skip
    assert {f["value"]: f["count"] for f in body["facets"]["outcome"]} == {"refused": 12}
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_following_next_links_visits_every_record_once(app, db, client):
    ids = {decision(meeting_date=date(2026, 2, 1 + i)).public_id for i in range(7)}
    seen, url = [], "/api/v1/records?page_size=3"
    while url:
        body = client.get(url).get_json()
        seen += [r["id"] for r in body["data"]]
        url = body["links"].get("next")
    assert len(seen) == 7 and set(seen) == ids


def test_a_text_query_filters_records(app, db, client):
    decision(summary="The panel considered speech and language therapy reports.")
    decision(summary="The panel considered an occupational therapy report.")
    body = client.get("/api/v1/records?q=speech").get_json()
    assert body["meta"]["total"] == 1 and body["meta"]["sort"] == "relevance"


def test_record_detail_lists_every_version(app, db, client):
    record = decision(outcome="refused", reasons=("sen_support_sufficient",))
    fixed = Publication(
        title=record.title, texts={"reasons": "Corrected reasons for [child]."}, facts=dict(record.facts),
        summary="Corrected reasons.", meeting_date=record.meeting_date, panel_kind=record.panel_kind,
        request_type=record.request_type, outcome=record.outcome, reason_codes=list(record.reason_codes),
    )  # fmt: skip
    publication.correct(record.public_id, fixed, note="The reasons were incomplete", known=[], by=SYSTEM)
    response = client.get(f"/api/v1/records/{record.public_id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == record.public_id and body["version"] == 2 and body["corrected"] is True
    assert body["texts"]["reasons"] == "Corrected reasons for [child]."
    assert body["facts"]["reason_codes"][0]["code"] == "sen_support_sufficient"
    assert [v["version"] for v in body["versions"]] == [1, 2]
    assert [v["current"] for v in body["versions"]] == [False, True]
    assert body["versions"][1]["correction_note"] == "The reasons were incomplete"
    old = client.get(body["versions"][0]["api_url"]).get_json()
    assert old["version"] == 1 and old["texts"]["reasons"] == record.texts["reasons"]
    # Internal columns are never published: the schema lists its fields.
    text = response.get_data(as_text=True)
    for internal in ("source_type", "source_id", "published_by", "reviewed_by", "supersedes"):
        assert internal not in text


def test_withdrawn_records_vanish_from_lists_and_answer_410_with_a_tombstone(app, db, client):
    kept = decision()
    gone = decision()
    withdraw(gone, reason="It could identify a family")
    listed = [r["id"] for r in client.get("/api/v1/records").get_json()["data"]]
    assert listed == [kept.public_id]
    response = client.get(f"/api/v1/records/{gone.public_id}")
    assert response.status_code == 410
    body = response.get_json()
    assert body == {
        "id": gone.public_id, "deleted": True, "withdrawn_at": body["withdrawn_at"],
        "reason": "It could identify a family",
    }  # fmt: skip
    assert body["withdrawn_at"].startswith(str(date.today().year))
    assert client.get(f"/api/v1/records/{gone.public_id}/versions/1").status_code == 410
    deleted = client.get("/api/v1/withdrawn").get_json()["data"]
    assert [d["id"] for d in deleted] == [gone.public_id] and deleted[0]["deleted"] is True


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("outcome=granted", "outcome"),
        ("panel_kind=%3Cscript%3E", "panel_kind"),
        ("page=-1", "page"),
        ("page=0", "page"),
        (f"page={10**9}", "page"),
        ("page=two", "page"),
        ("page_size=1000", "page_size"),
        ("from=2026-02-30", "from"),
        ("to=yesterday", "to"),
        ("from=2026-03-01&to=2026-01-01", "from"),
        ("sort=random", "sort"),
        ("q=%22unclosed", "q"),
        ("q=" + "a" * 10_000, "q"),
        ("q=%FF%FE%FD", "query"),
        ("outcome=%C0%AF", "query"),
    ],
)
def test_bad_input_answers_400_json_naming_the_parameter(app, db, client, query, field):
    decision()
    response = client.get("/api/v1/records", environ_overrides={"QUERY_STRING": query})
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert body["error"] == "invalid" and body["field"] == field and body["message"]


def test_unknown_records_and_paths_answer_json_404(app, db, client):
    for url in ("/api/v1/records/D-0000-0000-0000", "/api/v1/records/nonsense", "/api/v1/nothing-here",
                "/api/v1/boards/NOPE", "/api/v1/records/D-0000-0000-0000/versions/3"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.get_json()["error"] == "not_found"
    assert client.post("/api/v1/records").status_code == 405


def test_boards_and_meetings(app, db, client):
    from panelrecords.models.published_boards import PublishedBoard

    db.session.add(PublishedBoard(acronym="SIB", name="SEND Improvement Board", description="Oversees SEND.",
                                  updated_at=datetime.now(UTC)))  # fmt: skip
    db.session.commit()
    older = minutes(meeting_date=date(2026, 1, 10))
    newer = minutes(meeting_date=date(2026, 2, 10))
    withdraw(minutes(meeting_date=date(2026, 3, 10)))
    boards = client.get("/api/v1/boards").get_json()["data"]
    assert [b["acronym"] for b in boards] == ["SIB"] and boards[0]["feed_url"].endswith("/feeds/boards/SIB.atom")
    board = client.get("/api/v1/boards/sib").get_json()
    assert [m["id"] for m in board["meetings"]] == [newer.public_id, older.public_id]
    meetings = client.get("/api/v1/meetings").get_json()
    assert [m["id"] for m in meetings["data"]] == [newer.public_id, older.public_id]
    assert meetings["data"][0]["url"].endswith(f"/boards/SIB/meetings/{newer.public_id}")


def test_statistics_match_the_page_and_hide_small_numbers(app, db, client):
    for _ in range(3):
        decision(outcome="refused", reasons=("a",))
    body = client.get("/api/v1/statistics").get_json()
    assert body["decisions"] == {"count": None, "suppressed": True, "why": "small"}
    assert body["suppression"]["threshold"] == 5
    assert {f["key"] for f in body["figures"]} >= {
        "outcomes_by_month", "outcomes_by_panel", "parent_rep_attendance", "quorate_meetings", "timeliness",
        "appeal_outcomes", "withdrawals",
    }  # fmt: skip
    assert '"count": 3' not in json.dumps(body)


def test_openapi_document_parses_and_documents_every_route(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = json.loads(response.get_data(as_text=True))
    assert spec["openapi"].startswith("3.") and spec["info"]["title"]
    documented = set(spec["paths"])
    routes = {
        re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1")
    }
    assert routes and routes == documented
    # Every reference resolves to a component.
    for ref in re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(spec)):
        assert ref in spec["components"]["schemas"]
    record = spec["components"]["schemas"]["RecordDetail"]["properties"]
    assert "facts" in record and "source_id" not in record
    parameters = {p["name"] for p in spec["paths"]["/api/v1/records"]["get"]["parameters"]}
    assert parameters >= {"q", "kind", "panel_kind", "outcome", "request_type", "reason", "board", "year", "from",
                          "to", "sort", "page"}  # fmt: skip


def test_responses_are_cacheable_and_conditional(app, db, client):
    decision()
    publication.settle_generation()
    for url in ("/api/v1/records", "/api/v1/statistics", "/api/v1/openapi.json", "/api/v1/boards"):
        response = client.get(url)
        assert response.headers["ETag"] and response.headers["Last-Modified"], url
        assert "public" in response.headers["Cache-Control"] and "max-age" in response.headers["Cache-Control"]
        _no_cookie(response)
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304, url
