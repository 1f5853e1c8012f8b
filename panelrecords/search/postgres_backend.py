"""The PostgreSQL full-text backend (``SEARCH_BACKEND=postgres``): the index is tables of the app's database.

Every web host reads the same index, and the outbox keeps it in step exactly as it does Whoosh's files:
``lock()`` is a PostgreSQL advisory lock (``postgres_lock``), so one writer at a time across processes and hosts.
The tables are described in ``panelrecords/models/search.py``; snippets are finished in ``postgres_snippets``.

- The query syntax is read by ``query_syntax`` into a tree, and the tree becomes a ``tsquery`` built from bound
  parameters only (``plainto_tsquery``, ``phraseto_tsquery``, a prefix as ``'word':*``), combined with
  ``tsquery_and``, ``tsquery_or`` and ``tsquery_not``; no user text is ever part of the SQL.
- One statement answers a search: the matches (GIN index), their total, every facet's counts (``GROUPING
  SETS`` over the single-valued facets, ``unnest`` over reason codes) and the page, with ``ts_headline``
  snippets for the page's rows only. The body is escaped before ``ts_headline`` reads it, so the only markup
  in a snippet is the ``<mark>`` it adds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date

from sqlalchemy import (
    ARRAY,
    Integer,
    Text,
    and_,
    cast,
    func,
    insert,
    literal,
    literal_column,
    select,
    text,
    tuple_,
)
from sqlalchemy.dialects.postgresql import TSQUERY, aggregate_order_by
from sqlalchemy.exc import ProgrammingError

from panelrecords.extensions import db
from panelrecords.models.search import search_documents, search_facets, search_words
from panelrecords.search import postgres_snippets as snippets
from panelrecords.search import query_syntax
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
from panelrecords.search.postgres_lock import AdvisoryLock

_BATCH = 500
# The weights of the D, C, B and A parts of the vector: a title word counts twice a body word, as in Whoosh.
_WEIGHTS = "{0.05, 0.1, 0.5, 1.0}"

D = search_documents


def _tsquery(node: query_syntax.Node):
    """The ``tsquery`` expression for a parsed query: user text only ever travels as bound parameters."""
    if isinstance(node, query_syntax.Word):
        return func.plainto_tsquery(_ENGLISH, node.text, type_=TSQUERY)
    if isinstance(node, query_syntax.Phrase):
        return func.phraseto_tsquery(_ENGLISH, node.text, type_=TSQUERY)
    if isinstance(node, query_syntax.Prefix):
        # PostgreSQL quotes the word itself; ``:*`` then makes it (the last word, if the text held several) a
        # prefix. Unstemmed ('simple'), as Whoosh expands a prefix over the words it indexed.
        quoted = cast(func.plainto_tsquery(_SIMPLE, node.text.lower(), type_=TSQUERY), Text)
        return cast(quoted.concat(":*"), TSQUERY)
    if isinstance(node, query_syntax.Not):
        return func.tsquery_not(_tsquery(node.node), type_=TSQUERY)
    combine = func.tsquery_and if isinstance(node, query_syntax.And) else func.tsquery_or
    parts = [_tsquery(child) for child in node.nodes]
    combined = parts[0]
    for part in parts[1:]:
        combined = combine(combined, part, type_=TSQUERY)
    return combined


_ENGLISH = literal_column("'english'::regconfig")
_SIMPLE = literal_column("'simple'::regconfig")


def _escaped_body():
    """The body as HTML text (``&``, ``<``, ``>`` escaped), for ``ts_headline`` to mark up."""
    return func.replace(func.replace(func.replace(D.c.body, "&", "&amp;"), "<", "&lt;"), ">", "&gt;")


def _row(document: Document) -> dict:
    return {
        "public_id": document.public_id,
        "kind": document.kind,
        "title": document.title,
        "body": document.body,
        "published_at": document.published_at,
        "meeting_date": document.meeting_date,
        "year": document.year,
        "panel_kind": document.panel_kind,
        "outcome": document.outcome,
        "request_type": document.request_type,
        "board": document.board,
        "reason_codes": list(document.reason_codes),
    }


class _IndexMissing(Exception):
    """The index's tables are not there (the migration has not run, or they were dropped)."""


