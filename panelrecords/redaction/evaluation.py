"""A seeded synthetic corpus of annotated panel decisions, and the scores of the engine on it.

Used by bench/redaction_eval.py (figures) and the unit tests (targets that fail CI on a regression). Everyone
named in it is made up. Other people's names come only from data/heldout_names.txt, which the name detector's
lists were not built from, so the name-detector figure is for names it has never seen.
"""

from __future__ import annotations

import datetime
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources

from stdnum.gb import nhs, upn

from . import corpus_text as words
from .engine import apply, propose
from .matching import clear_cache
from .model import Known, Span

Gold = tuple[int, int, str, str]  # start, end, category, expected source
_PLACEHOLDER = re.compile(r"\{([A-Z0-9]+)\}")
_FORMATS = ["{d} {M} {y}", "{o} {M} {y}", "{M} {d}, {y}", "{dd}/{mm}/{y}", "{d}/{m}/{y}", "{d}.{m}.{y}"]
_FORMATS += ["{y}-{mm}-{dd}", "{d} {Mon} {y}", "{o} of {M} {y}", "{dd}/{mm}/{yy}"]
_LA_CODES = ("801", "330", "202", "380", "856", "352", "373", "891", "209")
_POSTCODE_AREAS = ("BS", "B", "M", "LS", "L", "S", "NG", "LE", "CV", "BD", "E", "N", "SE", "SW", "W", "NW")
_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_NINO_FIRST, _NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ", "ABCEGHJKLMNPRSTWXYZ"


@dataclass
class Document:
    text: str
    known: Known
    gold: list[Gold] = field(default_factory=list)


def _heldout() -> dict[str, dict[str, list[str]]]:
    """kind -> community -> names, from the held-out split."""
    text = resources.files(__package__).joinpath("data", "heldout_names.txt").read_text(encoding="utf-8")
    table: dict[str, dict[str, list[str]]] = {"first": defaultdict(list), "last": defaultdict(list)}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            kind, community, name = line.split("\t")
            table[kind][community].append(name)
    return table


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def format_date(date: datetime.date, form: str) -> str:
    month = date.strftime("%B")
    return form.format(
        d=date.day, dd=f"{date.day:02}", o=_ordinal(date.day), M=month, Mon=month[:3], m=date.month,
        mm=f"{date.month:02}", y=date.year, yy=f"{date.year % 100:02}",
    )  # fmt: skip


def make_nhs_number(rng: random.Random) -> str:
    while True:
        digits = "".join(rng.choice("0123456789") for _ in range(9))
        check = (11 - sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11) % 11
        if check != 10 and nhs.is_valid(digits + str(check)):
            return digits + str(check)


def make_upn(rng: random.Random) -> str:
    body = rng.choice(_LA_CODES) + "".join(rng.choice("0123456789") for _ in range(9))
    return upn.calc_check_digit(body) + body


def make_postcode(rng: random.Random) -> str:
    unit = rng.choice(_UNIT_LETTERS) + rng.choice(_UNIT_LETTERS)
    return f"{rng.choice(_POSTCODE_AREAS)}{rng.randint(1, 20)} {rng.randint(0, 9)}{unit}"


def make_nino(rng: random.Random) -> str:
    while True:
        prefix = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
        if prefix not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ") and prefix[1] != "O":
            break
    digits = "".join(rng.choice("0123456789") for _ in range(6))
    return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {rng.choice('ABCD')}"


def make_phone(rng: random.Random) -> str:
    # Ofcom's ranges for drama: never anyone's real number.
    forms = [
        f"0117 496 {rng.randint(0, 999):04}",
        f"0121 496 {rng.randint(0, 999):04}",
        f"020 7946 {rng.randint(0, 999):04}",
        f"07700 900{rng.randint(0, 999):03}",
        f"+44 7700 900{rng.randint(0, 999):03}",
        f"(0113) 496 {rng.randint(0, 999):04}",
    ]
    return rng.choice(forms)


