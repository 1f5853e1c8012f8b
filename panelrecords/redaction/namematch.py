"""Matching a case's names (and, through variants.py, its school, address and postcode) word by word, without
compiling a regular expression per case.

A name becomes token sequences ("smith-khan" -> smith, khan; and smithkhan) with the gaps allowed between them;
the text's words are looked up in a dictionary by their first token. Compiling the same variants as a regular
expression took longer than redacting the whole text (Python's parser is slow), and every case has its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate, combinations
from operator import itemgetter
from typing import NamedTuple

from .data import common_words, nicknames
from .lexicon import NAME_PARTICLES
from .model import ALL_CATEGORIES
from .text import fold_word

ANY, NAME_WORD, EXACT = "any", "name_word", "exact"

# Gaps between two tokens of a name.
SPACE, INNER, DOT, INITIAL = "space", "inner", "dot", "initial"
_GAPS: dict[str, re.Pattern[str]] = {
    SPACE: re.compile(r"\s+"),
    INNER: re.compile(r"\s*-\s*|\s?'\s?|\s+"),  # Smith-Khan, Smith - Khan, O'Connor, O Connor
    DOT: re.compile(r"\.\s?"),  # A.S.
    INITIAL: re.compile(r"\.?\s+"),  # A. Jones
}
_SPLIT_TOKENS = re.compile(r"([^\W_]+)")
_PLURALS = ("s", "es")  # "the Smiths", "the Joneses'"
_RANK = {category: rank for rank, category in enumerate(ALL_CATEGORIES)}  # child, parent, person first


@lru_cache(maxsize=256)
def _compiled_gap(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def gap(kind: str) -> re.Pattern[str]:
    """The expression of a gap kind, or of a gap written as a regular expression (shared by every case)."""
    return _GAPS.get(kind) or _compiled_gap(kind)


class NameVariant(NamedTuple):
    # A named tuple rather than a dataclass: quicker to build, hash and sort, and every case builds its own.
    tokens: tuple[str, ...]
    gaps: tuple[str, ...]  # len(tokens) - 1 gap kinds (or expressions, see ``gap``)
    category: str
    mode: str
    plurals: bool = True  # "the Smiths" for Smith; not for schools or streets
    suffix: re.Pattern[str] | None = None  # an optional ending taken with the match ("Hillside" + " Academy")


_HYPHEN_OR_APOSTROPHE = re.compile(r"[-']")


@lru_cache(maxsize=8192)
def _word_forms(word: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """A folded word's tokens and inner gaps: split at hyphens and apostrophes, and joined (OConnor)."""
    pieces = tuple(p for p in _HYPHEN_OR_APOSTROPHE.split(word) if p)
    split = (pieces, (INNER,) * (len(pieces) - 1))
    return (split, (("".join(pieces),), ())) if len(pieces) > 1 else (split,)


@lru_cache(maxsize=8192)
def _sequence(words: tuple[str, ...], category: str, mode: str) -> tuple[NameVariant, ...]:
    """The words as one variant with hyphens and apostrophes kept as gaps, and one with them left out."""
    variants = []
    for joined in (False, True):
        tokens: list[str] = []
        gaps: list[str] = []
        for word in words:
            word_tokens, word_gaps = _word_forms(word)[-1 if joined else 0]
            if tokens:
                gaps.append(SPACE)
            tokens.extend(word_tokens)
            gaps.extend(word_gaps)
        variants.append(NameVariant(tuple(tokens), tuple(gaps), category, mode))
    return tuple(variants)


def clear_cache() -> None:
    """Forget the variants built for names so far."""
    _sequence.cache_clear()
    _word_forms.cache_clear()


def _mode_for(word: str) -> str:
    return NAME_WORD if word in common_words() else ANY


def _parts(words: list[str]) -> list[str]:
    """Each word of a name and each half of a hyphenated one, as a part matched alone; not a particle inside a
    name ("Ní" of Nuala Ní Bhriain, "al" of Al-Hassan), though Ben or Du as a first name is one."""
    parts = []
    for index, word in enumerate(words):
        if 0 < index < len(words) - 1 and word in NAME_PARTICLES:
            continue
        halves = [h for h in word.split("-") if len(h.replace("'", "")) >= 2]
        if len(halves) > 1:
            parts.append(word)
            parts += [half for half in halves[:-1] if half not in NAME_PARTICLES] + halves[-1:]
        elif len(word.replace("'", "")) >= 2:
            parts.append(word)
    return parts


