"""The name detector: proposes other people's names (teachers, doctors, siblings) for the reviewer.

It reads runs of capitalised words ("Dr Sarah Ellis", "Tomasz Nowak") and keeps the ones the evidence says are a
person: a title before them, a role beside them ("the class teacher, Sarah Ellis", "Ngozi Okafor (SENCo)"), a
listed first name or surname, or a known name of the case next to them. Words of organisations and places
("Bristol City Council", "Hillside Academy") and common English words ("However", "Following") are never a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .data import NAME_WORDS, common_words, first_names, surnames
from .lexicon import (
    GAELIC_ARTICLES,
    GAELIC_PARTICLES,
    NOT_NAMES,
    ORGANISATION_WORDS,
    PARTICLES,
    ROLE_AFTER,
    ROLE_BEFORE,
    ROLE_ENDINGS,
    TITLES,
)
from .matching import Candidate
from .text import fold_word

# A capitalised name word: O'Connor, McDonald, Smith-Khan, I-Ting, Kung'u (but not the possessive of Ellis's),
# with a Gaelic particle and article before it taken as part of it (Ó Briain, Ní Bhriain, Mac an Bhaird).
_GAELIC = "|".join(re.escape(p) for p in GAELIC_PARTICLES)
_ARTICLE = "|".join(re.escape(a) for a in GAELIC_ARTICLES)
_TOKEN = (
    rf"(?:(?:{_GAELIC})[ \t]+(?:(?:{_ARTICLE})[ \t]+)?(?=[A-Z][a-z]))?"
    r"(?:(?:[A-Z]'|Mc|Mac)?[A-Z][a-z]+(?:'(?!s\b)[a-z]+)?|[A-Z](?=-))(?:-[A-Z][a-z]+)*"
)
_PARTICLE = "|".join(sorted(PARTICLES, key=len, reverse=True))
# The look-ahead lets the engine skip to capitals instead of trying the whole expression at every character.
_RUN = re.compile(rf"(?=[A-Z])(?<![^\W_]){_TOKEN}(?:[ \t]+(?:(?:{_PARTICLE})[ \t]+)?{_TOKEN})*(?![^\W_])")
_TOKEN_IN_RUN = re.compile(_TOKEN)
# A number, or the label of a redacted one (so that a second redaction sees what the first saw).
_NUMBER = r"(?:\d|\[(?:date of birth|NHS number|UPN|phone number|postcode|National Insurance number)\])"
_DATE_NEIGHBOUR = re.compile(rf"[ \t]+{_NUMBER}")
_DATE_BEFORE = re.compile(rf"{_NUMBER}[ \t]+$")
_TITLES = frozenset(TITLES)

# Token kinds, strongest name evidence first.
KNOWN, FIRST, SURNAME, UNLISTED, NAME_WORD, COMMON, WORD, ORGANISATION = range(8)
# After these, a common word is not read as a surname; and alone, a word of these kinds is never a name.
_CUTTING = frozenset({WORD, COMMON, ORGANISATION})


def _kind(token: str, known: set[int], start: int) -> int:
    return KNOWN if start in known else _word_kind(token)


@lru_cache(maxsize=16384)
def _word_kind(token: str) -> int:
    folded = fold_word(token)
    if folded in ORGANISATION_WORDS:
        return ORGANISATION
    if folded in NOT_NAMES:
        return WORD
    if folded in NAME_WORDS:
        return NAME_WORD
    if folded in common_words():
        return COMMON
    if folded in first_names():
        return FIRST
    if folded in surnames():
        return SURNAME
    return UNLISTED


def _word_before(text: str, start: int, reach: int, marks: str, spaced: bool) -> tuple[int, str]:
    """The letters before ``start`` past spaces, at most one of ``marks`` and more spaces, within ``reach``
    characters, and where they begin; "" if there are none, or no space where ``spaced`` asks for one.

    Read backwards character by character: a regular expression anchored at ``start`` would be tried at every
    position of the window, and this runs for most capitalised words of a text.
    """
    limit = max(0, start - reach)
    end = start
    while end > limit and text[end - 1] in " \t":
        end -= 1
    if spaced and end == start:
        return start, ""
    if end > limit and text[end - 1] in marks:
        end -= 1
        while end > limit and text[end - 1] in " \t":
            end -= 1
    begin = end
    while begin > limit and text[begin - 1].isalpha():
        begin -= 1
    return begin, text[begin:end]


def _is_titled(text: str, start: int) -> bool:
    # "Dr Sarah Ellis", "Mrs. Ellis": a title, as a whole word, then spaces.
    begin, word = _word_before(text, start, 12, ".", spaced=True)
    return word in _TITLES and not (begin > 0 and text[begin - 1].isalnum())


def _has_role_before(text: str, start: int) -> bool:
    # Cheap test first: the word before (past a comma or bracket) must end like a role or a "from"/"by".
    if _word_before(text, start, 30, ",:(-", spaced=False)[1].lower() not in ROLE_ENDINGS:
        return False
    return ROLE_BEFORE.search(text, max(0, start - 60), start) is not None


def _has_role_after(text: str, end: int) -> bool:
    if end >= len(text) or text[end] not in ",(-' \t":
        return False
    return ROLE_AFTER.match(text, end, min(len(text), end + 60)) is not None


def _is_person(kinds: list[int], context: bool) -> bool:
    """Whether a piece of name-like tokens (no organisation words, no common words at its edges) is a person."""
    if context:
        return any(k in (FIRST, SURNAME, UNLISTED, NAME_WORD) for k in kinds)
    listed = sum(k in (FIRST, SURNAME) for k in kinds)
    if len(kinds) == 1:
        return kinds[0] == FIRST
    if listed:
        return True
    # Two or three unlisted capitalised words ("Ngozi Adeyemi"): a name more often than not in this prose,
    # since organisations and places carry one of the organisation words.
    return all(k in (UNLISTED, NAME_WORD) for k in kinds) and UNLISTED in kinds


def _next_to_number(text: str, start: int, end: int) -> bool:
    if _DATE_NEIGHBOUR.match(text, end):
        return True
    # Only a digit or a label's "]" before the spaces can start a number: look at that character first.
    before = start
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    if before == start or before == 0:
        return False
    if text[before - 1].isdecimal():
        return before - 1 >= start - 30  # as far back as the expression below would look
    return text[before - 1] == "]" and _DATE_BEFORE.search(text, max(0, start - 30), start) is not None


def _split_run(run: re.Match[str], known: set[int]) -> Iterable[list[tuple[int, int, int]]]:
    """The run's tokens as (start, end, kind), cut at common words so "However Sarah" yields only "Sarah".

    Known names cut a run too, as their labels will after redaction: both passes then see the same pieces, which
    keeps redaction idempotent.
    """
    piece: list[tuple[int, int, int]] = []
    previous = WORD
    offset, text = run.start(), run.string
    for token in _TOKEN_IN_RUN.finditer(run.group()):
        start, end = offset + token.start(), offset + token.end()
        kind = _kind(token.group(), known, start)
        # Only where the kind would make a name does a number beside it matter (a word or a common word after
        # a word is cut either way).
        if FIRST <= kind <= NAME_WORD or (kind == COMMON and previous not in _CUTTING):
            if _next_to_number(text, start, end):
                kind = WORD  # "31 Jan 2023", "August 13": a month, not Jan or August
            elif kind == COMMON:
                kind = NAME_WORD  # a capitalised word right after a name is a surname: Christine Field, Joe Young
        previous = kind
        if kind in (WORD, COMMON, KNOWN):
            if piece:
                yield piece
            piece = []
        else:
            piece.append((start, end, kind))
    if piece:
        yield piece


def _beside(text: str, start: int, end: int, known_ends: set[int], known_starts: set[int]) -> bool:
    """Whether a known name (or its label) is right before or after text[start:end]."""
    before = start
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    return before in known_ends or after in known_starts


def find_names(text: str, known_names: Iterable[tuple[int, int]] = ()) -> list[Candidate]:
    """Proposed spans of people's names in a folded text; ``known_names`` are the case's own name spans (or the
    labels that replaced them)."""
    known_tokens: set[int] = set()
    known_ends: set[int] = set()
    known_starts: set[int] = set()
    for start, end in known_names:
        known_tokens.update(m.start() for m in _TOKEN_IN_RUN.finditer(text, start, end))
        known_starts.add(start)
        known_ends.add(end)
    found: list[Candidate] = []
    for run in _RUN.finditer(text):
        word = run.group()
        if " " in word or "\t" in word:
            pieces = _split_run(run, known_tokens)
        else:
            # Most runs are one word: a sentence opener ("The", "However") is dismissed at once, and a single
            # name-like word needs no splitting.
            start, end = run.span()
            kind = _kind(word, known_tokens, start)
            if kind in _CUTTING or kind == KNOWN or _next_to_number(text, start, end):
                continue
            pieces = ([(start, end, kind)],)
        for piece in pieces:
            if any(kind == ORGANISATION for _, _, kind in piece):
                continue
            start, end = piece[0][0], piece[-1][1]
            kinds = [kind for _, _, kind in piece]
            # The context is looked at only where it decides (a listed first name is a person without it),
            # cheapest test first.
            if _is_person(kinds, False) or (
                _is_person(kinds, True)
                and (
                    _beside(text, start, end, known_ends, known_starts)
                    or _has_role_after(text, end)
                    or _is_titled(text, start)
                    or _has_role_before(text, start)
                )
            ):
                found.append((start, end, "person"))
    return found
