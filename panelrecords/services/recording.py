"""Recording panels and their meetings: scheduling, attendees, quorum, declarations, parent representatives.

Settings (read with defaults, so none must be set):
``SCHOOL_RUN_WINDOWS``  list of ("HH:MM", "HH:MM") in Europe/London; default 08:15–09:15 and 14:45–15:45.
``SCHOOL_HOLIDAYS``     list of ("YYYY-MM-DD", "YYYY-MM-DD", name), inclusive; default: the authority's
                        usual holidays for 2025–2027 (see ``DEFAULT_SCHOOL_HOLIDAYS``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import wraps
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from panelrecords.errors import Conflict, Forbidden, NotFound, ValidationFailed
from panelrecords.extensions import db
from panelrecords.models.panels import (
    Attendance,
    AttendanceStatus,
    AttendeeRole,
    DeclarationAction,
    InterestDeclaration,
    MeetingStatus,
    Panel,
    PanelKind,
    PanelMeeting,
    ParentRepAssignment,
    Sector,
)
from panelrecords.models.users import Role, User
from panelrecords.services import Actor, audit

LONDON = ZoneInfo("Europe/London")
DEFAULT_SCHOOL_RUN_WINDOWS = (("08:15", "09:15"), ("14:45", "15:45"))
DEFAULT_SCHOOL_HOLIDAYS = (
    ("2025-10-27", "2025-10-31", "October half term"),
    ("2025-12-22", "2026-01-02", "Christmas holidays"),
    ("2026-02-16", "2026-02-20", "February half term"),
    ("2026-03-30", "2026-04-10", "Easter holidays"),
    ("2026-05-25", "2026-05-29", "May half term"),
    ("2026-07-22", "2026-09-02", "Summer holidays"),
    ("2026-10-26", "2026-10-30", "October half term"),
    ("2026-12-21", "2027-01-01", "Christmas holidays"),
    ("2027-02-15", "2027-02-19", "February half term"),
    ("2027-03-29", "2027-04-09", "Easter holidays"),
    ("2027-05-31", "2027-06-04", "May half term"),
    ("2027-07-21", "2027-09-01", "Summer holidays"),
)
SECTOR_NAMES = {
    Sector.EDUCATION: "education",
    Sector.HEALTH: "health",
    Sector.SOCIAL_CARE: "social care",
    Sector.PARENT_CARER: "parent carer",
    Sector.LEGAL: "legal",
    Sector.OTHER: "other",
}


def atomic(function: Callable) -> Callable:
    """One use case, one transaction: on any failure the session is rolled back, so nothing half-written stays."""

    @wraps(function)
    def wrapped(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception:
            db.session.rollback()
            raise

    return wrapped


def london_datetime(day: date, at: time) -> datetime:
    """A Europe/London wall-clock date and time as an aware UTC datetime."""
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)


def _text(value: str | None, limit: int, message: str, field: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(message, field)
    if len(value) > limit:
        raise ValidationFailed(
            f"{message.removeprefix('Enter ').capitalize()} must be {limit:,} characters or fewer", field
        )
    return value


def _choice(value: str | None, enum, message: str, field: str) -> str:
    if value not in {member.value for member in enum}:
        raise ValidationFailed(message, field)
    return value


# Panels --------------------------------------------------------------------------------------------------------


def list_panels() -> list[Panel]:
    return list(db.session.scalars(select(Panel).order_by(Panel.name)))


def get_panel(panel_id: int) -> Panel:
    panel = db.session.get(Panel, panel_id)
    if panel is None:
        raise NotFound("Panel not found")
    return panel


@atomic
def create_panel(
    *,
    name: str,
    kind: str,
    terms_of_reference: str = "",
    min_voting_members: int = 3,
    required_sectors: list[str] | None = None,
    min_parent_reps: int = 2,
    standing_members: str = "",
    by: Actor,
) -> Panel:
    """Create a panel with its quorum rules. Raises ``ValidationFailed``."""
    name = _text(name, 200, "Enter the name of the panel", "name")
    kind = _choice(kind, PanelKind, "Select the kind of panel", "kind")
    sectors = sorted(set(required_sectors or []))
    for sector in sectors:
        _choice(sector, Sector, "Select the sectors that must be present", "required_sectors")
    if min_voting_members is None or not 1 <= min_voting_members <= 50:
        raise ValidationFailed("Minimum voting members must be a number between 1 and 50", "min_voting_members")
    if min_parent_reps is None or not 0 <= min_parent_reps <= 10:
        raise ValidationFailed(
            "Minimum parent carer representatives must be a number between 0 and 10", "min_parent_reps"
        )
    panel = Panel(
        name=name,
        kind=kind,
        terms_of_reference=_text(
            terms_of_reference, 20_000, "Enter the terms of reference", "terms_of_reference", required=False
        ),
        min_voting_members=min_voting_members,
        required_sectors=sectors,
        min_parent_reps=min_parent_reps,
        standing_members=_text(
            standing_members, 5_000, "Enter the standing members", "standing_members", required=False
        ),
    )
    db.session.add(panel)
    db.session.flush()
    audit.record("panel.create", "panel", panel.id, by=by, detail={"name": name, "kind": kind})
    db.session.commit()
    return panel


# Meetings ------------------------------------------------------------------------------------------------------


def get_meeting(meeting_id: int) -> PanelMeeting:
    meeting = db.session.get(PanelMeeting, meeting_id)
    if meeting is None:
        raise NotFound("Meeting not found")
    return meeting


def list_meetings(limit: int = 200) -> list[PanelMeeting]:
    return list(db.session.scalars(select(PanelMeeting).order_by(PanelMeeting.starts_at.desc()).limit(limit)))


@atomic
def schedule_meeting(
    panel: Panel, *, starts_at: datetime, ends_at: datetime, place: str = "", online: bool = False, by: Actor
) -> PanelMeeting:
    """Schedule a meeting. Raises ``ValidationFailed`` (e.g. the end before the start, on ``end_time``)."""
    place = _meeting_values(starts_at, ends_at, place, online)
    meeting = PanelMeeting(panel=panel, starts_at=starts_at, ends_at=ends_at, place=place, online=bool(online))
    db.session.add(meeting)
    db.session.flush()
    audit.record(
        "meeting.schedule",
        "meeting",
        meeting.id,
        by=by,
        detail={"panel_id": panel.id, "starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
    )
    db.session.commit()
    return meeting


def _meeting_values(starts_at: datetime | None, ends_at: datetime | None, place: str, online: bool) -> str:
    """Check a meeting's times and place; return the place. Raises ``ValidationFailed``."""
    if starts_at is None:
        raise ValidationFailed("Enter the date and start time of the meeting", "start_time")
    if ends_at is None:
        raise ValidationFailed("Enter the end time of the meeting", "end_time")
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValidationFailed("Times must include their time zone", "start_time")
    if ends_at <= starts_at:
        raise ValidationFailed("The end time must be after the start time", "end_time")
    if (ends_at - starts_at).total_seconds() > 12 * 3600:
        raise ValidationFailed("A meeting must last 12 hours or less", "end_time")
    return _text(place, 300, "Enter where the meeting takes place", "place", required=not online)


