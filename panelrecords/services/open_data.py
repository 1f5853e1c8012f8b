"""Open data: what the JSON API, the Atom feeds and the CSV download read. Published records only.

Searches go through ``archive.parse_request``/``archive.run``, so every filter means exactly what it means on the
search page, and a withdrawn record is in none of them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, or_, select

from panelrecords.errors import Gone, NotFound
from panelrecords.extensions import db
from panelrecords.models.published import PublishedRecord
from panelrecords.search.backend import SearchRequest, SearchResult
from panelrecords.services import archive, governance_public, statistics

API_PAGE_SIZE = 20
API_MAX_PAGE_SIZE = 100
FEED_SIZE = 50
# The CSV holds every matching record up to this many; the response says when there were more.
CSV_MAX_ROWS = 5_000
# Characters a spreadsheet reads as the start of a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class RecordList:
    request: SearchRequest
    result: SearchResult
    records: list[PublishedRecord]


def search_records(args: Mapping, *, page_size: int = API_PAGE_SIZE, sort: str | None = None) -> RecordList:
    """One page of current records matching the search parameters. Raises ``ValidationFailed``."""
    request = archive.parse_request(args, page_size=page_size)
    if sort and not args.get("sort"):
        request = replace(request, sort=sort)
    result = archive.run(request)
    return RecordList(request=request, result=result, records=archive.records_for([h.public_id for h in result.hits]))


def all_matching(args: Mapping, *, limit: int | None = None) -> RecordList:
    """Every current record matching the search parameters (up to ``CSV_MAX_ROWS``), ignoring ``page``.

    Without search words the filters are applied to the published table directly, in the search's order: the
    search backend would also build a snippet for every hit, which a download does not use.
    """
    request = replace(archive.parse_request(args), page=1, page_size=limit or CSV_MAX_ROWS)
    if request.query:
        result = archive.run(request)
        records = archive.records_for([h.public_id for h in result.hits])
        return RecordList(request=request, result=result, records=records)
    matching = filtered(request)
    result = SearchResult(hits=[], total=len(matching), facets={}, page=1, page_size=request.page_size)
    return RecordList(request=request, result=result, records=matching[: request.page_size])


def filtered(request: SearchRequest) -> list[PublishedRecord]:
    """Current records that pass a search request's filters and dates (not its words), in its date order."""
    query = select(PublishedRecord).where(PublishedRecord.is_current, PublishedRecord.withdrawn_at.is_(None))
    for name, values in request.filters.items():
        if name == "year":
            query = query.where(
                or_(*(PublishedRecord.meeting_date.between(date(int(y), 1, 1), date(int(y), 12, 31)) for y in values))
            )
        elif name != "reason_codes":
            query = query.where(getattr(PublishedRecord, name).in_(values))
    if request.date_from:
        query = query.where(PublishedRecord.meeting_date >= request.date_from)
    if request.date_to:
        query = query.where(PublishedRecord.meeting_date <= request.date_to)
    # The search's order: meeting date, then publication time, then public id (records without a date last).
    day = func.coalesce(PublishedRecord.meeting_date, date(1, 1, 1))
    if request.sort == "oldest":
        query = query.order_by(day, PublishedRecord.published_at, PublishedRecord.public_id)
    else:
        query = query.order_by(day.desc(), PublishedRecord.published_at.desc(), PublishedRecord.public_id)
    records = list(db.session.scalars(query))
    reasons = set(request.filters.get("reason_codes", ()))
    if reasons:
        records = [r for r in records if reasons & set(r.reason_codes or ())]
    return records


def record(public_id: str, version: int | None = None) -> archive.RecordPage:
    """A record with every version. Raises ``NotFound``, or ``Gone`` when withdrawn."""
    return archive.get_record(public_id, version=version)


def withdrawn(limit: int = 100) -> list[PublishedRecord]:
    return archive.withdrawn_since(limit)


def latest(kind: str, limit: int = FEED_SIZE) -> list[PublishedRecord]:
    return archive.latest(kind, limit)


def boards():
    return governance_public.boards()


def board(acronym: str):
    """Raises ``NotFound``."""
    return governance_public.board(acronym)


def board_minutes(acronym: str, limit: int | None = None) -> list[PublishedRecord]:
    rows = governance_public.minutes_of(board(acronym).acronym)
    return rows[:limit] if limit else rows


def last_changed():
    return archive.last_changed()


def statistics_data() -> dict:
    return statistics.compute().as_dict()


__all__ = ["Gone", "NotFound"]


# CSV ------------------------------------------------------------------------------------------------------------


def _facts(record: PublishedRecord) -> dict:
    return record.facts or {}


def _reason_codes(record: PublishedRecord) -> str:
    return "; ".join(r["code"] for r in _facts(record).get("reason_codes") or [] if isinstance(r, dict))


