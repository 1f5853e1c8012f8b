"""The action log: adding actions under agenda items and recording what happened."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from panelrecords.auth.permissions import current_actor, role_required
from panelrecords.errors import DomainError
from panelrecords.governance.forms import ActionForm, ActionUpdateForm
from panelrecords.governance.routes import SECRETARY, bp
from panelrecords.records.once import single_submission
from panelrecords.services import board_actions, governance


@bp.route("/items/<int:item_id>/actions/new", methods=["GET", "POST"])
@role_required(*SECRETARY)
@single_submission
def add_action(item_id: int):
    item = governance.get_item(item_id)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            board_actions.add_action(
                item, description=form.description.data, owner=form.owner.data, due=form.due.data, by=current_actor()
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect(url_for(".meeting", meeting_id=item.meeting_id, done="action"))
    return render_template("governance/add_action.html", form=form, item=item)


@bp.route("/actions/<int:action_id>", methods=["GET", "POST"])
@role_required(*SECRETARY)
def action(action_id: int):
    action = board_actions.get_action(action_id)
    form = ActionUpdateForm(data={"status": action.status} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            board_actions.update_action(action, status=form.status.data, text=form.text.data or "", by=current_actor())
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect(url_for(".action", action_id=action.id, done="updated"))
    return render_template(
        "governance/action.html", form=form, action=action, today=board_actions.today(), done=request.args.get("done")
    )