def _windows() -> list[tuple[time, time]]:
    raw = current_app.config.get("SCHOOL_RUN_WINDOWS", DEFAULT_SCHOOL_RUN_WINDOWS)
    return [(time.fromisoformat(start), time.fromisoformat(end)) for start, end in raw]


def _holidays() -> list[tuple[date, date, str]]:
    raw = current_app.config.get("SCHOOL_HOLIDAYS", DEFAULT_SCHOOL_HOLIDAYS)
    return [(date.fromisoformat(start), date.fromisoformat(end), name) for start, end, name in raw]


def scheduling_warnings(starts_at: datetime, ends_at: datetime) -> list[str]:
    """Warnings (never refusals) for times that are hard for parent carers: school runs and school holidays."""
    start, end = starts_at.astimezone(LONDON), ends_at.astimezone(LONDON)
    warnings = []
    for window_start, window_end in _windows():
        if start.time() < window_end and end.time() > window_start and start.date() == end.date():
            warnings.append(
                f"The meeting overlaps the school run ({window_start:%H:%M} to {window_end:%H:%M}): "
                "parent carer representatives may not be able to attend"
            )
    for first, last, name in _holidays():
        if first <= start.date() <= last:
            warnings.append(f"The meeting is in the school holidays ({name})")
    return warnings


@atomic
def mark_held(meeting: PanelMeeting, *, by: Actor) -> None:
    """Record that a scheduled meeting took place. Raises ``Conflict`` unless it is scheduled."""
    if meeting.status != MeetingStatus.SCHEDULED:
        raise Conflict("Only a scheduled meeting can be marked as held", "status")
    meeting.status = MeetingStatus.HELD.value
    audit.record("meeting.held", "meeting", meeting.id, by=by)
    db.session.commit()


