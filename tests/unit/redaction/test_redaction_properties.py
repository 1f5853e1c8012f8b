"""Property-based: generated identifiers placed in generated text never survive redaction, in the plain forms and
in the hard ways people write them; the leak gate catches every one of them in the unredacted text."""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections.abc import Callable

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from panelrecords.redaction import Known, check, redact
from panelrecords.redaction.evaluation import format_date, make_nhs_number, make_postcode, make_upn
from tests.properties import examples

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
PROPERTY_SETTINGS = settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])


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


# The hard ways identifiers are written (issue 14), mixed into the same filler.
IRISH_SURNAMES = ["Ó Briain", "Ní Bhriain", "Mac an Bhaird", "Nic Dhomhnaill", "Ó Súilleabháin"]
SCHOOLS = ["Kings Valley Primary School", "Marsh Lane Junior School", "Beech Hill Primary Academy"]
_LOOK_ALIKES = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "c": "\u0441", "p": "\u0440", "i": "\u0456"}
_LOOK_ALIKES |= {"A": "\u0391", "E": "\u0395", "M": "\u041c", "O": "\u039f", "T": "\u0422", "H": "\u041d"}


def _ascii(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if c.isascii() and c.isalpha()).lower()


def _written(form: str, first: str, surname: str, dob: datetime.date, school: str) -> tuple[str, str]:
    """(text placed in the document, the identifier in it that must not survive)."""
    initials = "".join(word[0] for word in school.split())
    stem = " ".join(school.split()[:2])
    forms = {
        "dob_ddmmyyyy": (dob.strftime("%d%m%Y"),) * 2,
        "dob_yyyymmdd": (dob.strftime("%Y%m%d"),) * 2,
        "dob_short_month": (f"{dob.day} {dob:%b} {dob:%y}",) * 2,
        "spaced": (" ".join(first),) * 2,
        "hyphenated_letters": ("-".join(first.upper()),) * 2,
        "look_alike": ("".join(_LOOK_ALIKES.get(c, c) for c in first),) * 2,
        "invisible": (first[:1] + "\u00ad" + first[1:],) * 2,
        "after_acronym": (f"NHS {surname.upper()}", surname.upper()),
        "school_initials": (initials,) * 2,
        "school_initials_with_kind": (f"{initials[:2]} {school.split()[2]}",) * 2,
        "school_lower_case": (f"attends {stem.lower()}", stem.lower()),
        "email": (f"{_ascii(first)}.{_ascii(surname)}@example.org",) * 2,
        "shared_surname": (f"Mrs {surname}", surname),
        "nino": ("National Insurance number QQ 12 34 56 C", "QQ 12 34 56 C"),
    }
    return forms[form]


WRITTEN_FORMS = [
    "dob_ddmmyyyy", "dob_yyyymmdd", "dob_short_month", "spaced", "hyphenated_letters", "look_alike", "invisible",
    "after_acronym", "school_initials", "school_initials_with_kind", "school_lower_case", "email", "shared_surname",
    "nino",
]  # fmt: skip
FORM_SETTINGS = settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FORM_SETTINGS
@given(
    first=st.sampled_from(FIRST_NAMES),
    surname=st.sampled_from(SURNAMES + IRISH_SURNAMES),
    dob=st.dates(datetime.date(2006, 1, 1), datetime.date(2022, 12, 31)),
    school=st.sampled_from(SCHOOLS),
    forms=st.lists(st.sampled_from(WRITTEN_FORMS), min_size=1, max_size=5, unique=True),
    filler=st.lists(FILLER, max_size=8),
)
@example(  # "NHS BROWN" alone: the surname in capitals straight after an acronym
    first="Amelia", surname="Brown", dob=datetime.date(2016, 4, 9), school=SCHOOLS[0], forms=["after_acronym"],
    filler=[],
)  # fmt: skip
@example(
    first="Marnie", surname="Brown", dob=datetime.date(2016, 4, 9), school=SCHOOLS[0],
    forms=["after_acronym", "dob_ddmmyyyy", "look_alike", "spaced", "school_initials"], filler=["NHS", "."],
)  # fmt: skip
def test_hard_written_forms_never_survive_and_the_gate_catches_them(
    first: str, surname: str, dob: datetime.date, school: str, forms: list[str], filler: list[str]
) -> None:
    known = Known(
        child=[f"{first} {surname}"], parents=[f"Kim {surname}"], date_of_birth=[dob.isoformat()], school=[school]
    )
    written = [_written(form, first, surname, dob, school) for form in forms]
    text = " ".join(filler + [piece for piece, _ in written])
    redacted = redact(text, known).text
    hits = check(text, known)
    for piece, identifier in written:
        assert identifier not in redacted, (piece, redacted)
        start = text.index(piece) + piece.index(identifier)
        caught = {i for hit in hits for i in range(hit.start, hit.end)}
        assert all(i in caught for i in range(start, start + len(identifier)) if text[i].isalnum()), (piece, hits)
    assert check(redacted, known) == []
    assert redact(redacted, known).text == redacted
