"""The embedded search backend: Whoosh (BM25F, English stemming), index in ``instance/search-index``.

Facet counts do not use Whoosh's ``groupedby`` (slow: it re-reads the field caches per query); each searcher
keeps, per facet field, an array from document number to value(s), built once when the searcher opens and
rebuilt only when the index changes. Writes are serialised by ``WriterLock`` (``fcntl.flock``), so the one
Whoosh writer per index never meets another and no ``LockError`` reaches anyone.
"""

from __future__ import annotations

import fcntl
import heapq
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from markupsafe import Markup, escape
from whoosh import highlight, index, qparser, query, writing
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.index import LockError
from whoosh.scoring import BM25F

from panelrecords.search.backend import (
    FACETS,
    SINGLE_FACETS,
    Document,
    Hit,
    QueryError,
    SearchBackend,
    SearchRequest,
    SearchResult,
)

# What opening a deleted, emptied or damaged index raises.
_LOST_INDEX = (index.EmptyIndexError, index.IndexVersionError, OSError, EOFError, ValueError, KeyError)
_SNIPPET_CHARS = 240
_PREFIX_MIN = re.compile(r"(?:^|[\s(\"])([^\s*?()\"]{0,2})[*?]")


def _schema() -> Schema:
    return Schema(
        public_id=ID(stored=True, unique=True, sortable=True),
        kind=ID(stored=True),
        title=TEXT(analyzer=StemmingAnalyzer(), stored=True, field_boost=2.0, spelling=True),
        body=TEXT(analyzer=StemmingAnalyzer(), stored=True, spelling=True),
        meeting_date=NUMERIC(int, bits=32, stored=True, sortable=True, signed=False),
        published_at=ID(stored=True, sortable=True),
        panel_kind=ID(stored=True),
        outcome=ID(stored=True),
        request_type=ID(stored=True),
        board=ID(stored=True),
        year=ID(stored=True),
        reason_codes=KEYWORD(commas=True, stored=True),
        meeting_iso=STORED(),
    )


def _date_number(value: date | None) -> int:
    return value.year * 10000 + value.month * 100 + value.day if value else 0


def _fields(document: Document) -> dict:
    fields = {
        "public_id": document.public_id,
        "kind": document.kind,
        "title": document.title,
        "body": document.body,
        "meeting_date": _date_number(document.meeting_date),
        "published_at": document.published_at,
        "reason_codes": ",".join(document.reason_codes),
        "meeting_iso": document.meeting_date.isoformat() if document.meeting_date else "",
    }
    for name in ("panel_kind", "outcome", "request_type", "board", "year"):
        value = getattr(document, name)
        if value:
            fields[name] = value
    return fields


_UNREADABLE = "Check AND, OR and NOT in your search: each needs words on both sides, like autism NOT placement"


def _only_negative(parsed) -> bool:
    """A query that only excludes (NOT autism) would list everything else: ask for words instead."""
    if isinstance(parsed, query.Not):
        return True
    if isinstance(parsed, query.And | query.Or) and parsed.subqueries:
        return all(isinstance(q, query.Not) for q in parsed.subqueries)
    return False


class WriterLock:
    """An exclusive, process-wide lock file in the index directory (released by the kernel if we die)."""

    def __init__(self, path: Path, blocking: bool = False, timeout: float = 0.0):
        self.path = path
        self.blocking = blocking
        self.timeout = timeout
        self.acquired = False
        self._fd: int | None = None

    def __enter__(self) -> WriterLock:
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | (0 if self.blocking else fcntl.LOCK_NB))
                self.acquired = True
                return self
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return self
                time.sleep(0.05)

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            if self.acquired:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
        self.acquired = False


_WORD_REACH = 30  # how far a snippet's edge may move to reach the end of a word


def _word_start(text: str, at: int) -> int:
    """``at`` moved back to the start of its word (a snippet never begins mid-word)."""
    if at <= 0 or text[at - 1].isspace():
        return max(at, 0)
    space = max(text.rfind(" ", max(0, at - _WORD_REACH), at), text.rfind("\n", max(0, at - _WORD_REACH), at))
    return space + 1 if space >= 0 else (0 if at <= _WORD_REACH else at)


