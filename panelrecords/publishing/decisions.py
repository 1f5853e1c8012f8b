"""Decision records: what a decision's public record says, built from its approved redaction draft.

The builder reads the restricted decision, its meeting and case, and the draft's redacted texts, and gives the
``Publication`` the core publishes: redacted free text plus public facts (``facts.DecisionFacts``). Attendees
appear by role unless they consented to be named; short recorded strings are redacted without review; the
statutory weeks come from ``services.timescales``.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from sqlalchemy import or_, select

from panelrecords import redaction
from panelrecords.errors import NotFound
from panelrecords.extensions import db
from panelrecords.models.decisions import Decision, EvidenceKind, Finding, Outcome
from panelrecords.models.facts import DECISION_SCHEMA
from panelrecords.models.panels import AttendeeRole, DeclarationAction, InterestDeclaration, PanelKind
from panelrecords.models.published import PublishedRecord
from panelrecords.models.redaction_drafts import AttendeeDisplay, RedactionDraft
from panelrecords.publishing.core import Publication
from panelrecords.services import timescales
from panelrecords.services.common import LONDON
from panelrecords.services.publication_state import current_record, live_record  # noqa: F401  (read with the builder)

SOURCE_TYPE = "decision"
PARENT_REP_LABEL = "Parent carer representative"
FIXED_FIELDS = (
    ("reasons", "Reasons for the decision"),
    ("departure_reason", "Why the panel departed from its findings on the legal test"),
    ("dissent", "Dissent"),
    ("next_steps", "Next steps"),
    ("appeal_rights", "Appeal rights"),
)
# Control characters a person never types into a form (tab and line breaks are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MILESTONES = {"assess": "assessment_decision", "issue_plan": "issue_decision"}
_WEEKS = {
    "assessment_decision": timescales.ASSESSMENT_DECISION_WEEKS,
    "issue_decision": timescales.ISSUE_DECISION_WEEKS,
}


def clean_output(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def get_decision(decision_id: int) -> Decision:
    decision = db.session.get(Decision, decision_id)
    if decision is None:
        raise NotFound("Decision not found")
    return decision


def published_decisions(limit: int = 200) -> list[tuple[Decision, PublishedRecord]]:
    rows = db.session.execute(
        select(Decision, PublishedRecord)
        .join(
            PublishedRecord, (PublishedRecord.source_id == Decision.id) & (PublishedRecord.source_type == SOURCE_TYPE)
        )
        .where(PublishedRecord.is_current)
        .order_by(PublishedRecord.published_at.desc())
        .limit(limit)
    )
    return [(decision, record) for decision, record in rows]


def known_for(decision: Decision) -> redaction.Known:
    """The case's identifiers: what the leak gate checks every public string against."""
    return redaction.Known.from_dict(decision.case.known_identifiers())


def proposal_known(decision: Decision) -> redaction.Known:
    # Proposals also cover the attendees who did not consent to be named; the gate checks the case's identifiers.
    known = known_for(decision)
    people = [a.name for a in decision.meeting.attendees if not a.consent_to_be_named and a.name.strip()]
    people += [o.author_name for o in decision.observations if o.author_name.strip()]
    named = {a.name for a in decision.meeting.attendees if a.consent_to_be_named}
    known.other_people = [*known.other_people, *(p for p in dict.fromkeys(people) if p not in named)]
    return known


def declarations_of(decision: Decision) -> list[InterestDeclaration]:
    """The declarations that bear on a decision: those about it and those for the whole meeting."""
    return list(
        db.session.scalars(
            select(InterestDeclaration)
            .where(
                InterestDeclaration.meeting_id == decision.meeting_id,
                or_(InterestDeclaration.decision_id == decision.id, InterestDeclaration.decision_id.is_(None)),
            )
            .order_by(InterestDeclaration.id)
        )
    )


def withdrawn_attendees(decision: Decision) -> set[int]:
    """Attendance ids of the people who withdrew from this decision after declaring an interest."""
    return {d.attendance_id for d in declarations_of(decision) if d.action == DeclarationAction.WITHDREW}


def decision_quorum(decision: Decision):
    """The meeting's quorum counting only the people who took part in this decision."""
    from panelrecords.services.recording import quorum

    withdrew = withdrawn_attendees(decision)
    meeting = decision.meeting
    took_part = [a for a in meeting.attendees if a.id not in withdrew]
    return quorum(SimpleNamespace(panel=meeting.panel, attendees=took_part))


