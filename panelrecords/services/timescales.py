"""Statutory timescales for EHC needs assessments (SEND Regulations 2014), from the date a request is received.

- decision whether to assess: 6 weeks (regulation 5);
- decision whether to issue a plan (and the draft): 16 weeks (regulation 10);
- final EHC plan issued: 20 weeks (regulation 13).

A deadline is the request date plus whole weeks: a request received on Monday 1 June has its 6-week deadline on
Monday 13 July, and a decision on that day is on time. A request received on a Saturday or Sunday (an e-mail at the
weekend) is counted from the next Monday, the first day the authority can act on it; the setting
``TIMESCALE_WEEKEND_COUNTS_FROM_MONDAY`` (default on) turns that off. Bank holidays are not moved: the regulations
count calendar weeks.

Later steps apply only when the earlier one went ahead: a refusal to assess ends the clock. An exception (a
regulation 10(4) or 13(3) reason, for example) is recorded with the milestone it concerns: the status is still
computed and shown with the exception beside it, never dropped, so later figures can show both.

This module is pure: dates in, statuses out; the caller passes ``today`` and the settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

ASSESSMENT_DECISION_WEEKS = 6
ISSUE_DECISION_WEEKS = 16
FINAL_PLAN_WEEKS = 20
DUE_SOON_DAYS = 10

MILESTONES = (
    ("assessment_decision", "Decision whether to assess", ASSESSMENT_DECISION_WEEKS),
    ("issue_decision", "Decision whether to issue a plan", ISSUE_DECISION_WEEKS),
    ("final_plan", "Final plan issued", FINAL_PLAN_WEEKS),
)


class State(StrEnum):
    ON_TIME = "on_time"  # not done yet, deadline more than DUE_SOON_DAYS away
    DUE_SOON = "due_soon"  # not done yet, deadline within DUE_SOON_DAYS (or today)
    OVERDUE = "overdue"  # not done yet, deadline passed
    MET = "met"  # done on or before the deadline
    MET_LATE = "met_late"  # done after the deadline
    NOT_NEEDED = "not_needed"  # an earlier step ended the process (e.g. refused to assess)

    @property
    def label(self) -> str:
        return {
            "on_time": "On time",
            "due_soon": "Due soon",
            "overdue": "Overdue",
            "met": "Met",
            "met_late": "Met late",
            "not_needed": "Not needed",
        }[self.value]


@dataclass(frozen=True)
class CaseDates:
    received_on: date
    assessment_decided_on: date | None = None
    assessment_agreed: bool | None = None
    issue_decided_on: date | None = None
    issue_agreed: bool | None = None
    final_plan_issued_on: date | None = None
    # milestone -> reason, for the exceptions recorded on the case
    exceptions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class MilestoneStatus:
    milestone: str
    label: str
    deadline: date | None
    done_on: date | None
    state: State
    # Days late (met late / overdue) or days left (on time / due soon); 0 when met on the day or not needed.
    days: int
    exceptions: tuple[str, ...] = ()

    @property
    def is_pending(self) -> bool:
        return self.state in (State.ON_TIME, State.DUE_SOON, State.OVERDUE)

    @property
    def description(self) -> str:
        unit = "day" if self.days == 1 else "days"
        if self.state is State.OVERDUE:
            return f"Overdue by {self.days} {unit}"
        if self.state is State.MET_LATE:
            return f"Met {self.days} {unit} late"
        if self.state in (State.ON_TIME, State.DUE_SOON):
            return "Due today" if self.days == 0 else f"{self.days} {unit} left"
        return self.state.label


def clock_starts(received_on: date, *, weekend_counts_from_monday: bool = True) -> date:
    """The day the statutory weeks count from."""
    if weekend_counts_from_monday and received_on.weekday() >= 5:
        return received_on + timedelta(days=7 - received_on.weekday())
    return received_on


def deadline(received_on: date, weeks: int, *, weekend_counts_from_monday: bool = True) -> date:
    return clock_starts(received_on, weekend_counts_from_monday=weekend_counts_from_monday) + timedelta(weeks=weeks)


def _status(
    milestone: str, label: str, due: date | None, done_on: date | None, today: date, needed: bool, exceptions
) -> MilestoneStatus:
    notes = tuple(reason for name, reason in exceptions if name == milestone)
    if not needed or due is None:
        return MilestoneStatus(milestone, label, None, done_on, State.NOT_NEEDED, 0, notes)
    if done_on is not None:
        late = (done_on - due).days
        state = State.MET_LATE if late > 0 else State.MET
        return MilestoneStatus(milestone, label, due, done_on, state, max(late, 0), notes)
    left = (due - today).days
    if left < 0:
        return MilestoneStatus(milestone, label, due, None, State.OVERDUE, -left, notes)
    state = State.DUE_SOON if left <= DUE_SOON_DAYS else State.ON_TIME
    return MilestoneStatus(milestone, label, due, None, state, left, notes)


def statuses(case: CaseDates, today: date, *, weekend_counts_from_monday: bool = True) -> list[MilestoneStatus]:
    """The three milestones of one case, in order."""
    start = clock_starts(case.received_on, weekend_counts_from_monday=weekend_counts_from_monday)
    due = {name: start + timedelta(weeks=weeks) for name, _label, weeks in MILESTONES}
    labels = {name: label for name, label, _weeks in MILESTONES}
    issue_needed = case.assessment_agreed is not False
    final_needed = issue_needed and case.issue_agreed is not False
    return [
        _status(
            "assessment_decision",
            labels["assessment_decision"],
            due["assessment_decision"],
            case.assessment_decided_on,
            today,
            True,
            case.exceptions,
        ),
        _status(
            "issue_decision",
            labels["issue_decision"],
            due["issue_decision"],
            case.issue_decided_on,
            today,
            issue_needed,
            case.exceptions,
        ),
        _status(
            "final_plan",
            labels["final_plan"],
            due["final_plan"],
            case.final_plan_issued_on,
            today,
            final_needed,
            case.exceptions,
        ),
    ]


def next_pending(case_statuses: list[MilestoneStatus]) -> MilestoneStatus | None:
    return next((status for status in case_statuses if status.is_pending), None)


def urgency(case_statuses: list[MilestoneStatus]) -> tuple[int, int]:
    """A sort key: overdue first (most overdue first), then by days left; cases with nothing pending last."""
    pending = next_pending(case_statuses)
    if pending is None:
        return (1, 0)
    days_left = -pending.days if pending.state is State.OVERDUE else pending.days
    return (0, days_left)
