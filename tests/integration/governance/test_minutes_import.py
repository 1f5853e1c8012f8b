"""Reading minutes documents: DOCX through python-docx, Markdown and plain text; bad files get a clear error."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from panelrecords.errors import ValidationFailed
from panelrecords.services import governance, minutes_import

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "minutes.docx"


def test_the_docx_fixture_becomes_agenda_items_with_presenters_lists_and_decisions():
    items = minutes_import.parse_document("minutes.docx", FIXTURE.read_bytes())
    assert [item.title for item in items] == [
        "Welcome and apologies",
        "Waiting times for assessments",
        "Any other business",
    ]
    assert items[1].presenter == "Head of SEND"
    assert "- Recovery plan agreed with schools\n- Monthly figures to be published" in items[1].discussion
    assert items[1].decisions == "publish the figures every month"


def test_markdown_headings_become_items():
    text = "# SIB, 14 January\n\n## 1. Welcome\nPresenter: Chair\n\nHello.\n\n## 2. Finance\nDecision: agreed\n"
    items = minutes_import.parse_document("minutes.md", text.encode())
    assert [(i.title, i.presenter, i.discussion, i.decisions) for i in items][1:] == [
        ("Welcome", "Chair", "Hello.", ""),
        ("Finance", "", "", "agreed"),
    ]


def test_plain_text_with_numbered_or_underlined_headings():
    text = "1. Welcome\nThe chair welcomed members.\n\nFinance\n=======\nThe budget is on track.\n"
    items = minutes_import.parse_document("minutes.txt", text.encode())
    assert [(i.title, i.discussion) for i in items] == [
        ("Welcome", "The chair welcomed members."),
        ("Finance", "The budget is on track."),
    ]


def _zip(**files: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Select a minutes document"),
        (FIXTURE.read_bytes()[:1500], "Word document (.docx) that opens"),
        (_zip(**{"mimetype": b"application/vnd.oasis.opendocument.text"}), "Word document (.docx) that opens"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "Word document (.docx), plain text or Markdown"),
        (b"%PDF-1.4\n", "Word document (.docx), plain text or Markdown"),
        (_zip(**{"word/document.xml": b"\x00" * (51 * 1024 * 1024)}), "too large once unpacked"),
    ],
    ids=["empty", "truncated-docx", "odt-named-docx", "png", "pdf", "zip-bomb"],
)
def test_a_disguised_or_corrupt_file_gets_a_clear_error(content, message):
    with pytest.raises(ValidationFailed) as refused:
        minutes_import.parse_document("minutes.docx", content)
    assert message in refused.value.message and refused.value.field == "document"


def test_imported_items_are_saved_only_when_the_secretary_saves_them(meeting, by):
    before = len(meeting.items)
    items = minutes_import.parse_document("minutes.docx", FIXTURE.read_bytes())
    assert len(meeting.items) == before
    saved = governance.save_imported_items(meeting, [item.as_dict() for item in items], by=by)
    assert [item.number for item in saved] == [before + 1, before + 2, before + 3]
    assert meeting.status == "minutes_draft"
