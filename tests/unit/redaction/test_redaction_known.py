"""Known identifiers of the case record and their variants."""

from __future__ import annotations

import pytest

from panelrecords.redaction import Known, check, redact

KNOWN = Known(
    child=["Amelia Rose Smith-Khan"],
    child_aliases=["Millie"],
    date_of_birth=["2014-03-02"],
    parents=["Zoë O'Connor", "Thomas Smith-Khan"],
    other_people=["Grace Adeyemi"],
    school=["Hillside C of E Primary School"],
    address=["14 Acacia Avenue, Easton, Bristol"],
    postcode=["BS5 6XY"],
    nhs_number=["943 476 5919"],
    upn=["H801200001001"],
    other=["case ref 77-ABC"],
)


def redacted(text: str, known: Known = KNOWN) -> str:
    return redact(text, known).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Amelia Rose Smith-Khan attends.", "[child] attends."),
        ("Amelia attends.", "[child] attends."),
        ("She met Rose there.", "She met [child] there."),
        # The child's surname is also a parent's: a label true of both.
        ("Smith-Khan was absent.", "[family name] was absent."),
        ("Smith Khan was absent.", "[family name] was absent."),
        ("Ms Khan was absent.", "Ms [family name] was absent."),
        ("Amelia's views", "[child]'s views"),
        ("AMELIA'S VIEWS", "[child]'S VIEWS"),
        ("the Smith-Khans' house", "the [family name]' house"),
        ("amelia   smith-khan", "[child]"),
        ("Amelia\nSmith-Khan went", "[child] went"),
        ("Amelia Jones", "[child] [person]"),  # the unknown surname beside a known name is proposed
        ("Millie said", "[child] said"),
        ("A.S. said", "[child] said"),
    ],
)
def test_child_name_variants(text: str, expected: str) -> None:
    assert redacted(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Zoë O'Connor", "Zoe O'Connor", "Zoe O\u2019Connor", "ZOE OCONNOR", "Zoe O Connor", "Zoe\u0308 O'Connor"],
)
def test_accented_and_apostrophe_names_match_in_every_spelling(text: str) -> None:
    assert redacted(f"Present: {text}.") == "Present: [parent]."


def test_common_short_forms_of_a_parent_name() -> None:
    assert redacted("Tom and Tommy came") == "[parent] and [parent] came"


def test_surname_shared_by_child_and_parent_gets_a_label_true_of_both() -> None:
    assert redacted("Mr Smith-Khan") == "Mr [family name]"
    assert redacted("Amelia Smith-Khan and Thomas Smith-Khan") == "[child] and [parent]"  # whole names stay exact
    spans = redact("Mr Smith-Khan", KNOWN).spans
    assert [(s.category, s.source) for s in spans] == [("family_name", "known")]
    assert [h.category for h in check("Mrs Khan", KNOWN)] == ["family_name"]


@pytest.mark.parametrize(
    "text",
    [
        "2 March 2014",
        "2nd March 2014",
        "2nd of March 2014",
        "March 2, 2014",
        "March 2nd, 2014",
        "02/03/2014",
        "2/3/2014",
        "2.3.2014",
        "2014-03-02",
        "2 Mar 2014",
        "2 Mar. 2014",
        "02/03/14",
        "2 MARCH 2014",
    ],
)
def test_date_of_birth_in_any_common_form(text: str) -> None:
    assert redacted(f"Born {text}.") == "Born [date of birth]."


def test_other_dates_are_left() -> None:
    assert redacted("Met on 3 March 2014 and 12/03/2014 and 2 March 2015.") == (
        "Met on 3 March 2014 and 12/03/2014 and 2 March 2015."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14 Acacia Avenue", "[address]"),
        ("14, Acacia Avenue", "[address]"),
        ("14 Acacia Ave", "[address]"),
        ("lives on Acacia Avenue", "lives on [address]"),
        ("in Easton", "in [address]"),
        ("14 Acacia Avenue, Easton, Bristol", "[address], Bristol"),
        ("Bristol City Council", "Bristol City Council"),
        ("BS5 6XY", "[postcode]"),
        ("bs56xy", "[postcode]"),
        ("Bs5  6xY", "[postcode]"),
    ],
)
def test_address_and_postcode(text: str, expected: str) -> None:
    assert redacted(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Hillside C of E Primary School", "Hillside", "Hillside Academy", "Hillside Primary", "HILLSIDE"],
)
def test_school_with_and_without_its_suffix(text: str) -> None:
    assert redacted(f"At {text} today") == "At [school] today"


def test_school_stem_in_lower_case_is_not_taken_after_the() -> None:
    assert redacted("a walk on the hillside") == "a walk on the hillside"


@pytest.mark.parametrize("text", ["9434765919", "943 476 5919", "943-476-5919", "94 34 76 59 19"])
def test_known_nhs_number_in_any_spacing(text: str) -> None:
    assert redacted(f"NHS {text}.") == "NHS [NHS number]."


