"""A safe Markdown renderer shared by the governance pages and the public archive.

Raw HTML in the source is never passed through (markdown-it escapes it), and the rendered HTML is then
sanitised again with nh3 against an allow-list of tags and link schemes, so a ``<script>``, an event handler
or a ``javascript:`` link can never reach a page, whatever the renderer's defaults become.
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

MAX_MARKDOWN_LENGTH = 100_000

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "em", "code", "pre", "blockquote",
        "ul", "ol", "li", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"colspan"}, "td": {"colspan"}}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

_CLASSES = {
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "table": "govuk-table",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
}
_HEADING = re.compile(r"<(/?)h([1-6])>")
_STYLED = re.compile(r"<(" + "|".join(_CLASSES) + r")(?=[ >])")


class MarkdownTooLong(ValueError):
    """The text is longer than ``MAX_MARKDOWN_LENGTH``: it is refused rather than rendered."""

    def __init__(self, length: int, limit: int = MAX_MARKDOWN_LENGTH):
        super().__init__(f"The text must be {limit:,} characters or fewer (it has {length:,})")
        self.length = length
        self.limit = limit


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    # Links to anything but http(s)/mailto are left as text by markdown-it's own validator too.
    md.validateLink = lambda url: url.strip().lower().startswith(("http://", "https://", "mailto:"))
    return md


_MD = _parser()


def check_length(text: str, limit: int = MAX_MARKDOWN_LENGTH) -> None:
    """Raise ``MarkdownTooLong`` for text over the limit."""
    if len(text) > limit:
        raise MarkdownTooLong(len(text), limit)


def sanitise(html: str) -> str:
    """Keep only the allowed tags, attributes and link schemes; links get rel="nofollow noopener"."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text: str | None, *, limit: int = MAX_MARKDOWN_LENGTH) -> Markup:
    """Markdown to sanitised HTML with GOV.UK classes. Raises ``MarkdownTooLong`` over ``limit`` characters."""
    if not text:
        return Markup("")
    check_length(text, limit)
    html = _MD.render(text)
    # Headings sit under the page's h1 and the item's h2, so # becomes h3 and anything deeper h4.
    html = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 2, 4)}>", html)
    clean = sanitise(html)
    return Markup(_STYLED.sub(lambda m: f'<{m[1]} class="{_CLASSES[m[1]]}"', clean))
