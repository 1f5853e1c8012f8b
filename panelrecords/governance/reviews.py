"""Four eyes for governance: the requests waiting for a second person, and reviewing one."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from panelrecords.auth.permissions import current_actor, role_required
from panelrecords.errors import DomainError
from panelrecords.governance.publication_forms import ReviewForm, SendBackForm
from panelrecords.governance.routes import SECRETARY, bp
from panelrecords.markdown import render_markdown
from panelrecords.publishing import governance as requests

# The page has two forms: the second one's fields are prefixed so that no two elements share an id.
SEND_BACK = "back"


@bp.route("/reviews")
@role_required(*SECRETARY)
def reviews():
    waiting = requests.waiting()
    return render_template(
        "governance/reviews.html",
        waiting=waiting,
        mine={r.id for r in waiting if not requests.can_review(r, current_user)},
        done=request.args.get("done"),
    )


def _render_review(found, *, form=None, send_back_form=None, status: int = 200):
    names = requests.names_for_review(found) if found.status == "pending" else []
    form = form or ReviewForm(formdata=None)
    form.names.choices = [(name, name) for name in names]
    page = render_template(
        "governance/review.html",
        found=found,
        source=requests.source_of(found),
        preview=requests.preview(found),
        names=names,
        can_review=requests.can_review(found, current_user),
        review_form=form,
        send_back_form=send_back_form or SendBackForm(formdata=None, prefix=SEND_BACK),
        errors_form=form if form.errors else send_back_form if send_back_form and send_back_form.errors else None,
        render_markdown=render_markdown,
    )
    return page, status


@bp.route("/reviews/<int:request_id>", methods=["GET", "POST"])
@role_required(*SECRETARY)
def review(request_id: int):
    found = requests.get_request(request_id)
    form = ReviewForm()
    form.names.choices = (
        [(name, name) for name in requests.names_for_review(found)] if found.status == "pending" else []
    )
    if form.validate_on_submit():
        try:
            requests.approve(found, confirmed_names=form.names.data or [], by=current_actor())
        except DomainError as error:
            form.add_error("names", error.message)
            return _render_review(requests.get_request(request_id), form=form, status=409)
        return redirect(url_for(".reviews", done="approved"))
    return _render_review(found, form=form)


@bp.route("/reviews/<int:request_id>/send-back", methods=["POST"])
@role_required(*SECRETARY)
def send_back_request(request_id: int):
    found = requests.get_request(request_id)
    form = SendBackForm(prefix=SEND_BACK)
    if form.validate_on_submit():
        try:
            requests.send_back(found, comments=form.comments.data, by=current_actor())
        except DomainError as error:
            form.add_error("comments", error.message)
        else:
            return redirect(url_for(".reviews", done="returned"))
    return _render_review(requests.get_request(request_id), send_back_form=form, status=400)
