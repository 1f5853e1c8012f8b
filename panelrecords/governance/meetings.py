"""Meetings: scheduling, the agenda, attendance, declarations and papers."""

from __future__ import annotations

from flask import redirect, render_template, request, send_file, url_for

from panelrecords.auth.permissions import current_actor, role_required
from panelrecords.errors import DomainError
from panelrecords.governance.forms import (
    AgendaItemForm,
    AttendanceForm,
    DeclarationForm,
    MeetingForm,
    PaperForm,
    RemoveForm,
)
from panelrecords.governance.routes import SECRETARY, bp
from panelrecords.publishing import minutes
from panelrecords.records.once import single_submission
from panelrecords.services import board_actions, board_papers, governance


@bp.route("/boards/<int:board_id>/meetings/new", methods=["GET", "POST"])
@role_required(*SECRETARY)
@single_submission
def new_meeting(board_id: int):
    board = governance.get_board(board_id)
    form = MeetingForm()
    if form.validate_on_submit():
        try:
            meeting = governance.create_meeting(
                board,
                starts_at=form.starts_at(),
                place=form.place.data or "",
                online=form.online.data,
                by=current_actor(),
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect(url_for(".meeting", meeting_id=meeting.id))
    return render_template("governance/new_meeting.html", form=form, board=board)


@bp.route("/meetings/<int:meeting_id>")
@role_required(*SECRETARY)
def meeting(meeting_id: int):
    meeting = governance.get_meeting(meeting_id)
    return render_template(
        "governance/meeting.html",
        meeting=meeting,
        history=minutes.history(meeting),
        today=board_actions.today(),
        done=request.args.get("done"),
    )


@bp.route("/meetings/<int:meeting_id>/items/new", methods=["GET", "POST"])
@role_required(*SECRETARY)
@single_submission
def add_item(meeting_id: int):
    meeting = governance.get_meeting(meeting_id)
    form = AgendaItemForm()
    if form.validate_on_submit():
        try:
            governance.add_agenda_item(
                meeting, title=form.title.data, presenter=form.presenter.data or "", by=current_actor()
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect(url_for(".meeting", meeting_id=meeting.id, done="item"))
    return render_template("governance/add_item.html", form=form, meeting=meeting)


@bp.route("/meetings/<int:meeting_id>/attendance/new", methods=["GET", "POST"])
@role_required(*SECRETARY)
@single_submission
def add_attendance(meeting_id: int):
    meeting = governance.get_meeting(meeting_id)
    form = AttendanceForm()
    if form.validate_on_submit():
        try:
            governance.record_attendance(
                meeting,
                name=form.name.data,
                organisation=form.organisation.data or "",
                role=form.role.data or "",
                status=form.status.data,
                named_publicly=not form.not_named.data,
                by=current_actor(),
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect(url_for(".meeting", meeting_id=meeting.id, done="attendance"))
    return render_template("governance/add_attendance.html", form=form, meeting=meeting)


@bp.route("/meetings/<int:meeting_id>/declarations/new", methods=["GET", "POST"])
@role_required(*SECRETARY)
@single_submission
def add_declaration(meeting_id: int):
    meeting = governance.get_meeting(meeting_id)
    form = DeclarationForm()
    if form.validate_on_submit():
        try:
            governance.add_declaration(
                meeting, who=form.who.data, what=form.what.data, action=form.action.data or "", by=current_actor()
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect(url_for(".meeting", meeting_id=meeting.id, done="declaration"))
    return render_template("governance/add_declaration.html", form=form, meeting=meeting)


@bp.route("/items/<int:item_id>/papers/new", methods=["GET", "POST"])
@role_required(*SECRETARY)
@single_submission
def add_paper(item_id: int):
    item = governance.get_item(item_id)
    form = PaperForm()
    if form.validate_on_submit():
        upload = form.document.data
        try:
            board_papers.add_paper(
                item,
                title=form.title.data,
                filename=getattr(upload, "filename", "") or "",
                content=upload.read() if upload else b"",
                is_public=form.public.data == "public",
                by=current_actor(),
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect(url_for(".meeting", meeting_id=item.meeting_id, done="paper"))
    return render_template("governance/add_paper.html", form=form, item=item)


@bp.route("/papers/<int:paper_id>")
@role_required(*SECRETARY)
def paper(paper_id: int):
    import io

    paper = board_papers.get_paper(paper_id, by=current_actor())
    return send_file(
        io.BytesIO(paper.content), mimetype=paper.content_type, as_attachment=True, download_name=paper.filename
    )


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@role_required(*SECRETARY)
def edit_item(item_id: int):
    item = governance.get_item(item_id)
    form = AgendaItemForm(data={"title": item.title, "presenter": item.presenter})
    form.submit.label.text = "Save changes"
    if form.validate_on_submit():
        try:
            governance.update_agenda_item(
                item, title=form.title.data, presenter=form.presenter.data or "", by=current_actor()
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect(url_for(".meeting", meeting_id=item.meeting_id, done="item_changed"))
    return render_template("governance/edit_item.html", form=form, item=item)


# What can be removed, how to find it, how to describe it, and the service that removes it.
_REMOVABLE = {
    "item": (governance.get_item, lambda item: f"item {item.number}, {item.title}", governance.remove_agenda_item),
    "attendance": (
        governance.get_attendance,
        lambda row: f"{row.name} from the attendance",
        governance.remove_attendance,
    ),
    "declaration": (
        governance.get_declaration,
        lambda row: f"the declaration by {row.who}",
        governance.remove_declaration,
    ),
}


@bp.route("/<any(item, attendance, declaration):kind>/<int:row_id>/remove", methods=["GET", "POST"])
@role_required(*SECRETARY)
def remove(kind: str, row_id: int):
    get, describe, remove_row = _REMOVABLE[kind]
    row = get(row_id)
    meeting_id, form = row.meeting_id, RemoveForm()
    if form.validate_on_submit():
        try:
            remove_row(row, by=current_actor())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect(url_for(".meeting", meeting_id=meeting_id, done="removed"))
    return render_template("governance/remove.html", form=form, what=describe(row), meeting=row.meeting)
