"""propose, apply, redact, check and names: the redaction engine the app's services call."""

from __future__ import annotations

import bisect
import re

from .matching import known_matcher
from .model import ALL_CATEGORIES, FAMILY_NAME, LABELS, SOURCES, Hit, Known, Redaction, Span, check_length
from .names import find_names
from .patterns import find_patterns
from .text import View, view

# Labels already in a text are never redacted again: that is what makes redaction idempotent.
_LABEL = re.compile("|".join(re.escape(label) for label in sorted(set(LABELS.values()), key=len, reverse=True)))
_SOURCE_RANK = {source: rank for rank, source in enumerate(SOURCES)}
_CATEGORY_RANK = {category: rank for rank, category in enumerate(ALL_CATEGORIES)}
_PERSON_NAMES = ("child", "parent", "person", FAMILY_NAME)
_PERSON_LABELS = frozenset(LABELS[category] for category in _PERSON_NAMES)
# Identifiers that contain others: an e-mail address made of the family's names is one identifier.
_CONTAINERS = ("email",)
_WORD_CHAR = re.compile(r"[^\W_]")
# Between two spans of one label, only these may be dropped when the labels merge.
_MERGEABLE_GAP = re.compile(r"[\s\-]*")

Sourced = tuple[int, int, str, str]  # start, end, category, source (view offsets)


