"""Regular-expression variants of one case's known school, address, postcode and other identifiers.

Every variant is written against the folded view of a text (see text.py): lower-case ASCII where the record had
accents, plain apostrophes and hyphens. Each is a ``Variant``: the pattern, its category, and how it is matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold_word

# How a variant is matched: "any" case-insensitive; "capital" case-insensitive but the first letter must be a
# capital (a school's name without its suffix, a one-word locality). Names are matched by namematch.py.
ANY, CAPITAL = "any", "capital"

WORD_END = r"(?![^\W_])"

# A school's suffix: "Primary School", "Academy", "C of E Junior School", "Nursery", "Pupil Referral Unit" …
SCHOOL_SUFFIX = (
    r"(?:(?:c\s*of\s*e|church\s+of\s+england|catholic|rc|community|special|free|sixth\s+form)\s+)?"
    r"(?:(?:primary|junior|infants?'?|nursery|high|secondary)(?:\s+(?:school|academy))?|school|academy|college"
    r"|pupil\s+referral\s+unit)"
)
_ENDS_WITH_SUFFIX = re.compile(rf"\s+{SCHOOL_SUFFIX}$")
STREET_ABBREVIATIONS = {
    "road": "rd",
    "street": "st",
    "avenue": "ave?",
    "lane": "ln",
    "close": "cl",
    "drive": "dr",
    "crescent": "cres",
    "gardens": "gdns",
    "place": "pl",
    "court": "ct",
    "terrace": "terr?",
    "grove": "gr",
    "square": "sq",
    "park": "pk",
}


@dataclass(frozen=True)
class Variant:
    pattern: str
    category: str
    mode: str
    weight: int  # the length of the text it stands for; longer variants are tried first


def _flex_word(word: str) -> str:
    """A folded word with its hyphens and apostrophes optional and spacing free (Smith-Khan, Smith Khan)."""
    out = []
    for char in word:
        if char == "-":
            out.append(r"(?:\s*-\s*|\s+)?")
        elif char == "'":
            out.append(r"(?:\s?'\s?|\s)?")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _flex_words(words: list[str]) -> str:
    return r"\s+".join(_flex_word(w) for w in words)


def school_variants(school: str) -> list[Variant]:
    """The school's name, and its name without its suffix ("Hillside Academy" -> "Hillside", with any suffix)."""
    folded = " ".join(fold_word(school).replace(",", " ").split())
    if not folded:
        return []
    variants = [Variant(_flex_words(folded.split()), "school", ANY, len(folded))]
    stem = _ENDS_WITH_SUFFIX.sub("", folded)
    if stem != folded and len(stem) >= 3:
        with_suffix = rf"{_flex_words(stem.split())}(?:\s+{SCHOOL_SUFFIX})?"
        variants.append(Variant(with_suffix, "school", CAPITAL, len(stem) + 1))
    return variants


def _street_pattern(words: list[str]) -> str:
    last = words[-1]
    abbreviation = STREET_ABBREVIATIONS.get(last)
    if abbreviation is None:
        return _flex_words(words)
    head = _flex_words(words[:-1])
    return rf"{head}\s+(?:{re.escape(last)}|{abbreviation})"


def address_variants(address: str) -> list[Variant]:
    """The whole address, each of its lines, house number + street and the street alone; not the post town.

    The last of three or more lines is taken to be the post town: naming the town ("Bristol") identifies nobody
    and redacting it would take "Bristol City Council" with it.
    """
    lines = [" ".join(fold_word(line).split()) for line in re.split(r"[,\n]", address)]
    lines = [line for line in lines if line]
    if len(lines) >= 3 and not any(c.isdigit() for c in lines[-1]):
        lines = lines[:-1]
    variants = []
    whole = " ".join(lines)
    if len(lines) > 1:
        joined = r"[\s,]+".join(_flex_words(line.split()) for line in lines)
        variants.append(Variant(joined, "address", ANY, len(whole)))
    for line in lines:
        words = line.split()
        number, street = (words[0], words[1:]) if re.fullmatch(r"\d+[a-z]?", words[0]) else (None, words)
        if not street:
            continue
        street_mode = ANY if len(street) > 1 else CAPITAL
        variants.append(Variant(_street_pattern(street), "address", street_mode, len(" ".join(street))))
        if number is not None:
            pattern = rf"{number},?\s+{_street_pattern(street)}"
            variants.append(Variant(pattern, "address", ANY, len(line)))
    return variants
