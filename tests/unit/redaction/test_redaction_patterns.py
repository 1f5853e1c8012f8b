"""Pattern detectors: identifiers the case record does not list."""

from __future__ import annotations

import pytest

from panelrecords.redaction import Known, check, redact

NONE = Known()


def categories(text: str) -> list[tuple[str, str]]:
    return [(hit.category, hit.text) for hit in check(text, NONE)]


@pytest.mark.parametrize("number", ["943 476 5919", "9434765919", "943-476-5919", "401 023 2137"])
def test_valid_nhs_numbers_are_found(number: str) -> None:
    assert categories(f"NHS no. {number}.") == [("nhs_number", number)]


@pytest.mark.parametrize("number", ["943 476 5918", "9434765910", "123 456 7890"])
def test_nhs_numbers_with_a_wrong_check_digit_are_not_nhs_hits(number: str) -> None:
    assert all(category != "nhs_number" for category, _ in categories(f"ref {number}."))


@pytest.mark.parametrize("upn", ["H801200001001", "h801200001001", "H80120 0001001"])
def test_valid_upns_are_found(upn: str) -> None:
    assert categories(f"UPN {upn}.") == [("upn", upn)]


@pytest.mark.parametrize("upn", ["A801200001001", "H801200001002", "H80120000100"])
def test_upns_with_a_wrong_check_letter_are_not_hits(upn: str) -> None:
    assert categories(f"UPN {upn}.") == []


@pytest.mark.parametrize("postcode", ["BS1 4DJ", "BS14DJ", "bs1 4dj", "SW1A 1AA", "M1 1AE", "EC1A 1BB", "B33 8TH"])
def test_postcodes_with_and_without_space_in_any_case(postcode: str) -> None:
    assert categories(f"at {postcode} now") == [("postcode", postcode)]


@pytest.mark.parametrize("text", ["Year 3 pupil", "KS2 SATs", "section F1", "A1 road", "size 10"])
def test_things_that_are_not_postcodes(text: str) -> None:
    assert categories(text) == []


@pytest.mark.parametrize(
    "phone",
    ["0117 496 0123", "01174960123", "+44 117 496 0123", "07700 900123", "+44 7700 900123", "(0113) 496 0000"],
)
def test_uk_phone_numbers(phone: str) -> None:
    assert categories(f"Call {phone} today") == [("phone", phone)]


def test_email_addresses() -> None:
    assert categories("Write to sarah.ellis+send@hillside.sch.uk please") == [
        ("email", "sarah.ellis+send@hillside.sch.uk")
    ]


@pytest.mark.parametrize("nino", ["AB 12 34 56 C", "AB123456C", "jg103759a"])
def test_national_insurance_numbers(nino: str) -> None:
    assert categories(f"NI {nino}.") == [("nino", nino)]


@pytest.mark.parametrize("nino", ["QQ123456C", "GB123456A", "AB123456E", "DA123456A"])
def test_invalid_national_insurance_numbers_are_not_hits(nino: str) -> None:
    assert categories(f"NI {nino}.") == []


def test_pattern_hits_are_redacted_with_labels() -> None:
    text = "Tel 0117 496 0123, NHS 943 476 5919, BS1 4DJ, a@b.org, AB123456C, H801200001001."
    assert redact(text, NONE).text == (
        "Tel [phone number], NHS [NHS number], [postcode], [email address], [National Insurance number], [UPN]."
    )


@pytest.mark.parametrize(
    "text", ["born on 4 May 2016", "Born 04/05/2016", "DOB: 2016-05-04", "d.o.b. 4th May 2016", "date of birth 4.5.16"]
)
def test_a_date_written_as_a_date_of_birth_is_a_hit_even_if_unlisted(text: str) -> None:
    assert [category for category, _ in categories(f"Her sister ({text}) attends.")] == ["date_of_birth"]


def test_other_dates_are_not_pattern_hits() -> None:
    assert categories("The panel met on 4 May 2016 and will meet on 12/06/2024.") == []


def test_an_nhs_number_right_after_a_year_is_still_found() -> None:
    assert ("nhs_number", "943 476 5919") in categories("In 2006 943 476 5919 was issued.")
