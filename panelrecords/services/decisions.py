"""Decisions: recording them with reasons and the legal test limb by limb, observations, what happened next,
and the controlled lists admins maintain (request types with their tests, reason codes: versioned, never deleted)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from panelrecords.errors import Conflict, Forbidden, NotFound, ValidationFailed
from panelrecords.extensions import db
from panelrecords.models.decisions import (
    AppealOutcome,
    Decision,
    DecisionEvent,
    EventKind,
    EvidenceItem,
    EvidenceKind,
    Finding,
    LegalTestLimb,
    LimbFinding,
    Observation,
    Outcome,
    ReasonCode,
    RequestType,
)
from panelrecords.models.panels import MeetingStatus, PanelMeeting
from panelrecords.services import Actor, audit, cases, recording, reference_lists
from panelrecords.services.cases import today_in_london
from panelrecords.services.common import drain_outbox, lock
from panelrecords.services.recording import atomic

DEFAULT_APPEAL_RIGHTS = (
    "If you disagree with this decision you can appeal to the First-tier Tribunal (Special Educational Needs "
    "and Disability). Before you appeal you must contact a mediation adviser within 2 months of the date of "
    "the decision letter, or 1 month from the date of a mediation certificate, whichever is later. "
    "You can also ask for a meeting with the local authority to talk about the decision."
)

# code, label, legal test, [(limb key, limb text)]
DEFAULT_REQUEST_TYPES = [
    (
        "assess",
        "Request for an EHC needs assessment",
        "Section 36(8) of the Children and Families Act 2014",
        [
            ("a", "The child or young person has or may have special educational needs"),
            ("b", "It may be necessary for special educational provision to be made in accordance with an EHC plan"),
        ],
    ),
    (
        "issue_plan",
        "Decision whether to issue an EHC plan",
        "Section 37(1) of the Children and Families Act 2014",
        [("a", "It is necessary for special educational provision to be made in accordance with an EHC plan")],
    ),
    (
        "amend",
        "Amend an EHC plan",
        "Section 44 of the Children and Families Act 2014 and regulation 22 of the SEND Regulations 2014",
        [("a", "The plan no longer describes the child's or young person's needs or the provision they need")],
    ),
    (
        "cease",
        "Cease to maintain an EHC plan",
        "Section 45 of the Children and Families Act 2014",
        [("a", "It is no longer necessary for the EHC plan to be maintained")],
    ),
    (
        "placement",
        "Name a school or other placement",
        "Section 39(4) of the Children and Families Act 2014",
        [
            ("a", "The placement is unsuitable for the child's age, ability, aptitude or special educational needs"),
            ("b", "Attending it would be incompatible with the efficient education of others"),
            ("c", "Attending it would be incompatible with the efficient use of resources"),
        ],
    ),
    (
        "personal_budget",
        "Personal budget",
        "Section 49 of the Children and Families Act 2014 and the Personal Budgets Regulations 2014",
        [
            (
                "a",
                "A direct payment would not have an adverse impact on other services or be an inefficient use of "
                "resources",
            )
        ],
    ),
    ("other", "Other request", "", []),
]

DEFAULT_REASON_CODES = [
    ("sen_support", "Needs can be met from SEN support"),
    ("insufficient_evidence", "Insufficient evidence of special educational needs"),
    ("further_advice", "Further advice needed"),
    ("meets_36_8", "Meets the section 36(8) test"),
    ("meets_37_1", "Meets the section 37(1) test"),
    ("provision_ordinarily_available", "Provision is ordinarily available in mainstream settings"),
    ("efficient_use_of_resources", "Incompatible with the efficient use of resources"),
    ("no_longer_necessary", "The plan is no longer necessary"),
    ("evidence_of_progress", "Evidence of progress with current support"),
]


# Controlled lists ----------------------------------------------------------------------------------------------


@atomic
def install_defaults(*, by: Actor) -> bool:
    """Add the statutory request types, their tests and the reason codes if there are none yet."""
    if db.session.scalar(select(func.count(RequestType.id))):
        return False
    for code, label, legal_test, limbs in DEFAULT_REQUEST_TYPES:
        request_type = RequestType(code=code, label=label, legal_test=legal_test)
        request_type.limbs = [LegalTestLimb(key=key, text=text, position=i) for i, (key, text) in enumerate(limbs)]
        db.session.add(request_type)
    if not db.session.scalar(select(func.count(ReasonCode.id))):
        for code, label in DEFAULT_REASON_CODES:
            db.session.add(ReasonCode(code=code, version=1, label=label))
    db.session.flush()
    audit.record("reference.install_defaults", "reference_data", None, by=by)
    db.session.commit()
    return True


def request_types(*, active_only: bool = True) -> list[RequestType]:
    query = select(RequestType).order_by(RequestType.id)
    if active_only:
        query = query.where(RequestType.active)
    return list(db.session.scalars(query))


def get_request_type(code: str) -> RequestType:
    request_type = db.session.scalar(select(RequestType).where(RequestType.code == code, RequestType.active))
    if request_type is None:
        raise ValidationFailed("Select the type of request", "request_type")
    return request_type


def reason_codes(*, active_only: bool = True) -> list[ReasonCode]:
    query = select(ReasonCode).order_by(ReasonCode.label, ReasonCode.version)
    if active_only:
        query = query.where(ReasonCode.active)
    return list(db.session.scalars(query))


@atomic
def revise_reason_code(code: str, *, label: str, by: Actor) -> ReasonCode:
    """Add a reason code, or a new version of one (the old version stays for the decisions that used it)."""
    label = (label or "").strip()
    if not label:
        raise ValidationFailed("Enter the wording of the reason code", "label")
    code = (code or "").strip().lower()
    if not code or not code.replace("_", "").isalnum() or len(code) > 64:
        raise ValidationFailed("Enter a code of up to 64 letters, digits and underscores", "code")
    reference_lists.check_reason_label_free(code, label)
    previous = list(db.session.scalars(select(ReasonCode).where(ReasonCode.code == code)))
    for old in previous:
        old.active = False
    version = max((old.version for old in previous), default=0) + 1
    reason_code = ReasonCode(code=code, version=version, label=label)
    db.session.add(reason_code)
    db.session.flush()
    audit.record("reason_code.revise", "reason_code", reason_code.id, by=by, detail={"code": code, "version": version})
    db.session.commit()
    return reason_code


@atomic
def retire_reason_code(code: str, *, by: Actor) -> None:
    """Stop offering a reason code; it is never deleted, so past decisions keep it."""
    for row in db.session.scalars(select(ReasonCode).where(ReasonCode.code == code, ReasonCode.active)):
        row.active = False
    audit.record("reason_code.retire", "reason_code", None, by=by, detail={"code": code})
    db.session.commit()


# Decisions -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LimbAnswer:
    finding: str | None
    reasons: str = ""


def get_decision(decision_id: int) -> Decision:
    decision = db.session.get(Decision, decision_id)
    if decision is None:
        raise NotFound("Decision not found")
    return decision


def _required(value: str | None, message: str, field: str, *, limit: int = 20_000, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(message, field)
    if len(value) > limit:
        raise ValidationFailed(f"This answer must be {limit:,} characters or fewer", field)
    return value


def _findings(request_type: RequestType, answers: dict[str, LimbAnswer], *, every_limb: bool) -> list[LimbFinding]:
    rows = []
    limbs = {limb.key: limb for limb in request_type.active_limbs}
    unknown = set(answers) - set(limbs)
    if unknown:
        raise ValidationFailed(f"The legal test has no limb {sorted(unknown)[0]!r}", "findings")
    for key, limb in limbs.items():
        answer = answers.get(key) or LimbAnswer(None)
        field, letter = f"limb_{key}_finding", limb.letter
        if not answer.finding:
            if every_limb:
                raise ValidationFailed(f"Select the panel's finding on limb ({letter}) of the legal test", field)
            continue
        if answer.finding not in {f.value for f in Finding}:
            raise ValidationFailed(f"Select the panel's finding on limb ({letter}) of the legal test", field)
        reasons = _required(
            answer.reasons, f"Enter the reasons for the finding on limb ({letter})", f"limb_{key}_reasons", limit=10_000
        )
        rows.append(LimbFinding(limb=limb, finding=answer.finding, reasons=reasons))
    return rows


def _evidence(items: list[tuple[str, str]]) -> list[EvidenceItem]:
    rows = []
    for kind, description in items:
        if kind not in {k.value for k in EvidenceKind}:
            raise ValidationFailed("Select the kinds of evidence considered", "evidence")
        rows.append(
            EvidenceItem(kind=kind, description=_required(description, "", "evidence", limit=2_000, required=False))
        )
    return rows


def _reason_codes(codes: list[str]) -> list[ReasonCode]:
    rows = []
    for code in dict.fromkeys(codes):
        row = db.session.scalar(select(ReasonCode).where(ReasonCode.code == code, ReasonCode.active))
        if row is None:
            raise ValidationFailed("Select reason codes from the list", "reason_codes")
        rows.append(row)
    return rows


AGREEMENTS = (Outcome.AGREED, Outcome.AGREED_WITH_CONDITIONS)
DEPARTS_REFUSED = (
    "The panel found every limb of the legal test met: change the outcome or a finding, or explain why the panel "
    "refused the request although every limb is met"
)
DEPARTS_AGREED = (
    "The panel found a limb of the legal test not met: change the outcome or the finding, or explain why the panel "
    "agreed although that limb is not met"
)


def departure_message(outcome: str, findings: list[str]) -> str | None:
    """Why an outcome contradicts the panel's own findings, or None when it follows from them."""
    if outcome == Outcome.REFUSED and findings and all(f == Finding.MET for f in findings):
        return DEPARTS_REFUSED
    if outcome in AGREEMENTS and Finding.NOT_MET in findings:
        return DEPARTS_AGREED
    return None


