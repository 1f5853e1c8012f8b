"""The recording demo data: panels, months of meetings (some not quorate), every outcome, idempotent."""

from __future__ import annotations

from sqlalchemy import func, select

from panelrecords.demo import DemoContext
from panelrecords.demo.accounts import load_accounts
from panelrecords.demo.recording import load_recording
from panelrecords.models.decisions import Decision, DecisionEvent
from panelrecords.models.panels import PanelMeeting
from panelrecords.redaction import Known
from panelrecords.services import cases, recording


def test_demo_recording_data(db):
    context = DemoContext(seed=2026, log=lambda message: None)
    load_accounts(context)
    load_recording(context)
    load_recording(context)  # idempotent
    meetings = list(db.session.scalars(select(PanelMeeting)))
    assert len(meetings) == 13
    assert any(m.close_reason for m in meetings) and any(m.status == "closed" and not m.close_reason for m in meetings)
    assert any(not recording.quorum(m).is_quorate for m in meetings)
    outcomes = set(db.session.scalars(select(Decision.outcome)))
    assert outcomes == {"agreed", "refused", "deferred", "agreed_with_conditions"}
    assert db.session.scalar(select(func.count(DecisionEvent.id))) > 0
    for case in cases.list_cases():
        known = case.known_identifiers()
        assert cases.normalise_nhs_number(known["nhs_number"][0]) == known["nhs_number"][0]
        assert cases.normalise_upn(known["upn"][0]) == known["upn"][0]
        Known.from_dict(known)
