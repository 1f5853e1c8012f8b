"""A normalised view of a text that every detector searches, with offsets mapped back to the original.

What is normalised, and why (people and careless tools write a case's identifiers in all these ways):

- each character outside plain ASCII is taken to its Unicode NFKC compatibility form (full-width ``Ｍ``,
  mathematical ``𝐌``, ligatures ``ﬁ``, circled digits), then its accents are stripped (``Zoë`` = ``Zoe``);
- letters of other scripts that look like Latin letters (Cyrillic ``а``, Greek ``ο``) are folded to the Latin
  letter, from the Unicode confusables table (``confusables.json`` of UTS #39) shipped by the maintained
  ``confusable-homoglyphs`` package, rather than a hand list;
- typographic apostrophes, hyphens and spaces are made plain;
- characters that hide inside a word without showing (combining marks, soft hyphens, zero-width and bidi
  characters, control characters) are dropped, so ``Ame\u00adlia`` cannot slip past;
- letters written one by one with a single space, dot or hyphen between them (``M a r n i e``,
  ``M-A-R-N-I-E``, ``M.a.r.n.i.e``; three letters or more, one separator throughout, a hyphenated name's own
  hyphen kept: ``L i - H u a`` is ``Li-Hua``) are joined; a capital after small letters starts a new word
  (``M a r n i e B r o w n`` is ``Marnie Brown``).

Most texts are plain ASCII with no spaced-out letters: their view is the text itself, and no offset table is
kept. Otherwise ``View.offsets`` maps every character of the view back to the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from confusable_homoglyphs.confusables import confusables_data

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
    for code in range(0x0660, 0x066A):  # Arabic-Indic digits
        table[code] = str(code - 0x0660)
    table.update({ord(k): v for k, v in _SPECIAL.items()})
    table.update({ord(c): "'" for c in _APOSTROPHES})
    table.update({ord(c): "-" for c in _HYPHENS})
    table.update({ord(c): " " for c in _SPACES})
    table.update({ord(c): "\n" for c in _NEWLINES})
    return table


_TABLE = _build_table()


def _confusable_letter(char: str) -> str | None:
    """The Latin letter a letter of another script looks like (Cyrillic а -> a), from the confusables table."""
    for entry in confusables_data.get(char, ()):
        latin = entry["c"]
        if len(latin) == 1 and latin.isascii() and latin.isalpha():
            # The table's prototype for every I-like capital is "l"; in a name it stands for "I".
            if char.isupper() and latin == "l":
                return "I"
            return latin.lower() if char.islower() else latin
    return None


def _strip_accents(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))


_FOLDED: dict[str, str] = {}


def _fold_char(char: str) -> str:
    """What one character outside plain ASCII becomes in the view: "" for the hidden ones, else its NFKC form
    with accents stripped and look-alike letters made Latin (often one character; "ﬁ" gives two)."""
    folded = _FOLDED.get(char)
    if folded is not None:
        return folded
    code = ord(char)
    if code in _TABLE:
        folded = _TABLE[code]
    elif _HIDDEN.match(char) or unicodedata.combining(char):
        folded = ""
    else:
        pieces = []
        for piece in unicodedata.normalize("NFKC", char):
            if ord(piece) in _TABLE:
                pieces.append(_TABLE[ord(piece)])
                continue
            if piece.isascii():
                pieces.append(piece)
                continue
            base = _strip_accents(piece)
            if base and base.isascii():
                pieces.append(base)
            elif piece.isalpha() and (latin := _confusable_letter(base or piece)) is not None:
                pieces.append(latin)
            else:
                pieces.append(base or piece)
        folded = "".join(pieces)
    if len(_FOLDED) < 65_536:  # a bound on memory: a text could hold every code point once
        _FOLDED[char] = folded
    return folded


# Everything but tab, line feed, carriage return and printable ASCII other than the backtick.
_TO_FOLD = re.compile("[^\t\n\r\x20-\x5f\x61-\x7e]")


def _fold_one(match: re.Match[str]) -> str:
    return _fold_char(match.group())


def fold(text: str) -> str:
    """Fold a text: NFKC, accents off, look-alike letters Latin, plain punctuation, hidden characters dropped."""
    # Only the few characters outside ASCII need a look-up: faster than str.translate over the whole text.
    return _TO_FOLD.sub(_fold_one, text)


@lru_cache(maxsize=4096)
def fold_word(text: str) -> str:
    """Fold and lower-case a word (for comparing with the name lists)."""
    return fold(text).lower()


@dataclass(frozen=True)
class View:
    """The normalised text detectors search; ``offsets`` maps its offsets to the original text's."""

    original: str
    text: str
    offsets: tuple[int, ...] | None  # offsets[i] = original offset of view character i; None when identical

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self.offsets is None:
            return start, end
        return self.offsets[start], self.offsets[end - 1] + 1