def _departure(outcome: str, findings: list[LimbFinding], departure_reason: str | None) -> str:
    """The recorded reason for departing from the findings (required then, published); "" when there is none."""
    reason = _required(departure_reason, "", "departure_reason", required=False)
    message = departure_message(outcome, [f.finding for f in findings])
    if message and not reason:
        raise ValidationFailed(message, "departure_reason")
    return reason if message else ""


@atomic
def record_decision(
    meeting: PanelMeeting,
    *,
    case_reference: str,
    request_type: str,
    outcome: str,
    decision_maker_name: str,
    decision_maker_role: str,
    reasons: str = "",
    reason_codes: list[str] | None = None,
    findings: dict[str, LimbAnswer] | None = None,
    evidence: list[tuple[str, str]] | None = None,
    dissent: str = "",
    next_steps: str = "",
    appeal_rights: str = "",
    departure_reason: str = "",
    by: Actor,
) -> Decision:
    """Record a decision taken at a held meeting.

    A refusal needs reason codes, written reasons and a finding on every limb of its test; an outcome that
    contradicts the findings needs the panel's reason for departing from them. Raises
    ``Conflict`` (the meeting is not held) or ``ValidationFailed`` on the field at fault; nothing is written then.
    """
    if meeting.status != MeetingStatus.HELD:
        raise Conflict("A decision can only be recorded for a meeting that has been held and is not closed", "outcome")
    try:
        case = cases.find_case(case_reference)
    except NotFound:
        raise ValidationFailed("Enter the reference of an existing case, like C-7KD2QX", "case_reference") from None
    kind = get_request_type(request_type)
    if outcome not in {o.value for o in Outcome}:
        raise ValidationFailed("Select the outcome", "outcome")
    refused = outcome == Outcome.REFUSED
    codes = _reason_codes(reason_codes or [])
    if refused and not codes:
        raise ValidationFailed("Select at least one reason code for a refusal", "reason_codes")
    decision = Decision(
        meeting=meeting,
        case=case,
        request_type=kind,
        outcome=outcome,
        decision_maker_name=_required(
            decision_maker_name, "Enter the name of the decision maker", "decision_maker_name", limit=200
        ),
        decision_maker_role=_required(
            decision_maker_role, "Enter the decision maker's role", "decision_maker_role", limit=200
        ),
        reasons=_required(reasons, "Enter the reasons for the refusal", "reasons", required=refused),
        dissent=_required(dissent, "", "dissent", required=False),
        next_steps=_required(next_steps, "", "next_steps", required=False),
        appeal_rights=_required(appeal_rights, "", "appeal_rights", required=False)
        or (DEFAULT_APPEAL_RIGHTS if outcome != Outcome.AGREED else ""),
        recorded_by_id=by.user_id,
    )
    decision.findings = _findings(kind, findings or {}, every_limb=refused)
    decision.departure_reason = _departure(outcome, decision.findings, departure_reason)
    decision.evidence = _evidence(evidence or [])
    decision.reason_codes = codes
    db.session.add(decision)
    cases.note_decision(
        case,
        request_type_code=kind.code,
        outcome=outcome,
        decided_on=meeting.starts_at.astimezone(recording.LONDON).date(),
    )
    db.session.flush()
    audit.record(
        "decision.record",
        "decision",
        decision.id,
        by=by,
        detail={
            "meeting_id": meeting.id,
            "case": case.reference,
            "request_type": kind.code,
            "outcome": outcome,
            "reason_codes": [c.code for c in codes],
        },
    )
    db.session.commit()
    return decision


