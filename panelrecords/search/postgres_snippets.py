"""Snippets for the PostgreSQL backend: ``ts_headline``'s fragments made to follow the Whoosh backend's rules.

``ts_headline`` reads the body escaped in SQL (``&``, ``<``, ``>``), so the ``<mark>`` tags it adds are the only
markup. Here its fragments are widened to whole words and repeats dropped, "…" marks text left out, and a phrase
that only the synonym list added is marked only where its words stand together (``Marks``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from markupsafe import Markup, escape
from sqlalchemy import text

from panelrecords.extensions import db
from panelrecords.search import query_syntax
from panelrecords.search.backend import Hit

SNIPPET_CHARS = 240
DELIMITER = " … "
# ts_headline's options: constant, never built from input.
HEADLINE = 'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … "'


def escape_text(value: str) -> str:
    """What the backend's SQL does to the body before ``ts_headline`` reads it."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_snippet(body: str) -> Markup:
    text_ = body if len(body) <= SNIPPET_CHARS else body[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return escape(text_)


_WORD_REACH = 30  # how far a fragment's edge may move to reach the end of a word
_MARKED = re.compile(r"<mark>(.*?)</mark>")
# What may stand between two words of a phrase: spaces, punctuation and the words the analyser drops.
_PHRASE_GAP = re.compile(r"^(?:[\W_]|\b(?:and|of|the|a|an|to|for|in|on|or|with)\b)*$", re.IGNORECASE)


def _unmarked(fragment: str) -> str:
    return fragment.replace("<mark>", "").replace("</mark>", "")


def _widened(escaped: str, fragment: str) -> tuple[int, int, str] | None:
    """The fragment's place in the escaped body, its edges moved out to whole words (a fragment never begins or
    ends inside a hyphenated word)."""
    plain = _unmarked(fragment)
    at = escaped.find(plain)
    if at < 0:
        return None
    start, end = at, at + len(plain)
    while start > 0 and not escaped[start - 1].isspace() and at - start < _WORD_REACH:
        start -= 1
    while end < len(escaped) and not escaped[end].isspace() and end - at - len(plain) < _WORD_REACH:
        end += 1
    return start, end, escaped[start:at] + fragment + escaped[at + len(plain) : end]


def snippet(body: str, headline: str | None) -> Markup:
    """``ts_headline``'s fragments (of the escaped body, so its ``<mark>`` tags are the only markup) on word
    boundaries, none repeated, with "…" where text was left out; the start of the body when nothing in it matched."""
    if not headline or "<mark>" not in headline:
        return plain_snippet(body)
    escaped = escape_text(body)
    kept: list[tuple[int, int, str]] = []
    for fragment in headline.split(DELIMITER):
        placed = _widened(escaped, fragment.strip())
        if placed is None:
            continue
        words = " ".join(_unmarked(placed[2]).split())
        if any(words == " ".join(_unmarked(other).split()) for _s, _e, other in kept):
            continue
        kept.append(placed)
    if not kept:
        return plain_snippet(body)
    kept.sort()
    lead = "… " if escaped[: kept[0][0]].strip() else ""
    tail = " …" if escaped[kept[-1][1] :].strip() else ""
    return Markup(lead + DELIMITER.join(part.strip() for _s, _e, part in kept) + tail)  # noqa: S704 (escaped in SQL)


def _leaves(node: query_syntax.Node | None, *, negated: bool = False) -> Iterator[tuple[query_syntax.Node, bool]]:
    if node is None:
        return
    if isinstance(node, query_syntax.Not):
        yield from _leaves(node.node, negated=True)
    elif isinstance(node, query_syntax.And | query_syntax.Or):
        for child in node.nodes:
            yield from _leaves(child, negated=negated)
    else:
        yield node, negated


def _words(text_: str) -> list[str]:
    return re.findall(r"[^\W_]+", text_.lower())


class Marks:
    """Which marked words a snippet keeps. A phrase that only the synonym list added ("ehc plan" for EHCP) is
    marked where its words stand together, never each word wherever it stands ("health" in "health advice");
    what the person typed is marked wherever it matched, as in the Whoosh backend."""

    def __init__(self, typed: query_syntax.Node | None, expanded: query_syntax.Node | None):
        typed_leaves = [leaf for leaf, negated in _leaves(typed) if not negated]
        typed_phrases = {" ".join(_words(leaf.text)) for leaf in typed_leaves if isinstance(leaf, query_syntax.Phrase)}
        self.single: list[str] = [w for leaf in typed_leaves if not isinstance(leaf, query_syntax.Prefix)
                                  for w in _words(leaf.text)]  # fmt: skip
        self.prefixes = [leaf.text.lower() for leaf in typed_leaves if isinstance(leaf, query_syntax.Prefix)]
        self.phrases: list[list[str]] = []
        for leaf, negated in _leaves(expanded):
            if negated:
                continue
            if isinstance(leaf, query_syntax.Word):
                self.single.extend(_words(leaf.text))
            elif isinstance(leaf, query_syntax.Prefix):
                self.prefixes.append(leaf.text.lower())
            elif " ".join(_words(leaf.text)) not in typed_phrases:
                self.phrases.append(_words(leaf.text))

    def apply(self, hits: list[Hit]) -> list[Hit]:
        """``hits`` with the marks the rule above does not keep taken off (one round trip to stem the words)."""
        if not self.phrases or not hits:
            return hits
        marked = {m.group(1).lower() for hit in hits for m in _MARKED.finditer(str(hit.snippet))}
        words = sorted(marked | set(self.single) | {w for phrase in self.phrases for w in phrase})
        stems = dict(
            db.session.execute(
                text("SELECT t, (ts_lexize('english_stem', t))[1] FROM unnest(CAST(:words AS text[])) AS t"),
                {"words": words},
            ).all()
        )
        single = {stems.get(w) for w in self.single} - {None}
        phrases = [[stems[w] for w in phrase if stems.get(w)] for phrase in self.phrases]
        return [self._hit(hit, stems, single, phrases) for hit in hits]

    def _hit(self, hit: Hit, stems: dict, single: set, phrases: list[list[str]]) -> Hit:
        snippet = str(hit.snippet)
        found = list(_MARKED.finditer(snippet))
        keep = {
            i
            for i, m in enumerate(found)
            if stems.get(m.group(1).lower()) in single or m.group(1).lower().startswith(tuple(self.prefixes) or ("\0",))
        }
        for phrase in phrases:
            for start in range(len(found) - len(phrase) + 1):
                run = found[start : start + len(phrase)]
                if [stems.get(m.group(1).lower()) for m in run] != phrase:
                    continue
                gaps = [_unmarked(snippet[a.end() : b.start()]) for a, b in zip(run, run[1:], strict=False)]
                if all(_PHRASE_GAP.match(gap) for gap in gaps):
                    keep.update(range(start, start + len(phrase)))
        out, last = [], 0
        for i, m in enumerate(found):
            out.append(snippet[last : m.start()])
            out.append(m.group(0) if i in keep else m.group(1))
            last = m.end()
        out.append(snippet[last:])
        return replace(hit, snippet=Markup("".join(out)))  # noqa: S704 (only <mark> tags were taken off)
