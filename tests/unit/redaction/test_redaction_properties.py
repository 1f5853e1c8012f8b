"""Property-based: generated identifiers placed in generated text never survive redaction."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from panelrecords.redaction import Known, check, redact
from panelrecords.redaction.evaluation import format_date, make_nhs_number, make_postcode, make_upn

# Names from several communities, including ones that are also English words.
FIRST_NAMES = [
    "Amelia", "Zoë", "Mohammed", "Aaliyah", "Oluwaseun", "Chidi", "Abdirahman", "Hodan", "Łukasz", "Agnieszka",
    "Ionuț", "Bianca", "Siobhán", "Aoife", "João", "Inês", "Rūta", "Mantas", "Wei", "Xiu", "Kwame", "Ama",
    "Priya", "Harpreet", "Fatima", "Yusuf", "Shanice", "Grace", "Will", "Hope",
]  # fmt: skip
SURNAMES = [
    "Jones", "O'Connor", "Smith-Khan", "Kowalczyk", "Popescu", "Ferreira", "Kazlauskas", "Okafor", "Adeyemi",
    "Warsame", "Rahman", "Chowdhury", "Zhang", "Mensah", "Ní Bhriain", "Da Silva", "Al-Hassan", "Brown",
]  # fmt: skip
FILLER_WORDS = [
    "The panel will", "consider", "we hope", "the report", "said that", "and", "Bristol City Council", "NHS",
    "in May 2024", "the Summer term", "Mark scheme", "Grace period", ".", ",", "\n", "(", ")", "'s",
]  # fmt: skip
FILLER = st.sampled_from(FILLER_WORDS)
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cases(draw: st.DrawFn) -> tuple[Known, list[str]]:
    """A generated case and the identifier strings, in the forms the prose uses, placed in its text."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    first, surname = draw(st.sampled_from(FIRST_NAMES)), draw(st.sampled_from(SURNAMES))
    parent = f"{draw(st.sampled_from(FIRST_NAMES))} {surname}"
    dob = datetime.date(2006, 1, 1) + datetime.timedelta(days=draw(st.integers(0, 6000)))
    nhs, upn, postcode = make_nhs_number(rng), make_upn(rng), make_postcode(rng)
    known = Known(
        child=[f"{first} {surname}"], parents=[parent], date_of_birth=[dob.isoformat()],
        postcode=[postcode], nhs_number=[nhs], upn=[upn],
    )  # fmt: skip
    date_form = draw(st.sampled_from(["{d} {M} {y}", "{o} {M} {y}", "{M} {d}, {y}", "{dd}/{mm}/{y}", "{y}-{mm}-{dd}"]))
    identifiers = [
        f"{first} {surname}",
        f"{first}'s",
        surname.upper(),
        parent,
        format_date(dob, date_form),
        draw(st.sampled_from([postcode, postcode.replace(" ", ""), postcode.lower()])),
        draw(st.sampled_from([nhs, f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"])),
        draw(st.sampled_from([upn, upn.lower()])),
    ]
    return known, identifiers


@st.composite
def documents(draw: st.DrawFn) -> tuple[Known, str, list[str]]:
    known, identifiers = draw(cases())
    pieces = draw(st.lists(FILLER, max_size=12)) + identifiers
    order = draw(st.permutations(pieces))
    return known, " ".join(order), identifiers


def _visible(text: str) -> str:
    """The redacted text without its labels and the filler (which says "will" and "hope" on purpose)."""
    text = text.lower()
    for phrase in ("[child]", "[parent]", *(word.lower() for word in FILLER_WORDS if len(word) > 2)):
        text = text.replace(phrase, " ")
    return text


@PROPERTY_SETTINGS
@given(documents())
def test_generated_identifiers_never_survive_redaction(document: tuple[Known, str, list[str]]) -> None:
    known, text, identifiers = document
    redacted = redact(text, known).text
    assert check(redacted, known) == []
    visible = _visible(redacted)
    for identifier in identifiers:
        assert identifier.replace("'s", "").lower() not in visible


@PROPERTY_SETTINGS
@given(documents())
def test_redacting_twice_changes_nothing(document: tuple[Known, str, list[str]]) -> None:
    known, text, _ = document
    once = redact(text, known).text
    assert redact(once, known).text == once


@PROPERTY_SETTINGS
@given(st.text(max_size=300), documents())
def test_any_text_is_handled_and_redaction_is_idempotent(noise: str, document: tuple[Known, str, list[str]]) -> None:
    known, text, _ = document
    once = redact(noise + " " + text, known).text
    assert redact(once, known).text == once


@PROPERTY_SETTINGS
@given(documents(), st.sampled_from([str.upper, str.lower, str.title]), st.sampled_from([" ", "\n", "\u00a0"]))
def test_case_and_spacing_never_make_the_gate_disagree_with_redaction(
    document: tuple[Known, str, list[str]], transform: Callable[[str], str], separator: str
) -> None:
    known, text, _ = document
    text = transform(text).replace(" ", separator)
    once = redact(text, known).text
    assert check(once, known) == []
    assert redact(once, known).text == once
