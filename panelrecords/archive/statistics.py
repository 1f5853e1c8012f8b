"""The statistics page: figures about panel decisions, computed from the published records only.

Registered on the archive blueprint (imported at the bottom of ``archive/routes.py``).
"""

from __future__ import annotations

from flask import render_template

from panelrecords.archive.routes import bp
from panelrecords.services import statistics as figures
from panelrecords.services.suppression import SUPPRESSED_TEXT, THRESHOLD


@bp.route("/statistics")
def statistics():
    return render_template(
        "archive/statistics.html",
        stats=figures.compute(),
        suppression_method=figures.SUPPRESSION_METHOD,
        suppressed_text=SUPPRESSED_TEXT,
        threshold=THRESHOLD,
        blanket_share=round(figures.BLANKET_POLICY_SHARE * 100),
    )
