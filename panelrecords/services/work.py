""" "Your work": what each role has to do next, as task lists with counts, and where a decision is on its way out.

Read-only: every list is a query over the restricted tables and the publication state; nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select

from panelrecords.extensions import db
from panelrecords.models.audit import AuditEvent
from panelrecords.models.boards import ActionStatus, BoardAction, BoardMeeting, BoardMeetingStatus
from panelrecords.models.decisions import Decision
from panelrecords.models.panels import MeetingStatus, PanelMeeting
from panelrecords.models.redaction_drafts import DraftStatus, RedactionDraft
from panelrecords.models.reviews import PublicationRequest, RequestStatus
from panelrecords.models.users import Role, User
from panelrecords.services import cases, papers, recording
from panelrecords.services import publication_state as state
from panelrecords.services.timescales import State


@dataclass
class TaskList:
    """One heading of a person's work: its items (objects the template links to) in the order to do them."""

    key: str
    title: str
    items: list = field(default_factory=list)
    empty: str = "Nothing to do."

    @property
    def is_to_do(self) -> bool:
        """Whether its items wait for the person (a list of their meetings is for reference only)."""
        return self.key != "meetings"

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class PublicationState:
    """Where a decision is on its way to the archive: its open draft and its current published version."""

    label: str
    draft: RedactionDraft | None
    record: object | None
    can_prepare: bool
    can_correct: bool


def publication_state(decision: Decision) -> PublicationState:
    draft = state.open_draft(decision)
    record = state.current_record(decision)
    live = record is not None and not record.is_withdrawn
    if draft is not None:
        label = DraftStatus(draft.status).label
    elif live:
        label = "Published"
    elif record is not None:
        label = "Withdrawn"
    elif decision.meeting.is_closed:
        label = "Ready to prepare for publication"
    else:
        label = "Not yet ready: the meeting must be closed first"
    return PublicationState(
        label=label,
        draft=draft,
        record=record,
        can_prepare=draft is None and not live and decision.meeting.is_closed,
        can_correct=draft is None and live,
    )


def meeting_publication(meeting: PanelMeeting) -> list[tuple[Decision, PublicationState]]:
    return [(decision, publication_state(decision)) for decision in meeting.decisions]


def _now() -> datetime:
    return datetime.now(UTC)


def clerk_work() -> list[TaskList]:
    now = _now()
    meetings = list(
        db.session.scalars(
            select(PanelMeeting)
            .where(PanelMeeting.status.in_([MeetingStatus.SCHEDULED, MeetingStatus.HELD]))
            .order_by(PanelMeeting.starts_at)
        )
    )
    # One line per case: its first overdue step (the later ones are late because that one is).
    overdue = [
        (case, next(status for status in statuses if status.state is State.OVERDUE))
        for case, statuses in cases.cases_by_urgency()
        if any(status.state is State.OVERDUE for status in statuses)
    ]
    return [
        TaskList(
            "to_mark_held",
            "Meetings to mark as held",
            [m for m in meetings if m.status == MeetingStatus.SCHEDULED and m.starts_at <= now],
        ),
        TaskList(
            "to_record",
            "Held meetings: decisions to record, then close",
            [m for m in meetings if m.status == MeetingStatus.HELD],
        ),
        TaskList("to_prepare", "Decisions ready to prepare for publication", state.ready_to_prepare()),
        TaskList(
            "sent_back",
            "Drafts sent back by a reviewer",
            state.drafts(DraftStatus.RETURNED),
        ),
        TaskList("overdue", "Cases with an overdue statutory step", overdue, empty="No statutory step is overdue."),
    ]


def reviewer_work() -> list[TaskList]:
    waiting = state.drafts(DraftStatus.SUBMITTED)
    waiting.sort(key=lambda draft: draft.submitted_at or draft.updated_at)
    return [TaskList("to_review", "Drafts waiting for your review, oldest first", waiting)]


def waited_days(draft: RedactionDraft) -> int:
    since = draft.submitted_at or draft.updated_at
    return max(0, (_now() - since).days)


def _governance_reviews(user_id: int | None) -> list[PublicationRequest]:
    """Requests waiting for a second person that this person may review (not asked for by them)."""
    return list(
        db.session.scalars(
            select(PublicationRequest)
            .where(PublicationRequest.status == RequestStatus.PENDING, PublicationRequest.requested_by_id != user_id)
            .order_by(PublicationRequest.requested_at)
        )
    )


def secretary_work(user_id: int | None = None) -> list[TaskList]:
    meetings = list(
        db.session.scalars(
            select(BoardMeeting)
            .where(BoardMeeting.status != BoardMeetingStatus.PUBLISHED)
            .order_by(BoardMeeting.starts_at)
        )
    )
    now = _now()
    today = now.date()
    actions = list(
        db.session.scalars(
            select(BoardAction)
            .where(BoardAction.status == ActionStatus.OPEN, BoardAction.due.is_not(None), BoardAction.due < today)
            .order_by(BoardAction.due)
        )
    )
    return [
        TaskList(
            "minutes_to_write",
            "Minutes to write",
            [m for m in meetings if m.status == "held" or (m.status == "scheduled" and m.starts_at <= now)],
        ),
        TaskList(
            "minutes_to_approve",
            "Draft minutes to approve",
            [m for m in meetings if m.status == BoardMeetingStatus.MINUTES_DRAFT],
        ),
        TaskList(
            "minutes_to_publish",
            "Approved minutes to publish",
            [m for m in meetings if m.status == BoardMeetingStatus.MINUTES_APPROVED],
        ),
        TaskList(
            "publications_to_review",
            "Publications waiting for a second person's review",
            _governance_reviews(user_id),
            empty="Nothing is waiting for your review.",
        ),
        TaskList("overdue_actions", "Overdue actions", actions, empty="No action is overdue."),
    ]


def _papers_read(user_id: int) -> set[str]:
    return set(
        db.session.scalars(
            select(AuditEvent.object_id).where(AuditEvent.actor_id == user_id, AuditEvent.action == "paper.download")
        )
    )


def parent_rep_work(user_id: int) -> list[TaskList]:
    meetings = recording.meetings_for_parent_rep(user_id)
    open_meetings = [m for m in meetings if not m.is_closed]
    read = _papers_read(user_id)
    unread = [
        paper for meeting in open_meetings for paper in papers.current_papers(meeting) if str(paper.id) not in read
    ]
    to_observe = [
        decision
        for meeting in open_meetings
        if meeting.status == MeetingStatus.HELD
        for decision in meeting.decisions
        if not any(o.author_id == user_id for o in decision.observations)
    ]
    return [
        TaskList("unread_papers", "Papers you have not opened yet", unread),
        TaskList("observations_open", "Decisions you can still add an observation to", to_observe),
        TaskList("meetings", "Your panel meetings", meetings, empty="You have not been assigned to any meetings yet."),
    ]


def work_for(user: User) -> list[TaskList]:
    """Every task list for the person's roles, in the order of their roles."""
    lists: list[TaskList] = []
    if user.has_role(Role.CLERK, Role.ADMIN):
        lists += clerk_work()
    if user.has_role(Role.REVIEWER, Role.ADMIN):
        lists += reviewer_work()
    if user.has_role(Role.BOARD_SECRETARY, Role.ADMIN):
        lists += secretary_work(user.id)
    if user.has_role(Role.PARENT_REP):
        lists += parent_rep_work(user.id)
    return lists


def count_for(user: User) -> int:
    """How many things are waiting for the person (the figure shown in the navigation)."""
    return sum(task.count for task in work_for(user) if task.is_to_do)
