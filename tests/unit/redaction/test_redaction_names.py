"""The name detector: other people's names, proposed for the reviewer."""

from __future__ import annotations

import pytest

from panelrecords.redaction import Known, check, names, propose


def named(text: str) -> list[str]:
    return [hit.text for hit in names(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A letter from Mrs Sarah Ellis was read.", ["Sarah Ellis"]),
        ("Dr Okonkwo assessed him.", ["Okonkwo"]),
        ("Prof. Kowalczyk and Mx Ba attended.", ["Kowalczyk", "Ba"]),
        ("the class teacher, Sarah Ellis, said", ["Sarah Ellis"]),
        ("a report from Ngozi Adeyemi was read", ["Ngozi Adeyemi"]),
        ("Aoife Brennan (SENCo) wrote", ["Aoife Brennan"]),
        ("Bogdan Ionescu, the class teacher, wrote", ["Bogdan Ionescu"]),
        ("her brother Tomasz attended", ["Tomasz"]),
        ("Mohammed Rahman reported progress.", ["Mohammed Rahman"]),
        ("Abdirahman Warsame spoke.", ["Abdirahman Warsame"]),
        ("Joana Ferreira and Rūta Kazlauskienė spoke.", ["Joana Ferreira", "Rūta Kazlauskienė"]),
        ("Wei Zhang spoke.", ["Wei Zhang"]),
        ("Kwame Mensah spoke.", ["Kwame Mensah"]),
        ("advice from the paediatrician, Christine Field, says", ["Christine Field"]),
        ("Morine Kung'u wrote; Ellis's report", ["Morine Kung'u", "Ellis"]),
        ("I-Ting Lan (SENCo) wrote", ["I-Ting Lan"]),
    ],
)
def test_people_in_context_from_several_communities(text: str, expected: list[str]) -> None:
    assert named(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Bristol City Council and the NHS agreed.",
        "CAMHS accepted the referral in March 2024.",
        "However, the panel will meet on Monday 4 March.",
        "The Educational Psychology Service wrote.",
        "Hillside Academy and Oakwood Primary School replied.",
        "The Local Offer in Leeds was cited.",
        "The panel met on 31 Jan 2023 and on August 13, 2024.",
    ],
)
def test_organisations_places_and_dates_are_not_names(text: str) -> None:
    assert named(text) == []


def test_capitalised_word_beside_a_known_name_is_proposed() -> None:
    text = "Amelia Chloe Jones attends."
    spans = propose(text, Known(child=["Amelia Jones"]))
    assert [(text[s.start : s.end], s.category, s.source) for s in spans] == [
        ("Amelia", "child", "known"),
        ("Chloe", "person", "name"),
        ("Jones", "child", "known"),
    ]


def test_name_proposals_are_not_leak_gate_failures() -> None:
    assert check("A letter from Mrs Sarah Ellis was read.", Known()) == []
