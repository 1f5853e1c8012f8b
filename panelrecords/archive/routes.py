"""The public archive: what anyone can read, without signing in."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("archive", __name__)


@bp.route("/")
def home():
    return render_template("archive/home.html")


@bp.route("/accessibility")
def accessibility():
    return render_template("archive/accessibility.html")


@bp.route("/privacy")
def privacy():
    return render_template("archive/privacy.html")
