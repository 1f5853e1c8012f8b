"""Redaction of panel decisions: a pure library (no Flask, no database, nothing else from the project).

The public API, which the app's services call and which stays stable:

``Known``
    The identifiers of one case, from its record: list-of-str fields ``child``, ``child_aliases``,
    ``date_of_birth`` (ISO dates ``YYYY-MM-DD``), ``parents``, ``other_people``, ``school``, ``address``,
    ``postcode``, ``nhs_number``, ``upn``, ``other``. ``Known.from_dict(d)`` (missing keys are empty, unknown keys
    raise ValueError) and ``.to_dict()``.
``Span``
    Frozen ``(start, end, category, source)``: offsets into the original text; ``category`` one of
    ``ALL_CATEGORIES`` (``CATEGORIES``, which a person chooses from, and ``family_name``, proposed for a name
    part that people of the case share in different roles), ``source`` one of ``SOURCES`` (``known``,
    ``pattern``, ``name``, ``manual``). ``.to_dict()``.
``propose(text, known) -> list[Span]``
    Every proposed span (known identifiers and their variants, pattern detectors, name detector), sorted and
    non-overlapping; overlaps are resolved known > pattern > name, then longer > shorter; an e-mail address
    takes in the known names it is made of (one span, labelled ``[email address]``).
``apply(text, spans) -> str``
    The redacted text: each span replaced by its label (``LABELS``), neighbouring spans of one label merged.
    Raises ValueError for spans out of range, overlapping, or of unknown category or source.
``redact(text, known) -> Redaction``
    ``Redaction(text=apply(text, propose(text, known)), spans=...)``. Redacting a redacted text changes nothing.
``check(text, known) -> list[Hit]``
    The leak gate: every known identifier or pattern-detector hit (NHS number, UPN, postcode, phone, e-mail,
    NI number) left in a text that should already be redacted. Labels are never hits. Empty means it may publish.
``names(text) -> list[Hit]``
    The name detector's proposals (other people's names) for the reviewer; not a gate failure.
``to_confirm(text, known) -> list[Hit]``
    Every occurrence of a known name that is also an English word (Will, Grace, May, Precious) that ``propose``
    left in place, for the reviewer to confirm one by one; not a gate failure.
``Hit``
    Frozen ``(start, end, category, source, text)``. ``.to_dict()``.
``TextTooLong``
    A ValueError raised by all of the above for texts over ``MAX_TEXT_LENGTH`` (1,000,000) characters.

The command line (``python -m panelrecords.redaction --help``) exposes ``redact`` and ``check`` over JSON lines.
See docs/redaction.md.
"""

from .engine import apply, check, names, propose, redact, to_confirm
from .model import (
    ALL_CATEGORIES,
    CATEGORIES,
    FAMILY_NAME,
    LABELS,
    MAX_TEXT_LENGTH,
    SOURCES,
    Hit,
    Known,
    Redaction,
    Span,
    TextTooLong,
)

__all__ = [
    "ALL_CATEGORIES",
    "CATEGORIES",
    "FAMILY_NAME",
    "LABELS",
    "MAX_TEXT_LENGTH",
    "SOURCES",
    "Hit",
    "Known",
    "Redaction",
    "Span",
    "TextTooLong",
    "apply",
    "check",
    "names",
    "propose",
    "redact",
    "to_confirm",
]
