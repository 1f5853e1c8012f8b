"""Panel papers: upload (type checked from the content), duplicates recognised, every view and download audited.

Parent representatives open only papers of meetings they are assigned to, and only after acknowledging the
confidentiality statement for that meeting.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from datetime import UTC, datetime
from pathlib import PurePosixPath, PureWindowsPath

from flask import current_app
from sqlalchemy import select

from panelrecords import documents
from panelrecords.errors import Conflict, Forbidden, NotFound, ValidationFailed
from panelrecords.extensions import db
from panelrecords.models.panels import PanelMeeting
from panelrecords.models.papers import Paper
from panelrecords.models.users import Role, User
from panelrecords.services import Actor, audit, recording
from panelrecords.services.recording import atomic

ALLOWED = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "text/plain": ".txt",
}
WRONG_TYPE = "The selected file must be a PDF, Word (DOCX), OpenDocument text (ODT) or plain text file"


class ConfidentialityNotAcknowledged(Forbidden):
    """A parent representative must accept the confidentiality statement before opening the meeting's papers."""

    code = "confidentiality_not_acknowledged"


def detect_type(content: bytes) -> str | None:
    """The content type from the bytes themselves (never the file name), or None if it is not allowed."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"PK\x03\x04"):
        try:
            # The directory is checked before zipfile indexes it; only the tiny "mimetype" entry is unpacked.
            with documents.open_archive(content) as archive:
                names = set(archive.namelist())
                if "[Content_Types].xml" in names and "word/document.xml" in names:
                    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                if (
                    "mimetype" in names
                    and archive.getinfo("mimetype").file_size < 100
                    and archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text"
                ):
                    return "application/vnd.oasis.opendocument.text"
        except (documents.DocumentRefused, zipfile.BadZipFile, KeyError, RuntimeError, ValueError):
            return None
        return None
    if b"\x00" in content:
        return None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain"


def safe_filename(filename: str, content_type: str) -> str:
    """The file's own name without any folders or odd characters, with the extension its content has."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    name = re.sub(r"[^\w .()-]", "_", name).strip(" .") or "paper"
    stem, _, _ext = name.rpartition(".") if "." in name else (name, "", "")
    return f"{stem[:200]}{ALLOWED[content_type]}"


def max_bytes() -> int:
    return int(current_app.config["MAX_UPLOAD_BYTES"])


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


@atomic
def upload_paper(
    meeting: PanelMeeting, *, title: str, filename: str, content: bytes, decision_id: int | None = None, by: Actor
) -> Paper:
    """Store a paper for a meeting or one of its decisions.

    Raises ``ValidationFailed`` on ``file`` (empty, too large, not an allowed type) or ``Conflict`` (a duplicate).
    """
    if not content:
        raise ValidationFailed("The selected file is empty", "file")
    if len(content) > max_bytes():
        raise ValidationFailed(f"The selected file must be smaller than {_size_text(max_bytes())}", "file")
    content_type = detect_type(content)
    if content_type is None:
        raise ValidationFailed(WRONG_TYPE, "file")
    title = (title or "").strip() or PurePosixPath(filename or "paper").stem
    if len(title) > 200:
        raise ValidationFailed("The title must be 200 characters or fewer", "title")
    if decision_id is not None and not any(d.id == decision_id for d in meeting.decisions):
        raise ValidationFailed("Select a decision taken at this meeting", "decision_id")
    digest = hashlib.sha256(content).hexdigest()
    duplicate = db.session.scalar(
        select(Paper).where(Paper.meeting_id == meeting.id, Paper.sha256 == digest, Paper.removed_at.is_(None))
    )
    if duplicate is not None:
        raise Conflict(f"This file has already been uploaded as ‘{duplicate.title}’", "file")
    paper = Paper(
        meeting=meeting,
        decision_id=decision_id,
        title=title,
        filename=safe_filename(filename, content_type),
        content_type=content_type,
        size=len(content),
        sha256=digest,
        content=content,
        uploaded_by_id=by.user_id,
    )
    db.session.add(paper)
    db.session.flush()
    audit.record(
        "paper.upload",
        "paper",
        paper.id,
        by=by,
        detail={"meeting_id": meeting.id, "sha256": digest, "size": len(content), "content_type": content_type},
    )
    db.session.commit()
    return paper


def can_open(meeting: PanelMeeting, user: User) -> bool:
    if user.has_role(Role.CLERK, Role.ADMIN):
        return True
    assignment = recording.assignment_for(meeting, user.id)
    return assignment is not None and assignment.confidentiality_acknowledged_at is not None


@atomic
def open_paper(paper_id: int, *, by: Actor) -> Paper:
    """A paper with its content, for download; audited whether allowed or refused.

    Raises ``NotFound``, ``Forbidden`` or ``ConfidentialityNotAcknowledged``.
    """
    paper = db.session.get(Paper, paper_id)
    if paper is None or paper.is_removed:
        raise NotFound("Paper not found")
    user = db.session.get(User, by.user_id) if by.user_id else None
    if user is None or not can_open(paper.meeting, user):
        audit.record("paper.download_refused", "paper", paper.id, by=by)
        db.session.commit()
        if user is not None and recording.assignment_for(paper.meeting, user.id) is not None:
            raise ConfidentialityNotAcknowledged("Accept the confidentiality statement before opening papers")
        raise Forbidden("You do not have access to this paper")
    audit.record("paper.download", "paper", paper.id, by=by, detail={"sha256": paper.sha256})
    db.session.commit()
    return paper


def meeting_id_of(paper_id: int) -> int:
    paper = db.session.get(Paper, paper_id)
    if paper is None:
        raise NotFound("Paper not found")
    return paper.meeting_id


# Removing a paper before publication -----------------------------------------------------------------------------


def get_paper(paper_id: int) -> Paper:
    paper = db.session.get(Paper, paper_id)
    if paper is None or paper.is_removed:
        raise NotFound("Paper not found")
    return paper


def current_papers(meeting: PanelMeeting) -> list[Paper]:
    """The meeting's papers that have not been removed."""
    return [paper for paper in meeting.papers if not paper.is_removed]


@atomic
def remove_paper(paper: Paper, *, reason: str = "", by: Actor) -> None:
    """Remove a paper uploaded by mistake: its content is erased, it is never served again; audited.

    A reason is required once the meeting is closed. Raises ``Conflict`` when the paper belongs to a decision
    whose published record is live, ``ValidationFailed`` on ``reason``.
    """
    from panelrecords.services import decisions

    if paper.is_removed:
        raise NotFound("Paper not found")
    if paper.decision is not None and decisions.is_published(paper.decision):
        raise Conflict("The decision this paper belongs to is published: the paper can no longer be removed", "reason")
    reason = (reason or "").strip()
    if len(reason) > 5_000:
        raise ValidationFailed("The reason must be 5,000 characters or fewer", "reason")
    if paper.meeting.is_closed and not reason:
        raise ValidationFailed("Enter why the paper is being removed after the meeting was closed", "reason")
    paper.removed_at = datetime.now(UTC)
    paper.removed_by_id = by.user_id
    paper.removal_reason = reason
    paper.content = b""
    audit.record(
        "paper.remove",
        "paper",
        paper.id,
        by=by,
        detail={
            "meeting_id": paper.meeting_id,
            "before": {"title": paper.title, "filename": paper.filename, "sha256": paper.sha256, "size": paper.size},
            "reason": reason,
        },
    )
    db.session.commit()
