"""Governance boards (SIB, SPG …): meetings, minutes and actions, for board secretaries."""

from __future__ import annotations

from flask import Blueprint, render_template

from panelrecords.auth.permissions import role_required
from panelrecords.models.users import Role

bp = Blueprint("governance", __name__)


@bp.route("/")
@role_required(Role.BOARD_SECRETARY, Role.ADMIN)
def index():
    return render_template("governance/index.html")
