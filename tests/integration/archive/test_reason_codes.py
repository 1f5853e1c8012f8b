"""One label, one reason code: a second active code with the same wording is refused, the demo archive uses the
council's own codes, and a migration merges existing duplicates while keeping both codes' history."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import select

from panelrecords.demo import archive as demo
from panelrecords.errors import ValidationFailed
from panelrecords.models.decisions import ReasonCode
from panelrecords.models.published import PublishedRecord, SearchOutbox
from panelrecords.services import Actor, decisions, statistics
from tests.integration.archive.open_data_records import decision

ADMIN = Actor.system("test")
MIGRATION = Path(__file__).resolve().parents[3] / "migrations/versions/0015_reason_labels.py"


def test_a_second_active_code_with_the_same_label_is_refused(app, db):
    decisions.revise_reason_code("sen_support", label="Needs can be met from SEN support", by=ADMIN)
    with pytest.raises(ValidationFailed) as refused:
        decisions.revise_reason_code("sen_support_sufficient", label="  needs can be met from  SEN support", by=ADMIN)
    assert refused.value.field == "label" and "sen_support" in str(refused.value)
    # A new version of the same code may keep its wording; a retired code's wording may be used again.
    decisions.revise_reason_code("sen_support", label="Needs can be met from SEN support", by=ADMIN)
    decisions.retire_reason_code("sen_support", by=ADMIN)
    decisions.revise_reason_code("sen_support_sufficient", label="Needs can be met from SEN support", by=ADMIN)
    active = db.session.scalars(select(ReasonCode).where(ReasonCode.active)).all()
    assert [r.code for r in active] == ["sen_support_sufficient"]


def test_the_demo_archive_uses_the_councils_own_codes_and_no_label_twice():
    labels = [label for label, _outcome in demo.REASON_CODES.values()]
    assert len(labels) == len({label.lower() for label in labels})
    council = dict(decisions.DEFAULT_REASON_CODES)
    by_label = {label.lower(): code for code, label in council.items()}
    for code, (label, _outcome) in demo.REASON_CODES.items():
        assert by_label.get(label.lower(), code) == code, code
        assert council.get(code, label) == label, code


def _upgrade(db) -> None:
    spec = importlib.util.spec_from_file_location("merge_reason_labels", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    connection = db.session.connection()
    module.op = Operations(MigrationContext.configure(connection))
    module.upgrade()
    db.session.expire_all()


def test_the_migration_merges_duplicates_and_keeps_both_codes_history(app, db):
    db.session.add_all(
        [
            ReasonCode(code="sen_support", version=1, label="Needs can be met from SEN support"),
            ReasonCode(code="sen_support_sufficient", version=1, label="Needs can be met from SEN Support "),
            ReasonCode(code="other", version=1, label="Something else"),
        ]
    )
    db.session.flush()
    old = [decision(outcome="refused", reasons=("sen_support_sufficient",)) for _ in range(15)]
    kept = [decision(outcome="refused", reasons=("sen_support",)) for _ in range(4)]
    other = [decision(outcome="refused", reasons=("other",)) for _ in range(5)]
    # Labels in published facts come from the codes: the helper humanises the code, so give them the real one.
    for record in old + kept:
        record.facts = {
            **record.facts,
            "reason_codes": [{"code": record.reason_codes[0], "label": "Needs can be met from SEN support"}],
        }
    db.session.flush()
    before = {row.code for row in statistics.compute().reasons.rows}
    assert {"sen_support", "sen_support_sufficient"} <= before
    queued = db.session.query(SearchOutbox).count()

    _upgrade(db)

    codes = {(r.code, r.active) for r in db.session.scalars(select(ReasonCode))}
    assert codes == {("sen_support", True), ("sen_support_sufficient", False), ("other", True)}  # retired, kept
    record = db.session.get(PublishedRecord, old[0].id)
    assert record.reason_codes == ["sen_support"]
    assert record.facts["reason_codes"] == [
        {"code": "sen_support", "label": "Needs can be met from SEN support", "merged_from": "sen_support_sufficient"}
    ]
    assert db.session.get(PublishedRecord, other[0].id).reason_codes == ["other"]
    assert db.session.query(SearchOutbox).count() == queued + len(old)
    statistics._CACHE.clear()
    rows = {row.code: row for row in statistics.compute().reasons.rows}
    assert "sen_support_sufficient" not in rows and rows["sen_support"].refusals.value == 19
    assert rows["sen_support"].share == "79%"  # 19 of 24, where the split counts showed 15 and 4