@atomic
def close_meeting(meeting: PanelMeeting, *, reason: str = "", by: Actor) -> None:
    """Close a held meeting: only when quorate, or with a recorded reason. Raises ``ValidationFailed``/``Conflict``."""
    if meeting.status != MeetingStatus.HELD:
        raise Conflict("Only a meeting that has been held can be closed", "reason")
    check = quorum(meeting)
    reason = _text(
        reason,
        5_000,
        "Enter why the meeting is being closed although it is not quorate",
        "reason",
        required=not check.is_quorate,
    )
    meeting.status = MeetingStatus.CLOSED.value
    meeting.closed_at = datetime.now(UTC)
    meeting.close_reason = reason or None
    audit.record(
        "meeting.close",
        "meeting",
        meeting.id,
        by=by,
        detail={"quorate": check.is_quorate, "missing": check.missing, "reason": reason},
    )
    db.session.commit()


# Attendees and quorum ------------------------------------------------------------------------------------------


@atomic
def add_attendee(
    meeting: PanelMeeting,
    *,
    name: str,
    organisation: str = "",
    sector: str,
    role: str,
    status: str = AttendanceStatus.PRESENT.value,
    voting: bool = False,
    consent_to_be_named: bool | None = None,
    by: Actor,
) -> Attendance:
    """Record an attendee. Consent to be named defaults to no for parent representatives and yes for officers."""
    if meeting.is_closed:
        raise Conflict("The meeting is closed: attendees can no longer be changed", "name")
    name = _text(name, 200, "Enter the attendee's name", "name")
    organisation = _text(organisation, 200, "Enter the organisation", "organisation", required=False)
    sector = _choice(sector, Sector, "Select the attendee's sector", "sector")
    role = _choice(role, AttendeeRole, "Select the attendee's role at the meeting", "role")
    status = _choice(status, AttendanceStatus, "Select whether the attendee was present", "status")
    if consent_to_be_named is None:
        consent_to_be_named = role != AttendeeRole.PARENT_REP
    attendee = Attendance(
        meeting=meeting,
        name=name,
        organisation=organisation,
        sector=sector,
        role=role,
        status=status,
        voting=bool(voting),
        consent_to_be_named=bool(consent_to_be_named),
    )
    db.session.add(attendee)
    db.session.flush()
    audit.record(
        "attendee.add",
        "meeting",
        meeting.id,
        by=by,
        detail={"attendance_id": attendee.id, "role": role, "sector": sector, "status": status},
    )
    db.session.commit()
    return attendee


@dataclass(frozen=True)
class Quorum:
    is_quorate: bool
    missing: list[str]


def quorum(meeting: PanelMeeting) -> Quorum:
    """Whether the meeting is quorate by its panel's rules, and exactly what is missing."""
    panel = meeting.panel
    present = [a for a in meeting.attendees if a.is_present]
    missing = []
    voting = sum(1 for a in present if a.voting)
    if voting < panel.min_voting_members:
        missing.append(f"{voting} of {panel.min_voting_members} voting members present")
    for sector in panel.required_sectors:
        if not any(a.sector == sector and a.role != AttendeeRole.OBSERVER for a in present):
            missing.append(f"no {SECTOR_NAMES[Sector(sector)]} representative present")
    reps = sum(1 for a in present if a.role == AttendeeRole.PARENT_REP)
    if reps < panel.min_parent_reps:
        noun = "representative" if panel.min_parent_reps == 1 else "representatives"
        missing.append(f"{reps} of {panel.min_parent_reps} parent carer {noun} present")
    return Quorum(is_quorate=not missing, missing=missing)


# Declarations of interest --------------------------------------------------------------------------------------


@atomic
def add_declaration(
    meeting: PanelMeeting,
    *,
    attendance_id: int | None,
    interest: str,
    action: str,
    decision_id: int | None = None,
    by: Actor,
) -> InterestDeclaration:
    """Record a declaration of interest by an attendee, optionally about one decision."""
    if meeting.is_closed:
        raise Conflict("The meeting is closed: declarations can no longer be added", "interest")
    attendee = next((a for a in meeting.attendees if a.id == attendance_id), None)
    if attendee is None:
        raise ValidationFailed("Select who declared the interest", "attendance_id")
    interest = _text(interest, 5_000, "Enter what was declared", "interest")
    action = _choice(action, DeclarationAction, "Select what followed the declaration", "action")
    if decision_id is not None and not any(d.id == decision_id for d in meeting.decisions):
        raise ValidationFailed("Select a decision taken at this meeting", "decision_id")
    declaration = InterestDeclaration(
        meeting=meeting, attendee=attendee, interest=interest, action=action, decision_id=decision_id
    )
    db.session.add(declaration)
    db.session.flush()
    audit.record(
        "declaration.add",
        "meeting",
        meeting.id,
        by=by,
        detail={"declaration_id": declaration.id, "attendance_id": attendee.id, "decision_id": decision_id},
    )
    db.session.commit()
    return declaration


