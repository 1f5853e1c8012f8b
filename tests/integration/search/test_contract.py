"""The search backend contract: the same behaviour tests for every backend (views depend on nothing more)."""

from __future__ import annotations

from datetime import date

import pytest

from panelrecords.search.backend import Document, QueryError, SearchBackend, SearchRequest
from tests.conftest import is_postgres


def _whoosh(request, tmp_path) -> SearchBackend:
    from panelrecords.search.whoosh_backend import WhooshBackend

    return WhooshBackend(tmp_path / "index")


def _postgres(request, tmp_path) -> SearchBackend:
    if not is_postgres():
        pytest.skip("the PostgreSQL backend is tested when the suite runs on PostgreSQL (DATABASE_URL=postgresql://…)")
    request.getfixturevalue("postgres_app")
    from panelrecords.extensions import db
    from panelrecords.search.postgres_backend import PostgresBackend

    backend = PostgresBackend()

    def empty() -> None:
        db.session.rollback()
        with backend.lock(blocking=True):
            backend.clear()

    request.addfinalizer(empty)
    return backend


BACKENDS = {"whoosh": _whoosh, "postgres": _postgres}


def _doc(public_id, body, *, kind="decision", title="Request for an EHC needs assessment", day=date(2026, 1, 5), **kw):
    return Document(
        public_id=public_id,
        kind=kind,
        title=title,
        body=body,
        published_at=f"{day.isoformat()}T12:00:00+00:00",
        meeting_date=day,
        **kw,
    )


DOCUMENTS = [
    _doc(
        "D-0001",
        "The panel agreed to assess [child]. The educational psychologist's report describes autism and anxiety.",
        panel_kind="decision_to_assess",
        outcome="agreed",
        request_type="assess",
        reason_codes=("evidence_of_need",),
        day=date(2025, 6, 2),
    ),
    _doc(
        "D-0002",
        "The panel refused: needs can be met from SEN support. No autistic spectrum diagnosis was provided.",
        panel_kind="decision_to_assess",
        outcome="refused",
        request_type="assess",
        reason_codes=("sen_support", "insufficient_evidence"),
        day=date(2025, 9, 1),
    ),
    _doc(
        "D-0003",
        "Placement at a special school was refused because the mainstream school can meet needs. <script>x</script>",
        title="Request to name a special school",
        panel_kind="placement",
        outcome="refused",
        request_type="placement",
        reason_codes=("sen_support",),
        day=date(2026, 2, 3),
    ),
    _doc(
        "M-0001",
        "The board discussed waiting times for speech and language therapy and the written statement of action.",
        kind="minutes",
        title="SEND Improvement Board, 4 March 2026",
        board="SIB",
        day=date(2026, 3, 4),
    ),
]


@pytest.fixture(params=sorted(BACKENDS))
def backend(request, tmp_path) -> SearchBackend:
    backend = BACKENDS[request.param](request, tmp_path)
    with backend.lock(blocking=True):
        backend.index(DOCUMENTS)
    return backend


def _ids(backend, text="", **kw) -> list[str]:
    return [hit.public_id for hit in backend.search(SearchRequest(query=text, **kw)).hits]


def test_an_empty_query_lists_everything_newest_first(backend):
    result = backend.search(SearchRequest(sort="newest"))
    assert result.total == 4
    assert [h.public_id for h in result.hits] == ["M-0001", "D-0003", "D-0002", "D-0001"]
    assert _ids(backend, sort="oldest")[0] == "D-0001"


def test_words_are_stemmed_and_terms_are_anded(backend):
    assert set(_ids(backend, "assessing")) == {"D-0001", "D-0002"}
    assert _ids(backend, "refused special") == ["D-0003"]


def test_phrases_operators_and_prefixes(backend):
    assert _ids(backend, '"SEN support"') == ["D-0002"]
    # "autism" also finds "autistic" (D-0002): the shared synonym list applies to every query.
    assert set(_ids(backend, "autism OR therapy")) == {"D-0001", "D-0002", "M-0001"}
    assert set(_ids(backend, "refused NOT placement")) == {"D-0002"}
    assert set(_ids(backend, "autis*")) == {"D-0001", "D-0002"}


