"""Cases: identifiers (clerks, reviewers and admins only) and the statutory timescales."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from panelrecords.auth.permissions import current_actor, role_required
from panelrecords.records.forms import CaseForm, ExceptionForm
from panelrecords.records.once import single_submission
from panelrecords.records.routes import CASE_READERS, CLERKS, attempt, bp
from panelrecords.services import audit, cases

CASE_FIELDS = (
    "request_received_on",
    "requested_by",
    "child",
    "child_aliases",
    "date_of_birth",
    "parents",
    "other_people",
    "address",
    "postcode",
    "school",
    "nhs_number",
    "upn",
    "other",
)


@bp.route("/cases")
@role_required(*CASE_READERS)
def cases_list():
    return render_template("records/cases_list.html", rows=cases.cases_by_urgency())


@bp.route("/cases/new", methods=["GET", "POST"])
@role_required(*CLERKS)
@single_submission
def new_case():
    form = CaseForm()
    if form.validate_on_submit():
        values = {name: form[name].data for name in CASE_FIELDS}
        case = attempt(form, lambda: cases.create_case(**values, by=current_actor()))
        if case:
            return redirect(url_for(".case", case_id=case.id, done="created"))
    return render_template("records/new_case.html", form=form)


@bp.route("/cases/<int:case_id>")
@role_required(*CASE_READERS)
def case(case_id: int):
    case = cases.get_case(case_id)
    return render_template(
        "records/case.html",
        case=case,
        known=cases.read_identifiers(case, by=current_actor(), where="case page"),
        statuses=cases.statuses(case),
        events=audit.events_for("case", case.id, limit=20),
        done=request.args.get("done"),
    )


@bp.route("/cases/<int:case_id>/exceptions/new", methods=["GET", "POST"])
@role_required(*CLERKS)
@single_submission
def add_exception(case_id: int):
    case = cases.get_case(case_id)
    form = ExceptionForm()
    if form.validate_on_submit():
        if attempt(
            form,
            lambda: cases.record_exception(
                case, milestone=form.milestone.data, reason=form.reason.data, by=current_actor()
            ),
        ):
            return redirect(url_for(".case", case_id=case.id, done="exception"))
    return render_template("records/add_exception.html", form=form, case=case)
