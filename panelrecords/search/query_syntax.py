"""The archive's query syntax read into a tree, for backends that do not parse it themselves (PostgreSQL).

The syntax is the one the Whoosh backend's parser reads: words (all must match), ``"quoted phrases"``,
``word*`` prefixes (at least 3 letters), ``AND``, ``OR``, ``NOT``, ``ANDNOT`` and brackets. Precedence is
Whoosh's: ``NOT`` binds tightest, then ``AND``, then ``OR``, then the implicit AND between neighbours
(``a b OR c`` is ``a AND (b OR c)``). A query that cannot be read raises ``QueryError`` with the same words the
Whoosh backend uses. Pure: no database, no Flask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from panelrecords.languages import N_
from panelrecords.search.backend import QueryError

UNREADABLE = N_("Check AND, OR and NOT in your search: each needs words on both sides, like autism NOT placement")
UNCLOSED = N_("Close the quotation marks around your phrase")
BRACKETS = N_("Check the brackets in your search: each ( needs a )")
SHORT_PREFIX = N_("Type at least 3 letters before * or ?")
NO_WORDS = N_("Enter words to search for: your search has only operators or very common words")

_TOKEN = re.compile(r'"[^"]*"|[()]|[^\s()"]+')
_PREFIX_MIN = re.compile(r"(?:^|[\s(\"])([^\s*?()\"]{0,2})[*?]")
_INFIX = ("AND", "OR", "ANDNOT", "ANDMAYBE")


@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Prefix:
    text: str  # the letters before the first * or ?, as typed


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]


Node = Word | Phrase | Prefix | Not | And | Or


def parse(text: str) -> Node | None:
    """The tree of ``text``, or ``None`` for an empty query (every record). Raises ``QueryError``."""
    text = (text or "").strip()
    if not text:
        return None
    if text.count('"') % 2:
        raise QueryError(UNCLOSED)
    if text.count("(") != text.count(")"):
        raise QueryError(BRACKETS)
    for match in _PREFIX_MIN.finditer(text):
        if len(match.group(1)) < 3:
            raise QueryError(SHORT_PREFIX)
    tokens = _TOKEN.findall(text)
    node, end = _group(tokens, 0)
    if end != len(tokens):
        raise QueryError(BRACKETS)
    if node is None or _only_negative(node):
        raise QueryError(NO_WORDS)
    return node


def _leaf(token: str) -> Node | None:
    if token.startswith('"'):
        inner = token[1:-1].strip()
        return Phrase(inner) if inner else None
    wildcard = min((i for i in (token.find("*"), token.find("?")) if i >= 0), default=-1)
    if wildcard >= 0:
        stem = token[:wildcard]
        if not any(c.isalnum() for c in stem):
            raise QueryError(SHORT_PREFIX)
        return Prefix(stem)
    return Word(token)


def _group(tokens: list[str], start: int) -> tuple[Node | None, int]:
    """Read from ``start`` to the matching ``)`` (or the end); returns the node and where reading stopped."""
    items: list[Node | str] = []
    index = start
    while index < len(tokens):
        token = tokens[index]
        if token == ")":
            if start == 0:
                raise QueryError(BRACKETS)
            return _combine(items), index + 1
        if token == "(":
            node, index = _group(tokens, index + 1)
            if node is not None:
                items.append(node)
            continue
        if token == "NOT" or (token in _INFIX and _between_words(tokens, index)):
            items.append(token)
        else:
            leaf = _leaf(token)
            if leaf is not None:
                items.append(leaf)
        index += 1
    if start != 0:
        raise QueryError(BRACKETS)
    return _combine(items), index


def _between_words(tokens: list[str], index: int) -> bool:
    """AND and OR are operators only with something on both sides (as in Whoosh, where each needs a space before
    and after): a query that is only "AND" is the word "and", which is too common to search for."""
    return 0 < index < len(tokens) - 1 and tokens[index - 1] != "(" and tokens[index + 1] != ")"


def _combine(items: list[Node | str]) -> Node | None:
    if not items:
        return None
    # NOT: a prefix operator on the item after it.
    out: list[Node | str] = []
    index = 0
    while index < len(items):
        item = items[index]
        if item == "NOT":
            operand = items[index + 1] if index + 1 < len(items) else None
            if operand is None or isinstance(operand, str):
                raise QueryError(UNREADABLE)
            out.append(Not(operand))
            index += 2
            continue
        out.append(item)
        index += 1
    for operator in ("AND", "ANDNOT", "ANDMAYBE", "OR"):
        out = _infix(out, operator)
    if any(isinstance(item, str) for item in out):
        raise QueryError(UNREADABLE)
    nodes: list[Node] = [item for item in out if not isinstance(item, str)]
    return nodes[0] if len(nodes) == 1 else And(tuple(nodes))


def _infix(items: list[Node | str], operator: str) -> list[Node | str]:
    """Join ``left OPERATOR right`` runs, left to right."""
    out: list[Node | str] = []
    index = 0
    while index < len(items):
        item = items[index]
        if item != operator:
            out.append(item)
            index += 1
            continue
        left = out.pop() if out else None
        right = items[index + 1] if index + 1 < len(items) else None
        if left is None or right is None or isinstance(left, str) or isinstance(right, str):
            raise QueryError(UNREADABLE)
        if operator == "OR":
            joined: Node = Or((*left.nodes, right)) if isinstance(left, Or) else Or((left, right))
        elif operator == "ANDNOT":
            joined = And((left, Not(right)))
        elif operator == "ANDMAYBE":
            joined = left  # the right side only raises the score in Whoosh; here it is not required
        else:
            joined = And((*left.nodes, right)) if isinstance(left, And) else And((left, right))
        out.append(joined)
        index += 2
    return out


def _only_negative(node: Node) -> bool:
    """A query that only excludes (NOT autism) would list everything else: ask for words instead."""
    if isinstance(node, Not):
        return True
    if isinstance(node, And | Or):
        return all(isinstance(child, Not) for child in node.nodes)
    return False
