"""Cases: the child's and family's identifiers (encrypted at rest) and the statutory clock.

Identifiers are shown only to clerks, reviewers and admins (the views' roles) and are never published.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, date, datetime

from flask import current_app
from sqlalchemy import select
from stdnum.gb import nhs, upn

from panelrecords.errors import NotFound, ValidationFailed
from panelrecords.extensions import db
from panelrecords.models.cases import IDENTIFIER_KEYS, Case, Milestone, Requester, TimescaleException
from panelrecords.services import Actor, audit, timescales
from panelrecords.services.recording import LONDON, atomic

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out on the phone
_POSTCODE = re.compile(
    r"^(?:[A-PR-UWYZ](?:[A-HK-Y]?\d[A-Z\d]?|\d[A-HJKPSTUW])\s*\d[ABD-HJLNP-UW-Z]{2}|GIR\s*0AA)$", re.IGNORECASE
)
MULTI_VALUED = ("child_aliases", "parents", "other_people", "school", "address", "other")


def today_in_london() -> date:
    return datetime.now(UTC).astimezone(LONDON).date()


def new_reference() -> str:
    """A pseudonymous case reference: says nothing about the child, easy to read out."""
    return "C-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))


def normalise_nhs_number(value: str) -> str:
    """Raises ``ValidationFailed`` on ``nhs_number`` for a number whose modulus-11 check digit is wrong."""
    compact = re.sub(r"[\s-]", "", value or "")
    if not compact.isdigit() or len(compact) != 10:
        raise ValidationFailed("Enter an NHS number with 10 digits, like 485 777 3456", "nhs_number")
    if not nhs.is_valid(compact):
        raise ValidationFailed("Enter a valid NHS number: the check digit does not match", "nhs_number")
    return nhs.format(compact)


def normalise_upn(value: str) -> str:
    """Raises ``ValidationFailed`` on ``upn`` for a unique pupil number whose check letter is wrong."""
    compact = re.sub(r"\s", "", value or "").upper()
    if len(compact) != 13 or not compact[0].isalpha() or not compact[1:12].isdigit():
        raise ValidationFailed("Enter a unique pupil number (UPN) with 13 characters, like N801200000013", "upn")
    if not upn.is_valid(compact):
        raise ValidationFailed("Enter a valid unique pupil number (UPN): the check letter does not match", "upn")
    return compact


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s", "", value or "").upper()
    if not _POSTCODE.match(compact):
        raise ValidationFailed("Enter a real postcode, like SW1A 1AA", "postcode")
    return f"{compact[:-3]} {compact[-3:]}"


def _values(values: list[str] | str | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = re.split(r"[\n;]", values)
    return [v.strip() for v in values if v and v.strip()]


def _clean_identifiers(
    *,
    child: str,
    date_of_birth: date | None,
    nhs_number: str = "",
    upn: str = "",
    postcode: str = "",
    **lists,
) -> dict[str, list[str]]:
    child = (child or "").strip()
    if not child:
        raise ValidationFailed("Enter the child's or young person's full name", "child")
    if len(child) > 200:
        raise ValidationFailed("The child's full name must be 200 characters or fewer", "child")
    if date_of_birth is None:
        raise ValidationFailed("Enter the child's date of birth", "date_of_birth")
    if date_of_birth > today_in_london():
        raise ValidationFailed("The date of birth must be in the past", "date_of_birth")
    if date_of_birth.year < 1990:
        raise ValidationFailed("The date of birth must be after 1 January 1990", "date_of_birth")
    cleaned = {key: _values(lists.get(key)) for key in MULTI_VALUED}
    for key, values in cleaned.items():
        if sum(len(v) for v in values) > 5_000:
            raise ValidationFailed("Each list of identifiers must be 5,000 characters or fewer", key)
    cleaned["child"] = [child]
    cleaned["date_of_birth"] = [date_of_birth.isoformat()]
    cleaned["nhs_number"] = [normalise_nhs_number(nhs_number)] if (nhs_number or "").strip() else []
    cleaned["upn"] = [normalise_upn(upn)] if (upn or "").strip() else []
    cleaned["postcode"] = [normalise_postcode(postcode)] if (postcode or "").strip() else []
    return {key: cleaned.get(key, []) for key in IDENTIFIER_KEYS}


@atomic
def create_case(
    *,
    request_received_on: date | None,
    requested_by: str,
    child: str,
    date_of_birth: date | None,
    child_aliases: list[str] | str | None = None,
    parents: list[str] | str | None = None,
    other_people: list[str] | str | None = None,
    school: list[str] | str | None = None,
    address: list[str] | str | None = None,
    postcode: str = "",
    nhs_number: str = "",
    upn: str = "",
    other: list[str] | str | None = None,
    by: Actor,
) -> Case:
    """Open a case. Raises ``ValidationFailed`` on the field at fault (e.g. an NHS number with a wrong check digit)."""
    if request_received_on is None:
        raise ValidationFailed("Enter the date the request was received", "request_received_on")
    if request_received_on > today_in_london():
        raise ValidationFailed("The date the request was received must be today or in the past", "request_received_on")
    if requested_by not in {r.value for r in Requester}:
        raise ValidationFailed("Select who made the request", "requested_by")
    identifiers = _clean_identifiers(
        child=child,
        date_of_birth=date_of_birth,
        nhs_number=nhs_number,
        upn=upn,
        postcode=postcode,
        child_aliases=child_aliases,
        parents=parents,
        other_people=other_people,
        school=school,
        address=address,
        other=other,
    )
    reference = new_reference()
    while db.session.scalar(select(Case.id).where(Case.reference == reference)) is not None:
        reference = new_reference()
    case = Case(reference=reference, request_received_on=request_received_on, requested_by=requested_by)
    case.set_identifiers(identifiers)
    db.session.add(case)
    db.session.flush()
    # The audit log is readable by admins: it names the case by reference only, never by identifier.
    audit.record(
        "case.create",
        "case",
        case.id,
        by=by,
        detail={"reference": reference, "request_received_on": request_received_on.isoformat()},
    )
    db.session.commit()
    return case


def get_case(case_id: int) -> Case:
    case = db.session.get(Case, case_id)
    if case is None:
        raise NotFound("Case not found")
    return case


def read_identifiers(case: Case, *, by: Actor, where: str) -> dict[str, list[str]]:
    """The case's identifiers, for a person allowed to see them; every reading is audited (who, when, where from,
    and which page or API call showed them)."""
    audit.record("case.view_identifiers", "case", case.id, by=by, detail={"where": where})
    db.session.commit()
    return case.known_identifiers()


def find_case(reference: str) -> Case:
    case = db.session.scalar(select(Case).where(Case.reference == (reference or "").strip().upper()))
    if case is None:
        raise NotFound("Case not found")
    return case


def list_cases() -> list[Case]:
    return list(db.session.scalars(select(Case).order_by(Case.reference)))


def _weekend_from_monday() -> bool:
    return bool(current_app.config.get("TIMESCALE_WEEKEND_COUNTS_FROM_MONDAY", True))


def case_dates(case: Case) -> timescales.CaseDates:
    return timescales.CaseDates(
        received_on=case.request_received_on,
        assessment_decided_on=case.assessment_decided_on,
        assessment_agreed=case.assessment_agreed,
        issue_decided_on=case.issue_decided_on,
        issue_agreed=case.issue_agreed,
        final_plan_issued_on=case.final_plan_issued_on,
        exceptions=tuple((e.milestone, e.reason) for e in case.exceptions),
    )


def statuses(case: Case, today: date | None = None) -> list[timescales.MilestoneStatus]:
    return timescales.statuses(
        case_dates(case), today or today_in_london(), weekend_counts_from_monday=_weekend_from_monday()
    )


def cases_by_urgency(today: date | None = None) -> list[tuple[Case, list[timescales.MilestoneStatus]]]:
    """Every case with its milestones, the most urgent first (overdue, then due soonest)."""
    today = today or today_in_london()
    rows = [(case, statuses(case, today)) for case in list_cases()]
    rows.sort(key=lambda row: (timescales.urgency(row[1]), row[0].request_received_on, row[0].reference))
    return rows


@atomic
def record_exception(case: Case, *, milestone: str, reason: str, by: Actor) -> TimescaleException:
    """Record why a time limit does not apply or was missed. Raises ``ValidationFailed``."""
    if milestone not in {m.value for m in Milestone}:
        raise ValidationFailed("Select the time limit the exception is about", "milestone")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("Enter the reason for the exception", "reason")
    if len(reason) > 5_000:
        raise ValidationFailed("The reason must be 5,000 characters or fewer", "reason")
    exception = TimescaleException(case=case, milestone=milestone, reason=reason, recorded_by_id=by.user_id)
    db.session.add(exception)
    db.session.flush()
    audit.record("case.timescale_exception", "case", case.id, by=by, detail={"milestone": milestone})
    db.session.commit()
    return exception


@atomic
def record_final_plan(case: Case, *, issued_on: date | None, by: Actor) -> None:
    """Record the date the final EHC plan was issued. Raises ``ValidationFailed``."""
    if issued_on is None:
        raise ValidationFailed("Enter the date the final plan was issued", "issued_on")
    if issued_on < case.request_received_on or issued_on > today_in_london():
        raise ValidationFailed(
            "The date the final plan was issued must be between the request date and today", "issued_on"
        )
    case.final_plan_issued_on = issued_on
    audit.record("case.final_plan", "case", case.id, by=by, detail={"issued_on": issued_on.isoformat()})
    db.session.commit()


def note_decision(case: Case, *, request_type_code: str, outcome: str, decided_on: date) -> None:
    """Move the statutory clock on for a decision (in the caller's transaction; deferrals change nothing)."""
    if outcome == "deferred":
        return
    agreed = outcome in ("agreed", "agreed_with_conditions")
    if request_type_code == "assess" and case.assessment_decided_on is None:
        case.assessment_decided_on, case.assessment_agreed = decided_on, agreed
    elif request_type_code == "issue_plan" and case.issue_decided_on is None:
        case.issue_decided_on, case.issue_agreed = decided_on, agreed
