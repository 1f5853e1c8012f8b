"""One compiled regular expression per case's known identifiers, and the rule for names that are also words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .model import Known
from .text import View
from .variants import (
    ANY,
    CAPITAL,
    EXACT,
    NAME_WORD,
    NUMBER_END,
    NUMBER_START,
    WORD_END,
    WORD_START,
    Variant,
    address_variants,
    date_variants,
    name_variants,
    school_variants,
)

Candidate = tuple[int, int, str]  # start, end (view offsets), category

_DETERMINERS = frozenset("the a an this that these those last next every each our their its no any some".split())
# Before a month or a season, these mean the word is a time, not a person ("in May", "by Summer").
_TIME_PREPOSITIONS = frozenset("in since by until till from during of early late mid before after".split())
_TIME_WORDS = frozenset("may june july april august march summer autumn winter spring".split())
# A word after a sentence-initial "Will"/"Grace" that shows it is the subject of the sentence.
_SUBJECT_VERBS = frozenset(
    "is was has had and can could would will did does went needs likes loves enjoys attends said says told "
    "finds found struggles lives became becomes continues seems appears".split()
)
_NOT_VERBS = frozenset("this us his its thus perhaps always".split())
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \t]*$")
_WORD_AFTER = re.compile(r"[ \t]+([^\W\d_]+|\d)")


def _is_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 6) : start].rstrip(" \t\"'([")
    return not before or before[-1] in ".!?:;\n\r-*•"


def _subject_follows(after: str) -> bool:
    match = _WORD_AFTER.match(after)
    if match is None:
        return after[:1] == ","  # "Will, who is nine, …"
    word = match.group(1)
    if word[0].isupper() or word in _SUBJECT_VERBS:
        return not word.isdigit()
    return word not in _NOT_VERBS and (word.endswith("s") or word.endswith("ed"))


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
        return False  # in upper-case text the capital says nothing: only the possessive does
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


def _boundaries(variant: Variant) -> tuple[str, str]:
    head = variant.pattern[:1]
    start = NUMBER_START if head.isdigit() else WORD_START
    return start, (NUMBER_END if variant.category in ("nhs_number",) else WORD_END)


def _wrap(variant: Variant) -> str:
    start, end = _boundaries(variant)
    body = variant.pattern if variant.mode == EXACT else f"(?i:{variant.pattern})"
    return f"{start}{body}{end}"


@dataclass(frozen=True)
class KnownMatcher:
    regex: re.Pattern[str] | None
    groups: tuple[tuple[str, str], ...]  # per group index: (category, mode)

    def find(self, view: View) -> list[Candidate]:
        """Every known identifier in the view, as (start, end, category) in view offsets."""
        if self.regex is None:
            return []
        text = view.text
        original = view.original if view.offsets is None else None
        found = []
        for match in self.regex.finditer(text):
            category, mode = self.groups[match.lastindex - 1]
            start, end = match.span()
            if mode in (CAPITAL, NAME_WORD):
                # Capitals are read from the original (folding keeps case, but hidden characters shift offsets).
                cased = original if original is not None else text
                if not cased[start:end][:1].isupper():
                    continue
                if mode == NAME_WORD and not is_used_as_name(cased, start, end):
                    continue
            found.append((start, end, category))
        return found


def _variants(known: Known) -> list[Variant]:
    variants: list[Variant] = []
    for category, names, short_forms in (
        ("child", known.child + known.child_aliases, True),
        ("parent", known.parents, True),
        ("person", known.other_people, True),
    ):
        for name in names:
            variants.extend(name_variants(name, category, short_forms))
    for iso in known.date_of_birth:
        variants.extend(date_variants(iso))
    for school in known.school:
        variants.extend(school_variants(school))
    for address in known.address:
        variants.extend(address_variants(address))
    for postcode in known.postcode:
        compact = re.sub(r"\W", "", postcode).lower()
        if len(compact) > 3:
            variants.append(Variant(rf"{compact[:-3]}\s*{compact[-3:]}", "postcode", ANY, len(compact)))
    for category, values in (("nhs_number", known.nhs_number), ("upn", known.upn)):
        for value in values:
            chars = re.sub(r"[\W_]", "", value).lower()
            if chars:
                variants.append(Variant(r"[\s-]*".join(map(re.escape, chars)), category, ANY, len(chars)))
    for value in known.other:
        words = value.lower().split()
        variants.append(Variant(r"\s+".join(map(re.escape, words)), "other", ANY, len(value)))
    return variants


@lru_cache(maxsize=256)
def _compile(key: tuple[tuple[str, ...], ...]) -> KnownMatcher:
    known = Known(*map(list, key))
    seen: dict[tuple[str, str], Variant] = {}
    for variant in _variants(known):
        # The first category for a pattern wins: a surname shared by child and parent reads as [child].
        seen.setdefault((variant.pattern, variant.mode), variant)
    # Longer first: at one position the alternation takes the first branch that matches.
    ordered = sorted(seen.values(), key=lambda v: (-v.weight, v.pattern))
    if not ordered:
        return KnownMatcher(None, ())
    regex = re.compile("|".join(f"({_wrap(v)})" for v in ordered))
    return KnownMatcher(regex, tuple((v.category, v.mode) for v in ordered))


def known_matcher(known: Known) -> KnownMatcher:
    """The compiled matcher for ``known`` (cached: a case's texts are redacted and checked many times)."""
    return _compile(known.key())
