"""The distinctive identifiers of every case, in two Aho–Corasick automata, for the leak gate.

A text about one child can name another, so the gate checks every public string against every case, not only
the cases the record is about. Scanning 10,000 cases' identifiers one by one would take seconds; the automata
find all of them in one pass over the text (``bench/gate_bench.py``: a 600-word text against 10,000 cases).

What counts, and why:

- **On its own** (a hit wherever it appears): the child's and the parents' full names (two words or more), the
  first line of the address, the NHS number and the UPN.
- **Together** (hits only when two of them of the same case appear in one text): the date of birth (written
  in the common ways), the postcode and the school. Each alone is shared by many children — every date in a
  decade is somebody's birthday — but two of them together point at one child.

Text and identifiers are compared after the same normalisation: Unicode NFKC, case folded, every run of
characters that are neither letters nor digits read as one space (so ``O'Connor``, ``O Connor`` and
``o-connor`` are the same words), and numbers also with their spaces removed (``943 476 5919``).
The automata are rebuilt when the cases change: a cheap fingerprint query (count, highest id, latest change)
is compared on each use.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import ahocorasick
from sqlalchemy import func, select

from panelrecords import redaction
from panelrecords.extensions import db
from panelrecords.models.cases import Case

_TOKEN = re.compile(r"[^\W_]+")
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_ORDINAL = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
STRONG_CATEGORIES = ("child", "parent", "address", "nhs_number", "upn")
TOGETHER_CATEGORIES = ("date_of_birth", "postcode", "school")


@dataclass(frozen=True)
class _Tokens:
    """A text's words (letters and digits) with their offsets in the original text."""

    words: list[str]
    starts: list[int]
    ends: list[int]


def _tokens(text: str) -> _Tokens:
    if text.isascii() or (unicodedata.is_normalized("NFKC", text) and len(lowered := text.lower()) == len(text)):
        matches = list(_TOKEN.finditer(text.lower() if text.isascii() else lowered))
        return _Tokens([m.group() for m in matches], [m.start() for m in matches], [m.end() for m in matches])
    # Normalise character by character so every normalised character maps back to its original offset.
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for folded in unicodedata.normalize("NFKC", char).casefold():
            chars.append(folded)
            origin.append(index)
    normal = "".join(chars)
    matches = list(_TOKEN.finditer(normal))
    return _Tokens(
        [m.group() for m in matches], [origin[m.start()] for m in matches], [origin[m.end() - 1] + 1 for m in matches]
    )


def words_form(value: str) -> str:
    """An identifier as the words view of a text holds it: `` o connor ``, with a space at each end."""
    words = _tokens(value).words
    return f" {' '.join(words)} " if words else ""


def date_forms(iso: str) -> tuple[list[str], list[str]]:
    """The ways a date of birth is written: word forms and compact digit forms."""
    try:
        day = date.fromisoformat(iso.strip())
    except ValueError:
        return [], []
    d, m, y = day.day, day.month, day.year
    month, short = _MONTHS[m - 1], _MONTHS[m - 1][:3]
    ordinal = f"{d}{_ORDINAL.get(d, 'th')}"
    words = set()
    for dd in {str(d), f"{d:02d}", ordinal}:
        for name in {month, short}:
            words |= {f"{dd} {name} {y}", f"{name} {dd} {y}", f"{dd} of {name} {y}", f"{dd} {name} {y % 100:02d}"}
    words |= {f"{dd} {mm} {y}" for dd in {str(d), f"{d:02d}"} for mm in {str(m), f"{m:02d}"}}
    words |= {f"{d:02d} {m:02d} {y % 100:02d}", f"{y} {m:02d} {d:02d}"}
    compact = [f"{d:02d}{m:02d}{y}", f"{y}{m:02d}{d:02d}"]
    return [f" {w} " for w in sorted(words)], compact


def _full_names(values: list[str]) -> list[str]:
    return [form for value in values if len((form := words_form(value)).split()) >= 2]