class _Case:
    """One made-up child and family, and every way the prose may refer to them."""

    def __init__(self, rng: random.Random, names: dict[str, dict[str, list[str]]]) -> None:
        self.rng = rng
        self.names = names
        community = rng.choice(sorted(names["first"]))
        surname_pool = names["last"].get(community) or names["last"]["british"]
        self.surname = rng.choice(surname_pool)
        if rng.random() < 0.3:
            self.surname += "-" + rng.choice(names["last"]["british"])
        # Some children are called Will, Grace or Hope: the prose also says "the panel will" and "we hope".
        word_name = rng.random() < 0.15
        self.first = rng.choice(words.NAME_WORD_CHILDREN if word_name else names["first"][community])
        self.alias = rng.choice(["Millie", "Tom", "Bella", "Ollie"]) if rng.random() < 0.2 else None
        self.parents = [f"{rng.choice(names['first'][community])} {self.surname}" for _ in range(rng.randint(1, 2))]
        self.dob = datetime.date(2008, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 12))
        street = f"{rng.choice(words.STREETS.split())} {rng.choice(words.STREET_KINDS)}"
        self.street, self.number = street, str(rng.randint(1, 240))
        self.locality = rng.choice(words.LOCALITIES.split())
        self.stem = rng.choice(words.SCHOOL_STEMS.split())
        self.school = f"{self.stem} {rng.choice(words.SCHOOL_SUFFIXES)}"
        self.postcode, self.nhs, self.upn = make_postcode(rng), make_nhs_number(rng), make_upn(rng)

    def known(self) -> Known:
        return Known(
            child=[f"{self.first} {self.surname}"], child_aliases=[self.alias] if self.alias else [],
            date_of_birth=[self.dob.isoformat()], parents=self.parents, school=[self.school],
            address=[f"{self.number} {self.street}, {self.locality}, {self.rng.choice(words.PLACES)}"],
            postcode=[self.postcode], nhs_number=[self.nhs], upn=[self.upn],
        )  # fmt: skip

    def child(self) -> str:
        forms = [self.first] * 5 + [f"{self.first} {self.surname}", self.first.upper()]
        forms.append(f"{self.first}\n{self.surname}" if self.rng.random() < 0.5 else self.surname)
        if self.alias:
            forms += [self.alias] * 2
        return self.rng.choice(forms)

    def parent(self) -> list[tuple[str, str | None]]:
        first, _, surname = self.rng.choice(self.parents).partition(" ")
        form = self.rng.randrange(3)
        if form == 0:
            return [(f"{first} {surname}", "parent")]
        if form == 1:
            return [(self.rng.choice(["Mrs ", "Mr ", "Ms "]), None), (surname, "parent")]
        return [(first, "parent")]

    def date_of_birth(self) -> str:
        return format_date(self.dob, self.rng.choice(_FORMATS))

    def address(self) -> str:
        forms = [f"{self.number} {self.street}", self.street, f"{self.number} {self.street}, {self.locality}"]
        forms.append(f"{self.number} {self.street.replace('Road', 'Rd').replace('Avenue', 'Ave')}")
        return self.rng.choice(forms)

    def school_ref(self) -> str:
        return self.rng.choice([self.school, self.school, self.stem, f"{self.stem} Primary"])

    def postcode_ref(self) -> str:
        return self.rng.choice([self.postcode, self.postcode.replace(" ", ""), self.postcode.lower()])

    def nhs_ref(self) -> str:
        n = self.nhs
        return self.rng.choice([f"{n[:3]} {n[3:6]} {n[6:]}", n, f"{n[:3]}-{n[3:6]}-{n[6:]}"])

    def upn_ref(self) -> str:
        return self.rng.choice([self.upn, f"{self.upn[:6]} {self.upn[6:]}", self.upn.lower()])


def _other_person(rng: random.Random, names: dict[str, dict[str, list[str]]]) -> tuple[str, str]:
    community = rng.choice(sorted(names["first"]))
    surnames = names["last"].get(community) or names["last"]["british"]
    return rng.choice(names["first"][community]), rng.choice(surnames)


def _fill(case: _Case, key: str, names: dict) -> list[tuple[str, tuple[str, str] | None]]:
    """The pieces a placeholder becomes: (text, (category, source)) or (text, None) for unannotated text."""
    rng = case.rng
    if key in ("T", "TB"):
        first, last = _other_person(rng, names)
        if key == "TB":
            return [(f"{first} {last}", ("person", "name"))]
        style = rng.randrange(4)
        if style == 0:
            return [(f"{rng.choice(words.TITLES)} ", None), (rng.choice([last, f"{first} {last}"]), ("person", "name"))]
        template = rng.choice(words.ROLES_BEFORE if style == 1 else words.ROLES_AFTER)
        before, _, after = template.partition("{name}")
        return [(before, None), (f"{first} {last}", ("person", "name")), (after, None)]
    if key == "SIB":
        return [
            (rng.choice(["her brother ", "his sister ", "their brother "]), None),
            (_other_person(rng, names)[0], ("person", "name")),
        ]  # noqa: E501
    if key == "P":
        return [(text, ("parent", "known") if category else None) for text, category in case.parent()]
    simple = {
        "C": lambda: (case.child(), ("child", "known")),
        "S": lambda: (case.school_ref(), ("school", "known")),
        "D": lambda: (case.date_of_birth(), ("date_of_birth", "known")),
        "A": lambda: (case.address(), ("address", "known")),
        "PC": lambda: (case.postcode_ref(), ("postcode", "known")),
        "N": lambda: (case.nhs_ref(), ("nhs_number", "known")),
        "U": lambda: (case.upn_ref(), ("upn", "known")),
        "PH": lambda: (make_phone(rng), ("phone", "pattern")),
        "E": lambda: (
            f"{_other_person(rng, names)[0].lower()}.{rng.randint(1, 99)}@example.org.uk",
            ("email", "pattern"),
        ),  # noqa: E501
        "NI": lambda: (make_nino(rng), ("nino", "pattern")),
        "N2": lambda: (make_nhs_number(rng), ("nhs_number", "pattern")),
        "PC2": lambda: (make_postcode(rng), ("postcode", "pattern")),
        "DATE": lambda: (
            format_date(datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randint(0, 700)), rng.choice(_FORMATS)),
            None,
        ),  # noqa: E501
        "PLACE": lambda: (rng.choice(words.PLACES), None),
        "ORG": lambda: (rng.choice(words.ORGANISATIONS), None),
        "INT": lambda: (rng.choice(words.INTERVENTIONS), None),
    }
    return [simple[key]()]


