"""The public archive's read service: published records (current, not withdrawn) and the search index.

Public views and the open-data API read only through here. Nothing in this module touches a restricted
table: it reads ``PublishedRecord``, the search outbox's timestamps and the search backend, and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import unquote_to_bytes

from sqlalchemy import func, select

from panelrecords.errors import DomainError, Gone, NotFound, ValidationFailed
from panelrecords.extensions import db
from panelrecords.languages import N_, Phrase
from panelrecords.models import generation as archive_generation
from panelrecords.models.published import PublishedRecord, SearchOutbox, SimilarRecord
from panelrecords.search.backend import FACETS, PAGE_SIZE, SORTS, QueryError, SearchRequest, SearchResult, get_backend

MAX_QUERY_CHARS = 500
MAX_PAGE = 500
# URL parameter -> facet field
FACET_PARAMS = {
    "kind": "kind",
    "panel_kind": "panel_kind",
    "outcome": "outcome",
    "request_type": "request_type",
    "reason": "reason_codes",
    "board": "board",
    "year": "year",
}
FACET_TITLES = {
    "kind": N_("Type of record"),
    "panel_kind": N_("Panel"),
    "outcome": N_("Outcome"),
    "request_type": N_("Request"),
    "reason_codes": N_("Reason given"),
    "board": N_("Board"),
    # TRANSLATORS: the heading of the search filter listing the years of the records (the date boxes' "Year"
    # is another message, with the context "date input").
    "year": N_("Year"),
}
# The error for a filter value that is not in the list. The messages here are English data (the API's JSON errors
# keep them); the search and "find a reference" pages show them in the reader's language (``| translate``).
FACET_ERRORS = {
    "kind": N_("Select a type of record from the list in the filters"),
    "panel_kind": N_("Select a panel from the list in the filters"),
    "outcome": N_("Select an outcome from the list in the filters"),
    "request_type": N_("Select a request from the list in the filters"),
    "reason_codes": N_("Select a reason from the list in the filters"),
    "board": N_("Select a board from the list in the filters"),
    "year": N_("Select a year from the list in the filters"),
}
# TRANSLATORS: in the date errors of the search page's filters, "The start date must be a real date…".
DATE_TITLES = {"from": N_("The start date"), "to": N_("The end date")}
MISSING_DATE_PARTS = {
    # TRANSLATORS: %(field)s is "The start date" or "The end date"; the date has boxes for day, month and year.
    ("day",): N_("%(field)s must include a day"),
    ("month",): N_("%(field)s must include a month"),
    ("year",): N_("%(field)s must include a year"),
    ("day", "month"): N_("%(field)s must include a day and month"),
    ("day", "year"): N_("%(field)s must include a day and year"),
    ("month", "year"): N_("%(field)s must include a month and year"),
}
# TRANSLATORS: %(field)s is "The start date" or "The end date"; keep the example 27 3 2026 (day, month, year).
NOT_A_DATE = N_("%(field)s must be a real date, like 27 3 2026")
NOT_PLAIN_TEXT = N_("Search terms must be plain text: remove any special characters")
# N_ marks labels the search page shows in the reader's language (the API keeps the English).
SORT_LABELS = {"relevance": N_("Best match"), "newest": N_("Newest first"), "oldest": N_("Oldest first")}
KIND_LABELS = {"decision": N_("Panel decision"), "minutes": N_("Board minutes")}
_VALUE = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")


@dataclass
class SearchPage:
    request: SearchRequest
    result: SearchResult
    labels: dict[str, dict[str, str]]


def _humanise(value: str) -> str:
    return value.replace("_", " ").capitalize()


def labels() -> dict[str, dict[str, str]]:
    """Readable labels of facet values, taken from the published facts (re-read only when the archive changes)."""
    from flask import g, has_request_context

    if has_request_context() and "archive_labels" in g:
        return g.archive_labels
    # Labels only grow with new records (a withdrawn record's labels are harmless), so the newest id is the stamp.
    stamp = (str(db.engine.url), db.session.scalar(select(func.max(PublishedRecord.id))))
    if _LABELS_CACHE.get("stamp") != stamp:
        _LABELS_CACHE.update(stamp=stamp, labels=_read_labels())
    if has_request_context():
        g.archive_labels = _LABELS_CACHE["labels"]
    return _LABELS_CACHE["labels"]


_LABELS_CACHE: dict = {}


def _read_labels() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {name: {} for name in FACETS}
    found["kind"] = dict(KIND_LABELS)
    rows = db.session.execute(
        select(PublishedRecord.kind, PublishedRecord.facts).where(
            PublishedRecord.is_current, PublishedRecord.withdrawn_at.is_(None)
        )
    )
    for _kind, facts in rows:
        facts = facts or {}
        for name in ("panel_kind", "outcome", "request_type"):
            if facts.get(name) and facts.get(f"{name}_label"):
                found[name].setdefault(facts[name], facts[f"{name}_label"])
        for reason in facts.get("reason_codes") or []:
            if isinstance(reason, dict) and reason.get("code"):
                found["reason_codes"].setdefault(reason["code"], reason.get("label") or _humanise(reason["code"]))
        if facts.get("board") and facts.get("board_name"):
            found["board"].setdefault(facts["board"], facts["board_name"])
    return found


def label(field: str, value: str | None) -> str:
    if not value:
        return ""
    return labels().get(field, {}).get(value) or (value if field in ("board", "year") else _humanise(value))


def _date(args: Mapping, name: str) -> date | None:
    """A date from ``name`` (ISO, as links and the API send it) or ``name-day``/``-month``/``-year`` (the form)."""
    raw = (args.get(name) or "").strip()
    parts = [(args.get(f"{name}-{part}") or "").strip() for part in ("day", "month", "year")]
    if not raw and not any(parts):
        return None
    if not raw:
        if not all(parts):
            missing = tuple(part for part, value in zip(("day", "month", "year"), parts, strict=True) if not value)
            raise ValidationFailed(Phrase(MISSING_DATE_PARTS[missing], field=DATE_TITLES[name]), name)
        if not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
            raise ValidationFailed(Phrase(NOT_A_DATE, field=DATE_TITLES[name]), name)
        raw = f"{parts[2]}-{int(parts[1]):02d}-{int(parts[0]):02d}"
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed(Phrase(NOT_A_DATE, field=DATE_TITLES[name]), name) from None


def check_query_string(raw: bytes) -> None:
    """Refuse an address whose parameters are not UTF-8 text (Werkzeug would pass such bytes on undecoded)."""
    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationFailed(NOT_PLAIN_TEXT, "q") from None


def parse_request(args, *, page_size: int = PAGE_SIZE) -> SearchRequest:
    """A search request from URL parameters. Raises ``ValidationFailed`` naming the parameter."""
    text = args.get("q", "") or ""
    if len(text) > MAX_QUERY_CHARS:
        raise ValidationFailed(
            Phrase(N_("Search terms must be %(largest)s characters or fewer"), largest=MAX_QUERY_CHARS), "q"
        )
    if "\ufffd" in text or any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        raise ValidationFailed(NOT_PLAIN_TEXT, "q")
    filters: dict[str, tuple[str, ...]] = {}
    backend = get_backend()
    for param, field in FACET_PARAMS.items():
        values = tuple(dict.fromkeys(v.strip() for v in args.getlist(param) if v.strip()))
        if not values:
            continue
        known = backend.facet_values(field) | set(labels().get(field, {}))
        for value in values:
            if not _VALUE.match(value) or value not in known:
                raise ValidationFailed(FACET_ERRORS[field], param)
        filters[field] = values
    date_from = _date(args, "from")
    date_to = _date(args, "to")
    if date_from and date_to and date_from > date_to:
        raise ValidationFailed(N_("The start date must be the same as or before the end date"), "from")
    sort = args.get("sort") or ("relevance" if text.strip() else "newest")
    if sort not in SORTS:
        raise ValidationFailed(N_("Sort by best match, newest or oldest"), "sort")
    if "q" in args and not text.strip() and not filters and not date_from and not date_to:
        raise ValidationFailed(N_("Enter a word or phrase to search for"), "q")
    raw_page = (args.get("page") or "1").strip()
    if not (raw_page.isascii() and raw_page.isdigit()) or len(raw_page) > 6 or not 1 <= int(raw_page) <= MAX_PAGE:
        raise ValidationFailed(
            Phrase(N_("The page number must be a whole number from 1 to %(largest)s"), largest=MAX_PAGE), "page"
        )
    return SearchRequest(
        query=text.strip(),
        filters=filters,
        date_from=date_from,
        date_to=date_to,
        sort=sort,
        page=int(raw_page),
        page_size=page_size,
    )


class SearchUnavailable(DomainError):
    """The search index is lost or being rebuilt: search cannot answer truthfully, so it says so."""

    status = 503
    code = "search_unavailable"


@dataclass(frozen=True)
class IndexState:
    """The archive's records and the search index, for the health check and for search to know it is whole."""

    records: int
    indexed: int
    waiting: int

    @property
    def is_lost(self) -> bool:
        """Records are published but the index holds none of them (deleted, unreadable, or not built yet)."""
        return self.records > 0 and self.indexed == 0

    @property
    def is_whole(self) -> bool:
        """Every published record is in the index, or waits in the outbox to be added."""
        return self.indexed + self.waiting >= self.records


