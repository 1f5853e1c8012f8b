"""Every published record ever stored still reads, renders and is counted: facts in each stored shape.

Published versions are immutable, so records written by earlier releases keep their facts' shape for good.
These rows are written straight into the published table, as the earlier releases left them.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import pytest

from panelrecords.models.facts import decision_facts, minutes_facts
from panelrecords.models.published import PublishedRecord
from panelrecords.publishing.core import new_public_id
from panelrecords.search import outbox

_SOURCES = itertools.count(1)
SCHEMA_1_BARE = {
    # The first release: reason codes as bare codes, no meeting reference, no appeal, no timeliness.
    "panel_name": "Decision to assess panel",
    "panel_kind": "decision_to_assess",
    "meeting_date": "2025-06-04",
    "outcome": "refused",
    "reason_codes": ["sen_support_sufficient"],
    "attendance": [{"role": "Chair", "status": "present", "voting": True}],
    "later_events": [
        {"kind": "appeal_lodged", "date": "2025-07-01"},
        {"kind": "appeal_outcome", "date": "2025-11-20", "outcome": "overturned"},
    ],
}
SCHEMA_1_FULL = {
    # A later first-schema record: labelled codes, a legal test, timeliness, an appeal object.
    "panel_name": "Decision to assess panel",
    "panel_kind": "decision_to_assess",
    "panel_kind_label": "Decision to assess panel",
    "meeting_date": "2025-09-10",
    "meeting_ref": "meeting-7",
    "request_type": "assess",
    "request_type_label": "Request for an EHC needs assessment",
    "outcome": "agreed",
    "outcome_label": "Agreed",
    "decision_maker_role": "Head of SEND",
    "decision_maker_name": None,
    "reason_codes": [{"code": "needs_meet_test", "label": "Meets the section 36(8) test"}],
    "legal_test": {
        "name": "Section 36(8)",
        "citation": "Section 36(8)",
        "limbs": [{"label": "(a)", "finding": "Met", "reasons": "Yes."}],
    },  # noqa: E501
    "evidence": [{"type": "ep_report", "label": "EP report", "description": "An EP report."}],
    "attendance": [
        {"role": "Chair", "sector": "education", "organisation": "", "name": None, "status": "present", "voting": True}
    ],  # noqa: E501
    "declarations": [{"who": "Member", "what": "Knows the school", "action": "Withdrew from the item"}],
    "quorate": True,
    "parent_reps_present": 2,
    "parent_reps_required": 2,
    "timeliness": {"deadline_weeks": 6, "status": "late", "days_late": 9},
    "later_events": [],
    "appeal": {"lodged": False, "outcome": None},
}
SCHEMA_2 = {
    **SCHEMA_1_FULL,
    "schema": 2,
    "meeting_ref": "meeting-8",
    "attendance": [{**SCHEMA_1_FULL["attendance"][0], "took_part": False}],
    "declarations": [
        {"who": "Chair", "what": "Governor", "action": "Withdrew from the item", "scope": "meeting", "took_part": False}
    ],  # noqa: E501
    "version_note": "This version adds a later event from the council's recorded values only.",
}
MINUTES_SCHEMA_1 = {
    "board": "SIB",
    "board_name": "SEND Improvement Board",
    "meeting_date": "2025-05-14",
    "status": "approved",
    "approved_by_meeting": "2025-06-11",
    "attendance": [{"name": "Alex Chair", "role": "Chair", "organisation": "The council", "status": "present"}],
    "declarations": [],
    "items": [
        {
            "number": 1,
            "title": "Welcome",
            "presenter": "Chair",
            "discussion_markdown": "Hello.",
            "decisions": [],
            "actions": [
                {"ref": "SIB-2025-001", "description": "Write", "owner": "Chair", "due": None, "status": "open"}
            ],
        }
    ],  # noqa: E501
    "papers": [],
}


def _store(db, kind: str, facts: dict, *, meeting_date: date, outcome=None, request_type=None, board=None):
    record = PublishedRecord(
        public_id=new_public_id(kind),
        version=1,
        is_current=True,
        kind=kind,
        source_type=f"stored-{kind}",
        source_id=next(_SOURCES),
        title="A stored record",
        summary="Reasons given by the panel.",
        texts={"reasons": "Reasons given by the panel."} if kind == "decision" else {"minutes": "Hello."},
        facts=facts,
        meeting_date=meeting_date,
        panel_kind=facts.get("panel_kind"),
        request_type=request_type,
        outcome=outcome,
        reason_codes=[],
        board=board,
        published_at=datetime(2025, 12, 1, tzinfo=UTC),
    )
    db.session.add(record)
    db.session.flush()
    return record


def test_the_reader_understands_every_stored_decision_shape():
    bare = decision_facts(SCHEMA_1_BARE, request_type="assess")
    assert bare.schema == 1 and bare.reason_codes[0].code == "sen_support_sufficient"
    assert bare.reason_codes[0].label == "Sen support sufficient"
    assert bare.meeting_ref == "Decision to assess panel|2025-06-04" and bare.timeliness is None
    assert bare.appeal.lodged and bare.appeal.outcome == "overturned" and bare.appeal.decided_on == "2025-11-20"
    assert bare.request_type == "assess" and bare.outcome_label == "Refused"
    full = decision_facts(SCHEMA_1_FULL)
    assert full.timeliness.days_late == 9 and full.declarations[0].scope == "decision"
    assert full.declarations[0].took_part and full.attendance[0].took_part
    new = decision_facts(SCHEMA_2)
    assert new.schema == 2 and new.declarations[0].scope == "meeting" and not new.declarations[0].took_part
    assert not new.attendance[0].took_part and new.version_note.startswith("This version")
    assert decision_facts(new.to_dict()) == new  # what the builders write reads back the same
    assert decision_facts(None).outcome == "" and decision_facts({"reason_codes": "x"}).reason_codes == ()
    minutes = minutes_facts(MINUTES_SCHEMA_1)
    assert minutes.items[0].actions[0].ref == "SIB-2025-001" and minutes.approved_by_meeting == "2025-06-11"


@pytest.mark.parametrize("facts", [SCHEMA_1_BARE, SCHEMA_1_FULL, SCHEMA_2], ids=["schema1-bare", "schema1", "schema2"])
def test_every_stored_decision_shape_renders_and_is_counted(app, db, client, facts):
    meeting_date = date.fromisoformat(facts["meeting_date"])
    records = [
        _store(db, "decision", facts, meeting_date=meeting_date, outcome=facts["outcome"], request_type="assess")
        for _ in range(5)  # five, so that the count is not hidden as a small number
    ]
    record = records[0]
    db.session.commit()
    outbox.sync()
    page = client.get(f"/decisions/{record.public_id}")
    assert page.status_code == 200
    assert client.get(f"/api/v1/records/{record.public_id}").status_code == 200
    assert record.public_id in client.get("/search.csv").get_data(as_text=True)
    assert record.public_id in client.get("/feeds/decisions.atom").get_data(as_text=True)
    assert client.get("/statistics").status_code == 200
    statistics = client.get("/api/v1/statistics").get_json()
    assert statistics["decisions"]["count"] == 5
    from panelrecords.services import statistics as figures

    counted = [d for d in figures._rows() if d.month == meeting_date.strftime("%Y-%m")]
    codes = {code for d in counted for code, _label in d.reasons}
    assert len(counted) == 5 and codes == {r.code for r in decision_facts(facts).reason_codes}


def test_stored_minutes_render(app, db, client):
    from panelrecords.models.published_boards import PublishedBoard

    db.session.add(PublishedBoard(acronym="SIB", name="SEND Improvement Board", updated_at=datetime.now(UTC)))
    record = _store(db, "minutes", MINUTES_SCHEMA_1, meeting_date=date(2025, 5, 14), board="SIB")
    db.session.commit()
    page = client.get(f"/boards/SIB/meetings/{record.public_id}")
    assert page.status_code == 200 and "Welcome" in page.get_data(as_text=True)