def public_fields(decision: Decision) -> list[tuple[str, str, str]]:
    """(key, label, original text) of every free-text field the public record carries."""
    rows = [(key, label, getattr(decision, key) or "") for key, label in FIXED_FIELDS]
    rows += [
        (f"observation-{o.id}", "Parent carer representative's observation", o.text or "")
        for o in decision.observations
    ]
    rows += [(f"evidence-{e.id}", f"Evidence: {e.kind_label}", e.description or "") for e in decision.evidence]
    rows += [(f"finding-{f.id}", f"Legal test: {f.limb.text}", f.reasons or "") for f in decision.findings]
    rows += [(f"declaration-{d.id}", "Declaration of interest", d.interest or "") for d in declarations_of(decision)]
    milestone = _MILESTONES.get(decision.request_type.code)
    rows += [
        (f"exception-{e.id}", "Reason the time limit did not apply", e.reason or "")
        for e in decision.case.exceptions
        if e.milestone == milestone
    ]
    return rows


def consenting_names(decision: Decision) -> set[str]:
    return {a.name.strip() for a in decision.meeting.attendees if a.consent_to_be_named}


# The public record ---------------------------------------------------------------------------------------------


def _safe(value: str | None, known: redaction.Known) -> str:
    """Short recorded strings copied into the facts (organisations, roles): redacted without review, so that a
    coincidence ("Example City Council" for a child called Example) never stops or leaks a publication."""
    return clean_output(redaction.redact(value or "", known).text)


def _attendee_public(attendee, display: dict, known: redaction.Known, withdrew: set[int] = frozenset()) -> dict:
    named = display.get(f"attendance-{attendee.id}") == AttendeeDisplay.NAMED and attendee.consent_to_be_named
    role = AttendeeRole(attendee.role)
    took_part = attendee.id not in withdrew
    return {
        "role": role.label,
        "sector": attendee.sector,
        "organisation": "" if role is AttendeeRole.PARENT_REP and not named else _safe(attendee.organisation, known),
        "name": attendee.name if named else None,
        "status": attendee.status,
        "voting": bool(attendee.voting) and took_part,
        "took_part": took_part,
    }


def _who(attendee, display: dict, known: redaction.Known) -> str:
    public = _attendee_public(attendee, display, known)
    if public["name"]:
        return public["name"]
    return public["role"] + (f", {public['organisation']}" if public["organisation"] else "")


def _timeliness(decision: Decision, exception_texts: list[str]) -> dict | None:
    from panelrecords.services import cases

    milestone = _MILESTONES.get(decision.request_type.code)
    if milestone is None:
        return None
    status = next((s for s in cases.statuses(decision.case) if s.milestone == milestone), None)
    if status is None:
        return None
    weeks = _WEEKS[milestone]
    if exception_texts:
        state = "exception"
    elif status.state.value == "met":
        state = "on_time"
    elif status.state.value == "met_late":
        state = "late"
    else:
        state = "pending"
    return {
        "deadline_weeks": weeks,
        "status": state,
        "days_late": status.days if status.state.value in ("met_late", "overdue") else 0,
        "exception_reason": " ".join(exception_texts) or None,
    }


def later_events_public(decision: Decision, known: redaction.Known, *, free_text: bool = True) -> list[dict]:
    """Mediation, appeal lodged, appeal outcome: kind, date and outcome. ``free_text=False`` leaves out the
    mediation's outcome (typed by a clerk), for a version published without a second person's review."""
    from panelrecords.models.decisions import EventKind

    return [
        {
            "kind": e.kind,
            "date": e.happened_on.isoformat(),
            "outcome": _safe(e.outcome_label, known) if free_text or e.kind != EventKind.MEDIATION else "",
        }
        for e in decision.events
    ]


def appeal_public(decision: Decision) -> dict:
    """What is known of an appeal to the tribunal, from controlled values only (the statistics read this)."""
    from panelrecords.models.decisions import AppealOutcome, EventKind

    lodged = [e for e in decision.events if e.kind == EventKind.APPEAL_LODGED]
    decided = [e for e in decision.events if e.kind == EventKind.APPEAL_OUTCOME and e.outcome in set(AppealOutcome)]
    outcome = decided[-1] if decided else None
    return {
        "lodged": bool(lodged or decided),
        "lodged_on": lodged[0].happened_on.isoformat() if lodged else None,
        "outcome": outcome.outcome if outcome else None,
        "outcome_label": AppealOutcome(outcome.outcome).label if outcome else None,
        "decided_on": outcome.happened_on.isoformat() if outcome else None,
    }


