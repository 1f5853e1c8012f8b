"""The text of Word (DOCX) and OpenDocument (ODT) files, read within a fixed budget of bytes, elements and time.

A DOCX or ODT is a zip of XML. A few hundred kilobytes can unpack to gigabytes, or to one text run longer than
the XML parser allows, so nothing here trusts the file: the zip's directory is checked before it is opened
(number of entries, declared sizes, compression ratio), each XML part is streamed through ``lxml.iterparse``
(no entities, no network, ``huge_tree`` off) with a cap on bytes read, elements seen, text kept and seconds
spent, and every paragraph is dropped from memory as soon as its text is taken. Whatever the file, a caller
gets paragraphs or ``DocumentRefused``; never a parser's exception.

This module imports neither Flask nor the database, so the benchmark and the services share it.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODT_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
ODT_TYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class Limits:
    max_entries: int = 1000  # entries in the zip's directory
    max_total_bytes: int = 100 * 1024 * 1024  # declared unpacked size of every entry together
    max_part_bytes: int = 8 * 1024 * 1024  # one XML part we read, unpacked (below libxml2's 10 MB text node)
    max_ratio: int = 100  # unpacked / packed, for a part over 1 MB unpacked
    max_elements: int = 400_000  # XML elements in the parts we read
    max_text_chars: int = 1_000_000  # text kept
    max_seconds: float = 10.0  # wall time of one document (a third of gunicorn's default worker timeout)


LIMITS = Limits()


class DocumentRefused(Exception):
    """The file is not a document we can read within the limits; ``message`` says why, for the uploader."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


UNREADABLE = "The file does not open as a document"
TOO_LARGE = "The document is too large once unpacked: split it first"
TOO_COMPLEX = "The document is too long or too complex to read: split it first"


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str  # the style's name as Word shows it ("Heading 1", "List Number", "Title"), or ""
    top_level: bool  # a paragraph of the body itself, not of a table, text box or note


def _entry_count(content: bytes) -> int:
    """The number of entries the end-of-directory record declares, read before ``zipfile`` builds its index."""
    tail = content[-(22 + 65535) :]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        raise DocumentRefused(UNREADABLE)
    (total,) = struct.unpack("<H", tail[at + 10 : at + 12])
    return total


def open_archive(content: bytes, limits: Limits = LIMITS) -> zipfile.ZipFile:
    """The zip, once its directory is within the limits. Raises ``DocumentRefused``."""
    count = _entry_count(content)
    if count == 0xFFFF or count > limits.max_entries:  # 0xFFFF: a ZIP64 directory, which no document needs
        raise DocumentRefused(TOO_COMPLEX)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, RuntimeError, EOFError, struct.error):
        raise DocumentRefused(UNREADABLE) from None
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise DocumentRefused(TOO_COMPLEX)
    if sum(info.file_size for info in infos) > limits.max_total_bytes:
        raise DocumentRefused(TOO_LARGE)
    return archive


def _check_part(info: zipfile.ZipInfo, limits: Limits) -> None:
    if info.file_size > limits.max_part_bytes:
        raise DocumentRefused(TOO_LARGE)
    if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        raise DocumentRefused(TOO_LARGE)


class _Capped(io.RawIOBase):
    """A zip entry read in chunks, refused once it gives more bytes than allowed (its declared size may lie)."""

    def __init__(self, stream, limit: int):
        self._stream = stream
        self._left = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self._stream.read(min(len(buffer), 64 * 1024))
        self._left -= len(chunk)
        if self._left < 0:
            raise DocumentRefused(TOO_LARGE)
        buffer[: len(chunk)] = chunk
        return len(chunk)


class _Budget:
    def __init__(self, limits: Limits):
        self.limits = limits
        self.deadline = time.monotonic() + limits.max_seconds
        self.elements = 0
        self.chars = 0

    def element(self) -> None:
        self.elements += 1
        if self.elements > self.limits.max_elements:
            raise DocumentRefused(TOO_COMPLEX)
        if self.elements % 1024 == 0 and time.monotonic() > self.deadline:
            raise DocumentRefused(TOO_COMPLEX)

    def text(self, text: str) -> None:
        self.chars += len(text)
        if self.chars > self.limits.max_text_chars:
            raise DocumentRefused(TOO_COMPLEX)


