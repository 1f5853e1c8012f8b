"""Administration: user accounts, their roles and the security settings."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from panelrecords.admin.forms import ConfirmForm, MfaSettingsForm, NewUserForm, RolesForm
from panelrecords.auth.permissions import current_actor, role_required
from panelrecords.errors import DomainError
from panelrecords.models.users import Role
from panelrecords.services import accounts
from panelrecords.services import audit as audit_service

bp = Blueprint("admin", __name__)


@bp.route("/users")
@role_required(Role.ADMIN)
def users():
    return render_template("admin/users.html", users=accounts.list_users(), done=request.args.get("done"))


@bp.route("/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_user():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                form.email.data,
                display_name=form.display_name.data,
                password=form.password.data,
                roles=form.roles.data,
                by=current_actor(),
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect(url_for("admin.user", user_id=user.id, done="created"))
    return render_template("admin/new_user.html", form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def user(user_id: int):
    person = accounts.get_user(user_id)
    form = RolesForm(data={"roles": sorted(r.value for r in person.roles)} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            accounts.set_roles(person, form.roles.data, by=current_actor())
        except DomainError as error:
            form.add_error("roles", error.message)
        else:
            return redirect(url_for("admin.user", user_id=person.id, done="roles"))
    return render_template(
        "admin/user.html",
        person=person,
        paused_until=accounts.paused_until(person),
        form=form,
        events=audit_service.events_for("user", person.id, limit=20),
        done=request.args.get("done"),
    )


@bp.route("/users/<int:user_id>/<any(disable, enable, unlock, 'sign-out-everywhere'):change>", methods=["POST"])
@role_required(Role.ADMIN)
def change_user(user_id: int, change: str):
    person = accounts.get_user(user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        if change == "unlock":
            accounts.unlock(person, by=current_actor())
        elif change == "sign-out-everywhere":
            accounts.end_sessions(person, by=current_actor())
        else:
            accounts.set_active(person, change == "enable", by=current_actor())
    return redirect(url_for("admin.user", user_id=person.id, done=change))


@bp.route("/security", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def security():
    current = sorted(r.value for r in accounts.roles_requiring_mfa())
    form = MfaSettingsForm(data={"roles": current} if request.method == "GET" else None)
    if form.validate_on_submit():
        accounts.set_mfa_required(form.roles.data, by=current_actor())
        return redirect(url_for("admin.security", done="saved"))
    return render_template("admin/security.html", form=form, done=request.args.get("done"))


from panelrecords.admin import reference  # noqa: E402, F401  (adds the controlled lists to bp)
