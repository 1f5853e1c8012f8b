"""The search backend interface: what views and services may ask of any search engine.

A backend indexes *documents* built from current, non-withdrawn published records (``document_for``) and
answers ``search`` with highlighted snippets, the total, facet counts and a "did you mean" suggestion.
Snippets are ``Markup``: every character of the stored text is escaped; only the ``<mark>`` tags around the
matched words are markup. The contract tests in ``tests/integration/search/test_contract.py`` run against
every backend listed in ``BACKENDS``.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup

from panelrecords.search import synonyms

# Facet fields every backend counts, in the order the search page shows them.
FACETS = ("kind", "panel_kind", "outcome", "request_type", "reason_codes", "board", "year")
# The facets with one value per record (``reason_codes`` holds several).
SINGLE_FACETS = tuple(name for name in FACETS if name != "reason_codes")
SORTS = ("relevance", "newest", "oldest")
PAGE_SIZE = 10


class QueryError(ValueError):
    """The query cannot be read (unbalanced quotes or brackets, an operator with nothing after it …)."""


@dataclass(frozen=True)
class Document:
    """What the index holds about one record: its public id, searchable text and facet values."""

    public_id: str
    kind: str
    title: str
    body: str
    published_at: str  # ISO timestamp, for "newest" when there is no meeting date
    meeting_date: date | None = None
    panel_kind: str | None = None
    outcome: str | None = None
    request_type: str | None = None
    reason_codes: tuple[str, ...] = ()
    board: str | None = None

    @property
    def year(self) -> str | None:
        return str(self.meeting_date.year) if self.meeting_date else None


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet field -> values (OR within a field)
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE


@dataclass(frozen=True)
class Hit:
    public_id: str
    kind: str
    title: str
    snippet: Markup
    meeting_date: date | None
    score: float | None = None
    board: str | None = None


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]]  # field -> [(value, count)], largest first
    suggestion: str | None = None
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


class SearchBackend(abc.ABC):
    """One search engine. Writes happen only through ``apply`` (one writer at a time, see ``outbox``)."""

    name: str = "abstract"

    @abc.abstractmethod
    def apply(self, index: list[Document], delete: list[str]) -> None:
        """Add or replace ``index`` and remove the ``delete`` public ids, in one commit."""

    def index(self, documents: list[Document]) -> None:
        self.apply(documents, [])

    def delete(self, public_ids: list[str]) -> None:
        self.apply([], public_ids)

    @abc.abstractmethod
    def clear(self) -> None:
        """Delete every document (the first step of a rebuild)."""

    @abc.abstractmethod
    def rebuild(self, documents: Iterable[Document], progress: Callable[[int], None] | None = None) -> int:
        """Replace the whole index with ``documents``; returns how many were indexed."""

    @abc.abstractmethod
    def search(self, request: SearchRequest) -> SearchResult:
        """Raises ``QueryError`` for a query that cannot be read. Parses ``query_text(request)``, so the synonym
        list applies, and suggests with ``suggestion_for``."""

    @staticmethod
    def query_text(request: SearchRequest) -> str:
        """The words to parse: the request's query with the shared synonym list applied (``synonyms.txt``)."""
        return synonyms.expand(request.query)

    @staticmethod
    def suggestion_for(text: str, known: Callable[[str], bool]) -> str | None:
        """For "did you mean": the query with a word the index lacks replaced by the nearest domain word it holds."""
        return synonyms.did_you_mean(text, known)

    @abc.abstractmethod
    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Words in the index that begin with ``prefix``, most common first."""

    @abc.abstractmethod
    def similar(self, public_id: str, limit: int = 5) -> list[Hit]:
        """Records most like this one by text and facets (never the record itself)."""

    @abc.abstractmethod
    def public_ids(self) -> set[str]:
        """Every public id in the index (for sync checks and tests)."""

    def document_count(self) -> int:
        """How many records the index holds (a backend may answer faster than counting ``public_ids``)."""
        return len(self.public_ids())

    @abc.abstractmethod
    def facet_values(self, name: str) -> set[str]:
        """Every value of a facet field present in the index."""

    @abc.abstractmethod
    def stored_texts(self) -> Iterator[tuple[str, str]]:
        """(public id, text) for every text the index stores, so a privacy scan can read what it holds."""

    def lock(self, blocking: bool = False, timeout: float = 0.0):
        """A context manager for the single writer; ``acquired`` tells whether this process holds it."""
        raise NotImplementedError


def _fact_texts(facts: dict) -> list[str]:
    """The words a decision page shows from its facts: the evidence considered and the legal test's findings."""
    parts = []
    for item in facts.get("evidence") or []:
        if isinstance(item, dict):
            parts.append(": ".join(str(item[k]) for k in ("label", "description") if item.get(k)))
    legal = facts.get("legal_test")
    if isinstance(legal, dict):
        for limb in legal.get("limbs") or []:
            if isinstance(limb, dict):
                parts.append(". ".join(str(limb[k]) for k in ("label", "finding", "reasons") if limb.get(k)))
    return [part for part in parts if part]


def document_for(record) -> Document:
    """The index document for a published record (current, not withdrawn): its texts, its summary when that
    is not already one of them (else every snippet would say it twice), and the evidence and legal test shown
    on its page."""
    texts = [str(v) for v in (record.texts or {}).values() if v]
    summary = record.summary or ""
    parts = ([summary] if summary and not any(summary.rstrip(" …") in text for text in texts) else []) + texts
    parts += _fact_texts(record.facts or {}) if record.kind == "decision" else []
    return Document(
        public_id=record.public_id,
        kind=record.kind,
        title=record.title,
        body="\n\n".join(dict.fromkeys(parts)),
        published_at=record.published_at.isoformat(),
        meeting_date=record.meeting_date,
        panel_kind=record.panel_kind,
        outcome=record.outcome,
        request_type=record.request_type,
        reason_codes=tuple(record.reason_codes or ()),
        board=record.board,
    )


_BACKENDS: dict[tuple[str, str], SearchBackend] = {}


def get_backend(config=None) -> SearchBackend:
    """The configured backend for this process (one object per index, reused across requests).

    ``SEARCH_BACKEND``: ``whoosh`` (files in ``SEARCH_INDEX_DIR``, the default) or ``postgres`` (tables in the
    app's own PostgreSQL database, read by every host)."""
    if config is None:
        from flask import current_app

        config = current_app.config
    name = config.get("SEARCH_BACKEND", "whoosh")
    if name == "postgres":
        location = config.get("SQLALCHEMY_DATABASE_URI") or ""
        if not location.startswith("postgresql"):
            raise RuntimeError(
                "SEARCH_BACKEND='postgres' keeps the index in the app's database, which must be PostgreSQL: "
                "set DATABASE_URL=postgresql://…, or use SEARCH_BACKEND=whoosh"
            )
    elif name == "whoosh":
        location = config["SEARCH_INDEX_DIR"]
    else:
        raise RuntimeError(f"SEARCH_BACKEND={name!r} is not available; use 'whoosh' or 'postgres'")
    key = (name, location)
    if key not in _BACKENDS:
        if name == "postgres":
            from panelrecords.search.postgres_backend import PostgresBackend

            _BACKENDS[key] = PostgresBackend(location)
        else:
            from panelrecords.search.whoosh_backend import WhooshBackend

            _BACKENDS[key] = WhooshBackend(location)
    return _BACKENDS[key]
