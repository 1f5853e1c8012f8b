"""The one leak gate: nothing public is written while any public string still holds an identifier.

Every public string of every kind (decisions, minutes, board profiles, notes, withdrawal reasons, action
updates, the text of public papers) is checked against

- the pattern detectors and the known identifiers, with all their variants, of the cases the record is about
  (``redaction.check``), and
- the distinctive identifiers of **every** case in the database (``identifiers.find``): a text about one child
  can name another.

On a hit the gate raises ``LeakFound``; ``services.common.atomic`` rolls the use case back and then records the
one ``publication.refused`` audit event, so a refusal writes nothing but that event.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from panelrecords import redaction
from panelrecords.errors import DomainError
from panelrecords.publishing import identifiers
from panelrecords.services import Actor, audit

MAX_HITS_AUDITED = 50


_FIELD_WORDS = {
    "title": "the title",
    "summary": "the summary",
    "reasons": "the reasons",
    "departure_reason": "why the panel departed from its findings",
    "dissent": "the dissent",
    "next_steps": "the next steps",
    "appeal_rights": "the appeal rights",
    "parent_rep_observations": "the parent carer representatives' observations",
    "minutes": "the minutes",
    "discussion_markdown": "the minutes of an item",
    "decisions": "the decisions of an item",
    "description": "a description",
    "terms_of_reference": "the terms of reference",
    "name": "a name",
    "who": "a declaration",
    "what": "a declaration",
    "update": "an action's latest update",
    "owner": "an action's owner",
    "correction_note": "the correction note",
    "withdrawn_reason": "the reason for withdrawing",
    "reason": "the reason for withdrawing",
}
_CATEGORY_WORDS = {
    "date_of_birth": "date of birth",
    "nhs_number": "NHS number",
    "upn": "pupil number",
    "nino": "NI number",
}


def field_words(path: str) -> str:
    """A public field's place in plain words: ``facts.items[1].discussion_markdown`` → "the minutes of an item"."""
    if not path.startswith(("texts", "facts", "title", "summary")) and "." not in path and "[" not in path:
        return _FIELD_WORDS.get(path, path.replace("_", " "))
    last = path.split(".")[-1].split("[")[0]
    return _FIELD_WORDS.get(last, last.replace("_", " ") if last else path)


class LeakFound(DomainError):
    """The leak gate found identifiers in a public field: nothing was published."""

    status = 409
    code = "leak_found"

    def __init__(self, hits: list[tuple[str, redaction.Hit]], *, source: tuple[str, object] | None = None, by=None):
        fields = sorted({name for name, _hit in hits})
        places = list(dict.fromkeys(field_words(name) for name in fields))
        kinds = sorted({_CATEGORY_WORDS.get(hit.category, hit.category.replace("_", " ")) for _name, hit in hits})
        super().__init__(
            f"Publication stopped: {len(hits)} possible identifier{'s' if len(hits) != 1 else ''} "
            f"({', '.join(kinds)}) remain in {', '.join(places)}. Redact them and try again",
            fields[0] if fields else None,
        )
        self.hits = hits
        self.source = source
        self.by = by

    def record_refusal(self) -> None:
        """The refusal's audit event, written by ``atomic`` after the use case has been rolled back."""
        if self.source is None or self.by is None:
            return
        source_type, source_id = self.source
        audit.record(
            "publication.refused",
            source_type,
            source_id,
            by=self.by,
            detail={"hits": [[name, hit.category, hit.source] for name, hit in self.hits][:MAX_HITS_AUDITED]},
        )


def strings_in(value, path: str) -> Iterator[tuple[str, str]]:
    """Every string inside nested dicts and lists, with its path (``facts.attendance[0].name``)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from strings_in(item, f"{path}[{index}]")


def find(strings: Iterable[tuple[str, str]], known: Iterable[redaction.Known] = ()) -> list[tuple[str, redaction.Hit]]:
    """Every identifier left in the strings: the given cases' identifiers and patterns, and any case's."""
    knowns = list(known) or [redaction.Known()]
    index = identifiers.current()
    hits: list[tuple[str, redaction.Hit]] = []
    for name, text in strings:
        if not text:
            continue
        for known_identifiers in knowns:
            hits.extend((name, hit) for hit in redaction.check(text, known_identifiers))
        hits.extend((name, hit) for hit in index.find(text))
    return hits


def require_clean(
    strings: Iterable[tuple[str, str]],
    *,
    known: Iterable[redaction.Known] = (),
    source: tuple[str, object],
    by: Actor,
) -> None:
    """Raise ``LeakFound`` if any string holds an identifier; the refusal is audited against ``source``."""
    hits = find(strings, known)
    if hits:
        raise LeakFound(hits, source=source, by=by)
