"""The controlled lists admins maintain: request types with their legal tests and limbs, and reason codes.

Nothing here is ever deleted. A reason code's new wording is a new version (``decisions.revise_reason_code``);
a limb's new wording retires the old limb and adds a new one with the same letter and a version suffix, so a
past decision keeps the limb its panel actually applied. Renaming a request type or its test is recorded in the
audit log with the wording before and after.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from panelrecords.errors import Conflict, NotFound, ValidationFailed
from panelrecords.extensions import db
from panelrecords.models.decisions import Decision, LegalTestLimb, ReasonCode, RequestType, decision_reason_codes
from panelrecords.services import Actor, audit
from panelrecords.services.recording import atomic

MAX_LABEL = 200
MAX_LEGAL_TEST = 300
MAX_LIMB = 2_000
MAX_LIMBS = 12
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_LETTER = re.compile(r"^([a-z])(?:_v(\d+))?$")


def _text(value: str | None, *, what: str, field: str, limit: int, required: bool = True) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise ValidationFailed(f"Enter {what}", field)
    if len(value) > limit:
        raise ValidationFailed(f"{what[:1].upper()}{what[1:]} must be {limit:,} characters or fewer", field)
    return value


# Reading --------------------------------------------------------------------------------------------------------


def all_request_types() -> list[RequestType]:
    return list(db.session.scalars(select(RequestType).order_by(RequestType.active.desc(), RequestType.id)))


def get_request_type(request_type_id: int) -> RequestType:
    found = db.session.get(RequestType, request_type_id)
    if found is None:
        raise NotFound("No such request type")
    return found


def get_limb(limb_id: int) -> LegalTestLimb:
    found = db.session.get(LegalTestLimb, limb_id)
    if found is None:
        raise NotFound("No such limb")
    return found


def reason_code_history() -> dict[str, list[ReasonCode]]:
    """Every reason code with all its versions, newest first, and how many decisions used each version."""
    history: dict[str, list[ReasonCode]] = {}
    for row in db.session.scalars(select(ReasonCode).order_by(ReasonCode.code, ReasonCode.version.desc())):
        history.setdefault(row.code, []).append(row)
    return history


def label_key(label: str | None) -> str:
    """How two labels are compared: without case or spacing."""
    return " ".join((label or "").lower().split())


def check_reason_label_free(code: str, label: str) -> None:
    """Refuse wording that another active reason code already has: two codes with one label split the records
    a filter finds and understate a reason's share of refusals. Raises ``ValidationFailed`` on ``label``."""
    wanted = label_key(label)
    for other in db.session.scalars(select(ReasonCode).where(ReasonCode.active, ReasonCode.code != code)):
        if label_key(other.label) == wanted:
            raise ValidationFailed(
                f"The reason code “{other.code}” already has this wording: use that code, or word this one differently",
                "label",
            )


def reason_code_uses() -> dict[int, int]:
    rows = db.session.execute(
        select(decision_reason_codes.c.reason_code_id, func.count()).group_by(decision_reason_codes.c.reason_code_id)
    )
    return {reason_id: count for reason_id, count in rows}


# Request types and their tests ---------------------------------------------------------------------------------


@atomic
def add_request_type(code: str, *, label: str, legal_test: str, limbs: list[str], by: Actor) -> RequestType:
    code = (code or "").strip().lower()
    if not _CODE.match(code):
        raise ValidationFailed("Enter a code of up to 32 lower-case letters, digits and underscores", "code")
    if db.session.scalar(select(RequestType.id).where(RequestType.code == code)) is not None:
        raise ValidationFailed("A request type with this code already exists", "code")
    label = _text(label, what="the name of the request type", field="label", limit=MAX_LABEL)
    legal_test = _text(legal_test, what="the legal test", field="legal_test", limit=MAX_LEGAL_TEST, required=False)
    texts = [_text(t, what="the limb", field="limbs", limit=MAX_LIMB) for t in limbs if (t or "").strip()]
    if len(texts) > MAX_LIMBS:
        raise ValidationFailed(f"A legal test can have at most {MAX_LIMBS} limbs", "limbs")
    request_type = RequestType(code=code, label=label, legal_test=legal_test)
    request_type.limbs = [LegalTestLimb(key=chr(ord("a") + i), text=t, position=i) for i, t in enumerate(texts)]
    db.session.add(request_type)
    db.session.flush()
    audit.record(
        "request_type.create",
        "request_type",
        request_type.id,
        by=by,
        detail={"code": code, "label": label, "legal_test": legal_test, "limbs": len(texts)},
    )
    db.session.commit()
    return request_type


