"""Reading a minutes document (DOCX, plain text or Markdown) into agenda items for the secretary to review.

Headings become agenda items; the paragraphs under a heading become its discussion (Markdown). Nothing is
saved here: the secretary reviews the items, then ``governance.save_imported_items`` saves them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from panelrecords import documents
from panelrecords.errors import ValidationFailed

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_ITEMS = 60

# "1. Welcome", "Item 2: Finance", "3) Actions" at the start of a heading: the number is ours to give.
_NUMBERING = re.compile(r"^\s*(?:item\s+)?\d+(?:\.\d+)*[.):]?\s+", re.I)
_PRESENTER = re.compile(r"^\s*(?:presenter|presented by|lead)\s*:\s*(.+)$", re.I)
_DECISION = re.compile(r"^\s*(?:decision|decided|agreed|resolved)\s*:\s*(.+)$", re.I)


@dataclass
class ImportedItem:
    title: str
    presenter: str = ""
    discussion: str = ""
    decisions: str = ""

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "presenter": self.presenter,
            "discussion": self.discussion,
            "decisions": self.decisions,
        }


class _Builder:
    def __init__(self) -> None:
        self.items: list[ImportedItem] = []
        self._lines: list[str] = []
        self._decisions: list[str] = []

    def heading(self, text: str) -> None:
        self._close()
        title = _NUMBERING.sub("", text).strip().rstrip(":")
        if title:
            self.items.append(ImportedItem(title=title[:300]))

    def line(self, text: str) -> None:
        if not self.items:
            if not text.strip():
                return
            # Text before the first heading (the meeting's header) is kept as an opening item.
            self.items.append(ImportedItem(title="Opening"))
        item = self.items[-1]
        presenter = _PRESENTER.match(text)
        if presenter and not item.presenter and not self._lines:
            item.presenter = presenter.group(1).strip()[:200]
            return
        decision = _DECISION.match(text)
        if decision:
            self._decisions.append(decision.group(1).strip())
            return
        self._lines.append(text.rstrip())

    def _close(self) -> None:
        if self.items:
            body = "\n".join(self._lines).strip()
            self.items[-1].discussion = re.sub(r"\n{3,}", "\n\n", body)
            self.items[-1].decisions = "\n".join(self._decisions)
        self._lines = []
        self._decisions = []

    def done(self) -> list[ImportedItem]:
        self._close()
        if not self.items:
            raise ValidationFailed("The document has no headings or text to import", "document")
        if len(self.items) > MAX_ITEMS:
            raise ValidationFailed(f"The document has more than {MAX_ITEMS} headings: split it first", "document")
        return self.items


def parse_text(text: str) -> list[ImportedItem]:
    """Markdown or plain text: ``#`` headings, or underlined headings, or short numbered lines become items."""
    builder = _Builder()
    lines = text.replace("\r\n", "\n").split("\n")
    markdown_headings = any(re.match(r"^#{1,6}\s", line) for line in lines)
    skip = False
    for index, line in enumerate(lines):
        if skip:
            skip = False
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        heading = re.match(r"^#{1,6}\s+(.+)$", line)
        if heading:
            builder.heading(heading.group(1))
        elif line.strip() and re.fullmatch(r"\s*(=+|-+)\s*", following) and len(following.strip()) >= 3:
            builder.heading(line)
            skip = True
        elif not markdown_headings and _NUMBERING.match(line) and len(line) < 100 and not line.rstrip().endswith("."):
            builder.heading(line)
        else:
            builder.line(line)
    return builder.done()


def parse_docx(content: bytes) -> list[ImportedItem]:
    """A Word document: paragraphs styled as headings become items; lists become Markdown lists.

    Read through ``documents.docx_paragraphs``, which bounds the bytes, elements, text and time of the read.
    """
    try:
        paragraphs = documents.docx_paragraphs(content)
    except documents.DocumentRefused as refused:
        if refused.message == documents.UNREADABLE:
            raise ValidationFailed("The file must be a Word document (.docx) that opens", "document") from None
        raise ValidationFailed(refused.message, "document") from None
    builder = _Builder()
    for paragraph in paragraphs:
        if not paragraph.top_level:
            continue  # tables, text boxes and notes are not agenda text
        style = paragraph.style
        text = paragraph.text.strip()
        if style == "Title":
            continue  # the document's title (board and date), not an agenda item
        if style.startswith("Heading"):
            builder.heading(text)
        elif style.startswith("List Number"):
            builder.line(f"1. {text}")
        elif style.startswith("List"):
            builder.line(f"- {text}")
        else:
            builder.line(text)
            builder.line("")
    return builder.done()


def parse_document(filename: str, content: bytes) -> list[ImportedItem]:
    """Read a minutes document by its content: DOCX (a zip), else UTF-8 text or Markdown."""
    if not content:
        raise ValidationFailed("Select a minutes document", "document")
    if len(content) > MAX_DOCUMENT_BYTES:
        raise ValidationFailed("The document must be smaller than 5MB", "document")
    if content[:4] == b"PK\x03\x04":
        return parse_docx(content)
    if content[:5] == b"%PDF-":
        raise ValidationFailed("The document must be a Word document (.docx), plain text or Markdown", "document")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed(
            "The document must be a Word document (.docx), plain text or Markdown", "document"
        ) from None
    if "\x00" in text:
        raise ValidationFailed("The document must be a Word document (.docx), plain text or Markdown", "document")
    return parse_text(text)
