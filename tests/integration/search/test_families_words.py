"""The words families use: the shared synonym list, "did you mean" from the archive's own words, and snippets
that start and end on word boundaries and never repeat. Run against every backend of the contract."""

from __future__ import annotations

import html
import re

import pytest

from panelrecords.search import synonyms
from panelrecords.search.backend import SearchBackend, SearchRequest
from tests.integration.search.test_contract import BACKENDS, _doc

DOCUMENTS = [
    _doc("D-1001", "The panel agreed to issue an EHC plan. The child has autism spectrum condition."),
    _doc("D-1002", "Speech and language therapy advice was considered; the occupational therapist reported."),
    _doc("D-1003", "The educational psychologist's report describes social, emotional and mental health needs."),
    _doc("D-1004", "The special educational needs co-ordinator described attention deficit hyperactivity disorder."),
    _doc("D-1005", "Advice from child and adolescent mental health services was not yet available."),
    _doc("D-1006", "The panel refused: the school can meet needs from SEN support. " + "Ordinary words here. " * 30
         + "A later mention of mainstream school at the end of a long text about a placement."),
    _doc("D-1008", "Health advice and care records were read with the education records. An EHC plan was agreed."),
    # Hyphenated words all round the match: a fragment edge at a token would fall inside one.
    _doc("D-1007", "self-esteem well-being co-ordinator " * 8 + "dyslexia " + "long-term follow-up re-assessment " * 8),
]  # fmt: skip


@pytest.fixture(params=sorted(BACKENDS))
def backend(request, tmp_path) -> SearchBackend:
    backend = BACKENDS[request.param](request, tmp_path)
    with backend.lock(blocking=True):
        backend.index(DOCUMENTS)
    return backend


def _ids(backend, text: str) -> set[str]:
    return {hit.public_id for hit in backend.search(SearchRequest(query=text)).hits}


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("EHCP", {"D-1001", "D-1008"}),
        ("ASD", {"D-1001"}),
        ("autistic", {"D-1001"}),
        ("SALT", {"D-1002"}),
        ("SLT", {"D-1002"}),
        ("OT", {"D-1002"}),
        ("EP", {"D-1003"}),
        ("SEMH", {"D-1003"}),
        ("SENCO", {"D-1004"}),
        ("ADHD", {"D-1004"}),
        ("CAMHS", {"D-1005"}),
        ("camhs OR salt", {"D-1002", "D-1005"}),
        ('"speech and language therapy"', {"D-1002"}),
    ],
)
def test_families_words_find_what_professionals_wrote(backend, typed, found):
    assert _ids(backend, typed) == found


def test_synonyms_keep_the_query_syntax(backend):
    assert _ids(backend, "ASD NOT plan") == set()
    assert _ids(backend, "(ADHD OR CAMHS) AND services") == {"D-1005"}
    assert _ids(backend, "autis*") == {"D-1001"}


def test_did_you_mean_comes_from_the_archives_own_words(backend):
    assert backend.search(SearchRequest(query="autsim")).suggestion == "autism"
    assert backend.search(SearchRequest(query="psycologist")).suggestion == "psychologist"
    # Family words are understood, never "corrected" to unrelated English words.
    for typed in ("EHCP", "ASD", "SALT"):
        result = backend.search(SearchRequest(query=typed))
        assert result.total and result.suggestion is None


def test_snippets_start_and_end_on_word_boundaries_and_never_repeat(backend):
    for text in ("mainstream", "school", "needs", "ordinary", "dyslexia"):
        for hit in backend.search(SearchRequest(query=text)).hits:
            plain = html.unescape(re.sub(r"</?mark>", "", str(hit.snippet)))
            body = next(d.body for d in DOCUMENTS if d.public_id == hit.public_id)
            for part in plain.split(" … "):
                part = part.strip("… ").strip()
                if not part:
                    continue
                start = body.find(part)
                assert start >= 0, part
                assert start == 0 or body[start - 1].isspace(), part
                end = start + len(part)
                assert end == len(body) or body[end].isspace() or body[end] in ".,;:", part
            parts = [p.strip("… ") for p in plain.split(" … ") if p.strip("… ")]
            assert len(parts) == len(set(parts))


def test_the_synonym_file_is_documented_and_every_group_expands():
    groups, vocabulary = synonyms.load()
    text = synonyms.DATA.read_text(encoding="utf-8")
    assert text.startswith("# Words families and professionals use")
    for term in ("ehcp", "asd", "autistic", "salt", "slt", "ot", "ep", "semh", "senco", "adhd", "camhs"):
        assert term in groups and len(groups[term]) > 1, term
    assert "autism" in vocabulary and "dyslexia" in vocabulary
    assert synonyms.expand('"unclosed') == '"unclosed'
    assert synonyms.expand("speech and language therapy refused").endswith(") refused")


def test_a_synonym_phrase_is_marked_where_its_words_stand_together_only(backend):
    [hit] = [h for h in backend.search(SearchRequest(query="EHCP")).hits if h.public_id == "D-1008"]
    assert "<mark>EHC</mark> <mark>plan</mark>" in hit.snippet
    assert "<mark>Health</mark>" not in hit.snippet and "<mark>education</mark>" not in hit.snippet
    [hit] = backend.search(SearchRequest(query="SALT")).hits
    assert "<mark>Speech</mark> and <mark>language</mark> <mark>therapy</mark>" in hit.snippet