@atomic
def rename_request_type(request_type: RequestType, *, label: str, legal_test: str, by: Actor) -> RequestType:
    label = _text(label, what="the name of the request type", field="label", limit=MAX_LABEL)
    legal_test = _text(legal_test, what="the legal test", field="legal_test", limit=MAX_LEGAL_TEST, required=False)
    before = {"label": request_type.label, "legal_test": request_type.legal_test}
    if before == {"label": label, "legal_test": legal_test}:
        return request_type
    request_type.label, request_type.legal_test = label, legal_test
    audit.record(
        "request_type.update",
        "request_type",
        request_type.id,
        by=by,
        detail={"before": before, "after": {"label": label, "legal_test": legal_test}},
    )
    db.session.commit()
    return request_type


@atomic
def set_request_type_active(request_type: RequestType, active: bool, *, by: Actor) -> None:
    """Stop offering a request type for new decisions (or offer it again); past decisions keep it."""
    if active is False and sum(1 for t in all_request_types() if t.active) <= 1:
        raise Conflict("At least one request type must stay in use")
    request_type.active = active
    audit.record(
        "request_type.retire" if not active else "request_type.restore", "request_type", request_type.id, by=by
    )
    db.session.commit()


@atomic
def add_limb(request_type: RequestType, *, text: str, by: Actor) -> LegalTestLimb:
    text = _text(text, what="the limb", field="text", limit=MAX_LIMB)
    if len(request_type.active_limbs) >= MAX_LIMBS:
        raise ValidationFailed(f"A legal test can have at most {MAX_LIMBS} limbs", "text")
    used = {limb.letter for limb in request_type.limbs}
    letter = next((c for c in "abcdefghijklmnopqrstuvwxyz" if c not in used), None)
    if letter is None:
        raise ValidationFailed("This legal test has no letters left for a new limb", "text")
    position = max((limb.position for limb in request_type.limbs), default=-1) + 1
    limb = LegalTestLimb(request_type=request_type, key=letter, text=text, position=position)
    db.session.add(limb)
    db.session.flush()
    audit.record("limb.create", "legal_test_limb", limb.id, by=by, detail={"request_type": request_type.code})
    db.session.commit()
    return limb


def _findings_count(limb: LegalTestLimb) -> int:
    from panelrecords.models.decisions import LimbFinding

    return db.session.scalar(select(func.count(LimbFinding.id)).where(LimbFinding.limb_id == limb.id)) or 0


@atomic
def revise_limb(limb: LegalTestLimb, *, text: str, by: Actor) -> LegalTestLimb:
    """New wording for a limb: the old limb is retired (past findings keep it) and a new version takes its place."""
    if not limb.active:
        raise Conflict("This limb is no longer in use: add a new limb instead")
    text = _text(text, what="the limb", field="text", limit=MAX_LIMB)
    if text == limb.text:
        return limb
    letter = limb.letter
    versions = [
        int(m.group(2) or 1)
        for other in limb.request_type.limbs
        if (m := _LETTER.match(other.key)) and m.group(1) == letter
    ]
    new = LegalTestLimb(
        request_type=limb.request_type,
        key=f"{letter}_v{max(versions, default=1) + 1}",
        text=text,
        position=limb.position,
    )
    limb.active = False
    db.session.add(new)
    db.session.flush()
    audit.record(
        "limb.revise",
        "legal_test_limb",
        new.id,
        by=by,
        detail={"replaces": limb.id, "before": limb.text, "after": text, "findings_on_old": _findings_count(limb)},
    )
    db.session.commit()
    return new


@atomic
def retire_limb(limb: LegalTestLimb, *, by: Actor) -> None:
    limb.active = False
    audit.record("limb.retire", "legal_test_limb", limb.id, by=by, detail={"request_type": limb.request_type.code})
    db.session.commit()


def decisions_using(request_type: RequestType) -> int:
    return db.session.scalar(select(func.count(Decision.id)).where(Decision.request_type_id == request_type.id)) or 0
