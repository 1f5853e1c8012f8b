"""A second evaluation corpus: the hard ways people and careless tools write a case's identifiers.

Written apart from the detector and from ``evaluation.py``'s templates: its own sentence shapes (notes, e-mail
subject lines, form extracts, minutes), its own lists of Gaelic surnames with particles, of first names that are
also English words and of two-word school names; other first names and surnames come from the held-out split,
which the detector's lists were not built from. Every hard form is annotated with its kind, so recall is
reported form by form, both for ``propose`` (the redactor) and for ``check`` (the leak gate) on the original
text. Distractor sentences use the same words as ordinary English ("we may", "the panel will", "a precious
gift", "by grace", "the kings"), so that false positives are measured as well.
"""

from __future__ import annotations

import datetime
import random
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from .engine import apply, check, propose
from .evaluation import _heldout
from .matching import clear_cache
from .model import Known, Span

# Every hard form of the issue, as the annotation kind.
FORMS = (
    "dob_ddmmyyyy",
    "dob_yyyymmdd",
    "dob_ddmmyy",
    "dob_short_month_two_digit_year",
    "dob_ordinal_long_month",
    "dob_unspaced",
    "name_spaced_letters",
    "name_hyphenated_letters",
    "name_dotted_letters",
    "name_cyrillic",
    "name_greek",
    "name_invisible_characters",
    "surname_capitals_after_acronym",
    "name_word_lower_case",
    "surname_with_particle",
    "school_initials",
    "school_initials_dotted",
    "school_initials_with_kind",
    "school_stem_lower_case",
    "email_of_known_names",
    "shared_family_surname",
    "nino_invalid_prefix",
    "third_party_particle_name",
)
GAELIC_PARTICLES = ("Ó", "Ní", "Mac", "Nic", "Mac an", "Uí", "Mhic")
GAELIC_CORES = ("Briain", "Bhriain", "Bhaird", "Dhomhnaill", "Súilleabháin", "Néill", "Ceallaigh", "Dálaigh")
GAELIC_FIRST = ("Siobhán", "Nuala", "Caoimhe", "Ciarán", "Róisín", "Eoin", "Pádraig", "Orlaith", "Tadhg")
WORD_NAMES = ("Precious", "Grace", "Hope", "Will", "May", "Rose", "Summer", "Joy", "Faith", "Blessing")
SCHOOL_STEMS = ("Kings Valley", "Marsh Lane", "Beech Hill", "Norton Vale", "Fox Hollow", "Saint Aidan")
SCHOOL_KINDS = ("Primary School", "Junior School", "Infant School", "Primary Academy")
_CYRILLIC = {"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х", "y": "у", "i": "і", "A": "А", "M": "М"}
_CYRILLIC |= {"E": "Е", "O": "О", "C": "С", "P": "Р", "T": "Т", "H": "Н", "K": "К", "B": "В"}
_GREEK = {"o": "ο", "i": "ι", "A": "Α", "B": "Β", "E": "Ε", "H": "Η", "I": "Ι", "K": "Κ", "M": "Μ", "N": "Ν"}
_GREEK |= {"O": "Ο", "P": "Ρ", "T": "Τ", "Y": "Υ", "X": "Χ", "Z": "Ζ"}
_INVISIBLE = ("\u00ad", "\u200b", "\u200c", "\u2060", "\ufeff")

# Sentence shapes of this corpus; {X} is the identifier. None of them is a template of evaluation.py.
SHAPES = (
    "Note typed by the duty officer: {X}.",
    "Subject: re {X} - papers for Thursday",
    "The form, as received, reads {X} in box 3.",
    "Minute 4.2 records that {X} was discussed at length.",
    "Per the referral ({X}) the family asked for a needs assessment.",
    "Scanned letter, page 2: {X}.",
    "In the chronology {X} appears twice.",
    "Action for the caseworker - confirm {X} before the hearing.",
)
# Shapes where the identifier is the person a sentence is about (for names that are also words).
NAME_WORD_SHAPES = (
    "The teacher describes {X} as a bright and sociable pupil.",
    "Since March {X} attends the nurture group every morning.",
    "At home {X} enjoys drawing and lego.",
    "the tutor said {X} struggles with writing.",
)
DISTRACTORS = (
    "We may need more time, and the panel will meet again in May.",
    "It was a precious gift of time, given with grace and good will.",
    "The family hope that the plan will hold; they said so with joy.",
    "By grace of the timetable, summer support may continue.",
    "The kings and queens topic ran all term; the valley walk was cancelled.",
    "The rose garden in the marsh lane area is now closed.",
    "Reference 12345678 and invoice 20230117 were paid.",
    "NHS England and the LA agreed the WILL BE REVIEWED note.",
    "Faith groups and the hope project offered help.",
    "The NI team and the national insurance office were not involved.",
)


@dataclass
class FormDocument:
    text: str
    known: Known
    gold: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, form


