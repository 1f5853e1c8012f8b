"""A folded view of a text that every detector searches, with offsets mapped back to the original.

Folding is one character for one character (accents stripped, typographic apostrophes, hyphens and spaces made
plain, full-width forms made ASCII), so most offsets need no mapping. Characters that hide inside a word without
showing (combining marks, soft hyphens, zero-width characters, control characters) are removed from the view, so
"Ame\\u00adlia" or a decomposed "Zoe\\u0308" cannot slip past; only then is an offset table kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_SPECIAL = {
    "ł": "l",
    "Ł": "L",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ı": "i",
    "ħ": "h",
    "ŧ": "t",
    "ß": "s",
    "æ": "a",
    "Æ": "A",
    "œ": "o",
    "Œ": "O",
}
_APOSTROPHES = "\u2018\u2019\u201b\u02bc\u02bb\u0060\u00b4\u2032"
_HYPHENS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_NEWLINES = "\u0085\u2028\u2029\u000b\u000c"

# Invisible inside a word: combining marks, soft hyphen, zero-width and bidi controls, and C0/C1 controls
# other than tab and newlines.
_HIDDEN = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u00ad\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]+"
)


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x0250):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        if len(base) == 1 and base.isascii():
            table[code] = base
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[code] = chr(code - 0xFEE0)
    for code in range(0x0660, 0x066A):  # Arabic-Indic digits
        table[code] = str(code - 0x0660)
    table.update({ord(k): v for k, v in _SPECIAL.items()})
    table.update({ord(c): "'" for c in _APOSTROPHES})
    table.update({ord(c): "-" for c in _HYPHENS})
    table.update({ord(c): " " for c in _SPACES})
    table.update({ord(c): "\n" for c in _NEWLINES})
    return table


_TABLE = _build_table()


_TO_FOLD = re.compile("[^\x00-\x7f]|[`\x0b\x0c]")


def _fold_one(match: re.Match[str]) -> str:
    char = match.group()
    return _TABLE.get(ord(char), char)


def fold(text: str) -> str:
    """Fold a text one character for one: accents off, plain apostrophes, hyphens and spaces."""
    # Only the few characters outside ASCII need a look-up: faster than str.translate over the whole text.
    return _TO_FOLD.sub(_fold_one, text)


@lru_cache(maxsize=4096)
def fold_word(text: str) -> str:
    """Fold and lower-case a word, and drop invisible characters (for comparing with the name lists)."""
    return _HIDDEN.sub("", fold(unicodedata.normalize("NFC", text))).lower()


@dataclass(frozen=True)
class View:
    """The folded text detectors search; ``origin`` maps its offsets to the original text's."""

    original: str
    text: str
    offsets: tuple[int, ...] | None  # offsets[i] = original offset of view character i; None when identical

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self.offsets is None:
            return start, end
        return self.offsets[start], self.offsets[end - 1] + 1


def view(original: str) -> View:
    """The folded view of ``original`` (see the module docstring)."""
    folded = fold(original)
    if not _HIDDEN.search(folded):
        return View(original, folded, None)
    kept: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _HIDDEN.finditer(folded):
        kept.append(folded[position : match.start()])
        offsets.extend(range(position, match.start()))
        position = match.end()
    kept.append(folded[position:])
    offsets.extend(range(position, len(folded)))
    return View(original, "".join(kept), tuple(offsets))


@lru_cache(maxsize=8)
def _digit_clusters(margin: int) -> re.Pattern[str]:
    # Digits with at most 2 * margin other characters between each and the next: their windows touch.
    return re.compile(rf"\d(?:\D{{0,{2 * margin}}}\d)*")


@lru_cache(maxsize=8)
def digit_windows(text: str, margin: int) -> tuple[tuple[int, int], ...]:
    """Stretches of ``text`` within ``margin`` characters of a digit, merged where they touch.

    Every number-like identifier (NHS number, UPN, postcode, phone, date) lies in one, so detectors search these
    few windows instead of the whole text. Cached: several detectors ask for the same text's windows in turn.
    """
    length = len(text)
    return tuple(
        (max(0, cluster.start() - margin), min(length, cluster.end() + margin))
        for cluster in _digit_clusters(margin).finditer(text)
    )