def index_state() -> IndexState:
    records = db.session.scalar(
        select(func.count(PublishedRecord.id)).where(PublishedRecord.is_current, PublishedRecord.withdrawn_at.is_(None))
    )
    waiting = db.session.scalar(select(func.count(SearchOutbox.id)).where(SearchOutbox.processed_at.is_(None)))
    return IndexState(records=records or 0, indexed=get_backend().document_count(), waiting=waiting or 0)


def search(args, *, page_size: int = PAGE_SIZE) -> SearchPage:
    """Search published records. Raises ``ValidationFailed`` for input the search cannot use, and
    ``SearchUnavailable`` when the index is lost (an empty answer would tell a family there is nothing)."""
    request = parse_request(args, page_size=page_size)
    try:
        result = get_backend().search(request)
    except QueryError as error:
        raise ValidationFailed(str(error), "q") from None
    _refuse_if_lost(result)
    return SearchPage(request=request, result=result, labels=labels())


def _refuse_if_lost(result: SearchResult) -> None:
    if result.total == 0 and index_state().is_lost:
        raise SearchUnavailable(
            N_(
                "Search is not working at the moment: its index is being rebuilt. Try again later, or open a decision "
                "by the reference in its letter"
            )
        )


def run(request: SearchRequest) -> SearchResult:
    """Run an already-checked request (the benchmark, the feeds and the CSV use this). Raises
    ``SearchUnavailable`` when the index is lost."""
    try:
        result = get_backend().search(request)
    except QueryError as error:
        raise ValidationFailed(str(error), "q") from None
    _refuse_if_lost(result)
    return result