def _word_end(text: str, at: int) -> int:
    """``at`` moved on to the end of its word (a snippet never ends mid-word)."""
    if at >= len(text) or text[at].isspace():
        return min(at, len(text))
    ends = [i for i in (text.find(" ", at, at + _WORD_REACH), text.find("\n", at, at + _WORD_REACH)) if i >= 0]
    if ends:
        return min(ends)
    return len(text) if len(text) - at <= _WORD_REACH else at


# What may stand between two words of a phrase: spaces, punctuation and the words the analyser drops.
_PHRASE_GAP = re.compile(r"^(?:[\W_]|\b(?:and|of|the|a|an|to|for|in|on|or|with)\b)*$", re.IGNORECASE)


class _MarkFormatter(highlight.Formatter):
    """Escape everything; wrap only the matched words in ``<mark>``. Fragments start and end on word
    boundaries; overlapping ones are joined and one that repeats another's words is left out.

    Given ``single`` and ``phrases``, a matched word that is in no single term is marked only inside a run of
    matched words that spells one of the phrases."""

    between = " … "

    def __init__(self, single: frozenset[str] | None = None, phrases: tuple[tuple[str, ...], ...] = ()):
        self.single = single
        self.phrases = phrases

    def _in_phrases(self, text: str, tokens: list) -> set[int]:
        """Indexes of ``tokens`` (sorted by position) that belong to a run spelling a phrase."""
        keep: set[int] = set()
        for phrase in self.phrases:
            size = len(phrase)
            for start in range(len(tokens) - size + 1):
                run = tokens[start : start + size]
                if tuple(t.text for t in run) != phrase:
                    continue
                if all(_PHRASE_GAP.match(text[a.endchar : b.startchar]) for a, b in zip(run, run[1:], strict=False)):
                    keep.update(range(start, start + size))
        return keep

    def _marked(self, fragment) -> list:
        tokens = sorted((t for t in fragment.matches if t.startchar is not None), key=lambda t: t.startchar)
        if self.single is None:
            return tokens
        in_phrase = self._in_phrases(fragment.text, tokens)
        return [t for i, t in enumerate(tokens) if t.text in self.single or i in in_phrase]

    def score(self, fragment) -> float:
        """A fragment's worth: the words it would mark, so one showing a real phrase wins over scattered words."""
        marked = self._marked(fragment)
        return len(marked) + 0.5 * len({t.text for t in marked})

    def format_fragment(self, fragment, replace=False):
        fragment.matches = self._marked(fragment)
        return super().format_fragment(fragment, replace=replace)

    def _text(self, text: str) -> str:
        return str(escape(text))

    def format(self, fragments, replace=False):
        kept = []
        for fragment in sorted(fragments, key=lambda f: f.startchar):
            fragment.startchar = _word_start(fragment.text, fragment.startchar)
            fragment.endchar = _word_end(fragment.text, fragment.endchar)
            if kept and fragment.startchar <= kept[-1].endchar:
                kept[-1].endchar = max(kept[-1].endchar, fragment.endchar)
                kept[-1].matches = kept[-1].matches + fragment.matches
                continue
            words = " ".join(fragment.text[fragment.startchar : fragment.endchar].split())
            if any(words == " ".join(f.text[f.startchar : f.endchar].split()) for f in kept):
                continue
            kept.append(fragment)
        if not kept:
            return ""
        out = self.between.join(self.format_fragment(f, replace=replace).strip() for f in kept)
        text = kept[0].text
        lead = "… " if text[: kept[0].startchar].strip() else ""
        tail = " …" if text[kept[-1].endchar :].strip() else ""
        return lead + out + tail

    def format_token(self, text, token, replace=False):
        return "<mark>" + self._text(highlight.get_text(text, token, replace)) + "</mark>"


