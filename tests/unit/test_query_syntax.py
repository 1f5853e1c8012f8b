"""The archive's query syntax read into a tree (for the PostgreSQL backend), with Whoosh's precedence and errors."""

from __future__ import annotations

import pytest

from panelrecords.search.backend import QueryError, get_backend
from panelrecords.search.query_syntax import And, Not, Or, Phrase, Prefix, Word, parse


def test_neighbours_and_operators_bind_as_in_whoosh():
    assert parse("a b OR c") == And((Word("a"), Or((Word("b"), Word("c")))))
    assert parse("a AND b OR c") == Or((And((Word("a"), Word("b"))), Word("c")))
    assert parse("refused NOT placement") == And((Word("refused"), Not(Word("placement"))))
    assert parse("a ANDNOT b") == And((Word("a"), Not(Word("b"))))
    assert parse('(autism OR "sen support") assess*') == And(
        (Or((Word("autism"), Phrase("sen support"))), Prefix("assess"))
    )
    assert parse("   ") is None
    assert parse("AND") == Word("AND") and parse("needs OR") == And((Word("needs"), Word("OR")))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ('"unclosed phrase', "Close the quotation marks"),
        ("(needs", "Check the brackets"),
        ("needs)", "Check the brackets"),
        (") needs (", "Check the brackets"),
        ("a*", "Type at least 3 letters"),
        ("'''*", "Type at least 3 letters"),
        ("needs AND OR x", "Check AND, OR and NOT"),
        ("refused NOT", "Check AND, OR and NOT"),
        ("NOT autism", "Enter words to search for"),
        ("NOT a OR NOT b", "Enter words to search for"),
    ],
)
def test_queries_that_cannot_be_read_say_why(typed, message):
    with pytest.raises(QueryError, match=message):
        parse(typed)


def test_the_postgres_backend_needs_a_postgres_database(tmp_path):
    settings = {"SEARCH_BACKEND": "postgres", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.sqlite"}
    with pytest.raises(RuntimeError, match="must be PostgreSQL"):
        get_backend({**settings, "SEARCH_INDEX_DIR": str(tmp_path)})
    with pytest.raises(RuntimeError, match="use 'whoosh' or 'postgres'"):
        get_backend({"SEARCH_BACKEND": "solr", "SEARCH_INDEX_DIR": str(tmp_path)})