def test_facets_count_the_matches_and_filters_combine_with_the_query(backend):
    result = backend.search(SearchRequest(query="refused"))
    assert dict(result.facets["outcome"]) == {"refused": 2}
    assert dict(result.facets["reason_codes"]) == {"sen_support": 2, "insufficient_evidence": 1}
    assert dict(result.facets["panel_kind"]) == {"decision_to_assess": 1, "placement": 1}
    everything = backend.search(SearchRequest())
    assert dict(everything.facets["kind"]) == {"decision": 3, "minutes": 1}
    assert dict(everything.facets["year"]) == {"2025": 2, "2026": 2}
    assert dict(everything.facets["board"]) == {"SIB": 1}
    narrowed = backend.search(SearchRequest(query="needs", filters={"panel_kind": ("placement",)}))
    assert [h.public_id for h in narrowed.hits] == ["D-0003"] and narrowed.total == 1
    either = backend.search(SearchRequest(filters={"outcome": ("agreed", "refused"), "year": ("2025",)}))
    assert either.total == 2


def test_date_range(backend):
    assert set(_ids(backend, date_from=date(2025, 9, 1), date_to=date(2026, 2, 3))) == {"D-0002", "D-0003"}
    assert _ids(backend, date_from=date(2026, 3, 1)) == ["M-0001"]


def test_pagination(backend):
    first = backend.search(SearchRequest(sort="newest", page=1, page_size=3))
    second = backend.search(SearchRequest(sort="newest", page=2, page_size=3))
    assert first.total == second.total == 4 and first.pages == 2
    assert len(first.hits) == 3 and [h.public_id for h in second.hits] == ["D-0001"]
    assert backend.search(SearchRequest(page=9, page_size=3)).hits == []


def test_snippets_are_escaped_except_the_highlight(backend):
    [hit] = backend.search(SearchRequest(query="mainstream")).hits
    assert "<mark>mainstream</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    plain = backend.search(SearchRequest(filters={"panel_kind": ("placement",)})).hits[0]
    assert "<mark>" not in plain.snippet and "&lt;script&gt;" in plain.snippet


def test_did_you_mean(backend):
    result = backend.search(SearchRequest(query="autsim"))
    assert result.total == 0
    assert result.suggestion == "autism"


@pytest.mark.parametrize("text", ['"unclosed phrase', "(needs", "a*", "AND", "*"])
def test_malformed_queries_raise_query_error(backend, text):
    with pytest.raises(QueryError):
        backend.search(SearchRequest(query=text))


def test_similar_records_never_include_the_record_itself(backend):
    similar = [h.public_id for h in backend.similar("D-0002")]
    assert "D-0002" not in similar and similar and "M-0001" not in similar
    assert backend.similar("D-NOPE") == []


def test_suggest_words_by_prefix(backend):
    assert "autism" in backend.suggest("aut")


def test_index_replaces_and_delete_removes(backend):
    with backend.lock(blocking=True):
        backend.index([_doc("D-0001", "Now about hydrotherapy only.", outcome="agreed")])
    assert _ids(backend, "hydrotherapy") == ["D-0001"] and _ids(backend, "anxiety") == []
    with backend.lock(blocking=True):
        backend.delete(["D-0001", "D-0002"])
    assert backend.public_ids() == {"D-0003", "M-0001"}
    assert "agreed" not in backend.facet_values("outcome")


def test_rebuild_replaces_everything(backend):
    with backend.lock(blocking=True):
        assert backend.rebuild(DOCUMENTS[:2]) == 2
    assert backend.public_ids() == {"D-0001", "D-0002"}


def test_stored_texts_are_what_the_index_holds(backend):
    texts = list(backend.stored_texts())
    assert {public_id for public_id, _text in texts} == {d.public_id for d in DOCUMENTS}
    assert ("D-0001", DOCUMENTS[0].body) in texts and ("D-0001", DOCUMENTS[0].title) in texts
    with backend.lock(blocking=True):
        backend.delete(["D-0001"])
    assert "D-0001" not in {public_id for public_id, _text in backend.stored_texts()}
