"""The public decision page leads with where things stand now, tells an appeal's result as a later event (not a
correction), says what a family can do next (per authority), shows declarations for the whole meeting, and
carries a citation line and a print stylesheet."""

from __future__ import annotations

import re
from datetime import date

from panelrecords.publishing.core import Publication
from tests import publish_helpers as publication
from tests.integration.archive.open_data_records import SYSTEM, decision


def _plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _page(client, record) -> str:
    response = client.get(f"/decisions/{record.public_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _republish(record, *, note: str, **fact_changes):
    built = Publication(
        title=record.title,
        texts=dict(record.texts or {}),
        facts={**(record.facts or {}), **fact_changes},
        summary=record.summary,
        meeting_date=record.meeting_date,
        panel_kind=record.panel_kind,
        request_type=record.request_type,
        outcome=record.outcome,
        reason_codes=list(record.reason_codes or []),
    )
    return publication.correct(record.public_id, built, note=note, known=[], by=SYSTEM)


def test_an_overturned_refusal_leads_with_where_it_stands_and_is_not_called_a_correction(app, db, client):
    record = decision(outcome="refused", meeting_date=date(2026, 3, 4), reasons=("sen_support_sufficient",))
    _republish(
        record,
        note="Tribunal appeal outcome recorded (10 July 2026): Overturned",
        later_events=[
            {"kind": "appeal_lodged", "date": "2026-04-20", "outcome": ""},
            {"kind": "appeal_outcome", "date": "2026-07-10", "outcome": "Overturned"},
        ],
        appeal={
            "lodged": True,
            "lodged_on": "2026-04-20",
            "outcome": "overturned",
            "outcome_label": "Overturned",
            "decided_on": "2026-07-10",
        },
    )
    db.session.commit()
    html = _page(client, record)
    plain = _plain(html)
    standing = "Where this stands now Refused by the panel on 4 March 2026; overturned by the Tribunal on 10 July 2026."
    assert standing in plain
    text = plain.replace("&#39;", "'")  # an apostrophe may be written either way
    assert text.index("Where this stands now") < text.index("Panel's decision") < text.index("Reasons for the")
    assert "Refused (later overturned: see what happened next )" in plain
    assert "Corrected on" not in plain and "Updated on" in plain
    assert "Updated with what happened next" in plain or "Tribunal appeal outcome recorded" in plain
    assert "What happened next" in plain


def test_a_real_correction_is_still_called_one(app, db, client):
    record = decision(outcome="agreed")
    built_title = record.title + " (corrected)"
    built = Publication(
        title=built_title,
        texts={"reasons": "The panel agreed; an error in the first version is corrected."},
        facts=dict(record.facts or {}),
        summary=record.summary,
        meeting_date=record.meeting_date,
        panel_kind=record.panel_kind,
        request_type=record.request_type,
        outcome=record.outcome,
    )
    publication.correct(record.public_id, built, note="The reasons were corrected", known=[], by=SYSTEM)
    db.session.commit()
    assert "Corrected on" in _plain(_page(client, record))


def test_an_awaited_appeal_is_said_to_be_awaited(app, db, client):
    record = decision(outcome="refused", meeting_date=date(2026, 3, 4), appeal="awaiting")
    db.session.commit()
    assert "Refused by the panel on 4 March 2026; appealed to the Tribunal; the outcome is awaited." in _plain(
        _page(client, record)
    )


def test_every_decision_says_what_a_family_can_do_next_with_the_authoritys_own_service(app, db, client):
    record = decision(outcome="refused", reasons=("a",))
    db.session.commit()
    plain = _plain(_page(client, record))
    for words in ("mediation", "First-tier Tribunal", "2 months from the date on the decision letter", "IPSEA",
                  "Contact, for families with disabled children", "SENDIASS"):  # fmt: skip
        assert words in plain, words
    app.config.update(SENDIASS_NAME="Example City SENDIASS", SENDIASS_URL="https://sendiass.example.org",
                      SENDIASS_PHONE="0100 000 0000")  # fmt: skip
    html = _page(client, record)
    assert '<a class="govuk-link" href="https://sendiass.example.org">Example City SENDIASS</a>, telephone 0100' in html


def test_the_citation_line_and_the_print_stylesheet(app, db, client):
    record = decision(outcome="agreed", meeting_date=date(2026, 4, 20))
    db.session.commit()
    plain = _plain(_page(client, record))
    assert f"Example City Council SEND panel decision {record.public_id}, 20 April 2026." in plain
    html = _page(client, record)
    assert '<link rel="stylesheet" href="/static/css/app.css">' in html
    response = client.get("/static/css/app.css")
    css = response.get_data(as_text=True)
    response.close()
    assert "@media print" in css and ".govuk-header" in css.split("@media print", 1)[1]


def test_declarations_for_the_whole_meeting_show_their_scope_and_who_did_not_take_part(app, db, client):
    record = decision(outcome="refused", reasons=("a",))
    _republish(
        record,
        note="Declarations added",
        declarations=[
            {
                "who": "Member (Health)",
                "what": "Knows the family",
                "action": "Withdrew",
                "scope": "meeting",
                "took_part": False,
            },
            {"who": "Chair", "what": "School governor", "action": "Stayed", "scope": "decision", "took_part": True},
        ],  # fmt: skip
        attendance=[
            {
                "role": "member",
                "sector": "health",
                "organisation": "NHS",
                "name": None,
                "status": "present",
                "voting": True,
                "took_part": False,
            },
        ],  # fmt: skip
    )
    db.session.commit()
    plain = _plain(_page(client, record))
    assert (
        "Member (Health): Knows the family (declared for the whole meeting; withdrew; "
        "did not take part in this decision)" in plain
    )
    assert "Chair: School governor (declared for this decision; stayed)" in plain
    assert "Did not take part" in plain
