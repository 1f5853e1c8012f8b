"""The restricted area for clerks, panel members, parent representatives and reviewers."""

from __future__ import annotations

from flask import Blueprint, render_template

from panelrecords.auth.permissions import signed_in_required

bp = Blueprint("records", __name__)


@bp.route("/")
@signed_in_required
def index():
    return render_template("records/index.html")
