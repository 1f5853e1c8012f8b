"""The public archive: what anyone can read, without signing in. Reads only through ``services.archive``."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from panelrecords.archive import glossary as terms
from panelrecords.archive.caching import public_cache
from panelrecords.errors import ValidationFailed
from panelrecords.services import archive
from panelrecords.services.publication import Gone

bp = Blueprint("archive", __name__)
bp.after_request(public_cache)

PUBLIC_NAVIGATION = [
    ("archive.search", "Search"),
    ("archive.statistics", "Statistics"),
    ("boards.index", "Boards"),
    ("archive.glossary", "Glossary"),
]


@bp.app_context_processor
def archive_context():
    def record_url(kind: str, public_id: str, board: str | None = None) -> str:
        if kind == "minutes" and board and "boards.minutes" in current_app.view_functions:
            return url_for("boards.minutes", acronym=board, public_id=public_id)
        if kind == "minutes":
            return url_for("archive.find", ref=public_id)
        return url_for("archive.decision", public_id=public_id)

    navigation = [
        {"href": url_for(endpoint), "text": text, "active": request.endpoint == endpoint}
        for endpoint, text in PUBLIC_NAVIGATION
        if endpoint in current_app.view_functions
    ]
    return {"public_navigation": navigation, "record_url": record_url, "facet_label": archive.label}


@bp.route("/")
def home():
    return render_template(
        "archive/home.html", decisions=archive.latest("decision", 5), minutes=archive.latest("minutes", 5)
    )


@bp.route("/find")
def find():
    try:
        record = archive.find_reference(request.args.get("ref", ""))
    except ValidationFailed as error:
        return render_template("archive/find.html", error=error, ref=request.args.get("ref", "")[:40]), 400
    if record.kind == "minutes" and record.board and "boards.minutes" in current_app.view_functions:
        return redirect(url_for("boards.minutes", acronym=record.board, public_id=record.public_id))
    return redirect(url_for(".decision", public_id=record.public_id))


@bp.route("/search")
def search():
    try:
        page = archive.search(request.args)
    except ValidationFailed as error:
        return render_template("archive/search.html", error=error, page=None, args=request.args), 400
    return render_template("archive/search.html", error=None, page=page, args=request.args)


def _decision(public_id: str, version: int | None = None):
    try:
        found = archive.get_record(public_id, kind="decision", version=version)
    except Gone as gone:
        return render_template("archive/withdrawn.html", record=gone.record), 410
    record = found.record
    texts = record.texts or {}
    legal = (record.facts or {}).get("legal_test") or {}
    used = terms.terms_in(*texts.values(), record.title, legal.get("citation", ""), legal.get("name", ""))
    similar = archive.similar(record.public_id) if record.is_current else []
    return render_template("archive/decision.html", record=record, versions=found.versions, terms=used, similar=similar)


@bp.route("/decisions/<public_id>")
def decision(public_id: str):
    return _decision(public_id)


@bp.route("/decisions/<public_id>/versions/<int:version>")
def decision_version(public_id: str, version: int):
    return _decision(public_id, version)


@bp.route("/glossary")
def glossary():
    return render_template("archive/glossary.html", terms=terms.TERMS)


@bp.route("/accessibility")
def accessibility():
    return render_template("archive/accessibility.html")


@bp.route("/privacy")
def privacy():
    return render_template("archive/privacy.html")


from panelrecords.archive import statistics  # noqa: E402, F401  (adds its views to bp)