def records_for(public_ids: list[str]) -> list[PublishedRecord]:
    """Current, non-withdrawn records in the order of ``public_ids`` (search hits -> full records)."""
    if not public_ids:
        return []
    rows = db.session.scalars(
        select(PublishedRecord).where(
            PublishedRecord.public_id.in_(public_ids),
            PublishedRecord.is_current,
            PublishedRecord.withdrawn_at.is_(None),
        )
    )
    by_id = {r.public_id: r for r in rows}
    return [by_id[p] for p in public_ids if p in by_id]


@dataclass
class RecordPage:
    record: PublishedRecord
    versions: list[PublishedRecord]


def get_record(public_id: str, *, kind: str | None = None, version: int | None = None) -> RecordPage:
    """A published record with its version history. Raises ``NotFound``, or ``Gone`` if withdrawn."""
    public_id = (public_id or "").strip().upper()
    if not re.fullmatch(r"[DM]-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", public_id):
        raise NotFound("No published record has that reference")
    versions = list(
        db.session.scalars(
            select(PublishedRecord).where(PublishedRecord.public_id == public_id).order_by(PublishedRecord.version)
        )
    )
    if not versions or (kind and versions[0].kind != kind):
        raise NotFound("No published record has that reference")
    current = next((v for v in versions if v.is_current), versions[-1])
    if current.is_withdrawn:
        raise Gone(current)
    record = current
    if version is not None:
        record = next((v for v in versions if v.version == version), None)
        if record is None:
            raise NotFound("That version of the record does not exist")
    return RecordPage(record=record, versions=versions)