@pytest.mark.parametrize("text", ["H801200001001", "H80120 0001001", "h801200001001", "H 8012 0000 1001"])
def test_known_upn_in_any_spacing(text: str) -> None:
    assert redacted(f"UPN {text}.") == "UPN [UPN]."


def test_other_people_and_other_identifiers() -> None:
    assert redacted("Grace Adeyemi wrote; Case Ref 77-ABC.") == "[person] wrote; [redacted]."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The panel will decide.", "The panel will decide."),
        ("We hope so.", "We hope so."),
        ("Will's teacher said", "[child]'s teacher said"),
        ("Will attends daily.", "[child] attends daily."),
        ("Will the panel agree?", "Will the panel agree?"),
        ("the Will Jones case", "the [child] case"),
        ("She told Will.", "She told [child]."),
        ("THE PANEL WILL MEET", "THE PANEL WILL MEET"),
        ("Report on WILL. He is well.", "Report on [child]. He is well."),
    ],
)
def test_a_name_that_is_also_a_word_is_matched_only_as_a_name(text: str, expected: str) -> None:
    assert redacted(text, Known(child=["Will Jones"])) == expected


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("Grace Obi", "Grace attends Hillside.", "[child] attends Hillside."),
        ("Grace Obi", "A Grace period of two weeks.", "A Grace period of two weeks."),
        ("Grace Obi", "a grace period", "a grace period"),
        ("Hope Obi", "We hope that Hope settles.", "We hope that [child] settles."),
        ("Mark Obi", "The Mark scheme was shared with Mark.", "The Mark scheme was shared with [child]."),
        ("May Obi", "In May 2024 May moved.", "In May 2024 [child] moved."),
        ("May Obi", "since May, and in May.", "since May, and in May."),
        ("Summer Obi", "the Summer term", "the Summer term"),
        ("Jack Obi", "a jack of all trades; Jack's mum", "a jack of all trades; [child]'s mum"),
        ("Amelia Brown", "brown hair. BROWN was seen.", "brown hair. [child] was seen."),
    ],
)
def test_name_words_in_context(name: str, text: str, expected: str) -> None:
    assert redacted(text, Known(child=[name])) == expected


def test_a_known_number_right_after_another_number_is_still_found() -> None:
    text = "born 1 January 2006 660 487 6470, UPN 12 A352938242194"
    known = Known(nhs_number=["6604876470"], upn=["A352938242194"])
    assert [hit.category for hit in check(text, known) if hit.source == "known"] == ["nhs_number", "upn"]
    assert check(redact(text, known).text, known) == []


def test_a_line_break_inside_a_sentence_is_not_a_sentence_start() -> None:
    known = Known(child=["Amelia Brown"])
    assert redacted("Amelia's\nBrown family; the\nBrown dog", known) == "[child]'s\n[child] family; the\nBrown dog"


def test_a_unit_after_a_number_is_not_taken_for_initials():
    known = Known(child=["Kwame Baptiste"])
    text = "The pack (PDF, 0.4 KB) was read. KB attended with her mother. A 25 MB file. Ask KB."
    result = redact(text, known)
    assert "0.4 KB)" in result.text and "[child] attended" in result.text and "Ask [child]" in result.text
    assert [hit for hit in check("The pack (PDF, 12.5 KB).", known)] == []
    assert check("Seen by KB.", known)


@pytest.mark.parametrize(
    ("record", "text"),
    [
        (Known(address=["Flat 3/2, 7 St. Mary's Road, Bristol"]), "She lives at 7 St Mary's Rd with her mother."),
        (Known(address=["Flat 3/2, 7 St. Mary's Road, Bristol"]), "She lives at 7 St. Marys Road with her mother."),
        (Known(address=["Flat 3/2, 7 St. Mary's Road, Bristol"]), "She lives at Flat 3/2, 7 St. Mary's Road."),
        (Known(school=["Smith-Jones Academy"]), "Since Year 2 at Smith Jones Academy she has"),
        (Known(school=["Smith-Jones Academy"]), "Since Year 2 at SmithJones Primary School she has"),
        (Known(school=["Notre Dame RC Primary School"]), "At NOTRE DAME R.C. Primary she has"),
        (Known(other=["case ref 77-ABC"]), "Our case ref 77 ABC was quoted"),
    ],
)
def test_punctuation_in_a_school_or_address_is_optional_and_spacing_free(record: Known, text: str) -> None:
    result = redact(text, record)
    assert check(result.text, record) == []
    assert result.spans and all(s.source == "known" for s in result.spans), result.text


def test_a_school_stem_takes_its_suffix_with_it_and_a_street_is_not_a_plural() -> None:
    record = Known(school=["Hillside Academy"], address=["14 Acacia Avenue, Easton, Bristol"])
    assert redact("At Hillside Junior School today", record).text == "At [school] today"
    assert [s for s in redact("Acacia Avenues are common", record).spans if s.source == "known"] == []
