"""Atom feeds (``/feeds/…``), the CSV of a search (``/search.csv``) and the field dictionary (``/data/fields``)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import gettext as _

from panelrecords.api.public.feeds import atom
from panelrecords.api.public.inputs import require_utf8
from panelrecords.api.public.schemas import page_url
from panelrecords.languages import current
from panelrecords.services import open_data as data

open_data = Blueprint("open_data", __name__)
open_data.before_request(require_utf8)


def _author() -> str:
    return current_app.config["AUTHORITY_NAME"]


def _feed(title: str, records, html_url: str, subtitle: str = "") -> Response:
    body = atom(
        title=f"{title} – {current_app.config['SERVICE_NAME']}",
        feed_url=request.url,
        page_url=html_url,
        author=_author(),
        records=records,
        record_url=page_url,
        updated=data.last_changed(),
        subtitle=subtitle,
        language=current().tag,
    )
    return Response(body, mimetype="application/atom+xml")


@open_data.route("/feeds/decisions.atom")
def decisions_feed():
    return _feed(
        _("New panel decisions"),
        data.latest("decision"),
        url_for("archive.search", kind="decision", _external=True),
        _("The %(count)s newest published SEND panel decisions", count=data.FEED_SIZE),
    )


@open_data.route("/feeds/minutes.atom")
def minutes_feed():
    return _feed(
        _("New board minutes"),
        data.latest("minutes"),
        url_for("boards.index", _external=True),
        _("The %(count)s newest published board minutes", count=data.FEED_SIZE),
    )


@open_data.route("/feeds/boards/<acronym>.atom")
def board_feed(acronym: str):
    board = data.board(acronym)
    return _feed(
        _("Minutes of the %(board)s", board=board.name),
        data.board_minutes(board.acronym, limit=data.FEED_SIZE),
        url_for("boards.board", acronym=board.acronym, _external=True),
    )


@open_data.route("/feeds/search.atom")
def search_feed():
    found = data.search_records(request.args, page_size=data.FEED_SIZE, sort="newest")
    query = request.query_string.decode("ascii", errors="replace")
    page = url_for("archive.search", _external=True) + (f"?{query}" if query else "")
    return _feed(_("Search results"), found.records, page, _("Records matching a search of the archive, newest first"))


@open_data.route("/search.csv")
def search_csv():
    found = data.all_matching(request.args)
    body = data.to_csv(found.records, page_url)
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="panel-records-search.csv"'
    response.headers["X-Total-Count"] = str(found.result.total)
    if found.result.total > len(found.records):
        response.headers["X-Truncated"] = f"first {len(found.records)} of {found.result.total} records"
    return response


@open_data.route("/data/fields")
def fields():
    return render_template(
        "archive/data_fields.html", columns=data.dictionary(), max_rows=data.CSV_MAX_ROWS, feed_size=data.FEED_SIZE
    )
