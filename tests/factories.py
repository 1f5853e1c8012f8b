"""Factory functions for tests: readable defaults, overrides by keyword, flush (the client commits)."""

from __future__ import annotations

from collections.abc import Iterable

from argon2 import PasswordHasher

from panelrecords.models.users import Role, User, UserRole

_hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
_HASHES: dict[str, str] = {}


def password_hash(password: str) -> str:
    if password not in _HASHES:
        _HASHES[password] = _hasher.hash(password)
    return _HASHES[password]


def make_user(
    db,
    *,
    roles: Iterable[Role | str] = (),
    email: str = "someone@example.org",
    display_name: str = "Sam Someone",
    password: str | None = None,
    **overrides,
) -> User:
    from tests.conftest import PASSWORD

    user = User(email=email, display_name=display_name, password_hash=password_hash(password or PASSWORD), **overrides)
    user.role_rows = [UserRole(role=Role(r).value) for r in roles]
    db.session.add(user)
    db.session.flush()
    return user


# Recording: panels, meetings, attendees, cases, decisions ---------------------------------------------------------

VALID_NHS_NUMBER = "943 476 5919"
VALID_UPN = "N801200000013"


def make_panel(db, **overrides):
    from panelrecords.models.panels import Panel

    values = {
        "name": "Decision to assess panel",
        "kind": "decision_to_assess",
        "terms_of_reference": "Decides requests for EHC needs assessments.",
        "min_voting_members": 2,
        "required_sectors": ["education", "health", "social_care"],
        "min_parent_reps": 2,
    }
    values.update(overrides)
    panel = Panel(**values)
    db.session.add(panel)
    db.session.flush()
    return panel


def make_meeting(db, *, panel=None, status: str = "scheduled", **overrides):
    from datetime import UTC, datetime

    from panelrecords.models.panels import PanelMeeting

    values = {
        "starts_at": datetime(2026, 3, 4, 10, 0, tzinfo=UTC),
        "ends_at": datetime(2026, 3, 4, 12, 30, tzinfo=UTC),
        "place": "Room 2, Civic Centre",
        "status": status,
    }
    values.update(overrides)
    meeting = PanelMeeting(panel=panel or make_panel(db), **values)
    db.session.add(meeting)
    db.session.flush()
    return meeting


def make_attendee(db, meeting, **overrides):
    from panelrecords.models.panels import Attendance

    values = {
        "name": "Alex Officer",
        "organisation": "Example City Council",
        "sector": "education",
        "role": "member",
        "status": "present",
        "voting": True,
        "consent_to_be_named": True,
    }
    values.update(overrides)
    attendee = Attendance(meeting=meeting, **values)
    db.session.add(attendee)
    db.session.flush()
    return attendee


def make_quorum(db, meeting):
    """Attendees that make a meeting of the default panel quorate."""
    make_attendee(db, meeting, name="Eve Education", sector="education", role="chair")
    make_attendee(db, meeting, name="Hal Health", sector="health", organisation="NHS trust")
    make_attendee(db, meeting, name="Sol Social", sector="social_care", voting=False)
    make_attendee(db, meeting, name="Pat Parent", sector="parent_carer", role="parent_rep", consent_to_be_named=False)
    make_attendee(db, meeting, name="Poppy Parent", sector="parent_carer", role="parent_rep", consent_to_be_named=False)


def make_case(db, *, reference: str = "C-TEST01", **overrides):
    from datetime import date

    from panelrecords.models.cases import Case

    identifiers = {
        "child": ["Jamie Example"],
        "child_aliases": ["Jay"],
        "date_of_birth": ["2016-05-04"],
        "parents": ["Morgan Example"],
        "school": ["Oakfield Primary School"],
        "postcode": ["BS1 4DJ"],
        "nhs_number": [VALID_NHS_NUMBER],
        "upn": [VALID_UPN],
    }
    identifiers.update(overrides.pop("identifiers", {}))
    values = {"request_received_on": date(2026, 1, 12), "requested_by": "parent"}
    values.update(overrides)
    case = Case(reference=reference, **values)
    case.set_identifiers(identifiers)
    db.session.add(case)
    db.session.flush()
    return case


def make_reference_data(db):
    from panelrecords.services import Actor, decisions

    decisions.install_defaults(by=Actor.system("test"))


def make_decision(db, *, meeting=None, case=None, outcome: str = "agreed", **overrides):
    from panelrecords.models.decisions import Decision, RequestType

    make_reference_data(db)
    request_type = db.session.query(RequestType).filter_by(code=overrides.pop("request_type", "assess")).one()
    values = {
        "decision_maker_name": "Dana Decider",
        "decision_maker_role": "Head of SEND",
        "reasons": "The evidence shows the child may have special educational needs.",
    }
    values.update(overrides)
    decision = Decision(
        meeting=meeting or make_meeting(db, status="held"),
        case=case or make_case(db),
        request_type=request_type,
        outcome=outcome,
        **values,
    )
    db.session.add(decision)
    db.session.flush()
    return decision


def make_paper(db, meeting, *, content: bytes = b"%PDF-1.4\n% panel paper\n", **overrides):
    import hashlib

    from panelrecords.models.papers import Paper

    values = {"title": "EP report", "filename": "ep-report.pdf", "content_type": "application/pdf"}
    values.update(overrides)
    paper = Paper(
        meeting=meeting, size=len(content), sha256=hashlib.sha256(content).hexdigest(), content=content, **values
    )
    db.session.add(paper)
    db.session.flush()
    return paper


def assign_parent_rep(db, meeting, user, *, acknowledged: bool = False):
    from datetime import UTC, datetime

    from panelrecords.models.panels import ParentRepAssignment

    assignment = ParentRepAssignment(
        meeting=meeting, user_id=user.id, confidentiality_acknowledged_at=datetime.now(UTC) if acknowledged else None
    )
    db.session.add(assignment)
    db.session.flush()
    return assignment