def _events(archive: zipfile.ZipFile, name: str, budget: _Budget):
    """(event, element) of one XML part, streamed; the caller clears what it has read."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise DocumentRefused(UNREADABLE) from None
    _check_part(info, budget.limits)
    try:
        with archive.open(info) as raw:
            source = io.BufferedReader(_Capped(raw, budget.limits.max_part_bytes))
            parser = etree.iterparse(
                source,
                events=("start", "end"),
                huge_tree=False,
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                remove_comments=True,
                remove_pis=True,
            )
            for event, element in parser:
                if event == "start":
                    budget.element()
                yield event, element
    except DocumentRefused:
        raise
    except (etree.LxmlError, zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, zlib.error):
        raise DocumentRefused(UNREADABLE) from None


def _forget(element) -> None:
    """Drop an element that has been read, and the siblings read before it, so memory stays flat."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _docx_style_names(archive: zipfile.ZipFile, budget: _Budget) -> dict[str, str]:
    if "word/styles.xml" not in archive.namelist():
        return {}
    names: dict[str, str] = {}
    for event, element in _events(archive, "word/styles.xml", budget):
        if event == "end" and element.tag == f"{W}style":
            name = element.find(f"{W}name")
            if name is not None and element.get(f"{W}styleId"):
                names[element.get(f"{W}styleId")] = name.get(f"{W}val") or ""
            _forget(element)
    return names


def _word_style(name: str) -> str:
    """Word's built-in style names are stored in lower case ("heading 1") and shown capitalised."""
    return name[:1].upper() + name[1:] if name else ""


def _docx_text(paragraph) -> str:
    parts: list[str] = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            if node.getparent() is not None and node.getparent().tag == f"{W}r":
                parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def docx_paragraphs(content: bytes, limits: Limits = LIMITS) -> list[Paragraph]:
    """Every paragraph of a DOCX's main text, in order. Raises ``DocumentRefused``."""
    budget = _Budget(limits)
    with open_archive(content, limits) as archive:
        styles = _docx_style_names(archive, budget)
        paragraphs: list[Paragraph] = []
        open_paragraphs = 0
        for event, element in _events(archive, "word/document.xml", budget):
            if element.tag != f"{W}p":
                if event == "end" and not open_paragraphs:
                    _forget(element)
                continue
            if event == "start":
                open_paragraphs += 1
                continue
            open_paragraphs -= 1
            text = _docx_text(element)
            budget.text(text)
            style_id = element.find(f"{W}pPr/{W}pStyle")
            style = ""
            if style_id is not None:
                key = style_id.get(f"{W}val") or ""
                style = _word_style(styles.get(key, key))
            parent = element.getparent()
            paragraphs.append(Paragraph(text, style, parent is not None and parent.tag == f"{W}body"))
            _forget(element)
    return paragraphs


def _odt_text(element, out: list[str]) -> None:
    out.append(element.text or "")
    for child in element:
        tag = child.tag
        if tag == f"{ODT_TEXT}s":
            out.append(" " * min(int(child.get(f"{ODT_TEXT}c", "1") or 1), 1000))
        elif tag == f"{ODT_TEXT}tab":
            out.append("\t")
        elif tag == f"{ODT_TEXT}line-break":
            out.append("\n")
        elif tag not in (f"{ODT_TEXT}p", f"{ODT_TEXT}h"):  # a nested paragraph was read on its own
            _odt_text(child, out)
        out.append(child.tail or "")


def odt_paragraphs(content: bytes, limits: Limits = LIMITS) -> list[Paragraph]:
    """Every paragraph and heading of an ODT's content, in order. Raises ``DocumentRefused``."""
    budget = _Budget(limits)
    kinds = (f"{ODT_TEXT}p", f"{ODT_TEXT}h")
    with open_archive(content, limits) as archive:
        paragraphs: list[Paragraph] = []
        open_paragraphs = 0
        for event, element in _events(archive, "content.xml", budget):
            if element.tag not in kinds:
                if event == "end" and not open_paragraphs:
                    _forget(element)
                continue
            if event == "start":
                open_paragraphs += 1
                continue
            open_paragraphs -= 1
            out: list[str] = []
            try:
                _odt_text(element, out)
            except ValueError:
                raise DocumentRefused(UNREADABLE) from None
            text = "".join(out)
            budget.text(text)
            style = f"Heading {element.get(f'{ODT_TEXT}outline-level', '1')}" if element.tag == kinds[1] else ""
            paragraphs.append(Paragraph(text, style, open_paragraphs == 0))
            _forget(element)
    return paragraphs


def document_text(content: bytes, content_type: str, limits: Limits = LIMITS) -> str:
    """The text of a DOCX or ODT, one paragraph a line. Raises ``DocumentRefused``."""
    if content_type.endswith("wordprocessingml.document"):
        paragraphs = docx_paragraphs(content, limits)
    elif content_type == ODT_TYPE.decode():
        paragraphs = odt_paragraphs(content, limits)
    else:
        raise DocumentRefused(UNREADABLE)
    return "\n".join(paragraph.text for paragraph in paragraphs)
