"""Demo data goes through the real workflow; `flask privacy` scans what is public and exports identifiers."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from panelrecords import redaction
from panelrecords.models.audit import AuditEvent
from panelrecords.models.cases import Case
from panelrecords.models.published import PublishedRecord
from panelrecords.models.redaction_drafts import RedactionDraft
from panelrecords.models.users import User
from panelrecords.publishing import core, decisions, gate
from panelrecords.publishing.gate import LeakFound
from panelrecords.search.backend import document_for, get_backend
from panelrecords.services import Actor
from tests import publish_helpers as publication


def _load_demo(app, decisions: int = 0):
    result = app.test_cli_runner().invoke(args=["demo", "load", "--decisions", str(decisions)])
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_load_publishes_recorded_decisions_through_four_eyes_review(app, db, tmp_path):
    output = _load_demo(app)
    assert "recorded decisions through review" in output
    clerk = db.session.scalar(select(User).where(User.email == "clerk@example.org"))
    reviewer = db.session.scalar(select(User).where(User.email == "reviewer@example.org"))
    drafts = list(db.session.scalars(select(RedactionDraft)))
    approved = [d for d in drafts if d.status == "approved"]
    waiting = [d for d in drafts if d.status == "submitted"]
    preparing = [d for d in drafts if d.status == "draft"]
    assert len(approved) > len(drafts) / 2 and waiting and preparing
    assert all(d.prepared_by_id == clerk.id and d.reviewed_by_id == reviewer.id for d in approved)
    records = list(db.session.scalars(select(PublishedRecord).where(PublishedRecord.source_type == "decision")))
    assert len(records) == len(approved)
    for record in records:
        stored = core.Publication(title=record.title, summary=record.summary, texts=record.texts, facts=record.facts)
        assert gate.find(stored.strings(), [decisions.known_for(decisions.get_decision(record.source_id))]) == []
        assert record.reviewed_by_id == reviewer.id
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"redaction_draft.prepare", "redaction_draft.submit", "redaction_draft.approve"} <= actions

    # Idempotent: a second load adds no draft and publishes nothing more.
    _load_demo(app)
    assert db.session.scalar(select(func.count(RedactionDraft.id))) == len(drafts)
    published = select(func.count(PublishedRecord.id)).where(PublishedRecord.source_type == "decision")
    assert db.session.scalar(published) == len(records)

    # The demo cases' identifiers export in the redaction command line's own format, for the admin only.
    out = tmp_path / "identifiers.json"
    result = app.test_cli_runner().invoke(args=["privacy", "export-identifiers", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = json.loads(out.read_text())
    assert len(rows) == db.session.scalar(select(func.count(Case.id))) > 0
    assert os.stat(out).st_mode & 0o777 == 0o600
    for row in rows:
        assert set(row) == {"case", "known"}
        known = redaction.Known.from_dict(row["known"])
        assert known.child and known.date_of_birth
    assert "privacy.export_identifiers" in set(db.session.scalars(select(AuditEvent.action)))


def test_privacy_scan_passes_on_the_demo_archive_and_fails_on_a_planted_leak(app, db):
    _load_demo(app, decisions=5)
    runner = app.test_cli_runner()
    clean = runner.invoke(args=["privacy", "scan"])
    assert clean.exit_code == 0, clean.output
    assert "No identifiers found" in clean.output

    # A leak the gate would have refused, written behind its back (a bug, a hand edit of the database).
    case = db.session.scalar(select(Case).order_by(Case.id).limit(1))
    child = case.known_identifiers()["child"][0]
    record = db.session.scalar(
        select(PublishedRecord).where(PublishedRecord.source_type == "decision").order_by(PublishedRecord.id).limit(1)
    )
    record.texts = {**record.texts, "dissent": f"One member spoke with {child}'s mother."}
    db.session.commit()
    leaked = runner.invoke(args=["privacy", "scan"])
    assert leaked.exit_code == 1
    assert f"record {record.public_id} v1 texts.dissent" in leaked.output and case.reference in leaked.output


def test_privacy_scan_finds_an_identifier_left_in_the_search_index(app, db):
    from tests.factories import make_case

    case = make_case(db)
    db.session.commit()
    child = case.known_identifiers()["child"][0]
    built = core.Publication(title="A decision", texts={"reasons": f"Reasons about {child} at length."}, facts={})
    # The gate knows every case's full names, even when a record is not about the case ...
    with pytest.raises(LeakFound):
        publication.publish("decision", built, known=[], by=Actor.system("t"))
    # ... so a leak into the index needs a bug that writes past it: the record and its index entry directly.
    record = PublishedRecord(
        public_id=core.new_public_id("decision"),
        version=1,
        is_current=True,
        kind="decision",
        source_type="test",
        source_id=1,
        published_at=datetime.now(UTC),
    )
    core._assign(record, built)
    db.session.add(record)
    db.session.commit()
    get_backend().apply([document_for(record)], [])
    # Then the record is cleaned, but the index still holds the old text.
    record.texts = {"reasons": "Reasons about [child] at length."}
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["privacy", "scan"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(("index", "search result"))]
    assert lines and all("record " not in line for line in lines)
    assert any(case.reference in line for line in lines)


def test_privacy_scan_reads_the_index_store_for_patterns(app, db):
    from datetime import date

    from panelrecords.search.backend import Document, get_backend

    # A phone number written straight into the index (a bug in an indexer), with no published record behind it.
    leaked = Document(
        public_id="D-LEAK-0000-0001",
        kind="decision",
        title="A decision",
        body="Call the family on 07700 900123 about the decision.",
        published_at="2026-01-05T12:00:00+00:00",
        meeting_date=date(2026, 1, 5),
    )
    get_backend().apply([leaked], [])
    result = app.test_cli_runner().invoke(args=["privacy", "scan"])
    assert result.exit_code == 1
    assert "index entry D-LEAK-0000-0001: phone '07700 900123' (pattern)" in result.output
