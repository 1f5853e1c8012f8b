"""Governance boards (SIB, SPG …): meetings, minutes and actions, for board secretaries.

The views are split by noun: boards here, then ``meetings``, ``minutes`` and ``actions``.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from panelrecords.auth.permissions import current_actor, role_required
from panelrecords.errors import DomainError
from panelrecords.governance.forms import BoardForm, MemberForm
from panelrecords.markdown import render_markdown
from panelrecords.models.users import Role
from panelrecords.publishing import boards
from panelrecords.publishing import governance as requests
from panelrecords.services import board_actions, governance

bp = Blueprint("governance", __name__)
SECRETARY = (Role.BOARD_SECRETARY, Role.ADMIN)


@bp.route("/")
@role_required(*SECRETARY)
def index():
    return render_template("governance/index.html", boards=governance.list_boards())


@bp.route("/boards/new", methods=["GET", "POST"])
@role_required(*SECRETARY)
def new_board():
    form = BoardForm()
    if form.validate_on_submit():
        try:
            board = governance.create_board(
                form.acronym.data,
                name=form.name.data,
                description=form.description.data or "",
                terms_of_reference=form.terms_of_reference.data or "",
                by=current_actor(),
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            requests.request_board_profile(board, by=current_actor())
            return redirect(url_for(".board", board_id=board.id, done="profile_requested"))
    return render_template("governance/new_board.html", form=form)


@bp.route("/boards/<int:board_id>")
@role_required(*SECRETARY)
def board(board_id: int):
    board = governance.get_board(board_id)
    return render_template(
        "governance/board.html",
        board=board,
        meetings=governance.meetings_of(board),
        actions=board_actions.actions_of(board),
        today=board_actions.today(),
        public_profile=boards.published(board),
        profile_request=requests.latest_for(boards.SOURCE_TYPE, board.id),
        done=request.args.get("done"),
        render_markdown=render_markdown,
    )


@bp.route("/boards/<int:board_id>/edit", methods=["GET", "POST"])
@role_required(*SECRETARY)
def edit_board(board_id: int):
    board = governance.get_board(board_id)
    form = BoardForm(obj=board if request.method == "GET" else None)
    del form.acronym  # the short name is in public web addresses: it never changes
    if form.validate_on_submit():
        try:
            governance.update_board(
                board,
                name=form.name.data,
                description=form.description.data or "",
                terms_of_reference=form.terms_of_reference.data or "",
                by=current_actor(),
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            asked = requests.request_board_profile(board, by=current_actor())
            return redirect(url_for(".board", board_id=board.id, done="profile_requested" if asked else "board"))
    return render_template("governance/edit_board.html", form=form, board=board)


@bp.route("/members/<int:member_id>/edit", methods=["GET", "POST"])
@role_required(*SECRETARY)
def edit_member(member_id: int):
    member = governance.get_member(member_id)
    form = MemberForm(obj=member if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            governance.update_member(member, by=current_actor(), **_member_data(form))
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect(url_for(".board", board_id=member.board_id, done="member_updated"))
    return render_template("governance/edit_member.html", form=form, member=member)


def _member_data(form: MemberForm) -> dict:
    return {
        "name": form.name.data,
        "organisation": form.organisation.data or "",
        "role": form.role.data or "",
        "from_date": form.from_date.data,
        "to_date": form.to_date.data,
    }


@bp.route("/boards/<int:board_id>/members/new", methods=["GET", "POST"])
@role_required(*SECRETARY)
def add_member(board_id: int):
    board = governance.get_board(board_id)
    form = MemberForm()
    if form.validate_on_submit():
        try:
            governance.add_member(board, by=current_actor(), **_member_data(form))
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect(url_for(".board", board_id=board.id, done="member"))
    return render_template("governance/add_member.html", form=form, board=board)


from panelrecords.governance import actions, meetings, minutes, reviews  # noqa: E402, F401  (they add their views to bp)
