"""Admins maintain request types, their legal tests limb by limb, and reason codes: versioned, never deleted."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from panelrecords.errors import Conflict, ValidationFailed
from panelrecords.models.audit import AuditEvent
from panelrecords.models.decisions import LegalTestLimb, ReasonCode, RequestType
from panelrecords.models.users import Role
from panelrecords.services import Actor, decisions, reference_lists
from panelrecords.services.decisions import LimbAnswer
from tests.factories import make_case, make_meeting, make_reference_data

BY = Actor.system("test")


def _assess(db) -> RequestType:
    return db.session.scalar(select(RequestType).where(RequestType.code == "assess"))


def _refuse(meeting, case, findings):
    return decisions.record_decision(
        meeting,
        case_reference=case.reference,
        request_type="assess",
        outcome="refused",
        decision_maker_name="Dana Decider",
        decision_maker_role="Head of SEND",
        reasons="Needs are met by the school's support.",
        reason_codes=["sen_support"],
        findings=findings,
        evidence=[("ep_report", "")],
        by=BY,
    )


def test_revising_a_limb_keeps_past_findings_on_the_old_wording(db):
    make_reference_data(db)
    meeting, case = make_meeting(db, status="held"), make_case(db)
    db.session.commit()
    past = _refuse(meeting, case, {"a": LimbAnswer("met", "Reports."), "b": LimbAnswer("not_met", "Support works.")})
    old_b = next(limb for limb in _assess(db).limbs if limb.key == "b")

    new_b = reference_lists.revise_limb(old_b, text="It may be necessary to make provision through an EHC plan", by=BY)

    assert (new_b.key, new_b.letter, new_b.position) == ("b_v2", "b", old_b.position)
    assert old_b.active is False and new_b.active is True
    assert [limb.key for limb in _assess(db).active_limbs] == ["a", "b_v2"]
    finding = next(f for f in past.findings if f.limb.letter == "b")
    assert finding.limb.text.startswith("It may be necessary for special educational provision")  # unchanged
    # A new refusal must answer the revised limb, by its new key; the old key is no longer accepted.
    other = make_case(db, reference="C-TEST02")
    db.session.commit()
    with pytest.raises(ValidationFailed) as refused:
        _refuse(meeting, other, {"a": LimbAnswer("met", "x"), "b": LimbAnswer("met", "y")})
    assert refused.value.field == "findings"
    with pytest.raises(ValidationFailed) as refused:
        _refuse(meeting, other, {"a": LimbAnswer("met", "x")})
    assert refused.value.field == "limb_b_v2_finding" and "limb (b)" in refused.value.message
    again = reference_lists.revise_limb(new_b, text="A third wording", by=BY)
    assert again.key == "b_v3"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "limb.revise").order_by(AuditEvent.id))
    assert '"findings_on_old": 1' in event.detail


def test_limbs_are_retired_and_added_never_deleted(db):
    make_reference_data(db)
    kind = _assess(db)
    before = db.session.scalar(select(func.count(LegalTestLimb.id)))
    reference_lists.retire_limb(kind.limbs[0], by=BY)
    added = reference_lists.add_limb(kind, text="A new limb", by=BY)
    assert added.key == "c" and [limb.key for limb in kind.active_limbs] == ["b", "c"]
    assert db.session.scalar(select(func.count(LegalTestLimb.id))) == before + 1
    with pytest.raises(ValidationFailed):
        reference_lists.add_limb(kind, text="   ", by=BY)
    with pytest.raises(Conflict):
        reference_lists.revise_limb(kind.limbs[0], text="retired limbs are not revised", by=BY)


def test_request_types_are_added_renamed_and_retired(db):
    make_reference_data(db)
    kind = reference_lists.add_request_type(
        "transfer_review",
        label="Phase transfer review",
        legal_test="Regulation 18 of the SEND Regulations 2014",
        limbs=["The plan names the next phase's placement", "", "The review happened in time"],
        by=BY,
    )
    assert [(limb.key, limb.position) for limb in kind.limbs] == [("a", 0), ("b", 1)]
    for bad, field in [("Transfer Review", "code"), ("transfer_review", "code"), ("", "code")]:
        with pytest.raises(ValidationFailed) as error:
            reference_lists.add_request_type(bad, label="x", legal_test="", limbs=[], by=BY)
        assert error.value.field == field
    with pytest.raises(ValidationFailed) as error:
        reference_lists.add_request_type("long_one", label="x" * 201, legal_test="", limbs=[], by=BY)
    assert error.value.field == "label"

    reference_lists.rename_request_type(kind, label="Phase transfer", legal_test="Regulation 18", by=BY)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "request_type.update"))
    assert "Phase transfer review" in event.detail and "Regulation 18" in event.detail

    reference_lists.set_request_type_active(kind, False, by=BY)
    assert kind.code not in [t.code for t in decisions.request_types()]
    assert kind in reference_lists.all_request_types()


def test_the_last_request_type_in_use_cannot_be_retired(db):
    make_reference_data(db)
    kinds = reference_lists.all_request_types()
    for kind in kinds[:-1]:
        reference_lists.set_request_type_active(kind, False, by=BY)
    with pytest.raises(Conflict):
        reference_lists.set_request_type_active(kinds[-1], False, by=BY)
    assert kinds[-1].active


def test_admin_pages_maintain_the_lists(client, db, login_as, csrf_token):
    make_reference_data(db)
    login_as(Role.ADMIN)
    page = client.get("/records/admin/reference").get_data(as_text=True)
    assert "Request for an EHC needs assessment</a>" in page and "Needs can be met from SEN support" in page

    url = "/records/admin/reference/reason-codes/new"
    token = csrf_token(client, url)
    empty = client.post(url, data={"csrf_token": token}).get_data(as_text=True)
    assert "There is a problem" in empty and "Enter a code" in empty
    duplicate = client.post(url, data={"csrf_token": token, "code": "sen_support", "label": "Again"})
    assert "already exists" in duplicate.get_data(as_text=True)
    assert (
        client.post(url, data={"csrf_token": token, "code": "awaiting_ep", "label": "Awaiting EP advice"}).status_code
        == 302
    )

    url = "/records/admin/reference/reason-codes/awaiting_ep"
    assert "Awaiting EP advice" in client.get(url).get_data(as_text=True)
    client.post(url, data={"csrf_token": csrf_token(client, url), "label": "Awaiting educational psychology advice"})
    versions = db.session.scalars(
        select(ReasonCode).where(ReasonCode.code == "awaiting_ep").order_by(ReasonCode.version)
    )
    assert [(v.version, v.active) for v in versions] == [(1, False), (2, True)]
    client.post(f"{url}/retire", data={"csrf_token": csrf_token(client, "/records/admin/reference")})
    assert "awaiting_ep" not in [c.code for c in decisions.reason_codes()]
    assert client.get("/records/admin/reference/reason-codes/nope").status_code == 404

    url = "/records/admin/reference/request-types/new"
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "code": "transfer_review",
            "label": "Phase transfer review",
            "legal_test": "Regulation 18",
            "limbs": "First limb\r\nSecond limb",
        },
    )
    assert response.status_code == 302
    kind_url = response.headers["Location"]
    page = client.get(kind_url).get_data(as_text=True)
    assert "Limb (a)" in page and "Second limb" in page
    token = csrf_token(client, kind_url)
    client.post(kind_url, data={"limb-csrf_token": token, "limb-text": "Third limb", "limb-submit": "Save limb"})
    client.post(kind_url, data={"type-csrf_token": token, "type-label": "Transfer review", "type-legal_test": ""})
    kind = db.session.scalar(select(RequestType).where(RequestType.code == "transfer_review"))
    db.session.refresh(kind)
    assert kind.label == "Transfer review" and [limb.text for limb in kind.active_limbs][-1] == "Third limb"
    blank = client.post(kind_url, data={"limb-csrf_token": token, "limb-text": " ", "limb-submit": "Save limb"})
    assert "Enter the wording of the limb" in blank.get_data(as_text=True)

    limb_url = f"/records/admin/reference/limbs/{kind.active_limbs[0].id}"
    client.post(limb_url, data={"csrf_token": csrf_token(client, limb_url), "text": "First limb, reworded"})
    db.session.expire_all()
    assert sorted(limb.key for limb in kind.active_limbs) == ["a_v2", "b", "c"]
    assert kind.active_limbs[0].text == "First limb, reworded"  # keeps the first position