def _reason_labels(record: PublishedRecord) -> str:
    return "; ".join(r.get("label", "") for r in _facts(record).get("reason_codes") or [] if isinstance(r, dict))


def _timeliness(name: str) -> Callable[[PublishedRecord], object]:
    def read(record: PublishedRecord):
        value = _facts(record).get("timeliness")
        return value.get(name) if isinstance(value, dict) else None

    return read


def _yes_no(value) -> str:
    return "" if value is None else ("yes" if value else "no")


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    read: Callable[[PublishedRecord], object]
    applies_to: str = "both"  # decision, minutes or both


COLUMNS: list[Column] = [
    Column("id", "The record's public reference, as quoted in decision letters (D-… decisions, M-… minutes).",
           lambda r: r.public_id),
    Column("kind", "decision or minutes.", lambda r: r.kind),
    Column("version", "1 for the first publication; each correction adds one.", lambda r: r.version),
    Column("published_at", "When this version was published (UTC, ISO 8601).", lambda r: r.published_at.isoformat()),
    Column("meeting_date", "Date of the panel or board meeting (YYYY-MM-DD).",
           lambda r: r.meeting_date.isoformat() if r.meeting_date else ""),
    Column("title", "The record's title.", lambda r: r.title),
    Column("panel_kind", "Code of the kind of panel (for example decision_to_assess).", lambda r: r.panel_kind,
           "decision"),
    Column("panel", "Name of the panel.", lambda r: _facts(r).get("panel_name"), "decision"),
    Column("request_type", "Code of the kind of request decided (for example assess).", lambda r: r.request_type,
           "decision"),
    Column("request", "The kind of request, in words.", lambda r: _facts(r).get("request_type_label"), "decision"),
    Column("outcome", "agreed, agreed_with_conditions, deferred or refused.", lambda r: r.outcome, "decision"),
    Column("reason_codes", "Codes of the reasons the panel gave, separated by “; ”.", _reason_codes, "decision"),
    Column("reasons_given", "The same reasons in words, in the same order, separated by “; ”.", _reason_labels,
           "decision"),
    Column("decision_maker_role", "The role of the officer who made the decision.",
           lambda r: _facts(r).get("decision_maker_role"), "decision"),
    Column("quorate", "yes if the meeting was quorate under the panel's rules, no if not.",
           lambda r: _yes_no(_facts(r).get("quorate")), "decision"),
    Column("parent_reps_present", "Parent carer representatives present at the meeting.",
           lambda r: _facts(r).get("parent_reps_present"), "decision"),
    Column("parent_reps_required", "Parent carer representatives the panel's rules require.",
           lambda r: _facts(r).get("parent_reps_required"), "decision"),
    Column("deadline_weeks", "The statutory time limit in weeks from the request (6 or 16), where one applies.",
           _timeliness("deadline_weeks"), "decision"),
    Column("timeliness", "on_time, late, exception (a statutory exception applied) or pending; empty where no "
           "time limit applies.", _timeliness("status"), "decision"),
    Column("days_late", "Days after the time limit, for a late decision.", _timeliness("days_late"), "decision"),
    Column("appeal", "What is known of an appeal to the tribunal: not_appealed, awaiting, la_decision_upheld, "
           "overturned, conceded_before_hearing or withdrawn.",
           lambda r: statistics.appeal_status(_facts(r)) if r.kind == "decision" else "", "decision"),
    Column("board", "The board's short name (for example SIB).", lambda r: r.board, "minutes"),
    Column("board_name", "The board's full name.", lambda r: _facts(r).get("board_name"), "minutes"),
    Column("summary", "A short summary of the record (the start of the reasons, for a decision).",
           lambda r: r.summary),
    Column("correction_note", "What this version corrected, if it is a correction.",
           lambda r: r.correction_note or ""),
]  # fmt: skip


URL_COLUMN = ("url", "The address of the record's page on this site.", "both")


def dictionary() -> list[tuple[str, str, str]]:
    """(column, description, which records it applies to) in the CSV's order: the published field dictionary."""
    rows = [(c.name, c.description, c.applies_to) for c in COLUMNS]
    return [rows[0], URL_COLUMN, *rows[1:]]


def safe_cell(value) -> str:
    """A cell a spreadsheet will not run: text starting like a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(records: list[PublishedRecord], base_url: Callable[[PublishedRecord], str]) -> str:
    """The CSV text: a header row, then one row per record (the page URL after the id)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([COLUMNS[0].name, "url", *(c.name for c in COLUMNS[1:])])
    for item in records:
        values = [COLUMNS[0].read(item), base_url(item), *(c.read(item) for c in COLUMNS[1:])]
        writer.writerow([safe_cell(v) for v in values])
    return out.getvalue()