# Three letters or more, each alone, with one space, dot or hyphen (the same one) between each and the next;
# a hyphenated name's own hyphen may stand between two of them, set off the same way ("L i - H u a"). A dot or a
# hyphen binds closer than a space: in "S i o b h a n S-I-O-B-H-A-N" the second S starts the second run. A letter
# right after a number is its suffix, not a spelt-out letter ("QQ 12 34 56 C A m y").
_LETTER = r"[^\W\d_]"
_SPACED = re.compile(
    rf"(?<![^\W_])(?![A-Z]([ .-])[A-Z]\1[a-z])"
    rf"(?:{_LETTER}(?![.-]{_LETTER})(?: (?:- )?{_LETTER}(?![.-]{_LETTER})){{2,}}"
    rf"|{_LETTER}([.-])(?:-\2)?{_LETTER}(?:\2(?:-\2)?{_LETTER})+)(?![^\W_])"
)


# Found in every run of three spelt-out letters (its second and third letters); searched first because it is
# four times quicker than the full expression and almost never found in prose.
_SPACED_HINT = re.compile(r"[ .-][^\W\d_][ .-][^\W\d_](?![^\W_])")


def _folded(original: str) -> tuple[str, list[int] | None]:
    pieces: list[str] = []
    offsets: list[int] | None = None
    position = 0
    for match in _TO_FOLD.finditer(original):
        at = match.start()
        folded = _fold_char(match.group())
        if offsets is not None:
            offsets.extend(range(position, at))
        elif len(folded) != 1:
            offsets = list(range(at))  # every character so far was one for one
        pieces.append(original[position:at])
        pieces.append(folded)
        if offsets is not None:
            offsets.extend([at] * len(folded))
        position = at + 1
    if not pieces:
        return original, None
    pieces.append(original[position:])
    if offsets is not None:
        offsets.extend(range(position, len(original)))
    return "".join(pieces), offsets


def view(original: str) -> View:
    """The normalised view of ``original`` (see the module docstring)."""
    text, offsets = _folded(original)
    runs = list(_SPACED.finditer(text)) if _SPACED_HINT.search(text) else []
    if runs:
        base = offsets if offsets is not None else range(len(text))
        kept: list[str] = []
        joined: list[int] = []
        position = 0
        for run in runs:
            kept.append(text[position : run.start()])
            joined.extend(base[position : run.start()])
            at = run.start()
            while at < run.end():  # a letter, then a separator, or a separator, the name's hyphen, a separator
                kept.append(text[at])
                joined.append(base[at])
                at += 2
                if at < run.end() and text[at] == "-":
                    kept.append("-")
                    joined.append(base[at])
                    at += 2
                elif at < run.end() and text[at - 2].islower() and text[at].isupper():
                    kept.append(" ")  # "M a r n i e B r o w n": a capital after small letters starts a word
                    joined.append(base[at - 1])
            position = run.end()
        kept.append(text[position:])
        joined.extend(base[position:])
        text, offsets = "".join(kept), joined
    return View(original, text, tuple(offsets) if offsets is not None else None)


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
