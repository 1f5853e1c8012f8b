"""The values the redaction library takes and returns: known identifiers, spans, hits, errors."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field, fields

MAX_TEXT_LENGTH = 1_000_000

CATEGORIES: tuple[str, ...] = (
    "child",
    "parent",
    "person",
    "date_of_birth",
    "school",
    "address",
    "postcode",
    "nhs_number",
    "upn",
    "phone",
    "email",
    "nino",
    "other",
)
# A surname (or any part of a name) that several people of the case share, in different roles: the child's
# surname in "Mrs O'Connor" is the mother's too, so neither [child] nor [parent] would be true of it. Proposed by
# the engine only; it is not among the CATEGORIES a person chooses from.
FAMILY_NAME = "family_name"
ALL_CATEGORIES: tuple[str, ...] = (*CATEGORIES, FAMILY_NAME)
SOURCES: tuple[str, ...] = ("known", "pattern", "name", "manual")

# What a reader sees in place of each category.
LABELS: dict[str, str] = {
    "child": "[child]",
    "parent": "[parent]",
    "person": "[person]",
    "date_of_birth": "[date of birth]",
    "school": "[school]",
    "address": "[address]",
    "postcode": "[postcode]",
    "nhs_number": "[NHS number]",
    "upn": "[UPN]",
    "phone": "[phone number]",
    "email": "[email address]",
    "nino": "[National Insurance number]",
    "other": "[redacted]",
    FAMILY_NAME: "[family name]",
}


class TextTooLong(ValueError):
    """The text is longer than the library accepts (MAX_TEXT_LENGTH characters)."""


def check_length(text: str) -> None:
    """Raise TextTooLong for texts over MAX_TEXT_LENGTH characters (a bound on time and memory per call)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if len(text) > MAX_TEXT_LENGTH:
        raise TextTooLong(f"text is {len(text):,} characters; the limit is {MAX_TEXT_LENGTH:,}")


@dataclass
class Known:
    """The identifiers of one case, from its record. Every field is a list of strings; empty means none."""

    child: list[str] = field(default_factory=list)
    child_aliases: list[str] = field(default_factory=list)
    date_of_birth: list[str] = field(default_factory=list)  # ISO dates, YYYY-MM-DD
    parents: list[str] = field(default_factory=list)
    other_people: list[str] = field(default_factory=list)
    school: list[str] = field(default_factory=list)
    address: list[str] = field(default_factory=list)
    postcode: list[str] = field(default_factory=list)
    nhs_number: list[str] = field(default_factory=list)
    upn: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for f in fields(self):
            values = getattr(self, f.name)
            if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
                raise ValueError(f"Known.{f.name} must be a list of strings")
            setattr(self, f.name, [v for v in values if v.strip()])
        for value in self.date_of_birth:
            try:
                datetime.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"Known.date_of_birth: {value!r} is not an ISO date (YYYY-MM-DD)") from None

    @classmethod
    def from_dict(cls, data: dict) -> Known:
        """Build from a mapping of field name to list of strings; missing keys are empty, unknown keys refused."""
        if not isinstance(data, dict):
            raise ValueError("known must be an object of lists of strings")
        unknown = sorted(set(data) - {f.name for f in fields(cls)})
        if unknown:
            raise ValueError(f"unknown known-identifier keys: {', '.join(map(str, unknown))}")
        return cls(**{key: list(value) if isinstance(value, list) else value for key, value in data.items()})

    def to_dict(self) -> dict[str, list[str]]:
        return {key: list(values) for key, values in asdict(self).items()}

    def key(self) -> tuple[tuple[str, ...], ...]:
        """A hashable form, for caching the matcher compiled from it."""
        return tuple(tuple(getattr(self, f.name)) for f in fields(self))


@dataclass(frozen=True, order=True)
class Span:
    """Characters [start, end) of the original text to replace by the label of ``category``."""

    start: int
    end: int
    category: str
    source: str

    def to_dict(self) -> dict[str, int | str]:
        return {"start": self.start, "end": self.end, "category": self.category, "source": self.source}


@dataclass(frozen=True, order=True)
class Hit:
    """An identifier found by the leak gate or the name detector; ``text`` is what matched."""

    start: int
    end: int
    category: str
    source: str
    text: str

    def to_dict(self) -> dict[str, int | str]:
        return {**asdict(self)}


@dataclass(frozen=True)
class Redaction:
    """The redacted text and the spans of the original text it replaced."""

    text: str
    spans: list[Span]
