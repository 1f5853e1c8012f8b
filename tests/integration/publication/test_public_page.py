"""The public decision page: what a family reads, its versions, and the tombstone of a withdrawn record."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import select

from panelrecords.models.decisions import LimbFinding, ReasonCode
from panelrecords.publishing import drafts, review
from tests.integration.publication.helpers import closed_decision, people

RAW = ["Jamie", "Example", "Jay", "Morgan", "Oakfield", "BS1 4DJ", "943 476 5919", "4 May 2016", "Pat Parent"]


def _rich_decision(db):
    decision = closed_decision(
        db,
        outcome="refused",
        dissent="One member felt Jamie's EHC plan request met the test.",
        next_steps="The SEND officer will meet Morgan Example to explain the decision.",
        appeal_rights="You can appeal to the First-tier Tribunal within two months.",
        decision_maker_name="Hal Health",
    )
    limbs = decision.request_type.active_limbs
    decision.findings = [
        LimbFinding(limb=limbs[0], finding="met", reasons="Reports from Oakfield describe needs in communication."),
        LimbFinding(limb=limbs[1], finding="not_met", reasons="Needs can be met from SEN support."),
    ]
    decision.reason_codes = list(db.session.scalars(select(ReasonCode).limit(1)))
    db.session.flush()
    return decision


def _publish(db, decision):
    clerk, reviewer = people(db)
    draft = drafts.prepare_draft(decision, by=clerk)
    drafts.submit(draft, by=clerk)
    return review.approve(draft, by=reviewer), clerk, reviewer


def _main(page: str) -> str:
    """The page's own content (the header and footer carry the council's name, "Example City Council")."""
    return page[page.index("<main") : page.index("</main>")]


def _text(page: str) -> str:
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", _main(page)).split()))


def test_the_public_page_shows_the_redacted_decision_limb_by_limb(db, client):
    decision = _rich_decision(db)
    record, _clerk, _reviewer = _publish(db, decision)
    response = client.get(f"/decisions/{record.public_id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    text = _text(page)
    # The page's citation line and advice name the council ("Example City Council"); the child is Jamie Example.
    main = _main(page).replace("Example City Council", "")
    for raw in RAW:
        assert raw not in main, raw
    assert "[child]" in text and "[school]" in text
    assert "Refused" in text and "govuk-tag--red" in page
    assert "Part 1: " + decision.findings[0].limb.text in text
    assert "Part 2: " + decision.findings[1].limb.text in text
    assert "Not met" in text and "Needs can be met from SEN support." in text
    assert "Educational psychologist's report" in text
    assert "Parent carer representative:" in text  # observations, by role only
    assert "One member felt [child]'s EHC plan request met the test." in text
    assert "You can appeal to the First-tier Tribunal within two months." in text
    assert "Head of SEND" in text and "Hal Health" not in text  # named only with consent and a display choice
    assert "Attendance by role" in page and "Parent carer representative" in text
    assert "The meeting was quorate. 2 of 2 parent carer representatives needed were present." in text
    assert text.count("appeal to the First-tier Tribunal") == 1  # the recorded appeal rights, not a generic text
    assert record.public_id in text
    assert 'href="/glossary#ehcp"' in page and 'href="/glossary#sendist"' in page
    assert "Version 1 (this page)" in text and "Corrected on" not in text
    assert response.headers["Cache-Control"].startswith("public")


def test_a_consenting_decision_maker_is_named_when_the_clerk_chooses_it(db, client):
    decision = _rich_decision(db)
    clerk, reviewer = people(db)
    draft = drafts.prepare_draft(decision, by=clerk)
    drafts.set_display(draft, {"decision_maker": "named"}, by=clerk)
    drafts.submit(draft, by=clerk)
    record = review.approve(draft, by=reviewer)
    text = _text(client.get(f"/decisions/{record.public_id}").get_data(as_text=True))
    assert "Head of SEND (Hal Health)" in text


def test_a_correction_is_announced_and_old_versions_stay_readable(db, client):
    decision = _rich_decision(db)
    first, clerk, reviewer = _publish(db, decision)
    correction = drafts.prepare_correction(decision, by=clerk)
    drafts.add_manual_span(correction, field="next_steps", text="SEND officer", category="other", by=clerk)
    drafts.submit(correction, correction_note="Removed a job title", by=clerk)
    second = review.approve(correction, by=reviewer)
    assert second.version == 2

    text = _text(client.get(f"/decisions/{first.public_id}").get_data(as_text=True))
    assert "Corrected on" in text and "Removed a job title" in text
    assert "Version 2 (this page)" in text
    page = client.get(f"/decisions/{first.public_id}").get_data(as_text=True)
    assert f'href="/decisions/{first.public_id}/versions/1"' in page

    old = client.get(f"/decisions/{first.public_id}/versions/1")
    assert old.status_code == 200
    old_text = _text(old.get_data(as_text=True))
    assert "This is version 1 of this decision, which was later corrected" in old_text
    assert "SEND officer will meet" in old_text
    assert client.get(f"/decisions/{first.public_id}/versions/9").status_code == 404


def test_a_withdrawn_decision_answers_410_with_a_tombstone(db, client):
    decision = _rich_decision(db)
    record, _clerk, reviewer = _publish(db, decision)
    review.withdraw(decision, reason="A detail in the reasons could identify the family", by=reviewer)
    for url in (f"/decisions/{record.public_id}", f"/decisions/{record.public_id}/versions/1"):
        response = client.get(url)
        assert response.status_code == 410
        page = response.get_data(as_text=True)
        text = _text(page)
        assert "This decision has been withdrawn" in text
        assert record.public_id in text
        assert "A detail in the reasons could identify the family" in text
        assert "[child]" not in page and "Needs can be met" not in page  # nothing of the record survives


def test_an_unknown_or_malformed_reference_is_not_found(client, db):
    assert client.get("/decisions/D-0000-0000-0000").status_code == 404
    assert client.get("/decisions/not-a-reference").status_code == 404


def test_the_page_reads_demo_archive_facts_too(db, client):
    import random
    from datetime import date

    from panelrecords.demo.archive import make_decision
    from panelrecords.services import Actor
    from tests import publish_helpers as publication

    built = make_decision(random.Random(7), date(2026, 3, 2))
    record = publication.publish("decision", built, source_type="demo_decision", known=[], by=Actor.system("test"))
    response = client.get(f"/decisions/{record.public_id}")
    assert response.status_code == 200
    text = _text(response.get_data(as_text=True))
    assert "2 March 2026" in text and built.facts["outcome_label"] in text
