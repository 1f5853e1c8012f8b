"""Small hostile Word files never take the site down: the minutes import, board papers' text and panel papers'
type check all read a DOCX or ODT within a fixed budget, and answer with a clear error instead of a 500."""

from __future__ import annotations

import io
import random
import struct
import time
import zipfile

import pytest

from panelrecords import documents
from panelrecords.errors import ValidationFailed
from panelrecords.models.users import Role
from panelrecords.services import board_papers, minutes_import, papers

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_TYPE = "application/vnd.oasis.opendocument.text"


def _docx(*fragments: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<w:document xmlns:w="{W_NS}"><w:body>'.encode())
            for fragment in fragments:
                part.write(fragment)
            part.write(b"</w:body></w:document>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _long_run(chars: int) -> bytes:
    return _docx(b"<w:p><w:r><w:t>", b"a" * chars, b"</w:t></w:r></w:p>")


def _many_paragraphs(count: int, body: bytes = b"<w:p><w:r><w:t>Item</w:t></w:r></w:p>") -> bytes:
    return _docx(body * count)


def test_a_docx_with_one_12mb_text_run_is_refused_with_a_message_not_a_parser_error():
    content = _long_run(12 * 1024 * 1024)
    assert len(content) < 40 * 1024
    with pytest.raises(ValidationFailed) as refused:
        minutes_import.parse_document("minutes.docx", content)
    assert refused.value.field == "document" and "too large once unpacked" in refused.value.message


def test_a_long_run_below_the_part_limit_is_read_not_a_500():
    content = _long_run(900_000)
    items = minutes_import.parse_document("minutes.docx", content)
    assert len(items[0].discussion) == 900_000


def test_a_small_docx_unpacking_to_many_megabytes_is_refused_at_once():
    content = _many_paragraphs(300_000)  # about 11 MB of XML in a file under 100 KB
    assert len(content) < 100 * 1024
    started = time.perf_counter()
    with pytest.raises(ValidationFailed) as refused:
        minutes_import.parse_document("minutes.docx", content)
    assert time.perf_counter() - started < 3  # refused from the zip's directory, before any parsing
    assert "too large once unpacked" in refused.value.message


def test_a_docx_within_the_byte_limits_with_too_many_elements_is_refused():
    # Not very compressible, so within the byte and ratio limits; over the element limit.
    rng = random.Random(17)
    content = _docx(b"".join(b'<w:p x="%05x"/>' % rng.getrandbits(20) for _ in range(30_000)))
    with pytest.raises(documents.DocumentRefused) as refused:
        documents.docx_paragraphs(content, documents.Limits(max_elements=20_000, max_seconds=60))
    assert refused.value.message == documents.TOO_COMPLEX
    assert len(documents.docx_paragraphs(content, documents.Limits(max_elements=40_000, max_seconds=60))) == 30_000


def test_the_time_budget_stops_a_slow_read():
    content = _many_paragraphs(50_000)
    with pytest.raises(documents.DocumentRefused):
        documents.docx_paragraphs(content, documents.Limits(max_seconds=0.0))


def test_a_zip_declaring_thousands_of_entries_is_refused_before_it_is_indexed():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(documents.LIMITS.max_entries + 1):
            archive.writestr(f"word/{number}.xml", b"")
    with pytest.raises(documents.DocumentRefused):
        documents.open_archive(buffer.getvalue())
    assert papers.detect_type(buffer.getvalue()) is None


def test_an_entry_that_unpacks_to_more_than_it_declares_is_refused():
    xml = f'<w:document xmlns:w="{W_NS}"><w:body>'.encode() + b"<w:p/>" * 200_000 + b"</w:body></w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    content = bytearray(buffer.getvalue())
    # Declare 1,000 bytes in the local header and the central directory: the real part is 1.2 MB.
    struct.pack_into("<I", content, 22, 1000)
    directory = content.rfind(b"PK\x01\x02")
    struct.pack_into("<I", content, directory + 24, 1000)
    assert zipfile.ZipFile(io.BytesIO(bytes(content))).getinfo("word/document.xml").file_size == 1000
    with pytest.raises(documents.DocumentRefused):
        documents.docx_paragraphs(bytes(content))


@pytest.mark.parametrize(
    "content",
    [
        _docx(b"<w:p><w:r><w:t>unclosed"),
        _docx(b'<!DOCTYPE x [<!ENTITY e "hello">]><w:p><w:r><w:t>&e;</w:t></w:r></w:p>'),
        b"PK\x05\x06" + b"\x00" * 18,
    ],
    ids=["broken-xml", "entity", "empty-zip"],
)
def test_broken_documents_are_refused_never_raised(content):
    with pytest.raises(documents.DocumentRefused):
        documents.docx_paragraphs(content)


def test_tables_and_styles_are_read_like_word_shows_them():
    styles = (
        f'<w:styles xmlns:w="{W_NS}"><w:style w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
        f'<w:style w:styleId="Lijst"><w:name w:val="List Number"/></w:style></w:styles>'
    ).encode()
    content = _docx(
        b'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Finance</w:t></w:r></w:p>',
        b'<w:p><w:pPr><w:pStyle w:val="Lijst"/></w:pPr><w:r><w:t>On</w:t><w:tab/><w:t>track</w:t></w:r></w:p>',
        b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>C-7KD2QX</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        extra={"word/styles.xml": styles},
    )
    assert documents.docx_paragraphs(content) == [
        documents.Paragraph("Finance", "Heading 1", True),
        documents.Paragraph("On\ttrack", "List Number", True),
        documents.Paragraph("C-7KD2QX", "", False),
    ]
    items = minutes_import.parse_document("minutes.docx", content)
    assert [(item.title, item.discussion) for item in items] == [("Finance", "1. On\ttrack")]


class _Paper:
    def __init__(self, content: bytes, content_type: str):
        self.content = content
        self.content_type = content_type


def test_a_board_paper_too_large_to_read_is_left_for_the_secretary_to_check_by_eye():
    assert board_papers.paper_text(_Paper(_long_run(12 * 1024 * 1024), DOCX_TYPE)) is None
    assert board_papers.paper_text(_Paper(_many_paragraphs(300_000), DOCX_TYPE)) is None


def test_a_board_papers_text_includes_tables_and_odt_headings():
    docx_text = board_papers.paper_text(
        _Paper(_docx(b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>C-7KD2QX</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"), DOCX_TYPE)
    )
    assert docx_text == "C-7KD2QX"
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    content_xml = (
        f'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        f'xmlns:text="{text_ns}"><office:body><office:text>'
        f'<text:h text:outline-level="2">About C-7KD2QX</text:h>'
        f"<text:p>Seen<text:s text:c='2'/>by <text:span>the</text:span> panel</text:p>"
        f"</office:text></office:body></office:document-content>"
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", ODT_TYPE)
        archive.writestr("content.xml", content_xml)
    assert board_papers.paper_text(_Paper(buffer.getvalue(), ODT_TYPE)) == "About C-7KD2QX\nSeen  by the panel"


def test_the_import_page_answers_a_hostile_docx_with_the_error_summary(login_as, client, csrf_token, meeting):
    login_as(Role.BOARD_SECRETARY)
    url = f"/governance/meetings/{meeting.id}/import"
    response = client.post(
        url,
        data={"csrf_token": csrf_token(client, url), "document": (io.BytesIO(_long_run(12 * 1024 * 1024)), "m.docx")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'class="govuk-error-summary' in page
    assert "too large once unpacked" in page