def make_document(seed: int, target_words: int = 600) -> Document:
    """One annotated decision of about ``target_words`` words, the same for the same seed."""
    rng = random.Random(seed)
    names = _NAMES if _NAMES else _load_names()
    case = _Case(rng, names)
    parts: list[str] = []
    gold: list[Gold] = []
    position = 0
    sections = [words.OPENINGS, words.REASONS, words.EVIDENCE, words.REASONS, words.EVIDENCE, words.DECISIONS]
    count = 0
    while count < target_words:
        for section in sections:
            template = rng.choice(section)
            pieces: list[tuple[str, tuple[str, str] | None]] = []
            last = 0
            for match in _PLACEHOLDER.finditer(template):
                pieces.append((template[last : match.start()], None))
                pieces.extend(_fill(case, match.group(1), names))
                last = match.end()
            pieces.append((template[last:] + ("\n\n" if rng.random() < 0.3 else " "), None))
            for text, annotation in pieces:
                if annotation:
                    gold.append((position, position + len(text), *annotation))
                parts.append(text)
                position += len(text)
            count += sum(len(text.split()) for text, _ in pieces)
    return Document("".join(parts), case.known(), gold)


_NAMES: dict[str, dict[str, list[str]]] = {}


def _load_names() -> dict[str, dict[str, list[str]]]:
    _NAMES.update(_heldout())
    return _NAMES


def corpus(documents: int, seed: int = 2024) -> list[Document]:
    """``documents`` annotated decisions, deterministic for a seed."""
    return [make_document(seed * 100_003 + index) for index in range(documents)]


@dataclass
class Scores:
    """Entity recall by expected source and by category, character precision, speed."""

    found: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    redacted_chars: int = 0
    correct_chars: int = 0
    name_chars: int = 0
    name_correct_chars: int = 0
    documents: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    def recall(self, key: str) -> float:
        return self.found[key] / self.total[key] if self.total[key] else 1.0

    @property
    def precision(self) -> float:
        return self.correct_chars / self.redacted_chars if self.redacted_chars else 1.0

    @property
    def name_precision(self) -> float:
        return self.name_correct_chars / self.name_chars if self.name_chars else 1.0

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def docs_per_cpu_second(self) -> float:
        """Documents per second of this process's CPU time: what one core does, whatever else the machine runs."""
        return self.documents / self.cpu_seconds if self.cpu_seconds else 0.0


def _covered(spans: list[Span], length: int) -> bytearray:
    mask = bytearray(length)
    for span in spans:
        mask[span.start : span.end] = b"\x01" * (span.end - span.start)
    return mask


def score(documents: list[Document]) -> Scores:
    """Run propose + apply on each document, timing it, and compare the spans with the gold annotations.

    An identifier counts as found when every letter and digit of it is inside some span (of any category).
    Character precision is the share of redacted characters that lie inside a gold identifier. The timing includes
    compiling each document's matcher: no case's matcher is cached when it starts.
    """
    clear_cache()
    scores = Scores()
    for document in documents:
        started, started_cpu = time.perf_counter(), time.process_time()
        spans = propose(document.text, document.known)
        apply(document.text, spans)
        scores.seconds += time.perf_counter() - started
        scores.cpu_seconds += time.process_time() - started_cpu
        scores.documents += 1
        covered = _covered(spans, len(document.text))
        gold_mask = bytearray(len(document.text))
        for start, end, category, source in document.gold:
            gold_mask[start:end] = b"\x01" * (end - start)
            hit = all(covered[i] for i in range(start, end) if document.text[i].isalnum())
            for key in (f"source:{source}", f"category:{category}"):
                scores.total[key] += 1
                scores.found[key] += hit
            if not hit:
                scores.misses.append(f"{source}/{category}: {document.text[max(0, start - 30) : end + 20]!r}")
        for span in spans:
            inside = sum(gold_mask[span.start : span.end])
            scores.redacted_chars += span.end - span.start
            scores.correct_chars += inside
            if span.source == "name":
                scores.name_chars += span.end - span.start
                scores.name_correct_chars += inside
            if inside < span.end - span.start:
                context = document.text[max(0, span.start - 25) : span.end + 25]
                scores.false_positives.append(f"{span.source}/{span.category}: {context!r}")
    return scores
