"""A lost or emptied index never breaks the site, and ``flask search sync`` puts it back in full."""

from __future__ import annotations

import pytest

from panelrecords.search.backend import get_backend
from panelrecords.services import Actor
from tests import publish_helpers as pub
from tests.integration.search.conftest import lose_the_index

BY = Actor.system("test")
pytestmark = pytest.mark.usefixtures("search_backend")


@pytest.fixture
def records(app, db):
    published = pub.publish_demo_decisions(6, by=BY)
    db.session.commit()
    assert get_backend().public_ids() == {r.public_id for r in published}
    return published


def _lose_the_index(app) -> None:
    lose_the_index(app)


def test_pages_keep_working_when_the_index_directory_is_deleted(app, client, records):
    _lose_the_index(app)
    subject = records[0]
    decision = client.get(f"/decisions/{subject.public_id}")
    assert decision.status_code == 200
    assert subject.title.split(":")[0] in decision.get_data(as_text=True)
    for url in ["/", "/feeds/decisions.atom", "/search.csv"]:  # the CSV without words reads the database
        assert client.get(url).status_code == 200, url
    # Search cannot answer truthfully without its index: it says so, rather than telling a family "nothing".
    for url in ["/search", "/search?q=assessment", "/search.csv?q=assessment"]:
        response = client.get(url)
        assert response.status_code == 503 and response.headers["Retry-After"] == "300", url
    page = client.get("/search?q=assessment").get_data(as_text=True)
    assert "Search is not working at the moment" in page and "open a decision by its reference" in page
    api = client.get("/api/v1/records")
    assert api.status_code == 503 and api.get_json()["error"] == "search_unavailable"


def test_the_health_check_reports_the_database_and_the_index(app, client, records):
    healthy = client.get("/health")
    assert healthy.status_code == 200 and "Set-Cookie" not in healthy.headers
    assert healthy.get_json() == {
        "status": "ok", "database": "ok", "index": "ok", "records": len(records), "indexed": len(records), "waiting": 0
    }  # fmt: skip
    assert "no-store" in healthy.headers["Cache-Control"]
    _lose_the_index(app)
    lost = client.get("/health")
    assert lost.status_code == 503 and lost.get_json()["index"] == "lost"
    assert app.test_cli_runner().invoke(args=["search", "sync"]).exit_code == 0
    assert client.get("/health").status_code == 200
    assert client.get("/search?q=assessment").status_code == 200


def test_sync_rebuilds_a_missing_index_in_full_and_reports_the_real_count(app, records):
    _lose_the_index(app)
    result = app.test_cli_runner().invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert f"rebuilt it from the database: {len(records)} records" in result.output
    assert get_backend().public_ids() == {r.public_id for r in records}


def test_sync_rebuilds_an_index_emptied_while_the_app_ran(app, client, records):
    _lose_the_index(app)
    assert client.get(f"/decisions/{records[0].public_id}").status_code == 200  # an empty index is made again
    result = app.test_cli_runner().invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert f"{len(records)} records" in result.output
    assert get_backend().public_ids() == {r.public_id for r in records}


def test_sync_on_a_whole_index_only_applies_the_outbox(app, records):
    result = app.test_cli_runner().invoke(args=["search", "sync"])
    assert result.exit_code == 0 and "Applied 0 outbox rows; 0 still waiting." in result.output
    assert "rebuilt" not in result.output
