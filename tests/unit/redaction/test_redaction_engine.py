"""propose/apply/redact: spans, labels, merging, validation, limits."""

from __future__ import annotations

import pytest

from panelrecords.redaction import (
    ALL_CATEGORIES,
    CATEGORIES,
    LABELS,
    MAX_TEXT_LENGTH,
    Hit,
    Known,
    Span,
    TextTooLong,
    apply,
    check,
    names,
    propose,
    redact,
)

KNOWN = Known(child=["Amelia Jones"], parents=["Sarah Jones"], postcode=["BS1 4DJ"])


def test_known_from_dict_and_to_dict_round_trip() -> None:
    known = Known.from_dict({"child": ["Amelia Jones"], "date_of_birth": ["2014-03-02"]})
    assert known.parents == []
    assert Known.from_dict(known.to_dict()) == known


@pytest.mark.parametrize(
    "data",
    [{"children": ["x"]}, {"child": "Amelia"}, {"child": [3]}, {"date_of_birth": ["2 March 2014"]}, ["child"]],
)
def test_known_from_dict_refuses_bad_input(data: object) -> None:
    with pytest.raises(ValueError):
        Known.from_dict(data)  # type: ignore[arg-type]


def test_spans_are_sorted_non_overlapping_with_offsets_into_the_original() -> None:
    text = "Amelia Jones (BS1 4DJ) and her mother Sarah Jones."
    spans = propose(text, KNOWN)
    assert [(text[s.start : s.end], s.category, s.source) for s in spans] == [
        ("Amelia Jones", "child", "known"),
        ("BS1 4DJ", "postcode", "known"),
        ("Sarah Jones", "parent", "known"),
    ]
    assert spans[0].to_dict() == {"start": 0, "end": 12, "category": "child", "source": "known"}


def test_known_beats_pattern_and_pattern_beats_name() -> None:
    text = "Postcode BS1 4DJ; Dr Sarah Jones."
    spans = propose(text, KNOWN)
    assert [(s.category, s.source) for s in spans] == [("postcode", "known"), ("parent", "known")]


def test_a_weaker_span_keeps_what_a_stronger_one_leaves() -> None:
    text = "Dr Tomasz Jones wrote."
    spans = propose(text, Known(parents=["Sarah Jones"]))
    assert [(text[s.start : s.end], s.source) for s in spans] == [("Tomasz", "name"), ("Jones", "known")]


def test_neighbouring_labels_of_one_category_merge() -> None:
    text = "Amelia Jones"
    assert apply(text, [Span(0, 6, "child", "known"), Span(7, 12, "child", "known")]) == "[child]"
    assert apply(text, [Span(0, 6, "child", "known"), Span(7, 12, "person", "name")]) == "[child] [person]"


def test_every_category_has_a_label() -> None:
    assert set(LABELS) == set(ALL_CATEGORIES) == {*CATEGORIES, "family_name"}
    for category in ALL_CATEGORIES:
        assert apply("xx yy", [Span(0, 2, category, "manual")]) == f"{LABELS[category]} yy"


@pytest.mark.parametrize(
    "spans",
    [
        [Span(-1, 2, "child", "manual")],
        [Span(0, 99, "child", "manual")],
        [Span(3, 3, "child", "manual")],
        [Span(4, 2, "child", "manual")],
        [Span(0, 4, "child", "manual"), Span(3, 6, "child", "manual")],
        [Span(0, 2, "pet", "manual")],
        [Span(0, 2, "child", "guess")],
        [Span(0, 2.5, "child", "manual")],  # type: ignore[arg-type]
        [(0, 2, "child", "manual")],
    ],
)
def test_apply_refuses_bad_spans(spans: list[Span]) -> None:
    with pytest.raises(ValueError):
        apply("Amelia Jones", spans)


def test_redacting_twice_changes_nothing_and_labels_are_never_hits() -> None:
    text = "Amelia Jones's mother Sarah and Dr Ngozi Okafor, BS1 4DJ, 0117 496 0123."
    once = redact(text, KNOWN).text
    assert redact(once, KNOWN).text == once
    assert check(once, KNOWN) == []
    assert check("[child] [parent] [postcode] [date of birth] [NHS number]", KNOWN) == []


def test_check_reports_what_is_left_with_its_text() -> None:
    assert check("[child] lives at bs14dj", KNOWN) == [Hit(17, 23, "postcode", "known", "bs14dj")]


def test_texts_over_the_limit_are_refused_clearly() -> None:
    text = "a" * (MAX_TEXT_LENGTH + 1)
    for call in (lambda: propose(text, KNOWN), lambda: check(text, KNOWN), lambda: names(text)):
        with pytest.raises(TextTooLong, match="limit"):
            call()
    with pytest.raises(ValueError):
        apply(text, [])


def test_control_and_invisible_characters_neither_crash_nor_hide_a_name() -> None:
    text = "Ame\u00adlia\x00 Jo\u200bnes\x07 lives at BS1\x0b4DJ.\r\n\tEnd\x1f"
    result = redact(text, KNOWN)
    assert "Ame" not in result.text and "nes" not in result.text
    assert check(result.text, KNOWN) == []