def find_reference(text: str) -> PublishedRecord:
    """The record a reference in a letter names (spaces, case and missing dashes forgiven)."""
    text = (text or "")[:200]
    if not text.strip():
        raise ValidationFailed(N_("Enter the reference from your letter"), "ref")
    cleaned = re.sub(r"[^0-9A-Za-z]", "", text).upper()
    if len(cleaned) != 13 or cleaned[0] not in "DM" or not cleaned.isascii():
        raise ValidationFailed(
            N_("Enter the reference exactly as it appears in your letter, like D-7KQ4-M2XP-9TBC"), "ref"
        )
    public_id = f"{cleaned[0]}-{cleaned[1:5]}-{cleaned[5:9]}-{cleaned[9:]}"
    try:
        return get_record(public_id).record
    except Gone as gone:  # its page shows the withdrawal notice
        return gone.record
    except NotFound:
        raise NotFound(N_("No published record has that reference. Check it against your letter"), "ref") from None


_REFERENCE = re.compile(r"[DM](?:[\s\-]*[0-9A-Z]){12}", re.IGNORECASE)


def record_named(text: str | None) -> PublishedRecord | None:
    """The record whose reference is all that ``text`` holds (as typed into a search box), else ``None``."""
    text = (text or "").strip()[:40]
    if not _REFERENCE.fullmatch(text):
        return None
    try:
        return find_reference(text)
    except DomainError:
        return None


def similar_records(public_id: str) -> list[PublishedRecord]:
    """The stored "decisions like this one" of a record, in one query, only those still live (none while the
    index has not yet worked the list out: the page never asks the index)."""
    return list(
        db.session.scalars(
            select(PublishedRecord)
            .join(SimilarRecord, SimilarRecord.similar_public_id == PublishedRecord.public_id)
            .where(
                SimilarRecord.public_id == public_id,
                PublishedRecord.is_current,
                PublishedRecord.withdrawn_at.is_(None),
            )
            .order_by(SimilarRecord.rank)
        )
    )


def generation() -> archive_generation.Generation:
    """The archive's generation: it changes with everything public (read once per request)."""
    from flask import g, has_request_context

    if has_request_context() and "archive_generation" in g:
        return g.archive_generation
    found = archive_generation.read()
    if has_request_context():
        g.archive_generation = found
    return found


def latest(kind: str, limit: int = 5) -> list[PublishedRecord]:
    """The newest published records of a kind (by publication time)."""
    return list(
        db.session.scalars(
            select(PublishedRecord)
            .where(PublishedRecord.kind == kind, PublishedRecord.is_current, PublishedRecord.withdrawn_at.is_(None))
            .order_by(PublishedRecord.published_at.desc(), PublishedRecord.id.desc())
            .limit(limit)
        )
    )


def withdrawn_since(limit: int = 50) -> list[PublishedRecord]:
    """Withdrawn records (current versions), newest withdrawal first: the API lists them as deleted."""
    return list(
        db.session.scalars(
            select(PublishedRecord)
            .where(PublishedRecord.is_current, PublishedRecord.withdrawn_at.is_not(None))
            .order_by(PublishedRecord.withdrawn_at.desc())
            .limit(limit)
        )
    )


def last_changed() -> datetime | None:
    """When the archive last changed (anything public: a publication, correction, withdrawal, board change …)."""
    return generation().changed_at


def current_records(kind: str | None = None) -> list[PublishedRecord]:
    """Every current, non-withdrawn record (for statistics and the crawler test)."""
    query = select(PublishedRecord).where(PublishedRecord.is_current, PublishedRecord.withdrawn_at.is_(None))
    if kind:
        query = query.where(PublishedRecord.kind == kind)
    return list(db.session.scalars(query.order_by(PublishedRecord.meeting_date, PublishedRecord.id)))