class _Reversed:
    """Sorts a string in reverse inside an ascending tuple key."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value or ""

    def __lt__(self, other: _Reversed) -> bool:
        return self.value > other.value

    def __eq__(self, other) -> bool:
        return self.value == other.value


class _FacetArrays:
    """Per searcher: document number -> facet value (or values, for reason codes)."""

    def __init__(self, searcher):
        reader = searcher.reader()
        size = reader.doc_count_all()
        self.live = list(reader.all_doc_ids())  # postings may still list deleted documents until a merge
        self.single: dict[str, list[str | None]] = {}
        for name in SINGLE_FACETS:
            values: list[str | None] = [None] * size
            for term in reader.lexicon(name):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                for docnum in reader.postings(name, term).all_ids():
                    values[docnum] = text
            self.single[name] = values
        multi: list[tuple[str, ...]] = [()] * size
        for term in reader.lexicon("reason_codes"):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            for docnum in reader.postings("reason_codes", term).all_ids():
                multi[docnum] = (*multi[docnum], text)
        self.reason_codes = multi
        # Sort keys, so a page of results is picked from the matches without Whoosh's per-document facets.
        self.public_id = list(reader.column_reader("public_id")) if size else []
        meeting = list(reader.column_reader("meeting_date")) if size else []
        published = list(reader.column_reader("published_at")) if size else []
        by_id = sorted(range(size), key=lambda d: self.public_id[d])
        id_rank = [0] * size
        for rank, docnum in enumerate(by_id):
            id_rank[docnum] = rank
        self.oldest = self._ranks(size, lambda d: (meeting[d], published[d], id_rank[d]))
        self.newest = self._ranks(size, lambda d: (-meeting[d], _Reversed(published[d]), id_rank[d]))
        self.id_rank = id_rank
        self._values: dict[str, set[str]] = {}

    @staticmethod
    def _ranks(size: int, key) -> list[int]:
        ranks = [0] * size
        for rank, docnum in enumerate(sorted(range(size), key=key)):
            ranks[docnum] = rank
        return ranks

    def count(self, docnums: Iterable[int]) -> dict[str, list[tuple[str, int]]]:
        docnums = list(docnums)
        facets: dict[str, list[tuple[str, int]]] = {}
        for name in FACETS:
            if name == "reason_codes":
                counter = Counter(code for d in docnums for code in self.reason_codes[d])
            else:
                values = self.single[name]
                counter = Counter(values[d] for d in docnums)
                counter.pop(None, None)
            facets[name] = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
        return facets

    def values(self, name: str) -> set[str]:
        if name not in self._values:
            if name == "reason_codes":
                self._values[name] = {code for d in self.live for code in self.reason_codes[d]}
            else:
                self._values[name] = {self.single[name][d] for d in self.live} - {None}
        return self._values[name]


def _commit(writer, **options) -> None:
    """Commit, or on failure (a full disk, a bad file) close the writer so that its lock does not outlive it:
    a writer left open keeps the index locked and every later update would wait, then fail."""
    try:
        writer.commit(**options)
    except BaseException:
        if not writer.is_closed:
            try:
                writer.cancel()
            except Exception:  # the segment may be half-closed; the lock must still go
                if writer.writelock is not None:
                    writer.writelock.release()
        raise


class WhooshBackend(SearchBackend):
    name = "whoosh"

    def __init__(self, location: str | os.PathLike):
        self.location = Path(location)
        self._ix = None
        self._searcher = None
        self._facets: _FacetArrays | None = None
        self._guard = threading.Lock()
        self._parser = None

    # -- the index and its searcher ------------------------------------------------------------------
    def _index(self):
        if self._ix is None:
            self.location.mkdir(parents=True, exist_ok=True)
            if not index.exists_in(self.location):
                with WriterLock(self.location / "create.lock", blocking=True):
                    if not index.exists_in(self.location):
                        index.create_in(self.location, _schema())
            self._ix = index.open_dir(self.location)
        return self._ix

    def _current(self):
        """An up-to-date searcher; a lost or unreadable index is replaced by an empty one rather than failing
        every page (``flask search sync`` then rebuilds it from the database)."""
        try:
            return self._open_searcher()
        except _LOST_INDEX:
            self.close()
            if index.exists_in(self.location):
                try:
                    index.open_dir(self.location).doc_count()
                except _LOST_INDEX:
                    with WriterLock(self.location / "create.lock", blocking=True):
                        index.create_in(self.location, _schema())
            return self._open_searcher()

    def _open_searcher(self):
        """An up-to-date searcher and its facet arrays (refreshed when another process has committed)."""
        with self._guard:
            if self._searcher is None:
                self._searcher = self._index().searcher(weighting=BM25F())
                self._facets = None
            elif not self._searcher.up_to_date():
                # A fresh searcher, not refresh(): refresh() reuses segment readers and misses deletions made
                # in a commit that added no segment. The old one is left to other threads and the collector.
                self._searcher = self._index().searcher(weighting=BM25F())
                self._facets = None
            if self._facets is None:
                self._facets = _FacetArrays(self._searcher)
            return self._searcher, self._facets

    def lock(self, blocking: bool = False, timeout: float = 0.0) -> WriterLock:
        self.location.mkdir(parents=True, exist_ok=True)
        return WriterLock(self.location / "writer.lock", blocking=blocking, timeout=timeout)

    def _writer(self):
        for attempt in range(50):
            try:
                return self._index().writer(limitmb=128)
            except LockError:  # only if someone bypassed WriterLock; wait briefly rather than fail
                time.sleep(0.1 * (attempt + 1))
        raise LockError("the search index stayed locked")

    # -- writes (callers hold the WriterLock) --------------------------------------------------------
    def apply(self, index: list[Document], delete: list[str]) -> None:
        if not index and not delete:
            return
        writer = self._writer()
        try:
            for public_id in delete:
                writer.delete_by_term("public_id", public_id)
            for document in index:
                writer.update_document(**_fields(document))
        except BaseException:
            writer.cancel()
            raise
        _commit(writer)

    def clear(self) -> None:
        writer = self._writer()
        _commit(writer, mergetype=writing.CLEAR)

    def rebuild(self, documents: Iterable[Document], progress: Callable[[int], None] | None = None) -> int:
        """Replace the whole index with ``documents`` in one commit (readers see the old one until then)."""
        writer = self._writer()
        count = 0
        try:
            for document in documents:
                writer.add_document(**_fields(document))
                count += 1
                if progress:
                    progress(1)
        except BaseException:
            writer.cancel()
            raise
        _commit(writer, mergetype=writing.CLEAR)
        return count

    # -- reads ----------------------------------------------------------------------------------------
    def _query_parser(self):
        if self._parser is None:
            parser = qparser.MultifieldParser(["title", "body"], self._index().schema, group=qparser.AndGroup)
            # Field names, boosts and ranges are not part of the public syntax: "section 36(8): …" is text.
            for plugin in (qparser.FieldsPlugin, qparser.BoostPlugin, qparser.RangePlugin, qparser.FuzzyTermPlugin):
                parser.remove_plugin_class(plugin)
            self._parser = parser
        return self._parser

    def parse(self, text: str):
        text = text.strip()
        if not text:
            return query.Every()
        if text.count('"') % 2:
            raise QueryError("Close the quotation marks around your phrase")
        if text.count("(") != text.count(")"):
            raise QueryError("Check the brackets in your search: each ( needs a )")
        for match in _PREFIX_MIN.finditer(text):
            if len(match.group(1)) < 3:
                raise QueryError("Type at least 3 letters before * or ?")
        try:
            parsed = self._query_parser().parse(text)
        except Exception:  # Whoosh's parser fails on some operator sequences ("refused NOT", "NOT")
            raise QueryError(_UNREADABLE) from None
        if parsed is query.NullQuery or _only_negative(parsed):
            raise QueryError("Enter words to search for: your search has only operators or very common words")
        return parsed

    def _filter(self, request: SearchRequest):
        parts = []
        for name, values in request.filters.items():
            if not values:
                continue
            terms = [query.Term(name, v) for v in values]
            parts.append(terms[0] if len(terms) == 1 else query.Or(terms))
        if request.date_from or request.date_to:
            parts.append(
                query.NumericRange(
                    "meeting_date",
                    _date_number(request.date_from) if request.date_from else 1,
                    _date_number(request.date_to) if request.date_to else None,
                )
            )
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else query.And(parts)

    def search(self, request: SearchRequest) -> SearchResult:
        parsed = self.parse(self.query_text(request))
        searcher, arrays = self._current()
        filtered = self._filter(request)
        combined = parsed if filtered is None else query.And([parsed, filtered])
        start = (request.page - 1) * request.page_size
        limit = start + request.page_size
        # One pass over the matches: relevance scores every match once (its docset gives the total and the
        # facets); a date order needs no scores. The page is then picked with the per-searcher sort arrays,
        # ties broken by public id so a rebuilt index (other document numbers) orders them the same.
        if request.sort == "relevance" and request.query.strip():
            results = searcher.search(combined, limit=None)
            matched = results.docs()
            id_rank = arrays.id_rank
            top = heapq.nsmallest(limit, results.top_n, key=lambda item: (-item[0], id_rank[item[1]]))
            page = [(docnum, score) for score, docnum in top[start:limit]]
        else:
            matched = set(searcher.docs_for_query(combined))
            rank = arrays.oldest if request.sort == "oldest" else arrays.newest
            page = [(docnum, None) for docnum in heapq.nsmallest(limit, matched, key=rank.__getitem__)[start:]]
        total = len(matched)
        facets = arrays.count(matched)
        terms: frozenset[str] = frozenset()
        phrases: tuple[tuple[str, ...], ...] = ()
        if request.query.strip():
            # A phrase added by a synonym marks its words only where they stand together ("ehc plan"), never
            # each word wherever it stands ("health" in "health advice"); what the person typed is marked as before.
            terms = self._highlight_terms(searcher, parsed, phrases=False)
            terms |= self._highlight_terms(searcher, self.parse(request.query))
            phrases = self._phrases(parsed)
        formatter = _MarkFormatter(terms, phrases)
        terms = terms.union(*phrases)
        hits = [self._page_hit(searcher, docnum, score, terms, formatter) for docnum, score in page]
        suggestion = None
        if request.query.strip() and total < 3:
            suggestion = self._suggestion(searcher, request.query)
        return SearchResult(
            hits=hits,
            total=total,
            facets=facets,
            suggestion=suggestion,
            page=request.page,
            page_size=request.page_size,
        )

    @staticmethod
    def _highlight_terms(searcher, parsed, phrases: bool = True) -> frozenset[str]:
        """The body words a query matches (prefixes expanded), as the analyser indexed them."""
        # Not Query.existing_terms(): its loop variable shadows its ``fieldname`` filter and drops terms.
        words: set[str] = set()
        try:
            reader = searcher.reader()
            for leaf in parsed.leaves():
                if isinstance(leaf, query.Not) or leaf.field() != "body":
                    continue
                if not phrases and isinstance(leaf, query.Phrase):
                    continue
                for field, text in leaf.expanded_terms(reader, phrases=True):
                    if field == "body":
                        words.add(text.decode("utf-8") if isinstance(text, bytes) else text)
        except Exception:  # highlighting is a courtesy; never let it fail the search
            return frozenset()
        return frozenset(words)

    @staticmethod
    def _phrases(parsed) -> tuple[tuple[str, ...], ...]:
        """The analysed words of each phrase in the query (as the index holds them)."""
        try:
            return tuple(
                tuple(leaf.words)
                for leaf in parsed.leaves()
                if isinstance(leaf, query.Phrase) and leaf.field() == "body" and leaf.words
            )
        except Exception:  # highlighting is a courtesy; never let it fail the search
            return ()

    @staticmethod
    def _page_hit(
        searcher, docnum: int, score: float | None, terms: frozenset[str], formatter: _MarkFormatter | None = None
    ) -> Hit:
        fields = searcher.stored_fields(docnum)
        body = fields.get("body", "")
        snippet = ""
        formatter = formatter or _MarkFormatter()
        if terms:
            snippet = highlight.highlight(
                body,
                terms,
                searcher.schema["body"].analyzer,
                highlight.ContextFragmenter(maxchars=_SNIPPET_CHARS, surround=70),
                formatter,
                top=2,
                scorer=formatter.score,
            )
        if not snippet:
            text = body if len(body) <= _SNIPPET_CHARS else body[:_SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
            snippet = str(escape(text))
        meeting = fields.get("meeting_iso") or None
        return Hit(
            public_id=fields["public_id"],
            kind=fields["kind"],
            title=fields["title"],
            snippet=Markup(snippet),  # built by _MarkFormatter or escape(): only <mark> is markup
            meeting_date=date.fromisoformat(meeting) if meeting else None,
            score=score,
            board=fields.get("board"),
        )

    @staticmethod
    def _hit(hit) -> Hit:
        fields = hit.fields()
        snippet = ""
        if hit.results.has_matched_terms():
            snippet = hit.highlights("body", top=2) or ""
        if not snippet:
            body = fields.get("body", "")
            text = body if len(body) <= _SNIPPET_CHARS else body[:_SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
            snippet = str(escape(text))
        meeting = fields.get("meeting_iso") or None
        return Hit(
            public_id=fields["public_id"],
            kind=fields["kind"],
            title=fields["title"],
            snippet=Markup(snippet),  # built by _MarkFormatter or escape(): only <mark> is markup
            meeting_date=date.fromisoformat(meeting) if meeting else None,
            score=hit.score if isinstance(hit.score, float) else None,
            board=fields.get("board"),
        )

    def _suggestion(self, searcher, text: str) -> str | None:
        """From the archive's domain words only (Whoosh's own corrector offered "august" for "ASD")."""
        reader = searcher.reader()
        analyzer = searcher.schema["body"].analyzer

        def known(word: str) -> bool:
            stems = [token.text for token in analyzer(word)]
            return bool(stems) and all(reader.doc_frequency("body", stem) for stem in stems)

        try:
            return self.suggestion_for(text, known)
        except Exception:  # a suggestion is a courtesy; never let it fail the search
            return None

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        prefix = prefix.strip().lower()
        if len(prefix) < 2:
            return []
        searcher, _arrays = self._current()
        reader = searcher.reader()
        words = [(w.decode() if isinstance(w, bytes) else w) for w in reader.expand_prefix("spell_body", prefix)]
        words.sort(key=lambda w: -reader.doc_frequency("spell_body", w))
        return words[:limit]

    def similar(self, public_id: str, limit: int = 5) -> list[Hit]:
        searcher, arrays = self._current()
        docnum = searcher.document_number(public_id=public_id)
        if docnum is None:
            return []
        kind = arrays.single["kind"][docnum]
        results = searcher.more_like(
            docnum, "body", top=limit * 4, numterms=12, filter=query.Term("kind", kind) if kind else None
        )
        # Prefer records with the same panel kind and outcome: the same kind of decision, not only the same words.
        same = {name: arrays.single[name][docnum] for name in ("panel_kind", "outcome")}

        def rank(hit) -> tuple[int, float]:
            matches = sum(1 for name, value in same.items() if value and arrays.single[name][hit.docnum] == value)
            return (-matches, -hit.score)

        ordered = sorted(results, key=rank)[:limit]
        results.fragmenter = highlight.ContextFragmenter(maxchars=_SNIPPET_CHARS, surround=70)
        results.formatter = _MarkFormatter()
        return [self._hit(hit) for hit in ordered]

    def public_ids(self) -> set[str]:
        searcher, _arrays = self._current()
        return {searcher.stored_fields(d)["public_id"] for d in searcher.reader().all_doc_ids()}

    def document_count(self) -> int:
        searcher, _arrays = self._current()
        return searcher.doc_count()

    def facet_values(self, name: str) -> set[str]:
        _searcher, arrays = self._current()
        return arrays.values(name)

    def stored_texts(self) -> Iterator[tuple[str, str]]:
        searcher, _arrays = self._current()
        for fields in searcher.reader().all_stored_fields():
            for name in ("title", "body"):
                if fields.get(name):
                    yield fields["public_id"], fields[name]

    def close(self) -> None:
        with self._guard:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._facets = None
            self._ix = None
