"""The statistics page: figures about panel decisions, computed from the published records only.

Registered on the archive blueprint (imported at the bottom of ``archive/routes.py``).
"""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_skeleton
from flask import Response, render_template
from flask_babel import gettext as _

from panelrecords.archive.routes import bp
from panelrecords.filters import format_number
from panelrecords.languages import Phrase, current_code, translate
from panelrecords.services import statistics as figures
from panelrecords.services.suppression import SECONDARY_MARKER, SECONDARY_TEXT, SUPPRESSED_TEXT, THRESHOLD


@bp.app_template_filter("figure")
def figure(cell, words: bool = False) -> str:
    """A published count in the reader's language: the number, or why it is hidden (``words``: spelled out)."""
    if not cell.suppressed:
        return format_number(cell.value)
    if cell.secondary:
        return translate(SECONDARY_TEXT) if words else SECONDARY_MARKER
    return _("fewer than %(number)s", number=format_number(THRESHOLD))


@bp.app_template_filter("figure_label")
def figure_label(label) -> str:
    """A row or bar label in the reader's language: a month ("May 2025") in the language's own words, fixed text
    from the catalogue, an authority's own label as published."""
    if isinstance(label, Phrase):
        return translate(label)
    text = str(label or "")
    if current_code() != "en":
        try:
            month = datetime.strptime(text, "%B %Y").date()
        except ValueError:
            return translate(text)
        return format_skeleton("yMMMM", month, locale=current_code())
    return text


@bp.route("/statistics")
def statistics():
    return render_template(
        "archive/statistics.html",
        stats=figures.compute(),
        suppression_method=figures.SUPPRESSION_METHOD,
        suppressed_text=SUPPRESSED_TEXT,
        secondary_marker=SECONDARY_MARKER,
        secondary_text=SECONDARY_TEXT,
        threshold=THRESHOLD,
        blanket_share=round(figures.BLANKET_POLICY_SHARE * 100),
    )


@bp.route("/statistics.csv")
def statistics_csv():
    """Every published figure, one number a line, hidden exactly as on the page and in the API."""
    return Response(
        figures.to_csv(figures.compute()),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="panel-statistics.csv"'},
    )
