"""Panel papers: upload and download (every download audited by the service)."""

from __future__ import annotations

import io

from flask import redirect, render_template, send_file, url_for

from panelrecords.auth.permissions import current_actor, role_required
from panelrecords.models.users import Role
from panelrecords.records.forms import PaperForm, RemovalForm
from panelrecords.records.once import single_submission
from panelrecords.records.routes import CLERKS, attempt, bp
from panelrecords.services import papers, recording


@bp.route("/meetings/<int:meeting_id>/papers/new", methods=["GET", "POST"])
@role_required(*CLERKS)
@single_submission
def upload_paper(meeting_id: int):
    meeting = recording.get_meeting(meeting_id)
    form = PaperForm()
    form.decision_id.choices = [("", "The whole meeting")] + [
        (str(d.id), f"{d.case.reference}: {d.request_type.label}") for d in meeting.decisions
    ]
    if form.validate_on_submit():
        upload = form.file.data
        content = upload.stream.read(papers.max_bytes() + 1)
        paper = attempt(
            form,
            lambda: papers.upload_paper(
                meeting,
                title=form.title.data,
                filename=upload.filename,
                content=content,
                decision_id=int(form.decision_id.data) if form.decision_id.data else None,
                by=current_actor(),
            ),
        )
        if paper:
            return redirect(url_for(".meeting", meeting_id=meeting.id, done="paper"))
    return render_template("records/upload_paper.html", form=form, meeting=meeting)


@bp.route("/papers/<int:paper_id>")
@role_required(Role.CLERK, Role.ADMIN, Role.PARENT_REP)
def download_paper(paper_id: int):
    try:
        paper = papers.open_paper(paper_id, by=current_actor())
    except papers.ConfidentialityNotAcknowledged:
        return redirect(url_for(".acknowledge", meeting_id=papers.meeting_id_of(paper_id)))
    response = send_file(
        io.BytesIO(paper.content),
        mimetype=paper.content_type,
        as_attachment=True,
        download_name=paper.filename,
        max_age=0,
        etag=False,
        last_modified=None,
        conditional=False,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/papers/<int:paper_id>/remove", methods=["GET", "POST"])
@role_required(*CLERKS)
def remove_paper(paper_id: int):
    paper = papers.get_paper(paper_id)
    form = RemovalForm(closed=paper.meeting.is_closed, what="paper")
    if form.validate_on_submit():
        attempt(form, lambda: papers.remove_paper(paper, reason=form.reason.data, by=current_actor()))
        if not form.errors:
            return redirect(url_for(".meeting", meeting_id=paper.meeting_id, done="paper_removed"))
    return render_template("records/remove_paper.html", form=form, paper=paper)
