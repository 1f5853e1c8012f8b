"""Recording use cases against a real database: validation, audit, and nothing half-written on failure."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select, text

from panelrecords.errors import Conflict, Forbidden, ValidationFailed
from panelrecords.models.audit import AuditEvent
from panelrecords.models.cases import Case
from panelrecords.models.decisions import Decision, EvidenceItem, LimbFinding
from panelrecords.models.panels import PanelMeeting
from panelrecords.services import Actor, cases, decisions, recording
from panelrecords.services.decisions import LimbAnswer
from tests.factories import (
    VALID_NHS_NUMBER,
    VALID_UPN,
    assign_parent_rep,
    make_attendee,
    make_case,
    make_decision,
    make_meeting,
    make_panel,
    make_quorum,
    make_reference_data,
    make_user,
)

BY = Actor(user_id=None, label="clerk@example.org")


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _actions(db) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.sequence)))


def test_create_panel_is_audited(db):
    panel = recording.create_panel(
        name="Issue panel", kind="issue_plan", required_sectors=["health", "education"], min_parent_reps=2, by=BY
    )
    assert panel.required_sectors == ["education", "health"]
    assert "panel.create" in _actions(db)


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"name": " "}, "name"), ({"kind": "party"}, "kind"), ({"min_voting_members": 0}, "min_voting_members")],
)
def test_create_panel_refuses_bad_input(db, changes, field):
    values = {"name": "Panel", "kind": "other", **changes}
    with pytest.raises(ValidationFailed) as error:
        recording.create_panel(**values, by=BY)
    assert error.value.field == field


def test_schedule_meeting_refuses_an_end_before_the_start(db):
    panel = make_panel(db)
    start = datetime(2026, 3, 4, 10, tzinfo=UTC)
    with pytest.raises(ValidationFailed) as error:
        recording.schedule_meeting(panel, starts_at=start, ends_at=start.replace(hour=9), place="Room 1", by=BY)
    assert error.value.field == "end_time"
    assert error.value.message == "The end time must be after the start time"
    assert _count(db, PanelMeeting) == 0


def test_schedule_meeting_stores_utc_from_london_time(db):
    panel = make_panel(db)
    starts = recording.london_datetime(date(2026, 6, 10), datetime.strptime("10:00", "%H:%M").time())
    ends = recording.london_datetime(date(2026, 6, 10), datetime.strptime("12:00", "%H:%M").time())
    meeting = recording.schedule_meeting(panel, starts_at=starts, ends_at=ends, online=True, by=BY)
    db.session.expire_all()
    assert meeting.starts_at == datetime(2026, 6, 10, 9, 0, tzinfo=UTC)  # British Summer Time
    assert meeting.status == "scheduled"


def test_scheduling_warns_about_school_runs_and_holidays(app):
    morning = recording.london_datetime(date(2026, 4, 1), datetime.strptime("08:45", "%H:%M").time())
    later = recording.london_datetime(date(2026, 4, 1), datetime.strptime("10:00", "%H:%M").time())
    warnings = recording.scheduling_warnings(morning, later)
    assert any("school run" in w for w in warnings)
    assert any("Easter holidays" in w for w in warnings)
    term_time = recording.london_datetime(date(2026, 3, 4), datetime.strptime("10:00", "%H:%M").time())
    lunch = recording.london_datetime(date(2026, 3, 4), datetime.strptime("13:00", "%H:%M").time())
    assert recording.scheduling_warnings(term_time, lunch) == []


def test_school_run_hours_are_configurable(app):
    app.config["SCHOOL_RUN_WINDOWS"] = [("10:00", "11:00")]
    from flask import current_app

    current_app.config["SCHOOL_RUN_WINDOWS"] = [("10:00", "11:00")]
    start = recording.london_datetime(date(2026, 3, 4), datetime.strptime("10:30", "%H:%M").time())
    end = recording.london_datetime(date(2026, 3, 4), datetime.strptime("10:45", "%H:%M").time())
    assert any("10:00 to 11:00" in w for w in recording.scheduling_warnings(start, end))


def test_quorum_says_exactly_what_is_missing(db):
    meeting = make_meeting(db)
    make_attendee(db, meeting, name="Eve", sector="education")
    make_attendee(db, meeting, name="Hal", sector="health", status="apologies")
    make_attendee(db, meeting, name="Pat", sector="parent_carer", role="parent_rep", voting=False)
    result = recording.quorum(meeting)
    assert not result.is_quorate
    assert result.missing == [
        "1 of 2 voting members present",
        "no health representative present",
        "no social care representative present",
        "1 of 2 parent carer representatives present",
    ]


def test_a_full_meeting_is_quorate(db):
    meeting = make_meeting(db)
    make_quorum(db, meeting)
    assert recording.quorum(meeting).is_quorate


def test_attendee_consent_defaults_by_role(db):
    meeting = make_meeting(db)
    rep = recording.add_attendee(meeting, name="Pat", sector="parent_carer", role="parent_rep", by=BY)
    officer = recording.add_attendee(meeting, name="Olu", sector="education", role="member", voting=True, by=BY)
    assert rep.consent_to_be_named is False
    assert officer.consent_to_be_named is True


def test_closing_needs_quorum_or_a_reason(db):
    meeting = make_meeting(db, status="held")
    with pytest.raises(ValidationFailed) as error:
        recording.close_meeting(meeting, by=BY)
    assert error.value.field == "reason"
    assert meeting.status == "held"
    recording.close_meeting(meeting, reason="Urgent decisions could not wait for another meeting", by=BY)
    assert meeting.status == "closed" and meeting.close_reason


def test_a_quorate_meeting_closes_without_a_reason(db):
    meeting = make_meeting(db, status="held")
    make_quorum(db, meeting)
    recording.close_meeting(meeting, by=BY)
    assert meeting.status == "closed" and meeting.close_reason is None
    assert "meeting.close" in _actions(db)


def test_a_scheduled_meeting_cannot_be_closed(db):
    meeting = make_meeting(db)
    with pytest.raises(Conflict):
        recording.close_meeting(meeting, reason="x", by=BY)


def test_declarations_name_an_attendee_and_what_followed(db):
    meeting = make_meeting(db, status="held")
    attendee = make_attendee(db, meeting)
    declaration = recording.add_declaration(
        meeting, attendance_id=attendee.id, interest="Knows the family", action="withdrew", by=BY
    )
    assert declaration.action_label == "Withdrew from the item"
    with pytest.raises(ValidationFailed) as error:
        recording.add_declaration(meeting, attendance_id=999, interest="x", action="withdrew", by=BY)
    assert error.value.field == "attendance_id"


# Cases ---------------------------------------------------------------------------------------------------------


def _case(**changes):
    values = {
        "request_received_on": date(2026, 1, 12),
        "requested_by": "parent",
        "child": "Jamie Example",
        "child_aliases": "Jay\nJJ",
        "date_of_birth": date(2016, 5, 4),
        "parents": ["Morgan Example"],
        "school": "Oakfield Primary School",
        "postcode": "bs14dj",
        "nhs_number": "9434765919",
        "upn": VALID_UPN.lower(),
    }
    values.update(changes)
    return cases.create_case(**values, by=BY)


def test_case_identifiers_are_encrypted_and_known(db):
    case = _case()
    assert case.reference.startswith("C-") and len(case.reference) == 8
    known = case.known_identifiers()
    assert known["child"] == ["Jamie Example"]
    assert known["child_aliases"] == ["Jay", "JJ"]
    assert known["date_of_birth"] == ["2016-05-04"]
    assert known["postcode"] == ["BS1 4DJ"]
    assert known["nhs_number"] == [VALID_NHS_NUMBER]
    assert known["upn"] == [VALID_UPN]
    raw = db.session.execute(text("SELECT identifiers_json FROM cases")).scalar_one()
    assert "Jamie" not in raw
    audit_text = " ".join(db.session.scalars(select(AuditEvent.detail)))
    assert "Jamie" not in audit_text


def test_known_identifiers_feed_the_redaction_library(db):
    from panelrecords.redaction import Known

    known = Known.from_dict(_case().known_identifiers())
    assert known.to_dict()["child"] == ["Jamie Example"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"nhs_number": "943 476 5918"}, "nhs_number", "Enter a valid NHS number: the check digit does not match"),
        ({"nhs_number": "12345"}, "nhs_number", "Enter an NHS number with 10 digits, like 485 777 3456"),
        ({"upn": "A801200000013"}, "upn", "Enter a valid unique pupil number (UPN): the check letter does not match"),
        ({"postcode": "not a postcode"}, "postcode", "Enter a real postcode, like SW1A 1AA"),
        ({"child": ""}, "child", "Enter the child's or young person's full name"),
        ({"request_received_on": None}, "request_received_on", "Enter the date the request was received"),
    ],
)
def test_create_case_refuses_bad_identifiers(db, changes, field, message):
    with pytest.raises(ValidationFailed) as error:
        _case(**changes)
    assert (error.value.field, error.value.message) == (field, message)
    assert _count(db, Case) == 0


def test_timescale_exceptions_are_recorded_and_shown(db):
    case = make_case(db)
    cases.record_exception(case, milestone="issue_decision", reason="Regulation 10(4)(a): school holiday", by=BY)
    status = cases.statuses(case, today=date(2026, 2, 1))[1]
    assert status.exceptions == ("Regulation 10(4)(a): school holiday",)
    with pytest.raises(ValidationFailed) as error:
        cases.record_exception(case, milestone="issue_decision", reason=" ", by=BY)
    assert error.value.field == "reason"


def test_cases_are_listed_most_urgent_first(db):
    make_case(db, reference="C-LATER1", request_received_on=date(2026, 3, 1))
    make_case(db, reference="C-OVERDU", request_received_on=date(2026, 1, 1))
    make_case(
        db,
        reference="C-DONE01",
        request_received_on=date(2025, 9, 1),
        assessment_decided_on=date(2025, 10, 1),
        assessment_agreed=False,
    )
    order = [case.reference for case, _ in cases.cases_by_urgency(today=date(2026, 3, 2))]
    assert order == ["C-OVERDU", "C-LATER1", "C-DONE01"]


# Decisions -----------------------------------------------------------------------------------------------------


def _decide(meeting, case, **changes):
    values = {
        "case_reference": case.reference,
        "request_type": "assess",
        "outcome": "refused",
        "decision_maker_name": "Dana Decider",
        "decision_maker_role": "Head of SEND",
        "reasons": "The school's SEN support plan meets the child's needs.",
        "reason_codes": ["sen_support"],
        "findings": {"a": LimbAnswer("met", "Reports describe needs."), "b": LimbAnswer("not_met", "Met by support.")},
        "evidence": [("ep_report", "EP report, January 2026"), ("parent_views", "")],
    }
    values.update(changes)
    return decisions.record_decision(meeting, **values, by=BY)


def test_record_a_refusal_with_reasons_findings_and_evidence(db):
    make_reference_data(db)
    meeting = make_meeting(db, status="held")
    case = make_case(db)
    decision = _decide(meeting, case)
    assert [c.code for c in decision.reason_codes] == ["sen_support"]
    assert [(f.limb.key, f.finding) for f in decision.findings] == [("a", "met"), ("b", "not_met")]
    assert [e.kind for e in decision.evidence] == ["ep_report", "parent_views"]
    assert decision.appeal_rights.startswith("If you disagree")
    assert decision.publication_status == "unpublished"
    assert case.assessment_decided_on == date(2026, 3, 4) and case.assessment_agreed is False
    assert "decision.record" in _actions(db)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reason_codes": []}, "reason_codes"),
        ({"reasons": "  "}, "reasons"),
        ({"findings": {"a": LimbAnswer("met", "x")}}, "limb_b_finding"),
        ({"findings": {"a": LimbAnswer("met", ""), "b": LimbAnswer("met", "y")}}, "limb_a_reasons"),
        ({"outcome": "maybe"}, "outcome"),
        ({"case_reference": "C-NOPE00"}, "case_reference"),
        ({"evidence": [("gossip", "")]}, "evidence"),
    ],
)
def test_a_bad_refusal_is_refused_and_nothing_is_written(db, changes, field):
    make_reference_data(db)
    meeting = make_meeting(db, status="held")
    case = make_case(db)
    db.session.commit()
    with pytest.raises(ValidationFailed) as error:
        _decide(meeting, case, **changes)
    assert error.value.field == field
    assert (_count(db, Decision), _count(db, LimbFinding), _count(db, EvidenceItem)) == (0, 0, 0)
    assert db.session.get(Case, case.id).assessment_decided_on is None


def test_an_agreement_needs_no_reason_codes(db):
    make_reference_data(db)
    decision = _decide(make_meeting(db, status="held"), make_case(db), outcome="agreed", reason_codes=[], findings={})
    assert decision.outcome == "agreed"


@pytest.mark.parametrize("status", ["scheduled", "closed"])
def test_decisions_need_a_held_meeting(db, status):
    make_reference_data(db)
    with pytest.raises(Conflict):
        _decide(make_meeting(db, status=status), make_case(db))
    assert _count(db, Decision) == 0


def test_reason_codes_are_versioned_never_deleted(db):
    make_reference_data(db)
    decision = _decide(make_meeting(db, status="held"), make_case(db))
    revised = decisions.revise_reason_code("sen_support", label="Needs can be met through SEN support", by=BY)
    assert revised.version == 2
    assert decision.reason_codes[0].version == 1 and decision.reason_codes[0].label.startswith("Needs can be met from")
    assert [c.version for c in decisions.reason_codes() if c.code == "sen_support"] == [2]


def test_parent_reps_add_observations_until_the_meeting_closes(db):
    rep = make_user(db, roles=["parent_rep"], email="rep@example.org", display_name="Pat Rep")
    decision = make_decision(db)
    assign_parent_rep(db, decision.meeting, rep)
    observation = decisions.add_observation(
        decision, text="The family's views were heard.", author_name=rep.display_name, by=Actor.of(rep)
    )
    assert observation.author_name == "Pat Rep"
    decision.meeting.status = "closed"
    with pytest.raises(Conflict):
        decisions.add_observation(decision, text="Late", author_name="Pat Rep", by=Actor.of(rep))


def test_an_unassigned_parent_rep_cannot_observe(db):
    rep = make_user(db, roles=["parent_rep"], email="rep@example.org")
    with pytest.raises(Forbidden):
        decisions.add_observation(make_decision(db), text="x", author_name="x", by=Actor.of(rep))


def test_what_happened_next_is_recorded(db):
    decision = make_decision(db, outcome="refused")
    decisions.add_event(decision, kind="mediation", happened_on=date(2026, 4, 1), outcome="No agreement", by=BY)
    decisions.add_event(decision, kind="appeal_lodged", happened_on=date(2026, 5, 1), by=BY)
    decisions.add_event(decision, kind="appeal_outcome", happened_on=date(2026, 9, 1), outcome="overturned", by=BY)
    assert [(e.kind, e.outcome_label) for e in decision.events] == [
        ("mediation", "No agreement"),
        ("appeal_lodged", ""),
        ("appeal_outcome", "Overturned"),
    ]
    with pytest.raises(ValidationFailed) as error:
        decisions.add_event(decision, kind="appeal_outcome", happened_on=date(2026, 9, 2), outcome="won", by=BY)
    assert error.value.field == "outcome"
