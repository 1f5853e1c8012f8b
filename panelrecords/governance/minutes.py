"""Minutes: writing them per item, importing a document, publishing (draft, approved), withdrawing."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from panelrecords.auth.permissions import current_actor, role_required
from panelrecords.errors import DomainError
from panelrecords.filters import format_datetime
from panelrecords.governance.forms import (
    ApprovalForm,
    ImportForm,
    ImportReviewForm,
    MinutesForm,
    WithdrawForm,
)
from panelrecords.governance.publication_forms import RequestPublicationForm
from panelrecords.governance.routes import SECRETARY, bp
from panelrecords.markdown import render_markdown
from panelrecords.publishing import governance as requests
from panelrecords.publishing import minutes
from panelrecords.services import board_papers, governance, minutes_import


@bp.route("/items/<int:item_id>/minutes", methods=["GET", "POST"])
@role_required(*SECRETARY)
def edit_minutes(item_id: int):
    item = governance.get_item(item_id)
    form = MinutesForm(
        data={"discussion": item.discussion, "decisions": item.decisions} if request.method == "GET" else None
    )
    if form.validate_on_submit():
        try:
            governance.save_minutes(
                item, discussion=form.discussion.data or "", decisions=form.decisions.data or "", by=current_actor()
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect(url_for(".meeting", meeting_id=item.meeting_id, done="minutes"))
    return render_template("governance/edit_minutes.html", form=form, item=item)


@bp.route("/meetings/<int:meeting_id>/import", methods=["GET", "POST"])
@role_required(*SECRETARY)
def import_minutes(meeting_id: int):
    """Read a document and show its items for review; nothing is saved until the review form is sent."""
    meeting = governance.get_meeting(meeting_id)
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.document.data
        try:
            items = minutes_import.parse_document(
                getattr(upload, "filename", "") or "", upload.read() if upload else b""
            )
        except DomainError as error:
            form.add_error("document", error.message)
        else:
            review = ImportReviewForm(
                formdata=None, data={"items": [item.as_dict() | {"keep": True} for item in items]}
            )
            return render_template("governance/review_import.html", form=review, meeting=meeting)
    return render_template("governance/import_minutes.html", form=form, meeting=meeting)


@bp.route("/meetings/<int:meeting_id>/import/save", methods=["POST"])
@role_required(*SECRETARY)
def save_import(meeting_id: int):
    meeting = governance.get_meeting(meeting_id)
    form = ImportReviewForm()
    if form.validate_on_submit():
        kept = [entry.data for entry in form.items if entry.data.get("keep")]
        try:
            governance.save_imported_items(meeting, kept, by=current_actor())
        except DomainError as error:
            form.add_error("submit", error.message)
        else:
            return redirect(url_for(".meeting", meeting_id=meeting.id, done="import"))
    return render_template("governance/review_import.html", form=form, meeting=meeting)


@bp.route("/meetings/<int:meeting_id>/publish", methods=["GET", "POST"])
@role_required(*SECRETARY)
def publish(meeting_id: int):
    """Ask a second person to publish the draft, the approved minutes or a correction (by the meeting's status)."""
    meeting = governance.get_meeting(meeting_id)
    purpose = minutes.purpose_of(meeting)
    approved = purpose != "draft"
    names = minutes.names_to_confirm(meeting, approved=approved)
    form = RequestPublicationForm()
    form.redact.choices = [(name, name) for name in names]
    if form.validate_on_submit():
        try:
            requests.request_minutes(
                meeting, redacted_names=form.redact.data or [], note=form.note.data or "", by=current_actor()
            )
        except DomainError as error:
            form.add_error("note" if error.field == "note" else "redact", error.message)
        else:
            return redirect(url_for(".meeting", meeting_id=meeting.id, done="requested"))
    return render_template(
        "governance/publish.html",
        form=form,
        meeting=meeting,
        approved=approved,
        correcting=purpose == "correction",
        names=names,
        waiting=requests.pending_for(minutes.SOURCE_TYPE, meeting.id),
        preview=minutes.build(meeting, approved=approved, redacted_names=form.redact.data or []),
        unread=board_papers.unreadable_public_papers(meeting),
        render_markdown=render_markdown,
    )


@bp.route("/meetings/<int:meeting_id>/approve", methods=["GET", "POST"])
@role_required(*SECRETARY)
def approve(meeting_id: int):
    meeting = governance.get_meeting(meeting_id)
    form = ApprovalForm()
    later = governance.later_meetings(meeting)
    form.approving_meeting.choices = [("", "Select a meeting")] + [
        (str(m.id), format_datetime(m.starts_at)) for m in later
    ]
    if form.validate_on_submit():
        try:
            minutes.record_approval(
                meeting, governance.get_meeting(int(form.approving_meeting.data)), by=current_actor()
            )
        except DomainError as error:
            form.add_error(error.field or "approving_meeting", error.message)
        else:
            return redirect(url_for(".meeting", meeting_id=meeting.id, done="approved"))
    return render_template("governance/approve.html", form=form, meeting=meeting, later=later)


@bp.route("/meetings/<int:meeting_id>/withdraw", methods=["GET", "POST"])
@role_required(*SECRETARY)
def withdraw(meeting_id: int):
    meeting = governance.get_meeting(meeting_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            minutes.withdraw(meeting, reason=form.reason.data, by=current_actor())
        except DomainError as error:
            form.add_error("reason", error.message)
        else:
            return redirect(url_for(".meeting", meeting_id=meeting.id, done="withdrawn"))
    return render_template("governance/withdraw.html", form=form, meeting=meeting)