# Parent representatives ----------------------------------------------------------------------------------------


def parent_rep_users() -> list[User]:
    from panelrecords.models.users import UserRole

    return list(
        db.session.scalars(
            select(User)
            .join(UserRole)
            .where(UserRole.role == Role.PARENT_REP.value, User.active)
            .order_by(User.display_name)
        )
    )


@atomic
def assign_parent_rep(meeting: PanelMeeting, *, user_id: int | None, by: Actor) -> ParentRepAssignment:
    """Give a parent representative access to a meeting. Raises ``ValidationFailed`` or ``Conflict``."""
    user = db.session.get(User, user_id) if user_id else None
    if user is None or not user.active or not user.has_role(Role.PARENT_REP):
        raise ValidationFailed("Select a parent carer representative", "user_id")
    if any(a.user_id == user.id for a in meeting.parent_reps):
        raise Conflict(f"{user.display_name} is already assigned to this meeting", "user_id")
    assignment = ParentRepAssignment(meeting=meeting, user_id=user.id)
    db.session.add(assignment)
    db.session.flush()
    audit.record("parent_rep.assign", "meeting", meeting.id, by=by, detail={"user_id": user.id})
    db.session.commit()
    return assignment


def assignment_for(meeting: PanelMeeting, user_id: int) -> ParentRepAssignment | None:
    return next((a for a in meeting.parent_reps if a.user_id == user_id), None)


def meetings_for_parent_rep(user_id: int) -> list[PanelMeeting]:
    return list(
        db.session.scalars(
            select(PanelMeeting)
            .join(ParentRepAssignment)
            .where(ParentRepAssignment.user_id == user_id)
            .order_by(PanelMeeting.starts_at.desc())
        )
    )


def get_meeting_for_parent_rep(meeting_id: int, *, by: Actor) -> PanelMeeting:
    """A meeting a parent representative is assigned to. Raises ``NotFound`` or ``Forbidden`` (audited)."""
    meeting = get_meeting(meeting_id)
    if assignment_for(meeting, by.user_id) is None:
        audit.record("meeting.view_refused", "meeting", meeting.id, by=by)
        db.session.commit()
        raise Forbidden("You are not assigned to this meeting")
    return meeting


@atomic
def acknowledge_confidentiality(meeting: PanelMeeting, *, by: Actor) -> ParentRepAssignment:
    """Record that a parent representative accepted the confidentiality statement for a meeting."""
    assignment = assignment_for(meeting, by.user_id)
    if assignment is None:
        raise Forbidden("You are not assigned to this meeting")
    if assignment.confidentiality_acknowledged_at is None:
        assignment.confidentiality_acknowledged_at = datetime.now(UTC)
        audit.record("parent_rep.acknowledge_confidentiality", "meeting", meeting.id, by=by)
        db.session.commit()
    return assignment


# Correcting before publication ---------------------------------------------------------------------------------


def _has_published_decision(meeting: PanelMeeting) -> bool:
    from panelrecords.services import publication_state

    return any(publication_state.live_record(decision) is not None for decision in meeting.decisions)


def _correctable(meeting: PanelMeeting, reason: str | None, *, field: str) -> str:
    """The reason for a change (required once the meeting is closed). Raises ``Conflict``/``ValidationFailed``.

    Attendance and declarations are published with every decision of the meeting, so once one of them is
    published they change only through a correction of that record.
    """
    if _has_published_decision(meeting):
        raise Conflict(
            "A decision of this meeting is published: change it through a correction of the published record", field
        )
    reason = _text(reason, 5_000, "Enter why this is being changed", field, required=False)
    if meeting.is_closed and not reason:
        raise ValidationFailed("Enter why this is being changed after the meeting was closed", field)
    return reason


def get_attendee(attendance_id: int) -> Attendance:
    attendee = db.session.get(Attendance, attendance_id)
    if attendee is None:
        raise NotFound("Attendee not found")
    return attendee


def get_declaration(declaration_id: int) -> InterestDeclaration:
    declaration = db.session.get(InterestDeclaration, declaration_id)
    if declaration is None:
        raise NotFound("Declaration not found")
    return declaration