def _is_missing_table(error: ProgrammingError) -> bool:
    return getattr(error.orig, "sqlstate", None) == "42P01"


# The words and facet values of the rows chosen by the condition, added to (or, with -1, taken from) the counts.
_COUNT_WORDS = """
INSERT INTO search_words (word, stem, records)
SELECT w.word, (ts_lexize('english_stem', w.word))[1], :sign * count(*)
FROM search_documents d, unnest(tsvector_to_array(to_tsvector('simple', d.title || ' ' || d.body))) AS w(word)
WHERE {where} AND length(w.word) <= 100
GROUP BY w.word
ON CONFLICT (word) DO UPDATE SET records = search_words.records + excluded.records
"""
_COUNT_FACETS = """
INSERT INTO search_facets (name, value, records)
SELECT f.name, f.value, :sign * count(*)
FROM search_documents d,
     LATERAL (VALUES ('kind', d.kind), ('panel_kind', d.panel_kind), ('outcome', d.outcome),
                     ('request_type', d.request_type), ('board', d.board), ('year', d.year)) AS f(name, value)
WHERE {where} AND f.value IS NOT NULL
GROUP BY f.name, f.value
UNION ALL
SELECT 'reason_codes', code, :sign * count(*)
FROM search_documents d, unnest(d.reason_codes) AS code
WHERE {where}
GROUP BY code
ON CONFLICT (name, value) DO UPDATE SET records = search_facets.records + excluded.records
"""
# A record's most telling words: how often it uses each, weighed by how rare the word is in the index; a word in
# this record only can find no other and comes last.
_TELLING_WORDS = """
SELECT d.kind, d.panel_kind, d.outcome, (
    SELECT array_agg(t.lexeme ORDER BY t.common, t.weight DESC, t.lexeme)
    FROM (
        SELECT v.lexeme,
               coalesce(w.records, 1) <= 1 AS common,
               cardinality(v.positions) * ln(1 + n.records / greatest(coalesce(w.records, 1), 1)::float) AS weight
        FROM unnest(d.document) AS v
        CROSS JOIN (SELECT greatest(coalesce(sum(records), 1), 1) AS records
                    FROM search_facets WHERE name = 'kind') AS n
        LEFT JOIN LATERAL (SELECT max(records) AS records FROM search_words WHERE stem = v.lexeme) AS w ON true
        ORDER BY common, weight DESC, v.lexeme
        LIMIT :terms
    ) AS t
) AS terms
FROM search_documents d
WHERE d.public_id = :public_id
"""
_KNOWN = """
SELECT count(*) > 0 AND bool_and(EXISTS (SELECT 1 FROM search_words w WHERE w.stem = s.stem))
FROM unnest(tsvector_to_array(to_tsvector('english', :word))) AS s(stem)
"""


def _lexeme_query(lexemes: list[str]) -> str:
    """``'a' | 'b' | …`` in the ``tsquery`` input syntax (each lexeme quoted, quotes and backslashes doubled)."""
    return " | ".join("'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'" for lexeme in lexemes)