@atomic
def add_observation(decision: Decision, *, text: str, author_name: str, by: Actor) -> Observation:
    """A parent representative's observation on a decision, before the meeting closes.

    Raises ``Forbidden`` (not assigned), ``Conflict`` (closed) or ``ValidationFailed``.
    """
    meeting = decision.meeting
    if recording.assignment_for(meeting, by.user_id) is None:
        raise Forbidden("You are not assigned to this meeting")
    if meeting.is_closed:
        raise Conflict("The meeting is closed: observations can no longer be added", "text")
    observation = Observation(
        decision=decision,
        author_id=by.user_id,
        author_name=author_name,
        text=_required(text, "Enter your observation", "text", limit=10_000),
    )
    db.session.add(observation)
    db.session.flush()
    audit.record("observation.add", "decision", decision.id, by=by, detail={"observation_id": observation.id})
    db.session.commit()
    return observation


@atomic
def add_event(
    decision: Decision, *, kind: str, happened_on: date | None, outcome: str = "", note: str = "", by: Actor
) -> DecisionEvent:
    """Record what happened next: mediation (with its outcome), an appeal lodged, or the appeal's outcome."""
    lock(decision)  # first, as every use case that may publish the decision does: no deadlock with a withdrawal
    if kind not in {k.value for k in EventKind}:
        raise ValidationFailed("Select what happened", "kind")
    if happened_on is None:
        raise ValidationFailed("Enter the date it happened", "happened_on")
    decided_on = decision.meeting.starts_at.astimezone(recording.LONDON).date()
    if happened_on < decided_on or happened_on > today_in_london():
        raise ValidationFailed("The date must be between the date of the decision and today", "happened_on")
    outcome = (outcome or "").strip()
    if kind == EventKind.APPEAL_OUTCOME and outcome not in {o.value for o in AppealOutcome}:
        raise ValidationFailed("Select the outcome of the appeal", "outcome")
    if kind == EventKind.MEDIATION and not outcome:
        raise ValidationFailed("Enter the outcome of the mediation", "outcome")
    if kind == EventKind.APPEAL_LODGED:
        outcome = ""
    event = DecisionEvent(
        decision=decision,
        kind=kind,
        happened_on=happened_on,
        outcome=_required(outcome, "", "outcome", limit=200, required=False),
        note=_required(note, "", "note", limit=5_000, required=False),
    )
    db.session.add(event)
    db.session.flush()
    audit.record(
        "decision.event", "decision", decision.id, by=by, detail={"kind": kind, "happened_on": happened_on.isoformat()}
    )
    # A published decision gets a new public version with the event, in this same transaction.
    from panelrecords.publishing.later_events import publish_later_event

    published = publish_later_event(decision, event, by=by)
    db.session.commit()
    if published is not None:
        drain_outbox()
    return event


