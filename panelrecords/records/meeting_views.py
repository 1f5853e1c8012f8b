"""Panels and their meetings: scheduling, attendees, declarations, parent representatives, holding and closing."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from panelrecords.auth.permissions import current_actor, role_required
from panelrecords.records.forms import (
    AssignRepForm,
    AttendeeForm,
    CloseMeetingForm,
    ConfirmForm,
    DeclarationForm,
    MeetingForm,
    PanelForm,
    RemovalForm,
    parse_time,
    with_change_reason,
)
from panelrecords.records.once import single_submission
from panelrecords.records.routes import CLERKS, attempt, bp
from panelrecords.services import papers, recording, work


@bp.route("/panels")
@role_required(*CLERKS)
def panels():
    return render_template("records/panels.html", panels=recording.list_panels())


@bp.route("/panels/new", methods=["GET", "POST"])
@role_required(*CLERKS)
@single_submission
def new_panel():
    form = PanelForm()
    if form.validate_on_submit():
        values = {
            name: form[name].data
            for name in (
                "name",
                "kind",
                "terms_of_reference",
                "min_voting_members",
                "required_sectors",
                "min_parent_reps",
                "standing_members",
            )
        }
        panel = attempt(form, lambda: recording.create_panel(**values, by=current_actor()))
        if panel:
            return redirect(url_for(".panel", panel_id=panel.id))
    return render_template("records/new_panel.html", form=form)


@bp.route("/panels/<int:panel_id>")
@role_required(*CLERKS)
def panel(panel_id: int):
    return render_template("records/panel.html", panel=recording.get_panel(panel_id))


@bp.route("/panels/<int:panel_id>/meetings/new", methods=["GET", "POST"])
@role_required(*CLERKS)
@single_submission
def new_meeting(panel_id: int):
    panel = recording.get_panel(panel_id)
    form = MeetingForm()
    if form.validate_on_submit():
        day = form.meeting_date.data
        meeting = attempt(
            form,
            lambda: recording.schedule_meeting(
                panel,
                starts_at=recording.london_datetime(day, parse_time(form.start_time.data)),
                ends_at=recording.london_datetime(day, parse_time(form.end_time.data)),
                place=form.place.data,
                online=form.online.data == "yes",
                by=current_actor(),
            ),
        )
        if meeting:
            return redirect(url_for(".meeting", meeting_id=meeting.id))
    return render_template("records/new_meeting.html", form=form, panel=panel)


@bp.route("/meetings")
@role_required(*CLERKS)
def meetings():
    return render_template("records/meetings.html", meetings=recording.list_meetings())


@bp.route("/meetings/<int:meeting_id>")
@role_required(*CLERKS)
def meeting(meeting_id: int):
    meeting = recording.get_meeting(meeting_id)
    return render_template(
        "records/meeting.html",
        meeting=meeting,
        quorum=recording.quorum(meeting),
        warnings=recording.scheduling_warnings(meeting.starts_at, meeting.ends_at),
        confirm=ConfirmForm(),
        decisions=work.meeting_publication(meeting),
        papers=papers.current_papers(meeting),
        done=request.args.get("done"),
    )


@bp.route("/meetings/<int:meeting_id>/attendees/new", methods=["GET", "POST"])
@role_required(*CLERKS)
@single_submission
def add_attendee(meeting_id: int):
    meeting = recording.get_meeting(meeting_id)
    form = AttendeeForm()
    if form.validate_on_submit():
        values = {name: form[name].data for name in ("name", "organisation", "sector", "role", "status")}
        consent = {"yes": True, "no": False}.get(form.consent.data)
        added = attempt(
            form,
            lambda: recording.add_attendee(
                meeting, **values, voting=form.voting.data == "yes", consent_to_be_named=consent, by=current_actor()
            ),
        )
        if added:
            return redirect(url_for(".meeting", meeting_id=meeting.id, done="attendee"))
    return render_template("records/add_attendee.html", form=form, meeting=meeting)


@bp.route("/meetings/<int:meeting_id>/declarations/new", methods=["GET", "POST"])
@role_required(*CLERKS)
@single_submission
def add_declaration(meeting_id: int):
    meeting = recording.get_meeting(meeting_id)
    form = DeclarationForm()
    form.attendance_id.choices = [(a.id, f"{a.name}, {a.organisation}".rstrip(", ")) for a in meeting.attendees]
    form.decision_id.choices = [("", "The whole meeting")] + [
        (str(d.id), f"{d.case.reference}: {d.request_type.label}") for d in meeting.decisions
    ]
    if form.validate_on_submit():
        decision_id = int(form.decision_id.data) if form.decision_id.data else None
        added = attempt(
            form,
            lambda: recording.add_declaration(
                meeting,
                attendance_id=form.attendance_id.data,
                interest=form.interest.data,
                action=form.action.data,
                decision_id=decision_id,
                by=current_actor(),
            ),
        )
        if added:
            return redirect(url_for(".meeting", meeting_id=meeting.id, done="declaration"))
    return render_template("records/add_declaration.html", form=form, meeting=meeting)


@bp.route("/meetings/<int:meeting_id>/parent-reps/new", methods=["GET", "POST"])
@role_required(*CLERKS)
@single_submission
def assign_parent_rep(meeting_id: int):
    meeting = recording.get_meeting(meeting_id)
    form = AssignRepForm()
    form.user_id.choices = [(u.id, f"{u.display_name} ({u.email})") for u in recording.parent_rep_users()]
    if form.validate_on_submit():
        if attempt(form, lambda: recording.assign_parent_rep(meeting, user_id=form.user_id.data, by=current_actor())):
            return redirect(url_for(".meeting", meeting_id=meeting.id, done="parent_rep"))
    return render_template("records/assign_parent_rep.html", form=form, meeting=meeting)


@bp.route("/meetings/<int:meeting_id>/held", methods=["POST"])
@role_required(*CLERKS)
def mark_held(meeting_id: int):
    meeting = recording.get_meeting(meeting_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        attempt(form, lambda: recording.mark_held(meeting, by=current_actor()))
    return redirect(url_for(".meeting", meeting_id=meeting.id, done=None if form.errors else "held"))


@bp.route("/meetings/<int:meeting_id>/close", methods=["GET", "POST"])
@role_required(*CLERKS)
def close_meeting(meeting_id: int):
    meeting = recording.get_meeting(meeting_id)
    form = CloseMeetingForm()
    if form.validate_on_submit():
        attempt(form, lambda: recording.close_meeting(meeting, reason=form.reason.data, by=current_actor()))
        if not form.errors:
            return redirect(url_for(".meeting", meeting_id=meeting.id, done="closed"))
    return render_template("records/close_meeting.html", form=form, meeting=meeting, quorum=recording.quorum(meeting))


@bp.route("/attendees/<int:attendance_id>/edit", methods=["GET", "POST"])
@role_required(*CLERKS)
def edit_attendee(attendance_id: int):
    attendee = recording.get_attendee(attendance_id)
    yes_no = {True: "yes", False: "no"}
    form = with_change_reason(AttendeeForm, closed=attendee.meeting.is_closed)(
        data={
            **{name: getattr(attendee, name) for name in ("name", "organisation", "sector", "role", "status")},
            "voting": yes_no[attendee.voting],
            "consent": yes_no[attendee.consent_to_be_named],
        }
    )
    if form.validate_on_submit():
        values = {name: form[name].data for name in ("name", "organisation", "sector", "role", "status")}
        consent = {"yes": True, "no": False}.get(form.consent.data)
        attempt(
            form,
            lambda: recording.update_attendee(
                attendee,
                **values,
                voting=form.voting.data == "yes",
                consent_to_be_named=consent,
                change_reason=form.change_reason.data,
                by=current_actor(),
            ),
        )
        if not form.errors:
            return redirect(url_for(".meeting", meeting_id=attendee.meeting_id, done="attendee_changed"))
    return render_template("records/edit_attendee.html", form=form, attendee=attendee)


@bp.route("/attendees/<int:attendance_id>/remove", methods=["GET", "POST"])
@role_required(*CLERKS)
def remove_attendee(attendance_id: int):
    attendee = recording.get_attendee(attendance_id)
    form = RemovalForm(closed=attendee.meeting.is_closed, what="attendee")
    if form.validate_on_submit():
        attempt(form, lambda: recording.remove_attendee(attendee, reason=form.reason.data, by=current_actor()))
        if not form.errors:
            return redirect(url_for(".meeting", meeting_id=attendee.meeting_id, done="attendee_removed"))
    return render_template("records/remove_attendee.html", form=form, attendee=attendee)


@bp.route("/declarations/<int:declaration_id>/remove", methods=["GET", "POST"])
@role_required(*CLERKS)
def remove_declaration(declaration_id: int):
    declaration = recording.get_declaration(declaration_id)
    form = RemovalForm(closed=declaration.meeting.is_closed, what="declaration")
    if form.validate_on_submit():
        attempt(form, lambda: recording.remove_declaration(declaration, reason=form.reason.data, by=current_actor()))
        if not form.errors:
            return redirect(url_for(".meeting", meeting_id=declaration.meeting_id, done="declaration_removed"))
    return render_template("records/remove_declaration.html", form=form, declaration=declaration)


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@role_required(*CLERKS)
def edit_meeting(meeting_id: int):
    meeting = recording.get_meeting(meeting_id)
    starts, ends = meeting.starts_at.astimezone(recording.LONDON), meeting.ends_at.astimezone(recording.LONDON)
    form = with_change_reason(MeetingForm, closed=meeting.is_closed)(
        data={
            "meeting_date": starts.date(),
            "start_time": f"{starts:%H:%M}",
            "end_time": f"{ends:%H:%M}",
            "online": "yes" if meeting.online else "no",
            "place": meeting.place,
        }
    )
    if form.validate_on_submit():
        day = form.meeting_date.data
        attempt(
            form,
            lambda: recording.update_meeting(
                meeting,
                starts_at=recording.london_datetime(day, parse_time(form.start_time.data)),
                ends_at=recording.london_datetime(day, parse_time(form.end_time.data)),
                place=form.place.data,
                online=form.online.data == "yes",
                change_reason=form.change_reason.data,
                by=current_actor(),
            ),
        )
        if not form.errors:
            return redirect(url_for(".meeting", meeting_id=meeting.id, done="meeting_changed"))
    return render_template("records/edit_meeting.html", form=form, meeting=meeting)
