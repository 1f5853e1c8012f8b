"""Marshmallow schemas: each lists its fields (an allow-list); loading checks types, the services check the rest."""

from __future__ import annotations

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


class StrictSchema(Schema):
    class Meta:
        unknown = EXCLUDE


class MeetingIn(StrictSchema):
    panel_id = fields.Integer(required=True)
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    place = fields.String(load_default="")
    online = fields.Boolean(load_default=False)


class AttendeeIn(StrictSchema):
    name = fields.String(required=True)
    organisation = fields.String(load_default="")
    sector = fields.String(required=True, validate=validate.OneOf(SECTORS))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    status = fields.String(load_default="present", validate=validate.OneOf(STATUSES))
    voting = fields.Boolean(load_default=False)
    consent_to_be_named = fields.Boolean(load_default=None, allow_none=True)


class CloseIn(StrictSchema):
    reason = fields.String(load_default="")


class CaseIn(StrictSchema):
    request_received_on = fields.Date(required=True)
    requested_by = fields.String(required=True, validate=validate.OneOf(REQUESTERS))
    child = fields.String(required=True)
    date_of_birth = fields.Date(required=True)
    child_aliases = fields.List(fields.String(), load_default=list)
    parents = fields.List(fields.String(), load_default=list)
    other_people = fields.List(fields.String(), load_default=list)
    school = fields.List(fields.String(), load_default=list)
    address = fields.List(fields.String(), load_default=list)
    postcode = fields.String(load_default="")
    nhs_number = fields.String(load_default="")
    upn = fields.String(load_default="")
    other = fields.List(fields.String(), load_default=list)


class FindingIn(StrictSchema):
    finding = fields.String(required=True, validate=validate.OneOf(["met", "not_met"]))
    reasons = fields.String(load_default="")


class EvidenceIn(StrictSchema):
    kind = fields.String(required=True, validate=validate.OneOf(EVIDENCE))
    description = fields.String(load_default="")


class DecisionIn(StrictSchema):
    case_reference = fields.String(required=True)
    request_type = fields.String(required=True)
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    decision_maker_name = fields.String(required=True)
    decision_maker_role = fields.String(required=True)
    reasons = fields.String(load_default="")
    reason_codes = fields.List(fields.String(), load_default=list)
    findings = fields.Dict(keys=fields.String(), values=fields.Nested(FindingIn), load_default=dict)
    evidence = fields.List(fields.Nested(EvidenceIn), load_default=list)
    dissent = fields.String(load_default="")
    next_steps = fields.String(load_default="")
    appeal_rights = fields.String(load_default="")


class AttendeeOut(Schema):
    id = fields.Integer()
    name = fields.String()
    organisation = fields.String()
    sector = fields.String()
    role = fields.String()
    status = fields.String()
    voting = fields.Boolean()
    consent_to_be_named = fields.Boolean()


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
