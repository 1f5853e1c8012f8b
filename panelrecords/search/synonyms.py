"""The synonym and abbreviation list families and professionals use (``synonyms.txt``), applied at query time.

``expand`` rewrites a query so that each word or phrase of a group also finds the group's other terms
("EHCP" -> ``(EHCP OR "ehc plan" OR …)``); every backend parses the expanded text (``SearchBackend.query_text``).
``did_you_mean`` suggests, for a word the index does not hold, the closest word of the archive's own domain
vocabulary (every term in the file), never an unrelated English word. Pure: no Flask, no index.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("synonyms.txt")
OPERATORS = {"AND", "OR", "NOT"}
_TOKEN = re.compile(r'"[^"]*"|[()]|[^\s()"]+')
_WORD = re.compile(r"[a-z0-9][a-z0-9'’\-]*")


def _normal(term: str) -> str:
    """Lower case, punctuation other than hyphens and brackets as spaces, single spaces."""
    term = term.lower().replace("’", "'")
    term = re.sub(r"[^a-z0-9()'\-]+", " ", term)
    return " ".join(term.split())


@lru_cache(maxsize=4)
def load(path: Path = DATA) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """(term -> the terms of its group, the domain vocabulary of single words) from the data file."""
    groups: dict[str, tuple[str, ...]] = {}
    vocabulary: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        terms = tuple(dict.fromkeys(t for t in (_normal(part) for part in line.split(",")) if t))
        for term in terms:
            vocabulary.update(w for w in term.split() if len(w) >= 3 and w.isalpha())
            if len(terms) > 1:
                groups[term] = tuple(dict.fromkeys(groups.get(term, ()) + terms))
    return groups, frozenset(vocabulary)


def _longest() -> int:
    groups, _vocabulary = load()
    return max((len(term.split()) for term in groups), default=1)


def _quoted(term: str) -> str:
    return f'"{term}"' if (" " in term or "-" in term or "(" in term) else term


def _group(term: str) -> str | None:
    groups, _vocabulary = load()
    others = groups.get(_normal(term))
    if not others:
        return None
    return "(" + " OR ".join(_quoted(t) for t in others) + ")"


def _is_word(token: str) -> bool:
    return not (token in OPERATORS or token in "()" or token.startswith('"') or "*" in token or "?" in token)


def expand(text: str) -> str:
    """The query with every known term (a word, a run of words, or a quoted phrase) replaced by its group."""
    tokens = _TOKEN.findall(text or "")
    if "".join(tokens) != "".join((text or "").split()):
        return text  # an unclosed quotation mark: left for the parser to explain
    out: list[str] = []
    index = 0
    longest = _longest()
    while index < len(tokens):
        token = tokens[index]
        if token.startswith('"') and token.endswith('"') and len(token) > 1:
            out.append(_group(token[1:-1]) or token)
            index += 1
            continue
        if not _is_word(token):
            out.append(token)
            index += 1
            continue
        for size in range(min(longest, len(tokens) - index), 0, -1):
            run = tokens[index : index + size]
            if not all(_is_word(t) for t in run):
                continue
            group = _group(" ".join(run))
            if group:
                out.append(group)
                index += size
                break
        else:
            out.append(token)
            index += 1
    return " ".join(out)


def did_you_mean(text: str, known: Callable[[str], bool]) -> str | None:
    """``text`` with each word the index does not hold (``known`` is false) replaced by the closest word of the
    domain vocabulary that it does hold, or ``None`` when nothing would change."""
    groups, vocabulary = load()
    changed = False
    out = []
    for token in _TOKEN.findall(text or ""):
        word = token.lower()
        if _is_word(token) and _WORD.fullmatch(word) and len(word) >= 3 and word not in groups and not known(word):
            for candidate in difflib.get_close_matches(word, sorted(vocabulary), n=3, cutoff=0.75):
                if known(candidate) or candidate in groups:
                    out.append(candidate)
                    changed = True
                    break
            else:
                out.append(token)
            continue
        out.append(token)
    return " ".join(out) if changed else None
