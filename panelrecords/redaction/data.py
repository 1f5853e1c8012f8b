"""The word lists shipped in ``data/``, loaded once on first use."""

from __future__ import annotations

from functools import cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def first_names() -> frozenset[str]:
    """Folded lower-case first names (see scripts/build_name_lists.py for the source and licence)."""
    return frozenset(_lines("first_names.txt"))


@cache
def surnames() -> frozenset[str]:
    return frozenset(_lines("surnames.txt"))


@cache
def common_words() -> frozenset[str]:
    """Common English words, plus the words that are also names (Will, Grace, Hope) that need context."""
    return frozenset(_lines("common_words.txt")) | NAME_WORDS


@cache
def nicknames() -> dict[str, frozenset[str]]:
    """Folded name -> its short forms and, the other way round, a short form -> its full names."""
    related: dict[str, set[str]] = {}
    for line in _lines("nicknames.txt"):
        formal, _, shorts = line.partition(":")
        names = {formal.strip(), *(s.strip() for s in shorts.split(",") if s.strip())}
        for short in names - {formal.strip()}:
            related.setdefault(formal.strip(), set()).add(short)
            related.setdefault(short, set()).add(formal.strip())
    return {name: frozenset(others) for name, others in related.items()}


# Names that are also ordinary English words: matched on their own only where used as a name.
NAME_WORDS: frozenset[str] = frozenset(
    """
    will bill mark may june april august summer autumn winter dawn grace hope faith joy charity patience
    prudence mercy honor honour constance felicity rose ruby amber jack lily daisy holly ivy iris violet pearl
    crystal jade sky skye river star storm rain sunny honey precious blessing miracle favour favor gift peace
    comfort promise prince princess king queen duke earl major hunter mason taylor cooper baker cook hill wood
    stone rich frank hardy young white green brown black gray grey long little short small page bell hall
    king knight lane rivers banks fields brook brooks ford dale glen heath moss rush wells west north south
    chase bud buck penny nick pat sue don ray guy bob rob sandy woody cliff art miles norman noble
    earnest ernest victor destiny harmony melody journey liberty justice trinity unity hazel olive poppy
    willow heather fern saffron sage bay cherry clay flint reed rock swift wren robin jay drew
    """.split()
)
