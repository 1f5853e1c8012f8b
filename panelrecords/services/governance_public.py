"""What the public board pages read: published minutes records, the public boards, the public action log and the
copies of public papers. Nothing here reads a restricted table (an import-linter contract checks it)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from panelrecords.errors import Gone, NotFound
from panelrecords.extensions import db
from panelrecords.models.published import PublishedRecord, RecordKind
from panelrecords.models.published_boards import PublishedAction, PublishedBoard, PublishedPaper
from panelrecords.services.common import today as _today


def boards() -> list[PublishedBoard]:
    return list(db.session.scalars(select(PublishedBoard).order_by(PublishedBoard.name)))


def board(acronym: str) -> PublishedBoard:
    """Raises ``NotFound``."""
    found = db.session.scalar(select(PublishedBoard).where(func.upper(PublishedBoard.acronym) == acronym.upper()))
    if found is None:
        raise NotFound("No board has that name")
    return found


def minutes_of(acronym: str) -> list[PublishedRecord]:
    """The current, not withdrawn, published minutes of a board, newest meeting first."""
    return list(
        db.session.scalars(
            select(PublishedRecord)
            .where(
                PublishedRecord.kind == RecordKind.MINUTES.value,
                PublishedRecord.board == acronym,
                PublishedRecord.is_current,
                PublishedRecord.withdrawn_at.is_(None),
            )
            .order_by(PublishedRecord.meeting_date.desc())
        )
    )


@dataclass
class Minutes:
    record: PublishedRecord
    versions: list[PublishedRecord]
    actions: dict[str, PublishedAction]


def minutes(acronym: str, public_id: str, version: int | None = None) -> Minutes:
    """One meeting's minutes (a given version, or the current one) with their history and the actions' status
    now. Raises ``NotFound``, or ``Gone`` when withdrawn."""
    versions = list(
        db.session.scalars(
            select(PublishedRecord)
            .where(
                PublishedRecord.public_id == public_id.strip().upper(),
                PublishedRecord.kind == RecordKind.MINUTES.value,
            )
            .order_by(PublishedRecord.version)
        )
    )
    if not versions or (versions[0].board or "").upper() != acronym.upper():
        raise NotFound("No published minutes have that reference")
    current = next(v for v in versions if v.is_current)
    if current.is_withdrawn:
        raise Gone(current)
    record = current if version is None else next((v for v in versions if v.version == version), None)
    if record is None:
        raise NotFound("That version of the minutes does not exist")
    refs = [a["ref"] for item in record.facts.get("items", []) for a in item.get("actions", [])]
    actions = {}
    if refs:
        actions = {
            a.ref: a
            for a in db.session.scalars(
                select(PublishedAction).where(PublishedAction.board == current.board, PublishedAction.ref.in_(refs))
            )
        }
    return Minutes(record=record, versions=versions, actions=actions)


def paper(acronym: str, public_id: str, paper_id: int):
    """A public paper of published, not withdrawn, minutes (as listed in one of its versions).

    Raises ``NotFound``, or ``Gone`` when the minutes were withdrawn.
    """
    found = minutes(acronym, public_id)
    for version in found.versions:
        for listed in version.facts.get("papers", []):
            if listed.get("paper_id") == paper_id and listed.get("sha256"):
                return _public_paper(found.record.public_id, paper_id, listed["sha256"])
    raise NotFound("Paper not found")


def _public_paper(public_id: str, paper_id: int, sha256: str) -> PublishedPaper:
    """The published copy of a paper, only while its bytes match the hash pinned in the published facts."""
    paper = db.session.scalar(
        select(PublishedPaper).where(PublishedPaper.minutes_public_id == public_id, PublishedPaper.paper_id == paper_id)
    )
    if paper is None or paper.sha256 != sha256 or hashlib.sha256(paper.content).hexdigest() != sha256:
        raise NotFound("Paper not found")
    return paper


def actions(acronym: str, *, status: str | None = None) -> list[PublishedAction]:
    """The board's public action log, oldest first; ``status`` filters by open, overdue, done or dropped."""
    rows = list(
        db.session.scalars(
            select(PublishedAction)
            .where(PublishedAction.board == acronym)
            .order_by(PublishedAction.meeting_date, PublishedAction.ref)
        )
    )
    if status:
        today = _today()
        rows = [row for row in rows if row.status_on(today) == status]
    return rows


def open_actions(acronym: str) -> list[PublishedAction]:
    """Open and overdue actions, overdue first."""
    today = _today()
    rows = [row for row in actions(acronym) if row.status_on(today) in ("open", "overdue")]
    return sorted(rows, key=lambda row: (row.status_on(today) != "overdue", row.due or date.max))


def today() -> date:
    return _today()