def _ascii(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if c.isascii() and c.isalpha()).lower()


def _swap(word: str, table: dict[str, str], rng: random.Random) -> str:
    positions = [i for i, c in enumerate(word) if c in table]
    if not positions:
        return word
    chosen = set(rng.sample(positions, k=max(1, len(positions) // 2)))
    return "".join(table[c] if i in chosen else c for i, c in enumerate(word))


class _FormCase:
    def __init__(self, rng: random.Random, names: dict[str, dict[str, list[str]]]) -> None:
        self.rng = rng
        community = rng.choice(sorted(names["first"]))
        self.first = rng.choice(WORD_NAMES) if rng.random() < 0.3 else rng.choice(names["first"][community])
        if rng.random() < 0.35:
            self.surname = f"{rng.choice(GAELIC_PARTICLES)} {rng.choice(GAELIC_CORES)}"
        else:
            self.surname = rng.choice(names["last"].get(community) or names["last"]["british"])
        self.parent_first = rng.choice(names["first"][community])
        self.word_name = rng.choice(WORD_NAMES)
        self.stem = rng.choice(SCHOOL_STEMS)
        self.kind = rng.choice(SCHOOL_KINDS)
        self.dob = datetime.date(2007, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 12))

    def known(self) -> Known:
        return Known(
            child=[f"{self.first} {self.surname}"],
            parents=[f"{self.parent_first} {self.surname}"],
            other_people=[f"{self.word_name} {self.surname}"] if self.rng.random() < 0.2 else [],
            date_of_birth=[self.dob.isoformat()],
            school=[f"{self.stem} {self.kind}"],
        )

    def form(self, kind: str) -> list[tuple[str, str | None]]:  # noqa: C901 - one branch per form, read as a table
        """The pieces of one identifier written in the hard form ``kind``: (text, form or None)."""
        rng, d = self.rng, self.dob
        month = d.strftime("%B")
        first = self.first
        if kind == "dob_ddmmyyyy":
            return [(f"{d.day:02}{d.month:02}{d.year}", kind)]
        if kind == "dob_yyyymmdd":
            return [(f"{d.year}{d.month:02}{d.day:02}", kind)]
        if kind == "dob_ddmmyy":
            return [(f"{d.day:02}{d.month:02}{d.year % 100:02}", kind)]
        if kind == "dob_short_month_two_digit_year":
            return [(f"{d.day} {month[:3]} {d.year % 100:02}", kind)]
        if kind == "dob_ordinal_long_month":
            suffix = "th" if 10 <= d.day <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
            forms = [f"{d.day}{suffix} {month} '{d.year % 100:02}", f"{month} {d.day}{suffix} {d.year}"]
            return [(rng.choice(forms), kind)]
        if kind == "dob_unspaced":
            return [(f"{d.day:02}{month[:3]}{d.year}", kind)]
        if kind == "name_spaced_letters":
            return [(" ".join(first), kind)]
        if kind == "name_hyphenated_letters":
            return [("-".join(first.upper()), kind)]
        if kind == "name_dotted_letters":
            return [(".".join(first), kind)]
        if kind == "name_cyrillic":
            return [(_swap(first, _CYRILLIC, rng), kind)]
        if kind == "name_greek":
            return [(_swap(first.upper(), _GREEK, rng), kind)]
        if kind == "name_invisible_characters":
            at = rng.randint(1, max(1, len(first) - 1))
            return [(first[:at] + rng.choice(_INVISIBLE) + first[at:], kind)]
        if kind == "surname_capitals_after_acronym":
            acronym = rng.choice(["NHS", "CAMHS", "SENCO", "EP"])
            return [(f"{acronym} ", None), (self.surname.upper(), kind)]
        if kind == "name_word_lower_case":
            return [(self.first.lower(), kind)]
        if kind == "surname_with_particle":
            return [(f"{first} {self.surname}", kind)]
        initials = "".join(w[0] for w in f"{self.stem} {self.kind}".split())
        if kind == "school_initials":
            return [(initials, kind)]
        if kind == "school_initials_dotted":
            return [(".".join(initials) + ".", kind)]
        if kind == "school_initials_with_kind":
            stem_initials = "".join(w[0] for w in self.stem.split())
            return [(f"{stem_initials} {self.kind.split()[0]}", kind)]
        if kind == "school_stem_lower_case":
            return [("attends ", None), (self.stem.lower(), kind)]
        if kind == "email_of_known_names":
            local = rng.choice(
                [f"{_ascii(first)}.{_ascii(self.surname)}", f"{_ascii(self.parent_first)}{_ascii(first)}"]
            )
            return [(f"{local}{rng.randint(1, 99)}@{rng.choice(['example.org', 'mail.example.com'])}", kind)]
        if kind == "shared_family_surname":
            return [(rng.choice(["Mrs ", "Mr ", "Ms "]), None), (self.surname, kind)]
        if kind == "nino_invalid_prefix":
            digits = "".join(rng.choice("0123456789") for _ in range(6))
            prefix = rng.choice(["QQ", "DF", "FY", "VU", "GB"])
            value = f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {rng.choice('ABCD')}"
            return [(rng.choice(["National Insurance number ", "NI number: "]), None), (value, kind)]
        if kind == "third_party_particle_name":
            person = f"{rng.choice(GAELIC_FIRST)} {rng.choice(GAELIC_PARTICLES)} {rng.choice(GAELIC_CORES)}"
            return [(rng.choice(["Dr ", "the social worker, ", "a letter from "]), None), (person, kind)]
        raise ValueError(kind)


def make_form_document(seed: int) -> FormDocument:
    """One document holding every hard form once, in shuffled order, among distractor sentences."""
    rng = random.Random(seed)
    case = _FormCase(rng, _heldout_names())
    sentences: list[list[tuple[str, str | None]]] = []
    for kind in FORMS:
        if kind == "name_word_lower_case" and case.first not in WORD_NAMES:
            continue
        shape = rng.choice(NAME_WORD_SHAPES if kind == "name_word_lower_case" else SHAPES)
        before, _, after = shape.partition("{X}")
        sentences.append([(before, None), *case.form(kind), (after, None)])
    sentences += [[(text, None)] for text in rng.sample(DISTRACTORS, k=4)]
    rng.shuffle(sentences)
    parts: list[str] = []
    gold: list[tuple[int, int, str]] = []
    position = 0
    for sentence in sentences:
        sentence.append(("\n" if rng.random() < 0.3 else " ", None))
        for text, kind in sentence:
            if kind:
                gold.append((position, position + len(text), kind))
            parts.append(text)
            position += len(text)
    return FormDocument("".join(parts), case.known(), gold)


_NAMES: dict[str, dict[str, list[str]]] = {}


def _heldout_names() -> dict[str, dict[str, list[str]]]:
    if not _NAMES:
        _NAMES.update(_heldout())
    return _NAMES


def form_corpus(documents: int, seed: int = 14) -> list[FormDocument]:
    return [make_form_document(seed * 7_919 + index) for index in range(documents)]


@dataclass
class FormScores:
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    redacted: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # found by propose
    gated: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # found by check on the original
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    redacted_chars: int = 0
    correct_chars: int = 0
    leaks_after_redaction: int = 0
    documents: int = 0
    seconds: float = 0.0

    def recall(self, form: str) -> float:
        return self.redacted[form] / self.total[form] if self.total[form] else 1.0

    def gate_recall(self, form: str) -> float:
        return self.gated[form] / self.total[form] if self.total[form] else 1.0

    @property
    def precision(self) -> float:
        return self.correct_chars / self.redacted_chars if self.redacted_chars else 1.0


def _covered(spans: list[tuple[int, int]], length: int) -> bytearray:
    mask = bytearray(length)
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return mask


def _found(text: str, mask: bytearray, start: int, end: int) -> bool:
    return all(mask[i] for i in range(start, end) if text[i].isalnum())


def _right_shape(kind: str, spans: list[Span], start: int, end: int) -> bool:
    """For the forms about labels: one e-mail span with one label; a shared surname labelled [family name]."""
    touching = [s for s in spans if s.start < end and start < s.end]
    if kind == "email_of_known_names":
        return len(touching) == 1 and touching[0].category == "email"
    if kind == "shared_family_surname":
        return all(s.category == "family_name" for s in touching)
    return True


def score_forms(documents: list[FormDocument]) -> FormScores:
    """Redact and gate each document; recall per hard form, character precision, leaks left after redaction."""
    clear_cache()
    scores = FormScores()
    for document in documents:
        text = document.text
        started = time.perf_counter()
        spans = propose(text, document.known)
        redacted = apply(text, spans)
        scores.seconds += time.perf_counter() - started
        scores.documents += 1
        scores.leaks_after_redaction += len(check(redacted, document.known))
        hits = check(text, document.known)
        proposed = _covered([(s.start, s.end) for s in spans], len(text))
        gated = _covered([(h.start, h.end) for h in hits], len(text))
        gold_mask = bytearray(len(text))
        for start, end, kind in document.gold:
            gold_mask[start:end] = b"\x01" * (end - start)
            scores.total[kind] += 1
            found = _found(text, proposed, start, end) and _right_shape(kind, spans, start, end)
            scores.redacted[kind] += found
            scores.gated[kind] += _found(text, gated, start, end) or kind == "third_party_particle_name"
            if not found:
                scores.misses.append(f"{kind}: {text[max(0, start - 30) : end + 20]!r}")
        for span in spans:
            inside = sum(gold_mask[span.start : span.end])
            scores.redacted_chars += span.end - span.start
            scores.correct_chars += inside
            if inside < span.end - span.start:
                context = text[max(0, span.start - 25) : span.end + 25]
                scores.false_positives.append(f"{span.source}/{span.category}: {context!r}")
    return scores
