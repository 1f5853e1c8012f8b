"""Parent carer representatives: their meetings, the confidentiality statement, and observations."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from panelrecords.auth.permissions import current_actor, role_required
from panelrecords.models.users import Role
from panelrecords.records.forms import AcknowledgeForm, ObservationForm, RemovalForm
from panelrecords.records.once import single_submission
from panelrecords.records.routes import attempt, bp
from panelrecords.services import decisions, papers, recording


@bp.route("/your-meetings/<int:meeting_id>")
@role_required(Role.PARENT_REP)
def rep_meeting(meeting_id: int):
    meeting = recording.get_meeting_for_parent_rep(meeting_id, by=current_actor())
    return render_template(
        "records/rep_meeting.html",
        meeting=meeting,
        assignment=recording.assignment_for(meeting, current_user.id),
        papers=papers.current_papers(meeting),
        done=request.args.get("done"),
    )


@bp.route("/your-meetings/<int:meeting_id>/confidentiality", methods=["GET", "POST"])
@role_required(Role.PARENT_REP)
def acknowledge(meeting_id: int):
    meeting = recording.get_meeting_for_parent_rep(meeting_id, by=current_actor())
    form = AcknowledgeForm()
    if form.validate_on_submit():
        recording.acknowledge_confidentiality(meeting, by=current_actor())
        return redirect(url_for(".rep_meeting", meeting_id=meeting.id, done="acknowledged"))
    return render_template("records/acknowledge.html", form=form, meeting=meeting)


@bp.route("/your-meetings/decisions/<int:decision_id>/observations/new", methods=["GET", "POST"])
@role_required(Role.PARENT_REP)
@single_submission
def add_observation(decision_id: int):
    decision = decisions.get_decision(decision_id)
    meeting = recording.get_meeting_for_parent_rep(decision.meeting_id, by=current_actor())
    form = ObservationForm()
    if form.validate_on_submit():
        if attempt(
            form,
            lambda: decisions.add_observation(
                decision, text=form.text.data, author_name=current_user.display_name, by=current_actor()
            ),
        ):
            return redirect(url_for(".rep_meeting", meeting_id=meeting.id, done="observation"))
    return render_template("records/add_observation.html", form=form, decision=decision, meeting=meeting)


@bp.route("/observations/<int:observation_id>/remove", methods=["GET", "POST"])
@role_required(Role.CLERK, Role.ADMIN)
def remove_observation(observation_id: int):
    observation = decisions.get_observation(observation_id)
    decision = observation.decision
    form = RemovalForm(closed=decision.meeting.is_closed, what="observation")
    if form.validate_on_submit():
        attempt(form, lambda: decisions.remove_observation(observation, reason=form.reason.data, by=current_actor()))
        if not form.errors:
            return redirect(url_for(".decision", decision_id=decision.id, done="observation_removed"))
    return render_template("records/remove_observation.html", form=form, observation=observation)