# Correcting before publication ---------------------------------------------------------------------------------


def snapshot(decision: Decision) -> dict:
    """What a person recorded about a decision, as plain values: the before and after of an audited change."""
    return {
        "outcome": decision.outcome,
        "decision_maker_name": decision.decision_maker_name,
        "decision_maker_role": decision.decision_maker_role,
        "reasons": decision.reasons,
        "reason_codes": sorted(c.code for c in decision.reason_codes),
        "findings": {f.limb.key: [f.finding, f.reasons] for f in decision.findings},
        "evidence": [[e.kind, e.description] for e in decision.evidence],
        "dissent": decision.dissent,
        "next_steps": decision.next_steps,
        "appeal_rights": decision.appeal_rights,
        "departure_reason": decision.departure_reason,
    }


def _changes(before: dict, after: dict) -> dict:
    changed = [key for key in after if before.get(key) != after[key]]
    return {"before": {key: before.get(key) for key in changed}, "after": {key: after[key] for key in changed}}


def is_published(decision: Decision) -> bool:
    from panelrecords.services import publication_state

    return publication_state.live_record(decision) is not None


def can_edit(decision: Decision) -> bool:
    """Whether the decision can still be changed directly (not once a published version is live)."""
    return not is_published(decision)


def _require_editable(meeting: PanelMeeting, change_reason: str | None, *, field: str = "change_reason") -> str:
    """The reason for a change after the meeting closed (required then). Raises ``ValidationFailed``."""
    reason = _required(change_reason, "", field, limit=5_000, required=False)
    if meeting.is_closed and not reason:
        raise ValidationFailed("Enter why this is being changed after the meeting was closed", field)
    return reason


