"""A case's known-identifier matcher (built once per case, cached) and the rule for names that are also words."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from . import namematch
from .dates import find_dates
from .lexicon import ACRONYMS
from .model import FAMILY_NAME, Known
from .namematch import EXACT, NAME_WORD, NameIndex, NameVariant, name_variants, words
from .text import View, digit_windows
from .variants import (
    CAPITAL,
    INITIALS,
    SCHOOL_STEM,
    address_variants,
    phrase_variants,
    postcode_variants,
    school_variants,
)

Candidate = tuple[int, int, str]  # start, end (view offsets), category

_DETERMINERS = frozenset("the a an this these those last next every each our their its no any some".split())
# Before a month or a season, these mean the word is a time, not a person ("in May", "by Summer").
_TIME_PREPOSITIONS = frozenset("in since by until till during early late mid last next this".split())
_TIME_WORDS = frozenset("may june july april august march summer autumn winter spring".split())
# A word after a sentence-initial "Will"/"Grace" that shows it is the subject of the sentence.
_SUBJECT_VERBS = frozenset(
    "is was has had and can could would will did does went needs likes loves enjoys attends said says told "
    "finds found struggles lives became becomes continues seems appears".split()
)
_NOT_VERBS = frozenset("this us his its thus perhaps always".split())
# A lower-case letter that is not inside a label such as [child].
_LOWER = re.compile(r"[a-z](?![a-z ]*\])")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s*$")
_WORD_AFTER = re.compile(r"\s+([^\W\d_]+|\d)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n\s*$")


def _is_sentence_start(text: str, start: int) -> bool:
    # A single line break is not a sentence break (prose is wrapped); a blank line or a full stop is.
    raw = text[max(0, start - 8) : start]
    if _PARAGRAPH_BREAK.search(raw):
        return True
    before = raw.rstrip(" \t\r\n\"'([")
    return not before or before[-1] in ".!?:;-*•"


def _subject_follows(after: str) -> bool:
    match = _WORD_AFTER.match(after)
    if match is None:
        return after[:1] == ","  # "Will, who is nine, …"
    word = match.group(1)
    if word[0].isupper() or word in _SUBJECT_VERBS:
        return not word.isdigit()
    return word not in _NOT_VERBS and (word.endswith("s") or word.endswith("ed"))


# Before a surname in capitals: an acronym of an organisation or a role, or a title ("NHS BROWN", "SENCO
# BROWN", "MRS BROWN"): a name, not the colour.
_CAPITALS_BEFORE = re.compile(r"(?<![^\W_])([A-Z]{2,6})[ \t]+$")


def _after_acronym_or_title(text: str, start: int) -> bool:
    match = _CAPITALS_BEFORE.search(text, max(0, start - 8), start)
    if match is None:
        return False
    return match.group(1).lower() in _BEFORE_A_SURNAME


# A lower-case name-word is a name where a person's verb follows it ("precious attends"), where it is the
# object of a verb said of people and "as" follows ("describes precious as"), after a title, or possessive.
_PERSON_VERBS = frozenset(
    """
    attends attended enjoys enjoyed likes liked loves loved struggles struggled finds needs wants lives lived
    said says told tells became becomes seems seemed appears appeared responds responded presents presented
    engages engaged communicates communicated speaks spoke plays played reads writes wrote refuses refused
    """.split()
)
_VERBS_OF_PEOPLE = frozenset(
    """
    describes described describe supports supported support helps helped help asked asks told tells encouraged
    encourages assessed assesses observed observes taught teaches met meets saw sees visited visits praised
    praises""".split()
)
_TITLE_WORDS = frozenset("mr mrs ms miss mx dr master".split())
_BEFORE_A_SURNAME = _TITLE_WORDS | ACRONYMS
_WORD_AFTER_LOWER = re.compile(r"[ \t]+([a-z]+)")


def is_lower_used_as_name(text: str, start: int, end: int) -> bool:
    """Whether a name-word written in lower case ("precious", "grace") is used as a name here."""
    after = text[end : end + 24]
    if after.startswith("'s") or (after.startswith("'") and not after[1:2].isalpha()):
        return True
    previous = _WORD_BEFORE.search(text, max(0, start - 20), start)
    previous_word = previous.group(1).lower() if previous else ""
    if previous_word in _TITLE_WORDS:
        return True
    following = _WORD_AFTER_LOWER.match(after)
    next_word = following.group(1) if following else ""
    if next_word in _PERSON_VERBS:
        return previous_word not in _DETERMINERS
    return previous_word in _VERBS_OF_PEOPLE and next_word == "as"


def is_used_as_name(text: str, start: int, end: int) -> bool:
    """Whether a capitalised name-word (Will, Grace, May) at text[start:end] is used as a name here.

    "the panel will", "We hope", "the Mark scheme", "in May 2024", "Will the panel…" are words; "Will's teacher",
    "Grace attends", "with Will" are names.
    """
    word = text[start:end]
    if not word[:1].isupper():
        return False
    after = text[end : end + 24]
    if after.startswith("'s") or after.startswith("'S") or (after.startswith("'") and not after[1:2].isalpha()):
        return True
    if word.isupper() and len(word) > 1:
        # Capitals amid lower-case text, within a sentence or two either side (codes and numbers may stand
        # between: "BROWN L10 1XZ 6604876470 A352938242194 Amelia"), mark a name; searched past the window, to
        # see a label's end. In upper-case text they say little: a title or an acronym right before does ("MRS
        # BROWN", "NHS BROWN"), a determiner does not ("THE BROWN ENVELOPE").
        lower = _LOWER.search(text, max(0, start - 120), end + 150)
        if lower is not None and lower.start() < end + 120:
            return True
        return _after_acronym_or_title(text, start)
    previous = _WORD_BEFORE.search(text[max(0, start - 20) : start])
    previous_word = previous.group(1).lower() if previous else ""
    if previous_word in _DETERMINERS:
        return False
    lower = word.lower()
    if lower in _TIME_WORDS and (previous_word in _TIME_PREPOSITIONS or re.match(r"[ \t,]*\d", after)):
        return False
    if _is_sentence_start(text, start):
        return _subject_follows(after)
    return True


_NUMBER_GAP = frozenset(" \t\n\r-")
_SQUEEZE = str.maketrans("", "", "".join(_NUMBER_GAP))


def _find_numbers(text: str, numbers: dict[str, str]) -> list[Candidate]:
    """Each known NHS number or UPN in any spacing, found by value in the text's letters and digits.

    A regular expression would take digits greedily from a neighbouring number ("born 2006 660 487 6470" reads
    2006660487 first) and then miss the real one; looking for the value itself cannot.
    """
    found: list[Candidate] = []
    for start, end in digit_windows(text, 4):
        # Most windows hold no known number: a check in C first, the walk below only where one may be.
        squeezed = text[start:end].translate(_SQUEEZE).upper()
        if not any(value in squeezed for value in numbers):
            continue
        chars: list[str] = []
        positions: list[int] = []
        for position in range(start, end):
            char = text[position]
            if char in _NUMBER_GAP:
                continue
            chars.append(char.upper() if char.isalnum() else "|")  # any other character breaks a number
            positions.append(position)
        compact = "".join(chars)
        for value, category in numbers.items():
            at = compact.find(value)
            while at != -1:
                first, last = positions[at], positions[at + len(value) - 1] + 1
                if (first == 0 or not text[first - 1].isalnum()) and (last == len(text) or not text[last].isalnum()):
                    found.append((first, last, category))
                at = compact.find(value, at + 1)
    return found


def _compact(number: str) -> str:
    return re.sub(r"[\W_]", "", number).upper()


def _date_tuple(iso: str) -> tuple[int, int, int]:
    date = datetime.date.fromisoformat(iso.strip())
    return date.year, date.month, date.day


@dataclass(frozen=True)
class KnownMatcher:
    """A case's identifiers, ready to find in any text: names and phrases (school, address, postcode, other) as
    word sequences looked up by their first word, dates of birth and numbers by value."""

    names: NameIndex
    phrases: NameIndex
    dates_of_birth: frozenset[tuple[int, int, int]]
    numbers: dict[str, str]  # compact NHS number or UPN -> its category

    def find(self, view: View) -> list[Candidate]:
        """Every known identifier in the view, as (start, end, category) in view offsets."""
        text = view.text
        tokens = words(text)
        accept = _accept if view.offsets is None and view.text == view.original else _disguise_aware(view)
        found = self.names.find(text, tokens, accept) if self.names else []
        if self.phrases:
            found += self.phrases.find(text, tokens, _accept)
        if self.dates_of_birth:
            found += [(s, e, "date_of_birth") for s, e in find_dates(text, self.dates_of_birth)]
        if self.numbers:
            found += _find_numbers(text, self.numbers)
        return found

    def find_name_words(self, view: View) -> list[Candidate]:
        """Every occurrence of a known name that is also a word (Will, Grace, May), used as a name or not."""
        if not self.names:
            return []
        return self.names.find(view.text, words(view.text), _any_name_word)


# Units written in capitals after a number ("0.4 KB", "25 MB") are not a person's initials.
_UNITS = frozenset({"KB", "MB", "GB", "TB", "KG", "KM", "CM", "MM", "ML"})
_AFTER_NUMBER = re.compile(r"\d[\d.,]*\s?$")


_FIRST_WORD = re.compile(r"[^\W\d_]+")
# A school's name without its suffix, in lower case, is the school except after these ("on the hillside").
_WORD_BEFORE_STEM = re.compile(
    r"(?i:(?<![^\W_])(?:the|a|an|this|that|these|those|our|their|his|her|its|my|your|on|up|down|over|across)[ \t]+)$"
)


def _accept(text: str, start: int, end: int, mode: str) -> bool:
    """Whether a name match stands: initials must be capitals, a name that is also a word must be used as one."""
    if mode == EXACT:
        if text[start:end] in _UNITS and _AFTER_NUMBER.search(text, max(0, start - 24), start):
            return False
        return all(c.isupper() for c in text[start:end] if c.isalpha())
    if mode == NAME_WORD:
        if text[start].isupper():
            return is_used_as_name(text, start, end)
        return is_lower_used_as_name(text, start, end)
    if mode == INITIALS:
        initials = _FIRST_WORD.match(text, start)
        return initials is not None and initials.group().isupper()
    if mode == SCHOOL_STEM:
        return text[start].isupper() or _WORD_BEFORE_STEM.search(text, max(0, start - 20), start) is None
    if mode == CAPITAL:
        return text[start].isupper()
    return True


def _disguise_aware(view: View) -> Callable[[str, int, int, str], bool]:
    """``_accept``, except that a name-word written in disguise (letter by letter, with look-alike letters of
    another script, with invisible characters inside) is a name wherever it stands: nobody disguises a word."""

    def accept(text: str, start: int, end: int, mode: str) -> bool:
        if mode == NAME_WORD:
            first, last = view.span(start, end)
            if view.original[first:last] != text[start:end]:
                return True
        return _accept(text, start, end, mode)

    return accept


def _any_name_word(text: str, start: int, end: int, mode: str) -> bool:
    return mode == NAME_WORD


def _names(known: Known) -> NameIndex:
    """Every variant of every name of the case; a variant that people of different roles share (the surname of
    a child and a parent, "the O'Connors") is labelled ``family_name``, which is true of all of them."""
    by_role: dict[str, list[NameVariant]] = {}
    for category, names in (
        ("child", known.child + known.child_aliases),
        ("parent", known.parents),
        ("person", known.other_people),
    ):
        for name in names:
            by_role.setdefault(category, []).extend(name_variants(name, category, with_short_forms=True))
    variants = [variant for role in by_role.values() for variant in role]
    if len(by_role) < 2:
        return NameIndex(variants)
    # A variant without its category (a plain tuple: quicker than _replace for every variant of every case).
    forms = {role: {v[:2] + v[3:] for v in role_variants} for role, role_variants in by_role.items()}
    roles = list(forms.values())
    shared = set().union(*(a & b for i, a in enumerate(roles) for b in roles[i + 1 :]))
    if shared:
        variants = [v._replace(category=FAMILY_NAME) if v[:2] + v[3:] in shared else v for v in variants]
    return NameIndex(variants)


def _phrases(known: Known) -> NameIndex:
    variants: list[NameVariant] = []
    for school in known.school:
        variants += school_variants(school)
    for address in known.address:
        variants += address_variants(address)
    for postcode in known.postcode:
        variants += postcode_variants(postcode)
    for category, values in (("nhs_number", known.nhs_number), ("upn", known.upn)):
        for value in values:
            chars = _compact(value)
            if chars and not any(c.isdigit() for c in chars):  # no digit, so not in a digit window: as written
                variants += phrase_variants(chars, category)
    for value in known.other:
        variants += phrase_variants(value, "other")
    return NameIndex(variants)


@lru_cache(maxsize=256)
def _compile(key: tuple[tuple[str, ...], ...]) -> KnownMatcher:
    known = Known(*map(list, key))
    dates = frozenset(_date_tuple(iso) for iso in known.date_of_birth)
    numbers = {_compact(n): "nhs_number" for n in known.nhs_number} | {_compact(u): "upn" for u in known.upn}
    numbers = {value: category for value, category in numbers.items() if any(c.isdigit() for c in value)}
    return KnownMatcher(_names(known), _phrases(known), dates, numbers)


def clear_cache() -> None:
    """Forget every compiled matcher and the name variants they were built from (so that a benchmark times
    building them too)."""
    _compile.cache_clear()
    namematch.clear_cache()


def known_matcher(known: Known) -> KnownMatcher:
    """The compiled matcher for ``known`` (cached: a case's texts are redacted and checked many times)."""
    return _compile(known.key())
