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
from panelrecords.services import Actor, audit, cases, recording
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
    by: Actor,
) -> Decision:
    """Record a decision taken at a held meeting.

    A refusal needs reason codes, written reasons and a finding on every limb of its test. Raises
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
