"""The ways people and careless tools really write a case's identifiers (issue 14): every form is redacted by
``redact`` and caught by the leak gate ``check`` on the unredacted text; ordinary English is left alone."""

from __future__ import annotations

import pytest

from panelrecords.redaction import Known, Span, apply, check, names, propose, redact, to_confirm
from panelrecords.redaction.evaluation_forms import FORMS, FormScores, form_corpus, score_forms
from panelrecords.redaction.text import view

CASE = Known(
    child=["Marnie Brown"],
    parents=["Siobhán Brown", "Pádraig Ó Briain"],
    other_people=["Aoife Mac an Bhaird", "Nuala Ní Bhriain"],
    date_of_birth=["2016-04-09"],
    school=["Kings Valley Primary School"],
)


def assert_redacted_and_gated(text: str, identifier: str, known: Known = CASE) -> str:
    """The identifier is gone from the redacted text, the gate catches it in the original and passes the result."""
    result = redact(text, known)
    assert identifier not in result.text, result.text
    start = text.index(identifier)
    hits = check(text, known)
    covered = {i for hit in hits for i in range(hit.start, hit.end)}
    assert all(i in covered for i in range(start, start + len(identifier)) if text[i].isalnum()), hits
    assert check(result.text, known) == []
    assert redact(result.text, known).text == result.text
    return result.text


# Dates of birth


@pytest.mark.parametrize(
    "written",
    ["09042016", "20160409", "090416", "9 Apr 16", "9 April 16", "9th April '16", "April 9th 2016", "09Apr2016"]
    + ["9April2016", "9-Apr-16", "09.04.16"],
)
def test_date_of_birth_variants(written: str) -> None:
    assert assert_redacted_and_gated(f"Born {written}, she moved.", written) == "Born [date of birth], she moved."


def test_compact_numbers_that_are_not_the_date_of_birth_are_left() -> None:
    text = "Invoice 12345678 and reference 20230117 and 100416."
    assert redact(text, CASE).text == text
    assert check(text, CASE) == []


# Names written letter by letter, with look-alike letters, with invisible characters


@pytest.mark.parametrize(
    "written",
    ["M a r n i e", "M-A-R-N-I-E", "M.a.r.n.i.e", "m a r n i e", "M\u0430rnie", "MARNI\u0395", "\u041c\u0430rnie"]
    + ["Mar\u00adnie", "Mar\u200bnie", "\uff2d\uff41\uff52\uff4e\uff49\uff45"]
    + ["\U0001d40c\U0001d41a\U0001d42b\U0001d427ie"],
)
def test_disguised_names(written: str) -> None:
    text = f"The report says {written} is settled."
    assert assert_redacted_and_gated(text, written) == "The report says [child] is settled."


def test_offsets_map_back_to_the_original_text() -> None:
    text = "Seen: M a r n i e and Mar\u00adnie and \ufb01ne Brown."
    spans = propose(text, CASE)
    assert [text[s.start : s.end] for s in spans] == ["M a r n i e", "Mar\u00adnie", "Brown"]
    folded = view(text)
    assert folded.text == "Seen: Marnie and Marnie and fine Brown."


def test_a_hyphenated_name_spelt_out_keeps_its_hyphen() -> None:
    known = Known(child=["Li-Hua Chen"])
    for written in ("L i - H u a", "L-I---H-U-A", "L.i.-.H.u.a"):
        assert assert_redacted_and_gated(f"Note: {written} attends.", written, known) == "Note: [child] attends."


def test_ordinary_initialisms_are_not_joined_into_names() -> None:
    text = "e.g. the U.K. policy, i.e. the a.m. session, A.S. and x-ray"
    assert view(text).text == text


# Surnames in capitals after an acronym (explicit example of the Hypothesis property too)


@pytest.mark.parametrize("text", ["NHS BROWN", "REFERRAL FROM NHS BROWN", "Letter from NHS BROWN.", "SENCO BROWN"])
def test_surname_in_capitals_after_an_acronym(text: str) -> None:
    known = Known(child=["Marnie Brown"])
    assert "BROWN" not in assert_redacted_and_gated(text, "BROWN", known)


def test_capital_colour_words_after_a_determiner_are_left() -> None:
    known = Known(child=["Marnie Brown"])
    assert redact("THE BROWN ENVELOPE", known).text == "THE BROWN ENVELOPE"


# A known first name that is also an English word, in lower case


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The report describes precious as a bright girl.", "The report describes [child] as a bright girl."),
        ("At home precious enjoys drawing.", "At home [child] enjoys drawing."),
        ("the teacher said precious struggles with writing", "the teacher said [child] struggles with writing"),
        ("precious's mother came", "[child]'s mother came"),
        ("miss precious was there", "miss [child] was there"),
    ],
)
def test_a_name_word_in_lower_case_used_as_a_name(text: str, expected: str) -> None:
    known = Known(child=["Precious Adeyemi"])
    assert redact(text, known).text == expected
    assert check(text, known)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Precious Adeyemi", "It was a precious gift; we treasure precious time with the family."),
        ("Grace Obi", "By grace of the timetable, the grace period ran out, with grace."),
        ("May Obi", "We may agree; it may be that the panel may meet in May 2024."),
        ("Will Obi", "The panel will meet; the family will attend; good will was shown."),
        ("Hope Obi", "We hope the plan works; their hope is for a place."),
        ("Joy Obi", "Reading brings joy; the joy of music."),
    ],
)
def test_ordinary_words_are_not_redacted_when_not_used_as_the_name(name: str, text: str) -> None:
    known = Known(child=[name])
    assert redact(text, known).text == text
    assert check(text, known) == []