class _Taken:
    """Sorted, disjoint intervals already given to a span (or a label), to cut later candidates around."""

    def __init__(self, intervals: list[tuple[int, int]]) -> None:
        self.starts = [s for s, _ in intervals]
        self.ends = [e for _, e in intervals]

    def free_pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        pieces = []
        index = bisect.bisect_right(self.ends, start)
        position = start
        while index < len(self.starts) and self.starts[index] < end:
            if self.starts[index] > position:
                pieces.append((position, self.starts[index]))
            position = max(position, self.ends[index])
            index += 1
        if position < end:
            pieces.append((position, end))
        return pieces

    def add(self, start: int, end: int) -> None:
        index = bisect.bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The piece without its leading and trailing spaces and punctuation; None if no letter or digit is left."""
    while start < end and not _WORD_CHAR.match(text, start):
        start += 1
    while end > start and not _WORD_CHAR.match(text, end - 1):
        end -= 1
    return (start, end) if start < end else None


def _resolve(text: str, candidates: list[Sourced]) -> list[Sourced]:
    """Non-overlapping spans: known beats pattern beats name, then longer beats shorter, then earlier.

    A candidate that overlaps a stronger one keeps what is left of it ("Dr Sarah Ellis" where "Ellis" is a known
    parent leaves "Sarah" to the name detector), so nothing a weaker detector found is dropped whole.
    """
    taken = _Taken([m.span() for m in _LABEL.finditer(text)])
    ordered = sorted(set(candidates), key=lambda c: (_SOURCE_RANK[c[3]], c[0] - c[1], c[0], _CATEGORY_RANK[c[2]]))
    accepted: list[Sourced] = []
    for start, end, category, source in ordered:
        for piece in taken.free_pieces(start, end):
            trimmed = _trim(text, *piece) if piece != (start, end) else piece
            if trimmed:
                taken.add(*trimmed)
                accepted.append((*trimmed, category, source))
    return sorted(accepted)


def _absorb(known_found: list[tuple[int, int, str]], patterns: list[tuple[int, int, str]]) -> list[Sourced]:
    """Pattern candidates, each container (an e-mail address) taking in the known identifiers inside it.

    ``marnie.brown@example.org`` is one identifier: one span, one label, rather than
    ``[child].[parent]@[email address]``. A container that took in a known identifier has the source ``known``.
    The known identifiers taken in are removed from ``known_found``.
    """
    candidates: list[Sourced] = []
    for start, end, category in patterns:
        source = "pattern"
        if category in _CONTAINERS:
            inside = [k for k in known_found if start <= k[0] and k[1] <= end]
            if inside:
                source = "known"
                known_found[:] = [k for k in known_found if not (start <= k[0] and k[1] <= end)]
        candidates.append((start, end, category, source))
    return candidates


def _candidates(folded: View, known: Known, with_names: bool) -> list[Sourced]:
    text = folded.text
    known_found = known_matcher(known).find(folded)
    pattern_candidates = _absorb(known_found, find_patterns(text))
    candidates: list[Sourced] = [(s, e, c, "known") for s, e, c in known_found] + pattern_candidates
    if with_names:
        name_spans = [(s, e) for s, e, c in known_found if c in _PERSON_NAMES]
        name_spans += [m.span() for m in _LABEL.finditer(text) if m.group() in _PERSON_LABELS]
        candidates += [(s, e, c, "name") for s, e, c in find_names(text, name_spans)]
    return candidates


def propose(text: str, known: Known) -> list[Span]:
    """All proposed spans (known identifiers, pattern detectors, name detector): sorted and non-overlapping.

    Raises TextTooLong over MAX_TEXT_LENGTH characters.
    """
    check_length(text)
    folded = view(text)
    resolved = _resolve(folded.text, _candidates(folded, known, with_names=True))
    return [Span(*folded.span(s, e), category, source) for s, e, category, source in resolved]


def _validate(text: str, spans: list[Span]) -> list[Span]:
    ordered = []
    for span in spans:
        if not isinstance(span, Span):
            raise ValueError(f"not a Span: {span!r}")
        if not (isinstance(span.start, int) and isinstance(span.end, int)) or isinstance(span.start, bool):
            raise ValueError(f"span offsets must be integers: {span!r}")
        if not 0 <= span.start < span.end <= len(text):
            raise ValueError(f"span {span.start}-{span.end} is outside the text (0-{len(text)}) or empty")
        if span.category not in LABELS:
            raise ValueError(f"unknown span category {span.category!r}")
        if span.source not in _SOURCE_RANK:
            raise ValueError(f"unknown span source {span.source!r}")
        ordered.append(span)
    ordered.sort()
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.start < before.end:
            raise ValueError(f"spans {before.start}-{before.end} and {after.start}-{after.end} overlap")
    return ordered


def apply(text: str, spans: list[Span]) -> str:
    """The text with each span replaced by its category's label; neighbouring spans of one label merge.

    Raises ValueError for a span out of range, overlapping another, or of unknown category or source, and
    TextTooLong over MAX_TEXT_LENGTH characters.
    """
    check_length(text)
    out: list[str] = []
    position = 0
    for span in _validate(text, spans):
        label = LABELS[span.category]
        gap = text[position : span.start]
        if out and out[-1] == label and _MERGEABLE_GAP.fullmatch(gap):
            position = span.end
            continue
        out.append(gap)
        out.append(label)
        position = span.end
    out.append(text[position:])
    return "".join(out)


def redact(text: str, known: Known) -> Redaction:
    """apply(text, propose(text, known)), with the spans it applied."""
    spans = propose(text, known)
    return Redaction(apply(text, spans), spans)


def _hits(text: str, folded: View, resolved: list[Sourced]) -> list[Hit]:
    hits = []
    for start, end, category, source in resolved:
        start, end = folded.span(start, end)
        hits.append(Hit(start, end, category, source, text[start:end]))
    return hits


def check(text: str, known: Known) -> list[Hit]:
    """The leak gate: every known identifier (any variant) or pattern-detector hit left in a redacted text.

    Labels are never hits, nor are name-detector proposals (see ``names``). An empty list means the text passes.
    Raises TextTooLong over MAX_TEXT_LENGTH characters.
    """
    check_length(text)
    folded = view(text)
    return _hits(text, folded, _resolve(folded.text, _candidates(folded, known, with_names=False)))


def to_confirm(text: str, known: Known) -> list[Hit]:
    """Every occurrence of a known name that is also an English word (Will, Grace, May, Precious) that ``propose``
    left in place because it did not read as a name there ("the panel will", "a precious gift"), for the reviewer
    to confirm one by one before approving. Not a gate failure. Raises TextTooLong as ``propose``."""
    check_length(text)
    folded = view(text)
    candidates = known_matcher(known).find_name_words(folded)
    if not candidates:
        return []
    redacted = _Taken([(s, e) for s, e, _, _ in _resolve(folded.text, _candidates(folded, known, with_names=True))])
    left = [(s, e, c, "known") for s, e, c in candidates if _taken_nothing(redacted, s, e)]
    return _hits(text, folded, left)


def _taken_nothing(taken: _Taken, start: int, end: int) -> bool:
    return taken.free_pieces(start, end) == [(start, end)]


def names(text: str) -> list[Hit]:
    """The name detector's proposals in a text (other people's names for a reviewer to look at); not a gate."""
    check_length(text)
    folded = view(text)
    label_names = [m.span() for m in _LABEL.finditer(folded.text) if m.group() in _PERSON_LABELS]
    found = [(s, e, c, "name") for s, e, c in find_names(folded.text, label_names)]
    return _hits(text, folded, _resolve(folded.text, found))