def meeting_ref(meeting) -> str:
    """A public reference of the panel meeting, so figures about meetings count each meeting once."""
    # Lower case and no initials-like capitals: the leak gate reads "PM" as the initials of a Pat Morgan.
    return f"meeting-{meeting.id}"


def _legal_test_name(citation: str) -> str:
    return citation.split(" of the ")[0].strip() if citation else ""


def build_publication(draft: RedactionDraft) -> Publication:
    """The public record a draft gives: its redacted texts and the decision's public facts (the facts contract)."""
    decision = draft.decision
    meeting, panel = decision.meeting, decision.meeting.panel
    text = {key: value["redacted"] for key, value in draft.fields.items()}
    display = draft.display
    known = known_for(decision)
    by_user = {a.user_id: a for a in meeting.attendees if a.user_id is not None}
    observations = []
    for observation in decision.observations:
        redacted = text.get(f"observation-{observation.id}", "").strip()
        if redacted:
            attendee = by_user.get(observation.author_id)
            who = _who(attendee, display, known) if attendee is not None else PARENT_REP_LABEL
            observations.append(f"{who}: {redacted}")
    meeting_date = meeting.starts_at.astimezone(LONDON).date()
    withdrew = withdrawn_attendees(decision)
    present = [a for a in meeting.attendees if a.is_present and a.id not in withdrew]
    consented_maker = display.get("decision_maker") == AttendeeDisplay.NAMED and (
        decision.decision_maker_name.strip() in consenting_names(decision)
    )
    request_type = decision.request_type
    outcome_label = Outcome(decision.outcome).label
    facts = {
        "schema": DECISION_SCHEMA,
        "panel_name": _safe(panel.name, known),
        "panel_kind": panel.kind,
        "panel_kind_label": PanelKind(panel.kind).label,
        "meeting_date": meeting_date.isoformat(),
        "request_type": request_type.code,
        "request_type_label": request_type.label,
        "outcome": decision.outcome,
        "outcome_label": outcome_label,
        "decision_maker_role": _safe(decision.decision_maker_role, known),
        "decision_maker_name": decision.decision_maker_name if consented_maker else None,
        "reason_codes": [{"code": c.code, "label": c.label} for c in decision.reason_codes],
        "legal_test": {
            "name": _legal_test_name(request_type.legal_test),
            "citation": request_type.legal_test,
            "limbs": [
                {
                    "label": f.limb.text,
                    "finding": Finding(f.finding).label if f.finding in {x.value for x in Finding} else f.finding,
                    "reasons": text.get(f"finding-{f.id}", ""),
                }
                for f in decision.findings
            ],
        },
        "evidence": [
            {"type": e.kind, "label": EvidenceKind(e.kind).label, "description": text.get(f"evidence-{e.id}", "")}
            for e in decision.evidence
        ],
        "attendance": [_attendee_public(a, display, known, withdrew) for a in meeting.attendees],
        "declarations": [
            {
                "who": _who(d.attendee, display, known),
                "what": text.get(f"declaration-{d.id}", ""),
                "action": d.action_label,
                "scope": "decision" if d.decision_id is not None else "meeting",
                "took_part": d.action != DeclarationAction.WITHDREW,
            }
            for d in declarations_of(decision)
        ],
        "quorate": decision_quorum(decision).is_quorate,
        "parent_reps_present": sum(1 for a in present if a.role == AttendeeRole.PARENT_REP),
        "parent_reps_required": panel.min_parent_reps,
        "timeliness": _timeliness(decision, [v for k, v in text.items() if k.startswith("exception-") and v.strip()]),
        "later_events": later_events_public(decision, known),
        "appeal": appeal_public(decision),
        "meeting_ref": meeting_ref(meeting),
    }
    title = f"{request_type.label}: {outcome_label.lower()}"
    summary = text.get("reasons", "").strip()
    return Publication(
        title=title[:300],
        texts={
            "reasons": text.get("reasons", ""),
            "departure_reason": text.get("departure_reason", ""),
            "dissent": text.get("dissent", ""),
            "parent_rep_observations": "\n\n".join(observations),
            "next_steps": text.get("next_steps", ""),
            "appeal_rights": text.get("appeal_rights", ""),
        },
        facts=facts,
        summary=summary[:297] + "…" if len(summary) > 300 else summary,
        meeting_date=meeting_date,
        panel_kind=panel.kind,
        request_type=request_type.code,
        outcome=decision.outcome,
        reason_codes=[c.code for c in decision.reason_codes],
    )
