"""The public archive: what anyone can read, without signing in. Reads only through ``services.archive``."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from panelrecords.archive import access_log, decision_page, pages
from panelrecords.archive import glossary as terms
from panelrecords.errors import DomainError, Gone, ValidationFailed
from panelrecords.services import archive

bp = Blueprint("archive", __name__)


@bp.record_once
def _register(state) -> None:
    access_log.install()


@bp.app_template_filter("glossary_links")
def glossary_links(value, seen: set | None = None) -> Markup:
    """``{{ text | glossary_links }}``: the text, escaped, with each glossary term's first mention linked.

    Pass a set to link each term once across several fields: ``{% set seen = [] | glossary_seen %}`` … see
    ``glossary.link_terms``.
    """
    return terms.link_terms(value, lambda term: url_for("archive.glossary", _anchor=term.slug), seen)


@bp.app_template_filter("labelled")
def labelled(rows: list[list[dict]], head: list[dict]) -> list[list[dict]]:
    """``'rows': rows | labelled(head)``: each cell gets its column's heading as ``data-label``, which the
    ``app-table--stack`` style shows beside the value when a narrow screen stacks the table into a list."""
    labels = [str(column.get("text") or "") for column in head]
    out = []
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            label = labels[index] if index < len(labels) else ""
            attributes = {**(cell.get("attributes") or {}), "data-label": label} if label else cell.get("attributes")
            cells.append({**cell, "attributes": attributes} if attributes else cell)
        out.append(cells)
    return out


@bp.app_template_global("glossary_seen")
def glossary_seen() -> set:
    """A fresh set for ``glossary_links(seen)``: ``{% set seen = glossary_seen() %}``."""
    return set()


PUBLIC_NAVIGATION = [
    ("archive.search", _l("Search")),
    ("archive.statistics", _l("Statistics")),
    ("boards.index", _l("Boards")),
    ("archive.glossary", _l("Glossary")),
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
    if "ref" not in request.args:
        return render_template("archive/find.html", error=None, ref="")
    ref = request.args.get("ref", "")
    try:
        archive.check_query_string(request.query_string)
        record = archive.find_reference(ref)
    except DomainError as error:
        return render_template("archive/find.html", error=error, ref=ref[:40]), error.status
    return redirect(_record_url(record))


def _record_url(record) -> str:
    if record.kind == "minutes" and record.board and "boards.minutes" in current_app.view_functions:
        return url_for("boards.minutes", acronym=record.board, public_id=record.public_id)
    return url_for(".decision", public_id=record.public_id)


@bp.route("/health")
def health():
    """Whether the database answers and the search index holds every published record: 200 or 503, as JSON."""
    try:
        state = archive.index_state()
    except Exception:  # the database or the index cannot be read: that is what this reports
        current_app.logger.exception("health check failed")
        return {"status": "unavailable", "database": "unknown", "index": "unknown"}, 503, {"Cache-Control": "no-store"}
    index = "lost" if state.is_lost else "ok" if state.is_whole else "incomplete"
    body = {
        "status": "ok" if index == "ok" else "degraded",
        "database": "ok",
        "index": index,
        "records": state.records,
        "indexed": state.indexed,
        "waiting": state.waiting,
    }
    return body, 200 if index == "ok" else 503, {"Cache-Control": "no-store"}


@bp.route("/search")
def search():
    try:
        archive.check_query_string(request.query_string)
        named = archive.record_named(request.args.get("q"))
        if named is not None:  # a reference typed into a search box goes straight to its record
            return redirect(_record_url(named))
        found = archive.search(request.args)
    except ValidationFailed as error:
        view = pages.SearchView.failed(request.args, error)
        return render_template("archive/search.html", view=view), 400
    return render_template("archive/search.html", view=pages.SearchView.of(request.args, found))


def _decision(public_id: str, version: int | None = None):
    try:
        found = archive.get_record(public_id, kind="decision", version=version)
    except Gone as gone:
        return render_template("archive/withdrawn.html", record=gone.record), 410
    record = found.record
    texts = record.texts or {}
    legal = (record.facts or {}).get("legal_test") or {}
    used = terms.terms_in(*texts.values(), record.title, legal.get("citation", ""), legal.get("name", ""))
    similar = archive.similar_records(record.public_id) if record.is_current else []
    return render_template(
        "archive/decision.html",
        record=record,
        versions=found.versions,
        terms=used,
        similar=similar,
        standing=decision_page.standing(record.facts or {}, record.meeting_date),
        overturned=decision_page.is_overturned(record.facts or {}),
        changes=decision_page.changes(found.versions),
        advice=decision_page.next_steps(),
        citation=decision_page.citation(record, record.meeting_date),
    )


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
    return render_template(
        "archive/accessibility.html", prepared=ACCESSIBILITY_PREPARED, reviewed=ACCESSIBILITY_REVIEWED
    )


# When the accessibility statement was first prepared, and last reviewed against the service (change it with each
# review); the page writes them in the reader's language.
ACCESSIBILITY_PREPARED = date(2026, 12, 1)
ACCESSIBILITY_REVIEWED = date(2026, 12, 1)
# How long each kind of information is kept, unless the authority's settings (RETENTION_*) say otherwise.
RETENTION = {
    "access_logs": _l("30 days"),
    "audit": _l("6 years"),
    "cases": _l("25 years from the child's date of birth"),
}


@bp.route("/privacy")
def privacy():
    config = current_app.config
    retention = {name: config.get(f"RETENTION_{name.upper()}") or default for name, default in RETENTION.items()}
    return render_template("archive/privacy.html", retention=retention)


# Modules that add views, template filters and globals to bp.
from panelrecords.archive import published_labels, statistics  # noqa: E402, F401
