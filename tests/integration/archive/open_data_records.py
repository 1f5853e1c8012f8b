"""Published records with chosen facts, for the statistics and open-data tests (through the publication core)."""

from __future__ import annotations

from datetime import date

from panelrecords.publishing.core import Publication
from panelrecords.services import Actor
from tests import publish_helpers as publication

SYSTEM = Actor.system("test")


def decision(
    *,
    outcome: str = "agreed",
    meeting_date: date = date(2026, 3, 4),
    panel_kind: str = "decision_to_assess",
    request_type: str = "assess",
    reasons: tuple[str, ...] = (),
    meeting_ref: str | None = None,
    parent_reps: int = 2,
    quorate: bool = True,
    timeliness: str | None = "on_time",
    appeal: str | None = None,
    summary: str = "The panel considered the request for [child].",
    title: str | None = None,
    days_late: int = 9,
    deadline_weeks: int = 6,
):
    """Publish one decision record; ``appeal`` is None (none), "awaiting" or an appeal outcome code."""
    facts = {
        "panel_name": "Decision to assess panel",
        "panel_kind": panel_kind,
        "panel_kind_label": panel_kind.replace("_", " ").capitalize() + " panel",
        "meeting_date": meeting_date.isoformat(),
        "meeting_ref": meeting_ref or f"meeting-{meeting_date.isoformat()}-{panel_kind}",
        "request_type": request_type,
        "request_type_label": "Request for an EHC needs assessment" if request_type == "assess" else request_type,
        "outcome": outcome,
        "outcome_label": outcome.replace("_", " ").capitalize(),
        "reason_codes": [{"code": code, "label": code.replace("_", " ").capitalize()} for code in reasons],
        "quorate": quorate,
        "parent_reps_present": parent_reps,
        "parent_reps_required": 2,
        "timeliness": None
        if timeliness is None
        else {
            "deadline_weeks": deadline_weeks,
            "status": timeliness,
            "days_late": days_late if timeliness == "late" else 0,
        },
        "later_events": [],
        "appeal": {
            "lodged": appeal is not None,
            "outcome": appeal if appeal not in (None, "awaiting") else None,
        },
    }
    built = Publication(
        title=title or f"Request for an EHC needs assessment: {outcome}",
        texts={"reasons": summary},
        facts=facts,
        summary=summary,
        meeting_date=meeting_date,
        panel_kind=panel_kind,
        request_type=request_type,
        outcome=outcome,
        reason_codes=list(reasons),
    )
    return publication.publish("decision", built, source_type="test", known=[], by=SYSTEM)


def minutes(*, board: str = "SIB", meeting_date: date = date(2026, 2, 10), text: str = "The board met."):
    built = Publication(
        title=f"{board} meeting, {meeting_date:%d %B %Y}",
        texts={"minutes": text},
        facts={"board": board, "board_name": "SEND Improvement Board", "meeting_date": meeting_date.isoformat()},
        summary=text,
        meeting_date=meeting_date,
        board=board,
    )
    return publication.publish("minutes", built, source_type="test_minutes", known=[], by=SYSTEM)


def withdraw(record, reason: str = "Published in error") -> None:
    publication.withdraw(record.public_id, reason=reason, by=SYSTEM)
