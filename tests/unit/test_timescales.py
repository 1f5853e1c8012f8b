"""Statutory timescales: deadlines at exactly 6, 16 and 20 weeks, leap years, weekend requests, exceptions."""

from __future__ import annotations

from datetime import date

import pytest

from panelrecords.services.timescales import CaseDates, State, clock_starts, deadline, next_pending, statuses, urgency

MONDAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("weeks", "expected"), [(6, date(2026, 7, 13)), (16, date(2026, 9, 21)), (20, date(2026, 10, 19))]
)
def test_deadlines_are_whole_weeks_from_the_request(weeks, expected):
    assert deadline(MONDAY, weeks) == expected


def test_a_decision_on_the_last_day_is_on_time_and_the_next_day_is_late():
    on_the_day = statuses(CaseDates(MONDAY, assessment_decided_on=date(2026, 7, 13), assessment_agreed=True), MONDAY)
    a_day_late = statuses(CaseDates(MONDAY, assessment_decided_on=date(2026, 7, 14), assessment_agreed=True), MONDAY)
    assert (on_the_day[0].state, on_the_day[0].days) == (State.MET, 0)
    assert (a_day_late[0].state, a_day_late[0].days) == (State.MET_LATE, 1)
    assert a_day_late[0].description == "Met 1 day late"


@pytest.mark.parametrize(
    ("field", "done", "state"),
    [
        ("issue_decided_on", date(2026, 9, 21), State.MET),
        ("issue_decided_on", date(2026, 9, 22), State.MET_LATE),
    ],
)
def test_the_16_week_boundary(field, done, state):
    case = CaseDates(
        MONDAY, assessment_decided_on=date(2026, 7, 1), assessment_agreed=True, **{field: done}, issue_agreed=True
    )
    assert statuses(case, MONDAY)[1].state is state


def test_the_20_week_boundary():
    base = {
        "assessment_decided_on": date(2026, 7, 1),
        "assessment_agreed": True,
        "issue_decided_on": date(2026, 9, 1),
        "issue_agreed": True,
    }
    assert statuses(CaseDates(MONDAY, final_plan_issued_on=date(2026, 10, 19), **base), MONDAY)[2].state is State.MET
    late = statuses(CaseDates(MONDAY, final_plan_issued_on=date(2026, 10, 21), **base), MONDAY)[2]
    assert (late.state, late.days) == (State.MET_LATE, 2)


def test_leap_years_count_29_february():
    # 20 weeks (140 days) from 15 January 2024 crosses 29 February 2024.
    assert deadline(date(2024, 1, 15), 20) == date(2024, 6, 3)
    assert deadline(date(2023, 1, 16), 20) == date(2023, 6, 5)
    # 6 weeks from 29 February itself.
    assert deadline(date(2024, 2, 29), 6) == date(2024, 4, 11)
    assert deadline(date(2024, 2, 1), 6) == date(2024, 3, 14)


@pytest.mark.parametrize("received", [date(2026, 5, 30), date(2026, 5, 31)])  # Saturday, Sunday
def test_a_weekend_request_counts_from_the_monday(received):
    assert clock_starts(received) == MONDAY
    assert deadline(received, 6) == date(2026, 7, 13)


def test_weekend_rule_can_be_turned_off():
    assert deadline(date(2026, 5, 30), 6, weekend_counts_from_monday=False) == date(2026, 7, 11)
    assert clock_starts(date(2026, 5, 29)) == date(2026, 5, 29)  # a Friday is its own day


def test_pending_milestones_are_on_time_due_soon_or_overdue():
    case = CaseDates(MONDAY)
    assert statuses(case, date(2026, 6, 2))[0].state is State.ON_TIME
    assert statuses(case, date(2026, 7, 3))[0].state is State.DUE_SOON  # 10 days left
    assert statuses(case, date(2026, 7, 13))[0].description == "Due today"
    overdue = statuses(case, date(2026, 7, 20))[0]
    assert (overdue.state, overdue.days, overdue.description) == (State.OVERDUE, 7, "Overdue by 7 days")


def test_a_refusal_to_assess_ends_the_clock():
    case = CaseDates(MONDAY, assessment_decided_on=date(2026, 7, 1), assessment_agreed=False)
    assert [s.state for s in statuses(case, date(2026, 12, 1))] == [State.MET, State.NOT_NEEDED, State.NOT_NEEDED]
    assert next_pending(statuses(case, date(2026, 12, 1))) is None


def test_exceptions_are_kept_beside_the_status_never_dropped():
    case = CaseDates(
        MONDAY, exceptions=(("assessment_decision", "Regulation 5(4)(b): exceptional personal circumstances"),)
    )
    status = statuses(case, date(2026, 8, 1))[0]
    assert status.state is State.OVERDUE  # still computed and counted
    assert status.exceptions == ("Regulation 5(4)(b): exceptional personal circumstances",)
    assert statuses(case, date(2026, 8, 1))[1].exceptions == ()


def test_urgency_puts_overdue_first_and_finished_cases_last():
    today = date(2026, 8, 1)
    overdue = statuses(CaseDates(MONDAY), today)
    soon = statuses(CaseDates(date(2026, 7, 1)), today)
    done = statuses(CaseDates(MONDAY, assessment_decided_on=date(2026, 7, 1), assessment_agreed=False), today)
    assert sorted([done, soon, overdue], key=urgency) == [overdue, soon, done]
