"""Properties of the gate's index of every case's identifiers: whatever the writing, it finds them; it finds
nothing in text that holds none. Deterministic in CI; ``make fuzz`` runs them with many random examples."""

from __future__ import annotations

import string

from hypothesis import example, given, settings
from hypothesis import strategies as st

from panelrecords.publishing.identifiers import IdentifierIndex
from tests.properties import examples

FIRST = ["Marnie", "Oluwaseun", "Precious", "Zofia", "Aarav", "Grace", "Niamh", "Kacper"]
LAST = ["O'Connor", "Brown", "Nowak", "Mac an Bhaird", "Okonkwo-Smith", "Ahmed", "Ní Bhriain"]
FILLER = "The panel read the reports and agreed the next steps with the school and the family .".split()


def _case(first: str, last: str) -> dict:
    return {"child": [f"{first} {last}"], "nhs_number": ["943 476 5919"], "date_of_birth": ["2016-04-09"]}


def _spelled(name: str, style: str) -> str:
    if style == "upper":
        return name.upper()
    if style == "lower":
        return name.lower()
    if style == "hyphens":
        return name.replace(" ", "-")
    if style == "punctuated":
        return name.replace("'", "’")
    return name


@settings(max_examples=examples(60))
@given(
    first=st.sampled_from(FIRST),
    last=st.sampled_from(LAST),
    style=st.sampled_from(["as is", "upper", "lower", "hyphens", "punctuated"]),
    before=st.lists(st.sampled_from(FILLER), max_size=30),
    after=st.lists(st.sampled_from(FILLER), max_size=30),
    others=st.integers(0, 20),
)
@example(first="Marnie", last="Brown", style="upper", before=["NHS"], after=["attended"], others=0)
def test_any_case_full_name_is_found_however_it_is_written(first, last, style, before, after, others):
    cases = [(n, _case(FIRST[n % len(FIRST)], f"Other{n}")) for n in range(1, others + 1)]
    index = IdentifierIndex([(0, _case(first, last)), *cases])
    text = " ".join([*before, _spelled(f"{first} {last}", style), *after])
    hits = index.find(text)
    assert any(hit.category == "child" for hit in hits), text
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text


@settings(max_examples=examples(60))
@given(
    spacing=st.lists(st.sampled_from(["", " ", "-"]), min_size=9, max_size=9),
    before=st.lists(st.sampled_from(FILLER), max_size=20),
)
def test_an_nhs_number_is_found_with_any_spacing(spacing, before):
    digits = "9434765919"
    written = "".join(d + s for d, s in zip(digits, [*spacing, ""], strict=True))
    text = " ".join([*before, "NHS number", written, "on file"])
    assert any(hit.category == "nhs_number" for hit in IdentifierIndex([(0, _case("Ada", "Brown"))]).find(text))


@settings(max_examples=examples(60))
@given(
    words=st.lists(
        st.one_of(st.sampled_from(FILLER + FIRST), st.text(alphabet=string.ascii_letters, min_size=1, max_size=9)),
        max_size=80,
    )
)
def test_text_without_a_full_name_or_number_has_no_hits(words):
    # First names alone and ordinary words are never hits: only distinctive identifiers are.
    text = " ".join(words)
    index = IdentifierIndex([(n, _case(first, "Zzyzx-Quill")) for n, first in enumerate(FIRST)])
    assert index.find(text) == []