class PostgresBackend(SearchBackend):
    name = "postgres"

    def __init__(self, location: str = ""):
        self.location = location  # the database's address, for ``get_backend`` to tell indexes apart

    # -- the writer lock and writes (callers hold the lock) ------------------------------------------------
    def lock(self, blocking: bool = False, timeout: float = 0.0) -> AdvisoryLock:
        return AdvisoryLock(blocking=blocking, timeout=timeout)

    def _count(self, public_ids: list[str] | None, sign: int) -> None:
        where = "true" if public_ids is None else "d.public_id = ANY(:ids)"
        params = {"sign": sign, "ids": public_ids or []}
        for statement in (_COUNT_WORDS, _COUNT_FACETS):
            db.session.execute(text(statement.format(where=where)), params)

    def _forget_unused(self) -> None:
        db.session.execute(search_words.delete().where(search_words.c.records <= 0))
        db.session.execute(search_facets.delete().where(search_facets.c.records <= 0))

    def apply(self, index: list[Document], delete: list[str]) -> None:
        """Replace ``index`` and remove ``delete`` with their word and facet counts, in one transaction (the
        caller's session), committed here."""
        documents = list({document.public_id: document for document in index}.values())
        public_ids = list(dict.fromkeys([d.public_id for d in documents] + list(delete)))
        if not public_ids:
            return
        self._count(public_ids, -1)
        db.session.execute(D.delete().where(D.c.public_id.in_(public_ids)))
        if documents:
            db.session.execute(insert(D), [_row(document) for document in documents])
            self._count([d.public_id for d in documents], 1)
        self._forget_unused()
        db.session.commit()

    def clear(self) -> None:
        for table in (D, search_words, search_facets):
            db.session.execute(table.delete())
        db.session.commit()

    def rebuild(self, documents: Iterable[Document], progress: Callable[[int], None] | None = None) -> int:
        """Replace the whole index in one transaction: readers see the old one until it commits."""
        for table in (D, search_words, search_facets):
            db.session.execute(table.delete())
        count = 0
        batch: list[dict] = []
        for document in documents:
            batch.append(_row(document))
            count += 1
            if progress:
                progress(1)
            if len(batch) >= _BATCH:
                db.session.execute(insert(D), batch)
                batch = []
        if batch:
            db.session.execute(insert(D), batch)
        self._count(None, 1)
        db.session.commit()
        db.session.execute(text("ANALYZE search_documents, search_words, search_facets"))
        db.session.commit()
        return count

    # -- reads ------------------------------------------------------------------------------------------
    def _execute(self, statement, params: dict | None = None):
        try:
            return db.session.execute(statement, params or {})
        except ProgrammingError as error:
            if not _is_missing_table(error):
                raise
            db.session.rollback()
            raise _IndexMissing from error

    @staticmethod
    def _conditions(request: SearchRequest, tsquery) -> list:
        conditions = [] if tsquery is None else [D.c.document.op("@@")(tsquery)]
        for name, values in request.filters.items():
            if not values:
                continue
            if name == "reason_codes":
                conditions.append(D.c.reason_codes.op("&&")(literal(list(values), ARRAY(Text))))
            elif name in SINGLE_FACETS:
                conditions.append(D.c[name].in_(list(values)))
            else:
                conditions.append(literal(False))
        if request.date_from:
            conditions.append(D.c.meeting_date >= request.date_from)
        if request.date_to:
            conditions.append(D.c.meeting_date <= request.date_to)
        return conditions

    def search(self, request: SearchRequest) -> SearchResult:
        tree = query_syntax.parse(self.query_text(request))
        tsquery = _tsquery(tree) if tree is not None else None
        ranked = tsquery is not None and request.sort == "relevance" and bool(request.query.strip())
        score = func.ts_rank(literal_column(f"'{_WEIGHTS}'::real[]"), D.c.document, tsquery, 1) if ranked else None
        matched = (
            select(
                D.c.public_id,
                *(D.c[name] for name in SINGLE_FACETS),
                D.c.reason_codes,
                D.c.meeting_date,
                D.c.published_at,
                (score if score is not None else literal(None, Text)).label("score"),
            )
            .where(and_(True, *self._conditions(request, tsquery)))
            .cte("matched")
        )
        m = matched.c

        def order(c) -> list:
            if ranked:
                return [c.score.desc(), c.public_id]
            if request.sort == "oldest":
                return [c.meeting_date.asc().nulls_first(), c.published_at, c.public_id]
            return [c.meeting_date.desc().nulls_last(), c.published_at.desc(), c.public_id]

        start = (request.page - 1) * request.page_size
        # ORDER BY … LIMIT alone lets PostgreSQL keep only the page's rows while it reads the matches (top-N).
        page = (
            select(m.public_id, m.score, m.meeting_date, m.published_at)
            .order_by(*order(m))
            .limit(request.page_size)
            .offset(start)
            .cte("page")
        )
        headline = (
            func.ts_headline(_ENGLISH, _escaped_body(), tsquery, literal(snippets.HEADLINE))
            if tsquery is not None
            else literal(None, Text)
        )
        hits = (
            select(
                func.json_agg(
                    aggregate_order_by(
                        func.json_build_array(
                            D.c.public_id,
                            D.c.kind,
                            D.c.title,
                            D.c.body,
                            D.c.meeting_date,
                            D.c.board,
                            page.c.score,
                            headline,
                        ),  # fmt: skip
                        *order(page.c),
                    )
                )
            )
            .select_from(page.join(D, D.c.public_id == page.c.public_id))
            .scalar_subquery()
        )
        single = (
            select(
                func.coalesce(*(m[name] for name in SINGLE_FACETS)).label("value"),
                func.grouping(*(m[name] for name in SINGLE_FACETS)).label("grouping"),
                func.count().label("records"),
            )
            .group_by(func.grouping_sets(*(tuple_(m[name]) for name in SINGLE_FACETS)))
            .having(func.coalesce(*(m[name] for name in SINGLE_FACETS)).is_not(None))
        )
        # unnest() in the select list (one pass), not as a function scan joined to every matching row.
        codes = select(func.unnest(m.reason_codes).label("code")).subquery()
        reasons = select(codes.c.code, literal(-1).label("grouping"), func.count()).group_by(codes.c.code)
        counted = single.union_all(reasons).subquery()
        facets = select(
            func.json_agg(func.json_build_array(counted.c.value, counted.c.grouping, counted.c.records))
        ).scalar_subquery()
        statement = select(
            select(func.count()).select_from(matched).scalar_subquery().label("total"),
            facets.label("facets"),
            hits.label("hits"),
            (func.numnode(tsquery) if tsquery is not None else literal(1)).label("nodes"),
            (func.querytree(tsquery) if tsquery is not None else literal("")).label("tree"),
        )
        try:
            row = self._execute(statement).one()
        except _IndexMissing:
            return SearchResult(hits=[], total=0, facets={name: [] for name in FACETS}, page=request.page,
                                page_size=request.page_size)  # fmt: skip
        if row.nodes == 0 or row.tree == "T":
            raise QueryError(query_syntax.NO_WORDS)
        hits_ = [self._hit(item) for item in row.hits or []]
        if tree is not None:
            hits_ = snippets.Marks(self._typed(request.query), tree).apply(hits_)
        result = SearchResult(
            hits=hits_,
            total=row.total,
            facets=self._facets(row.facets or []),
            page=request.page,
            page_size=request.page_size,
        )
        if request.query.strip() and result.total < 3:
            result.suggestion = self._suggestion(request.query)
        return result

    @staticmethod
    def _typed(query: str) -> query_syntax.Node | None:
        try:
            return query_syntax.parse(query)
        except QueryError:  # what was typed reads only once the synonyms are applied: mark by the expansion
            return None

    @staticmethod
    def _facets(rows: list) -> dict[str, list[tuple[str, int]]]:
        # GROUPING(kind, panel_kind, …) has a bit set for each column not grouped: the one left clear names the set.
        width = len(SINGLE_FACETS)
        names = {((1 << width) - 1) ^ (1 << (width - 1 - i)): name for i, name in enumerate(SINGLE_FACETS)}
        names[-1] = "reason_codes"
        facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
        for value, grouping, records in rows:
            facets[names[grouping]].append((value, records))
        return {name: sorted(values, key=lambda item: (-item[1], item[0])) for name, values in facets.items()}

    @staticmethod
    def _hit(item: list) -> Hit:
        public_id, kind, title, body, meeting, board, score, headline = item
        return Hit(
            public_id=public_id,
            kind=kind,
            title=title,
            snippet=snippets.snippet(body, headline),
            meeting_date=date.fromisoformat(meeting) if meeting else None,
            score=float(score) if score is not None else None,
            board=board,
        )

    def _suggestion(self, text_: str) -> str | None:
        cache: dict[str, bool] = {}

        def known(word: str) -> bool:
            if word not in cache:
                cache[word] = bool(db.session.scalar(text(_KNOWN), {"word": word}))
            return cache[word]

        try:
            return self.suggestion_for(text_, known)
        except ProgrammingError:  # a suggestion is a courtesy; never let it fail the search
            db.session.rollback()
            return None

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        prefix = prefix.strip().lower()
        if len(prefix) < 2:
            return []
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        statement = (
            select(search_words.c.word)
            .where(search_words.c.word.like(pattern, escape="\\"), search_words.c.stem.is_not(None))
            .order_by(search_words.c.records.desc(), search_words.c.word)
            .limit(limit)
        )
        try:
            return list(self._execute(statement).scalars())
        except _IndexMissing:
            return []

    def similar(self, public_id: str, limit: int = 5) -> list[Hit]:
        try:
            source = self._execute(text(_TELLING_WORDS), {"public_id": public_id, "terms": 12}).one_or_none()
        except _IndexMissing:
            return []
        if source is None or not source.terms:
            return []
        tsquery = cast(literal(_lexeme_query(source.terms)), TSQUERY)
        score = func.ts_rank(literal_column(f"'{_WEIGHTS}'::real[]"), D.c.document, tsquery, 1).label("score")
        top = (
            select(
                D.c.public_id,
                D.c.kind,
                D.c.title,
                D.c.body,
                D.c.meeting_date,
                D.c.board,
                D.c.panel_kind,
                D.c.outcome,
                score,
            )  # fmt: skip
            .where(D.c.document.op("@@")(tsquery), D.c.kind == source.kind, D.c.public_id != public_id)
            .order_by(score.desc(), D.c.public_id)
            .limit(limit * 4)
            .subquery()
        )
        # Prefer records with the same panel kind and outcome: the same kind of decision, not only the same words.
        alike = literal(0)
        for name in ("panel_kind", "outcome"):
            value = getattr(source, name)
            if value:
                alike = alike + func.coalesce(cast(top.c[name] == value, Integer), 0)
        rows = db.session.execute(
            select(top).order_by(alike.desc(), top.c.score.desc(), top.c.public_id).limit(limit)
        ).all()
        return [
            Hit(
                public_id=row.public_id,
                kind=row.kind,
                title=row.title,
                snippet=snippets.plain_snippet(row.body),
                meeting_date=row.meeting_date,
                score=float(row.score),
                board=row.board,
            )
            for row in rows
        ]

    def public_ids(self) -> set[str]:
        try:
            return set(self._execute(select(D.c.public_id)).scalars())
        except _IndexMissing:
            return set()

    def document_count(self) -> int:
        try:
            return self._execute(select(func.count()).select_from(D)).scalar_one()
        except _IndexMissing:
            return 0

    def facet_values(self, name: str) -> set[str]:
        statement = select(search_facets.c.value).where(search_facets.c.name == name, search_facets.c.records > 0)
        try:
            return set(self._execute(statement).scalars())
        except _IndexMissing:
            return set()

    def stored_texts(self) -> Iterator[tuple[str, str]]:
        try:
            rows = self._execute(select(D.c.public_id, D.c.title, D.c.body).order_by(D.c.public_id))
        except _IndexMissing:
            return
        for public_id, title, body in rows:
            for value in (title, body):
                if value:
                    yield public_id, value

    def close(self) -> None:
        """Nothing to close: the index is read through the app's database session."""