def _merge_findings(decision: Decision, rows: list[LimbFinding]) -> None:
    # Rows are changed in place, so their ids (and a redaction draft's field keys) stay the same.
    existing = {f.limb_id: f for f in decision.findings}
    wanted = {row.limb.id: row for row in rows}
    for limb_id, old in existing.items():
        if limb_id not in wanted:
            decision.findings.remove(old)
    for limb_id, row in wanted.items():
        if limb_id in existing:
            existing[limb_id].finding, existing[limb_id].reasons = row.finding, row.reasons
        else:
            decision.findings.append(LimbFinding(limb=row.limb, finding=row.finding, reasons=row.reasons))


def _merge_evidence(decision: Decision, items: list[EvidenceItem]) -> None:
    for position, item in enumerate(items):
        if position < len(decision.evidence):
            decision.evidence[position].kind, decision.evidence[position].description = item.kind, item.description
        else:
            decision.evidence.append(EvidenceItem(kind=item.kind, description=item.description))
    del decision.evidence[len(items) :]


@atomic
def update_decision(
    decision: Decision,
    *,
    outcome: str,
    decision_maker_name: str,
    decision_maker_role: str,
    reasons: str = "",
    reason_codes: list[str] | None = None,
    findings: dict[str, LimbAnswer] | None = None,
    evidence: list[tuple[str, str]] | None = None,
    dissent: str = "",
    next_steps: str = "",
    appeal_rights: str = "",
    departure_reason: str = "",
    change_reason: str = "",
    by: Actor,
) -> Decision:
    """Correct a decision before it is published, with the same rules as recording it; audited with before/after.

    After the meeting is closed a reason for the change is required. Raises ``Conflict`` when a published version
    is live (it changes only through a correction) or ``ValidationFailed`` on the field at fault.
    """
    # Loaded before anything changes: the audit compares against them.
    before = snapshot(decision)
    if is_published(decision):
        raise Conflict("This decision is published: change it through a correction of the published record", "outcome")
    change_reason = _require_editable(decision.meeting, change_reason)
    if outcome not in {o.value for o in Outcome}:
        raise ValidationFailed("Select the outcome", "outcome")
    refused = outcome == Outcome.REFUSED
    codes = _reason_codes(reason_codes or [])
    if refused and not codes:
        raise ValidationFailed("Select at least one reason code for a refusal", "reason_codes")
    new_findings = _findings(decision.request_type, findings or {}, every_limb=refused)
    departure = _departure(outcome, new_findings, departure_reason)
    decision.outcome = outcome
    decision.decision_maker_name = _required(
        decision_maker_name, "Enter the name of the decision maker", "decision_maker_name", limit=200
    )
    decision.decision_maker_role = _required(
        decision_maker_role, "Enter the decision maker's role", "decision_maker_role", limit=200
    )
    decision.reasons = _required(reasons, "Enter the reasons for the refusal", "reasons", required=refused)
    decision.dissent = _required(dissent, "", "dissent", required=False)
    decision.next_steps = _required(next_steps, "", "next_steps", required=False)
    decision.appeal_rights = _required(appeal_rights, "", "appeal_rights", required=False)
    decision.departure_reason = departure
    decision.reason_codes = codes
    _merge_findings(decision, new_findings)
    _merge_evidence(decision, _evidence(evidence or []))
    for finding in new_findings:  # the transient rows were only the new values
        if finding in db.session:
            db.session.expunge(finding)
    _note_outcome(decision)
    db.session.flush()
    changes = _changes(before, snapshot(decision))
    if changes["after"]:
        audit.record(
            "decision.update", "decision", decision.id, by=by, detail={**changes, "change_reason": change_reason}
        )
    db.session.commit()
    return decision


