"""Decisions: choosing the request type, recording the decision limb by limb, and what happened next."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from panelrecords.auth.permissions import current_actor, role_required
from panelrecords.errors import ValidationFailed
from panelrecords.records.forms import DecisionStartForm, EventForm, decision_form, evidence_items
from panelrecords.records.once import single_submission
from panelrecords.records.routes import CLERKS, attempt, bp, publication_state
from panelrecords.services import decisions, recording
from panelrecords.services.decisions import LimbAnswer


@bp.route("/meetings/<int:meeting_id>/decisions/new", methods=["GET", "POST"])
@role_required(*CLERKS)
def start_decision(meeting_id: int):
    meeting = recording.get_meeting(meeting_id)
    decisions.install_defaults(by=current_actor())  # first use: the statutory request types and reason codes
    form = DecisionStartForm(case_reference=request.args.get("case", ""))
    form.request_type.choices = [(t.code, t.label) for t in decisions.request_types()]
    if form.validate_on_submit():
        return redirect(
            url_for(
                ".new_decision",
                meeting_id=meeting.id,
                request_type=form.request_type.data,
                case=form.case_reference.data.strip().upper(),
            )
        )
    return render_template("records/start_decision.html", form=form, meeting=meeting)


@bp.route("/meetings/<int:meeting_id>/decisions/new/<request_type>", methods=["GET", "POST"])
@role_required(*CLERKS)
@single_submission
def new_decision(meeting_id: int, request_type: str):
    meeting = recording.get_meeting(meeting_id)
    kind = next((t for t in decisions.request_types() if t.code == request_type), None)
    if kind is None:
        abort(404)
    codes = [(c.code, c.label) for c in decisions.reason_codes()]
    form = decision_form(kind, codes, appeal_rights=decisions.DEFAULT_APPEAL_RIGHTS)
    case_reference = request.args.get("case", "")
    if form.validate_on_submit():
        decision = attempt(
            form,
            lambda: decisions.record_decision(
                meeting,
                case_reference=case_reference,
                request_type=kind.code,
                **decision_values(form),
                by=current_actor(),
            ),
        )
        if decision:
            return redirect(url_for(".decision", decision_id=decision.id, done="recorded"))
    return render_template(
        "records/new_decision.html", form=form, meeting=meeting, request_type=kind, case_reference=case_reference
    )


def decision_values(form) -> dict:
    """The decision form's answers as the service's keyword arguments."""
    return {
        "outcome": form.outcome.data,
        "decision_maker_name": form.decision_maker_name.data,
        "decision_maker_role": form.decision_maker_role.data,
        "reasons": form.reasons.data,
        "reason_codes": form.reason_codes.data,
        "findings": {limb.key: LimbAnswer(finding.data, reasons.data) for limb, finding, reasons in form.limbs},
        "evidence": evidence_items(form.evidence.data, form.evidence_details.data),
        "dissent": form.dissent.data,
        "next_steps": form.next_steps.data,
        "appeal_rights": form.appeal_rights.data,
        "departure_reason": form.departure_reason.data,
    }


def decision_data(decision) -> dict:
    """A recorded decision as the form's initial answers."""
    data = {
        "outcome": decision.outcome,
        "decision_maker_name": decision.decision_maker_name,
        "decision_maker_role": decision.decision_maker_role,
        "reasons": decision.reasons,
        "reason_codes": [c.code for c in decision.reason_codes],
        "evidence": [e.kind for e in decision.evidence],
        "evidence_details": "\n".join(f"{e.kind_label}: {e.description}" for e in decision.evidence if e.description),
        "dissent": decision.dissent,
        "next_steps": decision.next_steps,
        "appeal_rights": decision.appeal_rights,
        "departure_reason": decision.departure_reason,
    }
    for finding in decision.findings:
        data[f"limb_{finding.limb.key}_finding"] = finding.finding
        data[f"limb_{finding.limb.key}_reasons"] = finding.reasons
    return data


@bp.route("/decisions/<int:decision_id>")
@role_required(*CLERKS)
def decision(decision_id: int):
    decision = decisions.get_decision(decision_id)
    return render_template(
        "records/decision.html",
        decision=decision,
        publication=publication_state(decision),
        done=request.args.get("done"),
    )


@bp.route("/decisions/<int:decision_id>/edit", methods=["GET", "POST"])
@role_required(*CLERKS)
def edit_decision(decision_id: int):
    decision = decisions.get_decision(decision_id)
    if not decisions.can_edit(decision):
        return render_template("records/edit_decision.html", decision=decision, form=None), 409
    codes = [(c.code, c.label) for c in decisions.reason_codes()]
    form = decision_form(
        decision.request_type, codes, editing=True, closed=decision.meeting.is_closed, data=decision_data(decision)
    )
    if form.validate_on_submit():
        values = decision_values(form)
        if attempt(
            form,
            lambda: decisions.update_decision(
                decision, **values, change_reason=form.change_reason.data, by=current_actor()
            ),
        ):
            return redirect(url_for(".decision", decision_id=decision.id, done="changed"))
    return render_template("records/edit_decision.html", decision=decision, form=form)


@bp.route("/decisions/<int:decision_id>/events/new", methods=["GET", "POST"])
@role_required(*CLERKS)
@single_submission
def add_event(decision_id: int):
    decision = decisions.get_decision(decision_id)
    form = EventForm()
    if form.validate_on_submit():
        outcome = form.appeal_outcome.data if form.kind.data == "appeal_outcome" else form.mediation_outcome.data
        field = "appeal_outcome" if form.kind.data == "appeal_outcome" else "mediation_outcome"
        try:
            decisions.add_event(
                decision,
                kind=form.kind.data,
                happened_on=form.happened_on.data,
                outcome=outcome or "",
                note=form.note.data,
                by=current_actor(),
            )
        except ValidationFailed as error:
            form.add_error(field if error.field == "outcome" else error.field, error.message)
        else:
            return redirect(url_for(".decision", decision_id=decision.id, done="event"))
    return render_template("records/add_event.html", form=form, decision=decision)
