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
from panelrecords.services import recording

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


@bp.route("/")
@signed_in_required
def index():
    meetings = recording.meetings_for_parent_rep(current_user.id) if current_user.has_role(Role.PARENT_REP) else []
    return render_template("records/index.html", rep_meetings=meetings)


from panelrecords.records import case_views, decision_views, meeting_views, paper_views, rep_views  # noqa: E402,F401
