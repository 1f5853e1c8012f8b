"""Marshmallow schemas: each lists its fields (an allow-list); loading checks types, the services check the rest."""

from __future__ import annotations

import re

from marshmallow import EXCLUDE, Schema, fields, validate

OUTCOMES = ["agreed", "refused", "deferred", "agreed_with_conditions"]
SECTORS = ["education", "health", "social_care", "parent_carer", "legal", "other"]
ROLES = ["chair", "member", "adviser", "clerk", "parent_rep", "observer"]
STATUSES = ["present", "apologies", "absent"]
REQUESTERS = ["parent", "young_person", "school", "other"]
EVIDENCE = [
    "ep_report",
    "independent_report",
    "sen_support_plan",
    "health_advice",
    "social_care_advice",
    "parent_views",
    "child_views",
    "other",
]


MAX_ID = 2**31 - 1  # an INTEGER column on PostgreSQL
_LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Line(fields.String):
    """One line of text, trimmed: no control characters (NUL included), and, if given, at least
    ``min_length`` characters (a one-letter identifier would match everywhere)."""

    default_error_messages = {
        "control": "Must not contain control characters.",
        "too_short": "Must be at least {min} characters, or empty.",
        "too_long": "Must be at most {max} characters.",
    }
    pattern = _LINE_CONTROLS

    def __init__(self, *, min_length: int = 0, max_length: int = 200, **kwargs):
        super().__init__(**kwargs)
        self.min_length = min_length
        self.max_length = max_length

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if self.pattern.search(text):
            raise self.make_error("control")
        text = text.strip()
        if text and len(text) < self.min_length:
            raise self.make_error("too_short", min=self.min_length)
        if len(text) > self.max_length:
            raise self.make_error("too_long", max=self.max_length)
        return text


class Text(Line):
    """Paragraphs: tabs and line breaks allowed, other control characters not."""

    pattern = _TEXT_CONTROLS

    def __init__(self, *, max_length: int = 20_000, **kwargs):
        super().__init__(max_length=max_length, **kwargs)


def _choice(values: list[str]) -> Line:
    return Line(required=True, validate=validate.OneOf(values))


def _identifiers(min_length: int) -> fields.List:
    return fields.List(Line(min_length=min_length), load_default=list, validate=validate.Length(max=50))


class StrictSchema(Schema):
    class Meta:
        unknown = EXCLUDE


class MeetingIn(StrictSchema):
    panel_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID))
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    place = Line(load_default="")
    online = fields.Boolean(load_default=False)


class AttendeeIn(StrictSchema):
    name = Line(required=True, min_length=2)
    organisation = Line(load_default="")
    sector = _choice(SECTORS)
    role = _choice(ROLES)
    status = Line(load_default="present", validate=validate.OneOf(STATUSES))
    voting = fields.Boolean(load_default=False)
    consent_to_be_named = fields.Boolean(load_default=None, allow_none=True)


class CloseIn(StrictSchema):
    reason = Text(load_default="")


class CaseIn(StrictSchema):
    request_received_on = fields.Date(required=True)
    requested_by = _choice(REQUESTERS)
    child = Line(required=True, min_length=2, validate=validate.Length(min=2))
    date_of_birth = fields.Date(required=True)
    child_aliases = _identifiers(2)
    parents = _identifiers(2)
    other_people = _identifiers(2)
    school = _identifiers(3)
    address = _identifiers(3)
    postcode = Line(load_default="", min_length=5, max_length=10)
    nhs_number = Line(load_default="", min_length=10, max_length=14)
    upn = Line(load_default="", min_length=13, max_length=13)
    other = _identifiers(3)


class FindingIn(StrictSchema):
    finding = _choice(["met", "not_met"])
    reasons = Text(load_default="")


class EvidenceIn(StrictSchema):
    kind = _choice(EVIDENCE)
    description = Text(load_default="", max_length=2000)


class DecisionIn(StrictSchema):
    case_reference = Line(required=True, max_length=20)
    request_type = Line(required=True, max_length=40)
    outcome = _choice(OUTCOMES)
    decision_maker_name = Line(required=True, min_length=2)
    decision_maker_role = Line(required=True, min_length=2)
    reasons = Text(load_default="")
    reason_codes = fields.List(Line(max_length=40), load_default=list, validate=validate.Length(max=50))
    findings = fields.Dict(
        keys=Line(max_length=10), values=fields.Nested(FindingIn), load_default=dict, validate=validate.Length(max=20)
    )
    evidence = fields.List(fields.Nested(EvidenceIn), load_default=list, validate=validate.Length(max=50))
    dissent = Text(load_default="")
    next_steps = Text(load_default="")
    appeal_rights = Text(load_default="")


class AttendeeOut(Schema):
    id = fields.Integer()
    name = fields.String()
    organisation = fields.String()
    sector = fields.String()
    role = fields.String()
    status = fields.String()
    voting = fields.Boolean()
    consent_to_be_named = fields.Boolean(allow_none=True)


class MeetingOut(Schema):
    id = fields.Integer()
    panel_id = fields.Integer()
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    place = fields.String()
    online = fields.Boolean()
    status = fields.String()
    close_reason = fields.String(allow_none=True)
    attendees = fields.List(fields.Nested(AttendeeOut))
    decision_ids = fields.Method("_decision_ids")
    quorate = fields.Boolean()
    quorum_missing = fields.List(fields.String())

    def _decision_ids(self, meeting) -> list[int]:
        return [d.id for d in meeting.decisions]


class CaseOut(Schema):
    id = fields.Integer()
    reference = fields.String()
    request_received_on = fields.Date()
    requested_by = fields.String()
    identifiers = fields.Method("_identifiers")
    decision_ids = fields.Method("_decision_ids")

    def _identifiers(self, case) -> dict:
        return case.known_identifiers()

    def _decision_ids(self, case) -> list[int]:
        return [d.id for d in case.decisions]


class DecisionOut(Schema):
    id = fields.Integer()
    meeting_id = fields.Integer()
    case_reference = fields.Function(lambda d: d.case.reference)
    request_type = fields.Function(lambda d: d.request_type.code)
    outcome = fields.String()
    decision_maker_name = fields.String()
    decision_maker_role = fields.String()
    reasons = fields.String()
    reason_codes = fields.Function(
        lambda d: [{"code": c.code, "version": c.version, "label": c.label} for c in d.reason_codes]
    )
    findings = fields.Function(lambda d: {f.limb.key: {"finding": f.finding, "reasons": f.reasons} for f in d.findings})
    evidence = fields.Function(lambda d: [{"kind": e.kind, "description": e.description} for e in d.evidence])
    dissent = fields.String()
    next_steps = fields.String()
    appeal_rights = fields.String()
    observations = fields.Function(
        lambda d: [
            {"author": o.author_name, "text": o.text, "created_at": o.created_at.isoformat()} for o in d.observations
        ]
    )
    publication_status = fields.String()
    recorded_at = fields.AwareDateTime()
