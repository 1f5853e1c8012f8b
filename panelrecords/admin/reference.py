"""Administration of the controlled lists: request types, their legal tests limb by limb, and reason codes.

Versioned, never deleted: see ``services.reference_lists``.
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from panelrecords.admin.forms import ConfirmForm
from panelrecords.admin.reference_forms import (
    LimbForm,
    ReasonCodeForm,
    RenameRequestTypeForm,
    RequestTypeForm,
    ReviseReasonCodeForm,
)
from panelrecords.admin.routes import bp
from panelrecords.auth.permissions import current_actor, role_required
from panelrecords.errors import Conflict, DomainError
from panelrecords.models.users import Role
from panelrecords.services import decisions, reference_lists


def _try(form, call):
    try:
        return call()
    except DomainError as error:
        form.add_error(error.field, error.message)
        return None


@bp.route("/reference")
@role_required(Role.ADMIN)
def reference():
    decisions.install_defaults(by=current_actor())
    return render_template(
        "admin/reference.html",
        request_types=reference_lists.all_request_types(),
        reasons=reference_lists.reason_code_history(),
        uses=reference_lists.reason_code_uses(),
        confirm=ConfirmForm(),
        done=request.args.get("done"),
        error=request.args.get("error"),
    )


@bp.route("/reference/reason-codes/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_reason_code():
    form = ReasonCodeForm()
    if form.validate_on_submit():
        if form.code.data.strip().lower() in reference_lists.reason_code_history():
            form.add_error("code", "A reason code with this code already exists: change its wording instead")
        elif _try(
            form, lambda: decisions.revise_reason_code(form.code.data, label=form.label.data, by=current_actor())
        ):
            return redirect(url_for("admin.reference", done="reason-added"))
    return render_template("admin/reason_code_new.html", form=form)


def _versions(code: str):
    versions = reference_lists.reason_code_history().get(code)
    if not versions:
        abort(404)
    return versions


@bp.route("/reference/reason-codes/<code>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def revise_reason_code(code: str):
    versions = _versions(code)
    form = ReviseReasonCodeForm(data={"label": versions[0].label} if request.method == "GET" else None)
    if form.validate_on_submit():
        if _try(form, lambda: decisions.revise_reason_code(code, label=form.label.data, by=current_actor())):
            return redirect(url_for("admin.reference", done="reason-revised"))
    return render_template(
        "admin/reason_code.html", form=form, code=code, versions=versions, uses=reference_lists.reason_code_uses()
    )


@bp.route("/reference/reason-codes/<code>/retire", methods=["POST"])
@role_required(Role.ADMIN)
def retire_reason_code(code: str):
    _versions(code)
    if ConfirmForm().validate_on_submit():
        decisions.retire_reason_code(code, by=current_actor())
    return redirect(url_for("admin.reference", done="reason-retired"))


@bp.route("/reference/request-types/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_request_type():
    form = RequestTypeForm()
    if form.validate_on_submit():
        created = _try(
            form,
            lambda: reference_lists.add_request_type(
                form.code.data,
                label=form.label.data,
                legal_test=form.legal_test.data or "",
                limbs=(form.limbs.data or "").splitlines(),
                by=current_actor(),
            ),
        )
        if created:
            return redirect(url_for("admin.request_type", request_type_id=created.id, done="created"))
    return render_template("admin/request_type_new.html", form=form)


@bp.route("/reference/request-types/<int:request_type_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def request_type(request_type_id: int):
    kind = reference_lists.get_request_type(request_type_id)
    initial = {"label": kind.label, "legal_test": kind.legal_test} if request.method == "GET" else None
    form, limb_form = RenameRequestTypeForm(data=initial, prefix="type"), LimbForm(prefix="limb")
    if request.method == "POST" and "limb-submit" in request.form:
        if limb_form.validate_on_submit():
            if _try(limb_form, lambda: reference_lists.add_limb(kind, text=limb_form.text.data, by=current_actor())):
                return redirect(url_for("admin.request_type", request_type_id=kind.id, done="limb-added"))
    elif form.validate_on_submit():
        renamed = _try(
            form,
            lambda: reference_lists.rename_request_type(
                kind, label=form.label.data, legal_test=form.legal_test.data or "", by=current_actor()
            ),
        )
        if renamed:
            return redirect(url_for("admin.request_type", request_type_id=kind.id, done="saved"))
    return render_template(
        "admin/request_type.html",
        kind=kind,
        form=form,
        limb_form=limb_form,
        confirm=ConfirmForm(),
        used_by=reference_lists.decisions_using(kind),
        done=request.args.get("done"),
        error=request.args.get("error"),
    )


@bp.route("/reference/request-types/<int:request_type_id>/<any(retire, restore):change>", methods=["POST"])
@role_required(Role.ADMIN)
def change_request_type(request_type_id: int, change: str):
    kind = reference_lists.get_request_type(request_type_id)
    if ConfirmForm().validate_on_submit():
        try:
            reference_lists.set_request_type_active(kind, change == "restore", by=current_actor())
        except Conflict:
            return redirect(url_for("admin.request_type", request_type_id=kind.id, error="last"))
    return redirect(url_for("admin.request_type", request_type_id=kind.id, done=change))


@bp.route("/reference/limbs/<int:limb_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def revise_limb(limb_id: int):
    limb = reference_lists.get_limb(limb_id)
    form = LimbForm(data={"text": limb.text} if request.method == "GET" else None)
    if form.validate_on_submit():
        if _try(form, lambda: reference_lists.revise_limb(limb, text=form.text.data, by=current_actor())):
            return redirect(url_for("admin.request_type", request_type_id=limb.request_type_id, done="limb-revised"))
    return render_template("admin/limb.html", form=form, limb=limb)


@bp.route("/reference/limbs/<int:limb_id>/retire", methods=["POST"])
@role_required(Role.ADMIN)
def retire_limb(limb_id: int):
    limb = reference_lists.get_limb(limb_id)
    if ConfirmForm().validate_on_submit():
        reference_lists.retire_limb(limb, by=current_actor())
    return redirect(url_for("admin.request_type", request_type_id=limb.request_type_id, done="limb-retired"))
