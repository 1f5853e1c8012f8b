"""Board papers: upload (the type read from the content, as for panel papers), download, and what the leak gate
reads of them.

A public paper is published with the minutes: its id, name, type, size and SHA-256 go into the published
record's facts, and the public page serves its bytes only while they still match that hash. A board paper
that names a case (by its reference, or the public reference of one of its decisions) brings that case's
known identifiers into the leak gate of the minutes.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select

from panelrecords import documents, redaction
from panelrecords.errors import Conflict, NotFound, ValidationFailed
from panelrecords.extensions import db
from panelrecords.models.boards import AgendaItem, BoardMeeting, BoardPaper
from panelrecords.models.cases import Case
from panelrecords.models.decisions import Decision
from panelrecords.models.published import PublishedRecord, RecordKind
from panelrecords.services import Actor, audit, papers

# C-7KD2QX (a case) and D-7KQ4-M2XP-9TBC (a published decision), wherever they appear in a paper or the minutes.
_CASE_REFERENCE = re.compile(r"\bC-[A-Z0-9]{6}\b", re.I)
_DECISION_REFERENCE = re.compile(r"\bD-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b", re.I)
MAX_TEXT_CHARS = 1_000_000  # the leak gate reads at most this much of a text


def add_paper(item: AgendaItem, *, title: str, filename: str, content: bytes, is_public: bool, by: Actor):
    """Attach a board paper (PDF, DOCX, ODT or plain text) to an agenda item, public or restricted.

    Raises ``ValidationFailed`` on ``document`` (empty, too large, not an allowed type) or ``title``, and
    ``Conflict`` when the same file is already attached to the meeting.
    """
    title = (title or "").strip()
    if not title:
        raise ValidationFailed("Enter the title of the paper", "title")
    if len(title) > 200:
        raise ValidationFailed("The title must be 200 characters or fewer", "title")
    if not content:
        raise ValidationFailed("The selected file is empty", "document")
    if len(content) > papers.max_bytes():
        raise ValidationFailed(
            f"The selected file must be smaller than {papers._size_text(papers.max_bytes())}", "document"
        )
    content_type = papers.detect_type(content)
    if content_type is None:
        raise ValidationFailed(papers.WRONG_TYPE, "document")
    digest = hashlib.sha256(content).hexdigest()
    for other in (paper for each in item.meeting.items for paper in each.papers):
        if other.sha256 == digest:
            raise Conflict(f"This file has already been added as ‘{other.title}’", "document")
    paper = BoardPaper(
        item=item,
        title=title,
        filename=papers.safe_filename(filename, content_type),
        content_type=content_type,
        size=len(content),
        sha256=digest,
        is_public=is_public,
        content=content,
        uploaded_by_id=by.user_id,
    )
    db.session.add(paper)
    db.session.flush()
    audit.record(
        "board_paper.add", "board_paper", paper.id, by=by, detail={"public": is_public, "sha256": paper.sha256}
    )
    db.session.commit()
    return paper


def get_paper(paper_id: int, *, by: Actor) -> BoardPaper:
    """A paper for a secretary's download; every download is audited. Raises ``NotFound``."""
    paper = db.session.get(BoardPaper, paper_id)
    if paper is None:
        raise NotFound("Paper not found")
    audit.record("board_paper.download", "board_paper", paper.id, by=by)
    db.session.commit()
    return paper


def paper_text(paper: BoardPaper) -> str | None:
    """The text of a paper for the leak gate: plain text, DOCX and ODT are read; None for a PDF, or for a
    document that cannot be read within ``documents.LIMITS`` (the secretary then checks it by eye)."""
    content = paper.content
    if paper.content_type == "text/plain":
        return content.decode("utf-8", errors="replace")[:MAX_TEXT_CHARS]
    if paper.content_type.endswith("wordprocessingml.document") or paper.content_type == (
        "application/vnd.oasis.opendocument.text"
    ):
        try:
            return documents.document_text(content, paper.content_type)[:MAX_TEXT_CHARS]
        except documents.DocumentRefused:
            return None
    return None


def unreadable_public_papers(meeting: BoardMeeting) -> list[BoardPaper]:
    """Public papers whose text the leak gate cannot read (PDFs): the secretary checks them by eye."""
    return [p for item in meeting.items for p in item.papers if p.is_public and paper_text(p) is None]


def cases_named(texts: list[str]) -> list[Case]:
    """Cases named in the texts by reference, or by the public reference of one of their decisions."""
    joined = "\n".join(text for text in texts if text)
    references = {found.upper() for found in _CASE_REFERENCE.findall(joined)}
    public_ids = {found.upper() for found in _DECISION_REFERENCE.findall(joined)}
    cases: dict[int, Case] = {}
    if references:
        for case in db.session.scalars(select(Case).where(Case.reference.in_(references))):
            cases[case.id] = case
    if public_ids:
        decision_ids = db.session.scalars(
            select(PublishedRecord.source_id).where(
                PublishedRecord.public_id.in_(public_ids), PublishedRecord.kind == RecordKind.DECISION.value
            )
        )
        for decision in db.session.scalars(select(Decision).where(Decision.id.in_(list(decision_ids)))):
            cases[decision.case.id] = decision.case
    return list(cases.values())


def known_for_meeting(meeting: BoardMeeting, minutes_texts: list[str]) -> list[redaction.Known]:
    """The known identifiers of every case that the meeting's papers (public or restricted) or minutes name."""
    texts = list(minutes_texts)
    texts += [paper_text(p) or "" for item in meeting.items for p in item.papers]
    return [redaction.Known.from_dict(case.known_identifiers()) for case in cases_named(texts)]


def public_paper_texts(meeting: BoardMeeting) -> list[tuple[str, str]]:
    """(field name, text) of every readable public paper, for the leak gate."""
    return [
        (f"paper ‘{p.title}’", text)
        for item in meeting.items
        for p in item.papers
        if p.is_public and (text := paper_text(p))
    ]