def name_variants(name: str, category: str, with_short_forms: bool) -> list[NameVariant]:
    """Full name, runs of its parts, each part and each half of a hyphenated one, short forms, initials."""
    words = fold_word(" ".join(name.split())).split()
    if not words:
        return []
    variants: list[NameVariant] = []
    runs = {tuple(words[i:j]) for i, j in combinations(range(len(words) + 1), 2) if j - i >= 2}
    if len(words) > 2:
        runs.add((words[0], words[-1]))
    for run in runs:
        if not all(word in NAME_PARTICLES for word in run):  # "Mac an" alone names nobody
            variants += _sequence(run, category, ANY)
    for part in _parts(words):
        variants += _sequence((part,), category, _mode_for(part))
    if with_short_forms:
        for short in nicknames().get(words[0], ()):
            variants += _sequence((short,), category, _mode_for(short))
    letters = [w[0] for w in words if w[0].isalnum()]
    if len(words) >= 2 and len(letters) >= 2:
        for initials in {tuple(letters), (letters[0], letters[-1])}:
            variants.append(NameVariant(initials, (DOT,) * (len(initials) - 1), category, EXACT))
            variants.append(NameVariant(("".join(initials),), (), category, EXACT))
        # "A. Jones": the initial would otherwise be left beside the label
        for tokens, gaps in _word_forms(words[-1]):
            variants.append(NameVariant((letters[0], *tokens), (INITIAL, *gaps), category, ANY))
    return variants


def words(text: str) -> list[tuple[int, int, str]]:
    """The text's words as (start, end, lower-case word)."""
    lower = text.lower()
    if len(lower) != len(text):  # a few characters lower-case into two (İ): keep offsets aligned
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    # Splitting keeps the words at the odd places, and the running sum of the pieces' lengths gives every offset:
    # all in C, several times faster than a Match object per word.
    pieces = _SPLIT_TOKENS.split(lower)
    ends = list(accumulate(map(len, pieces)))
    return list(zip(ends[0:-1:2], ends[1::2], pieces[1::2], strict=True))


class NameIndex:
    """A case's variants (names, or schools, addresses and postcodes) by first token, longest first, matched
    against a text's words."""

    def __init__(self, variants: list[NameVariant]) -> None:
        self.by_first: dict[str, list[NameVariant]] = {}
        # Longest first; for the same tokens the child before a parent (a shared surname reads as [child]).
        ranked = sorted(set(variants), key=lambda v: (-len(v.tokens), -sum(map(len, v.tokens)), _RANK[v.category]))
        for variant in ranked:
            self.by_first.setdefault(variant.tokens[0], []).append(variant)
        # The words a match can start with: first tokens, and their plurals for one-word variants.
        self.starts = frozenset(self.by_first) | {
            v.tokens[0] + plural for v in ranked if len(v.tokens) == 1 and v.plurals for plural in _PLURALS
        }

    def __bool__(self) -> bool:
        return bool(self.by_first)

    def find(
        self, text: str, words: list[tuple[int, int, str]], accept: Callable[[str, int, int, str], bool]
    ) -> list[tuple[int, int, str]]:
        """(start, end, category) of each name; ``words`` are the text's lower-case words (see ``words``),
        ``accept(text, start, end, mode)`` vets each match."""
        found: list[tuple[int, int, str]] = []
        tokens = list(map(itemgetter(2), words))
        starts = self.starts.intersection(tokens)
        if not starts:
            return found
        covered = 0
        for index in [i for i, token in enumerate(tokens) if token in starts]:
            if words[index][0] < covered:
                continue
            match = self._match_at(text, words, index, accept)
            if match is not None:
                found.append(match[:3])
                covered = match[1]
        return found

    def _candidates(self, token: str) -> list[NameVariant]:
        candidates = self.by_first.get(token, [])
        for plural in _PLURALS:
            if token.endswith(plural):
                singular = self.by_first.get(token[: -len(plural)], [])
                candidates = candidates + [v for v in singular if len(v.tokens) == 1 and v.plurals]
        return candidates

    def _match_at(
        self, text: str, words: list[tuple[int, int, str]], index: int, accept: Callable[[str, int, int, str], bool]
    ) -> tuple[int, int, str, int] | None:
        for variant in self._candidates(words[index][2]):
            size = len(variant.tokens)
            if index + size > len(words) or not self._fits(text, words, index, variant):
                continue
            start, end = words[index][0], words[index + size - 1][1]
            if variant.mode == EXACT and text[end : end + 1] == "." and variant.gaps and variant.gaps[0] == DOT:
                end += 1  # the last full stop of "A.S."
            if variant.suffix is not None and (ending := variant.suffix.match(text, end)) is not None:
                end = ending.end()
            if accept(text, start, end, variant.mode):
                return start, end, variant.category, size
        return None

    @staticmethod
    def _fits(text: str, words: list[tuple[int, int, str]], index: int, variant: NameVariant) -> bool:
        last = len(variant.tokens) - 1
        for offset, token in enumerate(variant.tokens):
            word = words[index + offset][2]
            if word != token and not (
                offset == last and variant.plurals and variant.mode != EXACT and word in (token + "s", token + "es")
            ):
                return False
            if offset < last:
                between = text[words[index + offset][1] : words[index + offset + 1][0]]
                if not gap(variant.gaps[offset]).fullmatch(between):
                    return False
        return True