def case_forms(known: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """(form, view, category) of one case's distinctive identifiers; view is ``words`` or ``compact``."""
    forms: list[tuple[str, str, str]] = []
    forms += [(f, "words", "child") for f in _full_names(known.get("child", []) + known.get("child_aliases", []))]
    forms += [(f, "words", "parent") for f in _full_names(known.get("parents", []))]
    for address in known.get("address", []):
        first_line = words_form(address.split(",")[0])
        if len(first_line.split()) >= 2:
            forms.append((first_line, "words", "address"))
    for value in known.get("nhs_number", []):
        digits = re.sub(r"\D", "", value)
        if len(digits) == 10:
            forms.append((digits, "compact", "nhs_number"))
    for value in known.get("upn", []):
        compact = re.sub(r"[^0-9a-z]", "", value.lower())
        if len(compact) == 13:
            forms.append((compact, "compact", "upn"))
    for value in known.get("date_of_birth", []):
        words, compact = date_forms(value)
        forms += [(f, "words", "date_of_birth") for f in words] + [(f, "compact", "date_of_birth") for f in compact]
    for value in known.get("postcode", []):
        compact = re.sub(r"[^0-9a-z]", "", value.lower())
        if len(compact) >= 5:
            forms += [(words_form(value), "words", "postcode"), (f" {compact} ", "words", "postcode")]
    for school in known.get("school", []):
        form = words_form(school)
        if len(form.split()) >= 2:
            forms.append((form, "words", "school"))
    return [(form, view, category) for form, view, category in forms if form.strip()]


class IdentifierIndex:
    """Finds any case's distinctive identifiers in a text in one pass per view; updated case by case."""

    def __init__(self, cases: list[tuple[int, dict[str, list[str]]]] = ()):
        self._forms: dict[int, list[tuple[str, str, str]]] = {}  # case id -> its (form, view, category)
        self._entries: dict[str, dict[str, dict[tuple[str, int], None]]] = {"words": {}, "compact": {}}
        self._automata = {"words": ahocorasick.Automaton(), "compact": ahocorasick.Automaton()}
        self.update(cases, [])

    @property
    def size(self) -> int:
        return len(self._forms)

    def update(self, changed: list[tuple[int, dict[str, list[str]]]], removed: list[int]) -> None:
        """Put the changed cases' identifiers in (replacing what they had) and take the removed cases' out."""
        touched: dict[str, set[str]] = {"words": set(), "compact": set()}
        for case_id in [*removed, *(case_id for case_id, _known in changed)]:
            for form, view, category in self._forms.pop(case_id, []):
                self._entries[view][form].pop((category, case_id), None)
                touched[view].add(form)
        for case_id, known in changed:
            forms = list(dict.fromkeys(case_forms(known)))
            self._forms[case_id] = forms
            for form, view, category in forms:
                self._entries[view].setdefault(form, {})[(category, case_id)] = None
                touched[view].add(form)
        for view, forms in touched.items():
            automaton = self._automata[view]
            for form in forms:
                entries = self._entries[view].get(form)
                if entries:
                    by_category: dict[str, set[int]] = defaultdict(set)
                    for category, case_id in entries:
                        by_category[category].add(case_id)
                    value = tuple((category, frozenset(ids)) for category, ids in by_category.items())
                    automaton.add_word(form, (len(form), value))
                else:
                    self._entries[view].pop(form, None)
                    if form in automaton:
                        automaton.remove_word(form)
            if forms and len(automaton):
                automaton.make_automaton()

    def find(self, text: str) -> list[redaction.Hit]:
        if not self._forms or not text:
            return []
        tokens = _tokens(text)
        if not tokens.words:
            return []
        matches: list[tuple[int, int, str, frozenset[int]]] = []  # first token, last token, category, cases
        if len(self._automata["words"]):
            view = f" {' '.join(tokens.words)} "
            starts = []  # where each word starts in the view
            position = 1
            for word in tokens.words:
                starts.append(position)
                position += len(word) + 1
            for end, (length, values) in self._automata["words"].iter(view):
                first = bisect_right(starts, end - length + 2) - 1  # the word after the leading space
                last = bisect_right(starts, end - 1) - 1
                matches += [(first, last, category, cases) for category, cases in values]
        if len(self._automata["compact"]):
            view = "".join(tokens.words)
            starts, position = [], 0
            for word in tokens.words:
                starts.append(position)
                position += len(word)
            boundaries = set(starts) | {position}
            for end, (length, values) in self._automata["compact"].iter(view):
                begin = end - length + 1
                if begin in boundaries and end + 1 in boundaries:
                    first, last = bisect_right(starts, begin) - 1, bisect_right(starts, end) - 1
                    matches += [(first, last, category, cases) for category, cases in values]
        return self._hits(text, tokens, matches)

    @staticmethod
    def _hits(text: str, tokens: _Tokens, matches) -> list[redaction.Hit]:
        together: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        chosen: dict[tuple[int, int, str], None] = {}
        for first, last, category, cases in matches:
            if category in STRONG_CATEGORIES:
                chosen[(first, last, category)] = None
            else:
                for case_id in cases:
                    together[case_id].append((first, last, category))
        for found in together.values():
            if len({category for _first, _last, category in found}) >= 2:
                chosen.update(dict.fromkeys(found))
        hits = []
        for first, last, category in sorted(chosen):
            start, end = tokens.starts[first], tokens.ends[last]
            hits.append(redaction.Hit(start, end, category, "known", text[start:end]))
        return hits


_lock = threading.Lock()
_cache: dict[str, dict] = {}  # database URL -> {"fingerprint", "index", "changed": {case id: changed at}}


def _fingerprint() -> tuple:
    return tuple(
        db.session.execute(select(func.count(Case.id), func.max(Case.id), func.max(Case.identifiers_changed_at))).one()
    )


def current() -> IdentifierIndex:
    """The index of every case's identifiers as the database holds them now.

    A cheap fingerprint query tells whether any case changed; if one did, only the cases added, changed or
    deleted since are read (and decrypted) again.
    """
    url = str(db.engine.url)
    fingerprint = _fingerprint()
    with _lock:
        state = _cache.setdefault(url, {"fingerprint": None, "index": IdentifierIndex(), "changed": {}})
        if state["fingerprint"] == fingerprint:
            return state["index"]
        stamps = dict(db.session.execute(select(Case.id, Case.identifiers_changed_at)).all())
        seen = state["changed"]
        changed_ids = [case_id for case_id, stamp in stamps.items() if seen.get(case_id, False) != stamp]
        removed = [case_id for case_id in seen if case_id not in stamps]
        changed = []
        for start in range(0, len(changed_ids), 1000):
            batch = changed_ids[start : start + 1000]
            rows = db.session.execute(select(Case.id, Case.identifiers_json).where(Case.id.in_(batch))).all()
            changed += [(case_id, json.loads(stored or "{}")) for case_id, stored in rows]
        state["index"].update(changed, removed)
        state["changed"] = stamps
        state["fingerprint"] = fingerprint
        return state["index"]


def find(text: str) -> list[redaction.Hit]:
    return current().find(text)