def test_every_other_occurrence_of_a_name_word_is_listed_for_the_reviewer() -> None:
    known = Known(child=["Precious Adeyemi"])
    text = "The report describes precious as kind. A precious gift. Precious attends. We treasure precious time."
    assert redact(text, known).text == "The report describes [child] as kind. A precious gift. [child] attends. " + (
        "We treasure precious time."
    )
    listed = to_confirm(text, known)
    assert [(hit.text, hit.category, text[hit.start : hit.end]) for hit in listed] == [
        ("precious", "child", "precious"),
        ("precious", "child", "precious"),
    ]
    assert [hit.start for hit in listed] == [text.index("A precious") + 2, text.index("treasure precious") + 9]
    assert to_confirm("Nothing to see.", known) == []


# Irish and Scottish particles


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr Ó Briain wrote.", ["Ó Briain"]),
        ("Siobhán Ní Bhriain and Ciarán Mac an Bhaird spoke.", ["Siobhán Ní Bhriain", "Ciarán Mac an Bhaird"]),
        ("the social worker, Caoimhe Nic Dhomhnaill, said", ["Caoimhe Nic Dhomhnaill"]),
    ],
)
def test_the_name_detector_reads_particles_as_part_of_a_surname(text: str, expected: list[str]) -> None:
    assert [hit.text for hit in names(text)] == expected


def test_known_surnames_with_particles_and_particles_alone() -> None:
    text = "Pádraig Ó Briain, Mr Ó Briain, Aoife Mac an Bhaird and Ní Bhriain came. An NI number was given."
    result = redact(text, CASE)
    assert result.text == "[parent], Mr [parent], [person] and [person] came. An NI number was given."
    assert check(result.text, CASE) == []


# Schools


@pytest.mark.parametrize(
    "written", ["KVPS", "K.V.P.S.", "KV Primary", "KV Primary School", "kings valley", "Kings Valley", "KINGS VALLEY"]
)
def test_school_initials_and_name_without_suffix(written: str) -> None:
    text = f"She attends {written} now."
    assert assert_redacted_and_gated(text, written.rstrip(".")).startswith("She attends [school]")


def test_lower_case_school_words_after_a_determiner_and_lower_case_initials_are_left() -> None:
    known = Known(school=["Hillside Academy"])
    assert redact("a walk on the hillside", known).text == "a walk on the hillside"
    assert redact("kvps and kv primary", CASE).text == "kvps and kv primary"


# One identifier, one span


def test_an_email_address_made_of_known_names_is_one_span_with_one_label() -> None:
    text = "Write to marnie.brown@example.org or siobhanmarnie@mail.example.com today."
    result = redact(text, CASE)
    assert result.text == "Write to [email address] or [email address] today."
    assert [(s.category, s.source, text[s.start : s.end]) for s in result.spans] == [
        ("email", "known", "marnie.brown@example.org"),
        ("email", "pattern", "siobhanmarnie@mail.example.com"),
    ]
    assert [hit.text for hit in check(text, CASE)] == ["marnie.brown@example.org", "siobhanmarnie@mail.example.com"]


def test_a_surname_shared_by_several_people_gets_a_label_true_for_all() -> None:
    known = Known(child=["Aoife O'Connor"], parents=["Mary O'Connor"])
    result = redact("Mrs O'Connor, Aoife O'Connor and the O'Connors came.", known)
    assert result.text == "Mrs [family name], [child] and the [family name] came."
    assert {s.category for s in result.spans} == {"family_name", "child"}
    assert check("Mrs O\u2019Connor", known)[0].category == "family_name"
    # a surname only the child has keeps the child's label
    assert redact("Mrs Obi", Known(child=["Aoife Obi"], parents=["Mary Shaw"])).text == "Mrs [child]"


def test_apply_accepts_the_family_name_category() -> None:
    assert apply("Mrs Obi", [Span(4, 7, "family_name", "known")]) == "Mrs [family name]"


# National Insurance numbers with a prefix never issued


@pytest.mark.parametrize(
    "text",
    ["National Insurance number QQ 12 34 56 C", "national insurance number: DF123456A", "NI number GB 12 34 56 D"]
    + ["Her NINO is FY123456B"],
)
def test_an_ni_number_with_an_invalid_prefix_after_its_name(text: str) -> None:
    hits = check(text, Known())
    assert [hit.category for hit in hits] == ["nino"]
    assert redact(text, Known()).text.endswith("[National Insurance number]")


def test_letters_and_digits_without_the_lead_in_are_not_an_ni_number() -> None:
    assert check("Room QQ 12 34 56 C", Known()) == []


# The second evaluation corpus: its figures are targets


@pytest.fixture(scope="module")
def form_scores() -> FormScores:
    return score_forms(form_corpus(40))


def test_every_hard_form_is_found_by_the_redactor_and_the_gate(form_scores: FormScores) -> None:
    assert form_scores.misses == []
    for form in FORMS:
        assert form_scores.recall(form) == 1.0, form
        assert form_scores.gate_recall(form) == 1.0, form
    assert form_scores.leaks_after_redaction == 0


def test_the_hard_forms_corpus_keeps_precision(form_scores: FormScores) -> None:
    assert form_scores.precision >= 0.98, form_scores.false_positives[:10]


def test_a_time_fraction_is_not_a_compact_date_of_birth():
    """Public API answers carry times with microseconds ("14:05:06.050613"): six digits that read as 5 June 2013."""
    from panelrecords import redaction

    known = redaction.Known.from_dict({"date_of_birth": ["2013-06-05"]})
    assert redaction.check("published at 2026-12-01T14:05:06.050613+00:00", known) == []
    assert [h.text for h in redaction.check("DOB:050613, born 050613", known)] == ["050613", "050613"]
