"""Variants of one case's known school, address, postcode and other identifiers, as sequences of words.

Like names (namematch.py), they are matched word by word against the text's words, with the gaps allowed between
them: no regular expression is compiled for a case, which took longer than redacting a whole text (Python's
expression parser is slow, and every case has its own school and address). Every variant is written against the
folded view of a text (see text.py): lower-case ASCII where the record had accents, plain apostrophes and hyphens.
"""

from __future__ import annotations

import re

from .namematch import ANY, DOT, EXACT, INNER, SPACE, NameVariant
from .text import fold_word

# "capital": the first letter must be a capital (a school's name without its suffix, a one-word street or
# locality), so that "the hillside path" is not taken for Hillside Academy.
CAPITAL = "capital"
# "initials": the first word must be in capitals ("KV Primary" for Kings Valley Primary School).
INITIALS = "initials"
# "school_stem": a school's name without its suffix, in any case, but not after "the", "on" ... ("attends
# hillside", not "a walk on the hillside").
SCHOOL_STEM = "school_stem"
# Left out of a school's initials as well as kept: "C of E" gives both HCOEPS and HCEPS.
_CONNECTIVES = frozenset({"of", "the", "and"})

# A school's suffix: "Primary School", "Academy", "C of E Junior School", "Nursery", "Pupil Referral Unit" …
SCHOOL_SUFFIX = (
    r"(?:(?:c\s*of\s*e|church\s+of\s+england|catholic|rc|community|special|free|sixth\s+form)\s+)?"
    r"(?:(?:primary|junior|infants?'?|nursery|high|secondary)(?:\s+(?:school|academy))?|school|academy|college"
    r"|pupil\s+referral\s+unit)"
)
_ENDS_WITH_SUFFIX = re.compile(rf"\s+{SCHOOL_SUFFIX}$")
# Taken with a school's stem where it follows it: "Hillside" + " Primary School".
_SUFFIX_AFTER = re.compile(rf"(?i:\s+{SCHOOL_SUFFIX})(?![^\W_])")
STREET_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "road": ("rd",),
    "street": ("st",),
    "avenue": ("av", "ave"),
    "lane": ("ln",),
    "close": ("cl",),
    "drive": ("dr",),
    "crescent": ("cres",),
    "gardens": ("gdns",),
    "place": ("pl",),
    "court": ("ct",),
    "terrace": ("ter", "terr"),
    "grove": ("gr",),
    "square": ("sq",),
    "park": ("pk",),
}
_WORDS = re.compile(r"([^\W_]+)")
_FLEXIBLE = ("-", "'")  # inside a word, may be written, spaced or left out: Smith-Khan, Smith Khan, SmithKhan
_MAX_FORMS = 16


def _gap_between(written: str) -> str:
    """The gap allowed where a record has ``written`` between two words: any spacing, its punctuation optional."""
    if written.isspace():
        return SPACE
    if written in _FLEXIBLE:
        return INNER
    marks = "".join(rf"(?:{re.escape(c)}\s*)?" for c in written if not c.isspace())
    return rf"\s*{marks}"


def _sequences(phrase: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """A folded phrase's words and the gaps between them, with each hyphen or apostrophe also left out."""
    pieces = _WORDS.split(phrase)
    tokens, between = pieces[1::2], pieces[2:-1:2]
    if not tokens:
        return []
    forms: list[tuple[tuple[str, ...], tuple[str, ...]]] = [((tokens[0],), ())]
    for written, token in zip(between, tokens[1:], strict=True):
        grown = [(words + (token,), gaps + (_gap_between(written),)) for words, gaps in forms]
        if written in _FLEXIBLE:
            grown += [(words[:-1] + (words[-1] + token,), gaps) for words, gaps in forms]
        forms = grown[:_MAX_FORMS]
    return forms


def phrase_variants(
    phrase: str, category: str, mode: str = ANY, suffix: re.Pattern[str] | None = None
) -> list[NameVariant]:
    """The ways a phrase of a case record can be written, as NameVariants (no plurals)."""
    return [
        NameVariant(words, gaps, category, mode, plurals=False, suffix=suffix)
        for words, gaps in _sequences(" ".join(fold_word(phrase).split()))
    ]


def school_variants(school: str) -> list[NameVariant]:
    """The school's name, and its name without its suffix ("Hillside Academy" -> "Hillside", with any suffix)."""
    folded = " ".join(fold_word(school).replace(",", " ").split())
    if not folded:
        return []
    variants = phrase_variants(folded, "school")
    stem = _ENDS_WITH_SUFFIX.sub("", folded)
    if stem != folded and len(stem) >= 3:
        variants += phrase_variants(stem, "school", SCHOOL_STEM, _SUFFIX_AFTER)
    return variants + _initials(folded, stem)


def _initials(folded: str, stem: str) -> list[NameVariant]:
    """The school's initials (KVPS, K.V.P.S.; three letters or more) and its stem's initials with the kind of
    school after them (KV Primary, KV Primary School; a stem of two words or more)."""
    words = _WORDS.findall(folded)
    variants = []
    for kept in {tuple(words), tuple(w for w in words if w not in _CONNECTIVES)}:
        letters = tuple(w[0] for w in kept)
        if len(letters) >= 3:
            variants.append(NameVariant(("".join(letters),), (), "school", EXACT, plurals=False))
            variants.append(NameVariant(letters, (DOT,) * (len(letters) - 1), "school", EXACT, plurals=False))
    stem_words = _WORDS.findall(stem)
    kind = _WORDS.findall(folded[len(stem) :])
    if stem != folded and len(stem_words) >= 2:
        initials = "".join(w[0] for w in stem_words)
        for size in range(1, len(kind) + 1):
            tokens = (initials, *kind[:size])
            variants.append(NameVariant(tokens, (SPACE,) * size, "school", INITIALS, plurals=False))
    return variants


def _street_forms(words: list[str]) -> list[str]:
    """The street as written and with its last word abbreviated ("Acacia Avenue", "Acacia Ave", "Acacia Av")."""
    forms = [" ".join(words)]
    for abbreviation in STREET_ABBREVIATIONS.get(words[-1], ()) if len(words) > 1 else ():
        forms.append(" ".join([*words[:-1], abbreviation]))
    return forms


def address_variants(address: str) -> list[NameVariant]:
    """The whole address, each of its lines, house number + street and the street alone; not the post town.

    The last of three or more lines is taken to be the post town: naming the town ("Bristol") identifies nobody
    and redacting it would take "Bristol City Council" with it.
    """
    lines = [" ".join(fold_word(line).split()) for line in re.split(r"[,\n]", address)]
    lines = [line for line in lines if line]
    if len(lines) >= 3 and not any(c.isdigit() for c in lines[-1]):
        lines = lines[:-1]
    variants = []
    if len(lines) > 1:
        variants += phrase_variants(", ".join(lines), "address")
    for line in lines:
        words = line.split()
        number, street = (words[0], words[1:]) if re.fullmatch(r"\d+[a-z]?", words[0]) else (None, words)
        if not street:
            continue
        for form in _street_forms(street):
            variants += phrase_variants(form, "address", ANY if len(street) > 1 else CAPITAL)
            if number is not None:
                variants += phrase_variants(f"{number}, {form}", "address")
    return variants


def postcode_variants(postcode: str) -> list[NameVariant]:
    """The postcode with or without its space, in any case ("BS5 6XY", "bs56xy")."""
    compact = re.sub(r"[\W_]", "", postcode).lower()
    if len(compact) <= 3:
        return []
    return phrase_variants(f"{compact[:-3]} {compact[-3:]}", "postcode") + phrase_variants(compact, "postcode")
