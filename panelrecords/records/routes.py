"""The restricted area for clerks, panel members, parent representatives and reviewers.

The views are split by noun: meetings (panels, meetings, attendees, declarations), cases, decisions, papers and
the parent representatives' pages; each module adds its routes to ``bp``.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, render_template
from flask_login import current_user

from panelrecords.auth.permissions import signed_in_required
from panelrecords.errors import Conflict, ValidationFailed
from panelrecords.models.users import Role
from panelrecords.records import once
from panelrecords.services import work

bp = Blueprint("records", __name__)

CLERKS = (Role.CLERK, Role.ADMIN)
CASE_READERS = (Role.CLERK, Role.REVIEWER, Role.ADMIN)


def attempt(form, call: Callable):
    """Run a service call; put a validation or conflict error on the form's field and return None."""
    try:
        return call()
    except (ValidationFailed, Conflict) as error:
        form.add_error(error.field, error.message)
        return None


def publication_state(decision):
    return work.publication_state(decision)


@bp.app_context_processor
def navigation_counts() -> dict:
    """``work_count()`` for the navigation: computed only when a signed-in page asks for it."""

    def work_count() -> int:
        return work.count_for(current_user) if current_user.is_authenticated else 0

    return {"work_count": work_count, "form_once": once.issue}


@bp.route("/")
@signed_in_required
def index():
    return render_template("records/index.html", task_lists=work.work_for(current_user), waited_days=work.waited_days)


from panelrecords.records import case_views, decision_views, meeting_views, paper_views, rep_views  # noqa: E402,F401