def _note_outcome(decision: Decision) -> None:
    # The statutory clock records whether the decision agreed; a corrected outcome corrects it.
    case, decided_on = decision.case, decision.meeting.starts_at.astimezone(recording.LONDON).date()
    agreed = decision.outcome in AGREEMENTS
    if decision.request_type.code == "assess" and case.assessment_decided_on == decided_on:
        case.assessment_agreed = agreed
    elif decision.request_type.code == "issue_plan" and case.issue_decided_on == decided_on:
        case.issue_agreed = agreed
    else:
        cases.note_decision(
            case, request_type_code=decision.request_type.code, outcome=decision.outcome, decided_on=decided_on
        )


@atomic
def remove_observation(observation: Observation, *, reason: str = "", by: Actor) -> None:
    """Remove an observation before publication (its author, or a clerk); audited with its text.

    Raises ``Conflict`` once the decision is published, ``ValidationFailed`` without a reason after closing.
    """
    decision = observation.decision
    if is_published(decision):
        raise Conflict("This decision is published: change it through a correction of the published record", "reason")
    reason = _require_editable(decision.meeting, reason, field="reason")
    audit.record(
        "observation.remove",
        "decision",
        decision.id,
        by=by,
        detail={"observation_id": observation.id, "before": {"text": observation.text}, "reason": reason},
    )
    db.session.delete(observation)
    db.session.commit()


def get_observation(observation_id: int) -> Observation:
    observation = db.session.get(Observation, observation_id)
    if observation is None:
        raise NotFound("Observation not found")
    return observation
