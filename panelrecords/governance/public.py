"""The public board pages: boards, published minutes with their history, and the action log.

Reads only published data, through ``services.governance_public``; sets no cookie.
"""

from __future__ import annotations

import io
from datetime import date

from flask import Blueprint, render_template, request, send_file

from panelrecords.errors import Gone, NotFound
from panelrecords.filters import format_date
from panelrecords.languages import N_
from panelrecords.markdown import render_markdown
from panelrecords.services import governance_public

bp = Blueprint("boards", __name__)

ACTION_FILTERS = ("open", "overdue", "done", "dropped")
# How the pages name the actions' statuses and attendance (``{{ status | capitalize | translate }}``).
STATUS_WORDS = (
    # TRANSLATORS: the status of an action a board agreed: not done yet (an adjective, not the verb "to open").
    N_("Open"),
    N_("Overdue"),
    N_("Done"),
    N_("Dropped"),
    N_("Present"),
    # TRANSLATORS: attendance at a board meeting: the member could not come and told the board beforehand (sent
    # their apologies for absence); not an apology for a mistake.
    N_("Apologies"),
    N_("Absent"),
)


@bp.app_template_filter("isodate")
def isodate(value: str | None) -> str:
    """An ISO date from a published record's facts, in GOV.UK style (2 March 2026)."""
    if not value:
        return ""
    try:
        return format_date(date.fromisoformat(value[:10]))
    except ValueError:
        return value


@bp.route("/boards")
def index():
    return render_template("governance/public/index.html", boards=governance_public.boards())


@bp.route("/boards/<acronym>")
def board(acronym: str):
    board = governance_public.board(acronym)
    return render_template(
        "governance/public/board.html",
        board=board,
        minutes=governance_public.minutes_of(board.acronym),
        actions=governance_public.open_actions(board.acronym),
        today=governance_public.today(),
        render_markdown=render_markdown,
    )


@bp.route("/boards/<acronym>/meetings/<public_id>")
def minutes(acronym: str, public_id: str):
    board = governance_public.board(acronym)
    version = request.args.get("version", type=int)
    try:
        found = governance_public.minutes(board.acronym, public_id, version)
    except Gone as gone:
        return render_template("governance/public/withdrawn.html", board=board, record=gone.record), 410
    return render_template(
        "governance/public/minutes.html",
        board=board,
        minutes=found,
        record=found.record,
        today=governance_public.today(),
        render_markdown=render_markdown,
    )


@bp.route("/boards/<acronym>/meetings/<public_id>/papers/<int:paper_id>")
def paper(acronym: str, public_id: str, paper_id: int):
    """Download a public paper of published minutes; restricted papers are never served."""
    board = governance_public.board(acronym)
    try:
        found = governance_public.paper(board.acronym, public_id, paper_id)
    except Gone:
        raise NotFound("Paper not found") from None
    return send_file(
        io.BytesIO(found.content),
        mimetype=found.content_type,
        as_attachment=True,
        download_name=found.filename,
        max_age=3600,
    )


@bp.route("/boards/<acronym>/actions")
def actions(acronym: str):
    board = governance_public.board(acronym)
    status = request.args.get("status") or None
    if status is not None and status not in ACTION_FILTERS:
        raise NotFound("No actions have that status")
    return render_template(
        "governance/public/actions.html",
        board=board,
        actions=governance_public.actions(board.acronym, status=status),
        status=status,
        filters=ACTION_FILTERS,
        today=governance_public.today(),
    )
