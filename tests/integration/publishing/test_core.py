from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from panelrecords.errors import Conflict, DomainError, NotFound
from panelrecords.models.audit import AuditEvent
from panelrecords.models.published import PublishedRecord, RecordKind, SearchOutbox
from panelrecords.publishing import core as pub
from panelrecords.publishing.gate import LeakFound
from panelrecords.redaction import Known
from panelrecords.services import Actor
from panelrecords.services.common import atomic

KNOWN = Known.from_dict({"child": ["Amelia Jones"], "postcode": ["BS1 4DJ"], "school": ["Hillside Academy"]})
BY = Actor(user_id=None, label="reviewer@example.org", address="192.0.2.1")


def _publication(reasons: str = "The panel found that [child]'s needs can be met from SEN support.") -> pub.Publication:
    return pub.Publication(
        title="Request for an EHC needs assessment: refused",
        texts={"reasons": reasons},
        facts={"panel_kind": "decision_to_assess", "attendance": [{"role": "Chair"}]},
        meeting_date=date(2026, 3, 2),
        panel_kind="decision_to_assess",
        outcome="refused",
        request_type="assess",
        reason_codes=["sen_support"],
    )


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _publish(source_id: int = 1, publication=None, known=(KNOWN,)):
    with atomic():
        return pub.publish(
            RecordKind.DECISION,
            publication or _publication(),
            source_type="decision",
            source_id=source_id,
            known=known,
            by=BY,
        )


def _withdraw(source_id: int = 1, reason: str = "It could identify a family."):
    with atomic():
        return pub.withdraw_source("decision", source_id, reason=reason, by=BY)


def test_publish_writes_the_record_its_outbox_row_and_an_audit_event(app, db):
    record = _publish()
    assert re.fullmatch(r"D-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", record.public_id)
    outbox = db.session.scalars(select(SearchOutbox)).all()
    assert [(o.public_id, o.operation) for o in outbox] == [(record.public_id, "index")]
    assert db.session.scalar(select(AuditEvent.action).order_by(AuditEvent.sequence.desc())) == "publication.publish"
    assert pub.current_version(record.public_id.lower()).id == record.id


def test_the_gate_refuses_a_known_identifier_anywhere_and_writes_nothing_but_the_audit_event(app, db):
    leaky = _publication()
    leaky.facts["attendance"].append({"role": "Head of Hillside Academy"})
    with pytest.raises(LeakFound) as refused:
        _publish(publication=leaky)
    assert "school" in refused.value.message
    with pytest.raises(LeakFound):
        _publish(publication=_publication("Amelia lives at BS14DJ."))
    assert _count(db, PublishedRecord) == 0 and _count(db, SearchOutbox) == 0
    assert db.session.scalars(select(AuditEvent.action)).all() == ["publication.refused"] * 2


def test_the_gate_also_catches_unlisted_pattern_identifiers(app, db):
    with pytest.raises(LeakFound):
        _publish(publication=_publication("Call 07700 900123 for details."), known=())


def test_a_correction_adds_a_version_and_keeps_the_old_one(app, db):
    first = _publish()
    with atomic():
        second = pub.correct(
            first.public_id, _publication("Corrected reasons."), note="Reason code fixed", known=[KNOWN], by=BY
        )
    assert (second.version, second.supersedes_id, second.correction_note) == (2, first.id, "Reason code fixed")
    assert [v.version for v in pub.versions(first.public_id)] == [1, 2]
    assert pub.current_version(first.public_id).texts == {"reasons": "Corrected reasons."}
    assert db.session.get(PublishedRecord, first.id).texts["reasons"].startswith("The panel found")


def test_withdrawal_tombstones_every_version_and_queues_removal_from_search(app, db):
    record = _publish()
    with pytest.raises(DomainError):
        _withdraw(reason="  ")
    _withdraw()
    assert all(v.is_withdrawn for v in pub.versions(record.public_id))
    operations = db.session.scalars(select(SearchOutbox.operation).order_by(SearchOutbox.id)).all()
    assert operations == ["index", "delete"]
    with pytest.raises(Conflict):
        _withdraw(reason="again")
    with pytest.raises(Conflict), atomic():
        pub.correct(record.public_id, _publication(), note="x", known=[KNOWN], by=BY)


def test_the_core_never_commits_its_callers_transaction_does(app, db):
    record = pub.publish(RecordKind.DECISION, _publication(), source_type="decision", source_id=1, known=[KNOWN], by=BY)
    assert db.session.get(PublishedRecord, record.id) is not None
    db.session.rollback()
    assert _count(db, PublishedRecord) == 0 and _count(db, SearchOutbox) == 0 and _count(db, AuditEvent) == 0


def test_a_second_live_record_of_one_source_is_refused_by_the_database_and_the_core(app, db):
    first = _publish()
    with pytest.raises(pub.AlreadyPublished) as second:
        _publish()
    assert first.public_id in second.value.message and "already published" in second.value.message
    # Written past the core, the database itself refuses it.
    twin = PublishedRecord(
        public_id=pub.new_public_id(RecordKind.DECISION),
        version=1,
        is_current=True,
        kind="decision",
        source_type="decision",
        source_id=1,
        title="t",
        published_at=first.published_at,
    )
    db.session.add(twin)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert _count(db, PublishedRecord) == 1


def test_a_withdrawal_withdraws_every_live_record_of_its_source(app, db):
    first = _publish()
    _withdraw()
    again = _publish()  # published again through review after a withdrawal: a new record
    assert again.public_id != first.public_id
    withdrawn = _withdraw(reason="Withdrawn again")
    assert [r.public_id for r in withdrawn] == [again.public_id]
    assert all(v.is_withdrawn for v in db.session.scalars(select(PublishedRecord)))


def test_unknown_reference_is_not_found(app, db):
    with pytest.raises(NotFound):
        pub.current_version("D-0000-0000-0000")


def test_public_ids_are_unguessable():
    ids = {pub.new_public_id(RecordKind.MINUTES) for _ in range(2000)}
    assert len(ids) == 2000 and all(i.startswith("M-") for i in ids)