def _attendee_values(attendee: Attendance) -> dict:
    return {
        "name": attendee.name,
        "organisation": attendee.organisation,
        "sector": attendee.sector,
        "role": attendee.role,
        "status": attendee.status,
        "voting": attendee.voting,
        "consent_to_be_named": attendee.consent_to_be_named,
    }


@atomic
def update_attendee(
    attendee: Attendance,
    *,
    name: str,
    organisation: str = "",
    sector: str,
    role: str,
    status: str,
    voting: bool,
    consent_to_be_named: bool | None = None,
    change_reason: str = "",
    by: Actor,
) -> Attendance:
    """Correct an attendee; audited with before and after. Raises ``Conflict`` or ``ValidationFailed``."""
    meeting = attendee.meeting
    change_reason = _correctable(meeting, change_reason, field="change_reason")
    before = _attendee_values(attendee)
    attendee.name = _text(name, 200, "Enter the attendee's name", "name")
    attendee.organisation = _text(organisation, 200, "Enter the organisation", "organisation", required=False)
    attendee.sector = _choice(sector, Sector, "Select the attendee's sector", "sector")
    attendee.role = _choice(role, AttendeeRole, "Select the attendee's role at the meeting", "role")
    attendee.status = _choice(status, AttendanceStatus, "Select whether the attendee was present", "status")
    attendee.voting = bool(voting)
    attendee.consent_to_be_named = (
        attendee.role != AttendeeRole.PARENT_REP if consent_to_be_named is None else bool(consent_to_be_named)
    )
    after = _attendee_values(attendee)
    changed = [key for key in after if before[key] != after[key]]
    if changed:
        audit.record(
            "attendee.update",
            "meeting",
            meeting.id,
            by=by,
            detail={
                "attendance_id": attendee.id,
                "before": {key: before[key] for key in changed},
                "after": {key: after[key] for key in changed},
                "change_reason": change_reason,
            },
        )
    db.session.commit()
    return attendee


@atomic
def remove_attendee(attendee: Attendance, *, reason: str = "", by: Actor) -> None:
    """Remove an attendee recorded by mistake (and their declarations); audited with what was removed."""
    meeting = attendee.meeting
    reason = _correctable(meeting, reason, field="reason")
    declarations = [d for d in meeting.declarations if d.attendance_id == attendee.id]
    audit.record(
        "attendee.remove",
        "meeting",
        meeting.id,
        by=by,
        detail={
            "attendance_id": attendee.id,
            "before": _attendee_values(attendee),
            "declarations": [{"interest": d.interest, "action": d.action} for d in declarations],
            "reason": reason,
        },
    )
    for declaration in declarations:
        db.session.delete(declaration)
    db.session.delete(attendee)
    db.session.commit()


@atomic
def remove_declaration(declaration: InterestDeclaration, *, reason: str = "", by: Actor) -> None:
    """Remove a declaration of interest recorded by mistake; audited with what it said."""
    meeting = declaration.meeting
    reason = _correctable(meeting, reason, field="reason")
    audit.record(
        "declaration.remove",
        "meeting",
        meeting.id,
        by=by,
        detail={
            "declaration_id": declaration.id,
            "before": {
                "attendance_id": declaration.attendance_id,
                "interest": declaration.interest,
                "action": declaration.action,
                "decision_id": declaration.decision_id,
            },
            "reason": reason,
        },
    )
    db.session.delete(declaration)
    db.session.commit()


def _meeting_snapshot(meeting: PanelMeeting) -> dict:
    return {
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "place": meeting.place,
        "online": meeting.online,
    }


@atomic
def update_meeting(
    meeting: PanelMeeting,
    *,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    online: bool = False,
    change_reason: str = "",
    by: Actor,
) -> PanelMeeting:
    """Correct a meeting's date, times or place; audited with before and after.

    Raises ``Conflict`` (a decision of it is published) or ``ValidationFailed``.
    """
    change_reason = _correctable(meeting, change_reason, field="change_reason")
    place = _meeting_values(starts_at, ends_at, place, online)
    before = _meeting_snapshot(meeting)
    meeting.starts_at, meeting.ends_at, meeting.place, meeting.online = starts_at, ends_at, place, bool(online)
    after = _meeting_snapshot(meeting)
    changed = [key for key in after if before[key] != after[key]]
    if changed:
        audit.record(
            "meeting.update",
            "meeting",
            meeting.id,
            by=by,
            detail={
                "before": {key: before[key] for key in changed},
                "after": {key: after[key] for key in changed},
                "change_reason": change_reason,
            },
        )
    db.session.commit()
    return meeting
