"""The public JSON API (``/api/v1/``): read-only, no sign-in, no cookies, open to any origin.

Errors are JSON ``{"error": code, "message": …}`` with the status (``field`` names the parameter at fault).
A withdrawn record answers 410 with ``{"id", "deleted": true, "withdrawn_at", "reason"}``.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for
from werkzeug.datastructures import MultiDict

from panelrecords.api.public import schemas
from panelrecords.api.public.inputs import require_utf8
from panelrecords.api.public.openapi import document
from panelrecords.errors import DomainError, ValidationFailed
from panelrecords.services import archive, open_data

bp = Blueprint("public_api", __name__, url_prefix="/api/v1")
bp.before_request(require_utf8)


@bp.after_request
def open_to_any_origin(response):
    # Read-only and without cookies or credentials, so any site may read it.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers.setdefault("Access-Control-Expose-Headers", "ETag, Last-Modified, Link")
    return response


@bp.errorhandler(DomainError)
def domain_error(error: DomainError):
    body = {"error": error.code, "message": error.message}
    if error.field:
        body["field"] = error.field
    return jsonify(body), error.status


@bp.errorhandler(open_data.Gone)
def gone(error: open_data.Gone):
    return jsonify(schemas.Deleted().dump(error.record)), 410


def _page_size() -> int:
    raw = (request.args.get("page_size") or str(open_data.API_PAGE_SIZE)).strip()
    if not raw.isdigit() or not 1 <= int(raw) <= open_data.API_MAX_PAGE_SIZE:
        raise ValidationFailed(
            f"The page size must be a whole number from 1 to {open_data.API_MAX_PAGE_SIZE}", "page_size"
        )
    return int(raw)


def _link(page: int) -> str:
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    return url_for(request.endpoint, _external=True, **args)


def _pagination(result) -> tuple[int, dict[str, str]]:
    pages = min(result.pages, archive.MAX_PAGE)
    links = {"self": _link(result.page), "first": _link(1), "last": _link(pages)}
    if result.page > 1:
        links["prev"] = _link(min(result.page - 1, pages))
    if result.page < pages:
        links["next"] = _link(result.page + 1)
    return pages, links


@bp.route("/")
def index():
    return jsonify(
        {
            "name": "Open data API of the published SEND panel decisions and board minutes",
            "openapi": url_for(".openapi", _external=True),
            "links": {
                "records": url_for(".records", _external=True),
                "withdrawn": url_for(".withdrawn", _external=True),
                "boards": url_for(".boards", _external=True),
                "meetings": url_for(".meetings", _external=True),
                "statistics": url_for(".statistics", _external=True),
                "field_dictionary": url_for("open_data.fields", _external=True),
            },
        }
    )


@bp.route("/openapi.json")
def openapi():
    return jsonify(document())


@bp.route("/records")
def records():
    found = open_data.search_records(request.args, page_size=_page_size())
    result = found.result
    pages, links = _pagination(result)
    labels = archive.labels()
    return jsonify(
        {
            "data": schemas.RecordSummary(many=True).dump(found.records),
            "meta": {
                "total": result.total,
                "page": result.page,
                "pages": pages,
                "page_size": result.page_size,
                "sort": found.request.sort,
                "suggestion": result.suggestion,
            },
            "facets": {
                name: [{"value": v, "label": labels.get(name, {}).get(v, v), "count": n} for v, n in values]
                for name, values in result.facets.items()
            },
            "links": links,
        }
    )


@bp.route("/records/<public_id>")
def record(public_id: str):
    found = open_data.record(public_id)
    body = schemas.RecordDetail().dump(found.record)
    body["versions"] = schemas.Version(many=True).dump(found.versions)
    return jsonify(body)


@bp.route("/records/<public_id>/versions/<int:version>")
def record_version(public_id: str, version: int):
    found = open_data.record(public_id, version=version)
    body = schemas.RecordDetail().dump(found.record)
    body["versions"] = schemas.Version(many=True).dump(found.versions)
    return jsonify(body)


@bp.route("/withdrawn")
def withdrawn():
    return jsonify({"data": schemas.Deleted(many=True).dump(open_data.withdrawn())})


@bp.route("/boards")
def boards():
    return jsonify({"data": schemas.Board(many=True).dump(open_data.boards())})


@bp.route("/boards/<acronym>")
def board(acronym: str):
    found = open_data.board(acronym)
    body = schemas.Board().dump(found)
    body["meetings"] = schemas.Meeting(many=True).dump(open_data.board_minutes(found.acronym))
    return jsonify(body)


@bp.route("/meetings")
def meetings():
    args = MultiDict(request.args)
    args.setlist("kind", ["minutes"])
    found = open_data.search_records(args, page_size=_page_size(), sort="newest")
    pages, links = _pagination(found.result)
    return jsonify(
        {
            "data": schemas.Meeting(many=True).dump(found.records),
            "meta": {
                "total": found.result.total,
                "page": found.result.page,
                "pages": pages,
                "page_size": found.result.page_size,
            },
            "links": links,
        }
    )


@bp.route("/statistics")
def statistics():
    return jsonify(open_data.statistics_data())
