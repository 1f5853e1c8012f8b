"""A lost or emptied index never breaks the site, and ``flask search sync`` puts it back in full."""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from panelrecords.demo.archive import make_decision
from panelrecords.search import outbox
from panelrecords.search.backend import get_backend
from panelrecords.services import Actor
from tests import publish_helpers as pub

BY = Actor.system("test")


@pytest.fixture
def records(app, db):
    with outbox.deferred():
        published = [
            pub.publish(
                "decision",
                make_decision(random.Random(seed), date(2025, 3, 3) + timedelta(days=7 * seed)),
                source_type="decision",
                source_id=seed,
                known=[],
                by=BY,
            )
            for seed in range(6)
        ]
    db.session.commit()
    assert get_backend().public_ids() == {r.public_id for r in published}
    return published


def _lose_the_index(app) -> None:
    shutil.rmtree(Path(app.config["SEARCH_INDEX_DIR"]))


def test_pages_keep_working_when_the_index_directory_is_deleted(app, client, records):
    _lose_the_index(app)
    subject = records[0]
    decision = client.get(f"/decisions/{subject.public_id}")
    assert decision.status_code == 200
    assert subject.title.split(":")[0] in decision.get_data(as_text=True)
    for url in ["/", "/search", "/search?q=assessment", "/api/v1/records", "/feeds/decisions.atom", "/search.csv"]:
        assert client.get(url).status_code < 500, url


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
