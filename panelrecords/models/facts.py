"""Typed, versioned facts of published records, and the one reader of every shape ever stored.

A published version is immutable, so the facts of records published years ago keep the shape they were written
in. Everything that reads facts — public pages, statistics, the API, the CSV, feeds — reads them through
``decision_facts`` / ``minutes_facts``, which understand every shape:

- **decision, schema 1** (the first releases): reason codes as codes or ``{code, label}``; no ``meeting_ref``
  (the meeting is ``panel_name`` + ``meeting_date``); ``timeliness`` missing or not an object; no ``appeal``
  (an appeal is read from ``later_events``); declarations only about the decision.
- **decision, schema 2** (this release): ``schema: 2``; declarations for the whole meeting too, each with its
  ``scope`` and whether the person ``took_part``; attendance rows say whether they ``took_part``; an optional
  ``version_note`` for a version added without a second person's review (see ``publishing.later_events``).
- **minutes, schema 1 and 2**: items with their actions, attendance, declarations and public papers.

Both sides read these: the publishing package builds them (``to_dict``) and public code reads them, so they live
with the published models, importing nothing restricted. The builders write the newest schema.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

DECISION_SCHEMA = 2
MINUTES_SCHEMA = 2
APPEAL_DECIDED_KINDS = ("appeal_outcome",)


def _text(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _list(value: Any) -> list:
    return list(value) if isinstance(value, list | tuple) else []


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _label(code: str) -> str:
    return code.replace("_", " ").capitalize()


@dataclass(frozen=True)
class ReasonCode:
    code: str
    label: str


@dataclass(frozen=True)
class Limb:
    label: str
    finding: str
    reasons: str


@dataclass(frozen=True)
class LegalTest:
    name: str = ""
    citation: str = ""
    limbs: tuple[Limb, ...] = ()


@dataclass(frozen=True)
class Evidence:
    type: str
    label: str
    description: str


@dataclass(frozen=True)
class Attendee:
    role: str
    sector: str = ""
    organisation: str = ""
    name: str | None = None
    status: str = "present"
    voting: bool = False
    took_part: bool = True


@dataclass(frozen=True)
class Declaration:
    who: str
    what: str
    action: str
    scope: str = "decision"
    took_part: bool = True


@dataclass(frozen=True)
class Timeliness:
    deadline_weeks: int | None
    status: str
    days_late: int = 0
    exception_reason: str | None = None


@dataclass(frozen=True)
class LaterEvent:
    kind: str
    date: str
    outcome: str = ""


@dataclass(frozen=True)
class Appeal:
    lodged: bool = False
    lodged_on: str | None = None
    outcome: str | None = None
    outcome_label: str | None = None
    decided_on: str | None = None


@dataclass(frozen=True)
class DecisionFacts:
    """The public facts of one version of a decision record."""

    schema: int
    panel_name: str
    panel_kind: str
    panel_kind_label: str
    meeting_date: date | None
    meeting_ref: str
    request_type: str
    request_type_label: str
    outcome: str
    outcome_label: str
    decision_maker_role: str = ""
    decision_maker_name: str | None = None
    reason_codes: tuple[ReasonCode, ...] = ()
    legal_test: LegalTest = field(default_factory=LegalTest)
    evidence: tuple[Evidence, ...] = ()
    attendance: tuple[Attendee, ...] = ()
    declarations: tuple[Declaration, ...] = ()
    quorate: bool | None = None
    parent_reps_present: int | None = None
    parent_reps_required: int | None = None
    timeliness: Timeliness | None = None
    later_events: tuple[LaterEvent, ...] = ()
    appeal: Appeal = field(default_factory=Appeal)
    version_note: str | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["meeting_date"] = self.meeting_date.isoformat() if self.meeting_date else None
        if self.version_note is None:
            data.pop("version_note")
        return data


@dataclass(frozen=True)
class MinutesAction:
    ref: str
    description: str
    owner: str
    due: str | None
    status: str


@dataclass(frozen=True)
class MinutesItem:
    number: int | None
    title: str
    presenter: str
    discussion_markdown: str
    decisions: tuple[str, ...]
    actions: tuple[MinutesAction, ...]


@dataclass(frozen=True)
class MinutesFacts:
    schema: int
    board: str
    board_name: str
    meeting_date: date | None
    status: str
    approved_by_meeting: str | None
    attendance: tuple[dict, ...]
    declarations: tuple[dict, ...]
    items: tuple[MinutesItem, ...]
    papers: tuple[dict, ...]


def _reason_codes(value: Any) -> tuple[ReasonCode, ...]:
    codes = []
    for item in _list(value):
        if isinstance(item, str):  # schema 1 stored bare codes
            codes.append(ReasonCode(item, _label(item)))
        elif isinstance(item, dict) and isinstance(item.get("code"), str):
            codes.append(ReasonCode(item["code"], _text(item.get("label")) or _label(item["code"])))
    return tuple(codes)


def _appeal(facts: dict) -> Appeal:
    stored = _dict(facts.get("appeal"))
    if stored:
        return Appeal(
            lodged=bool(stored.get("lodged")),
            lodged_on=stored.get("lodged_on"),
            outcome=stored.get("outcome"),
            outcome_label=stored.get("outcome_label") or (_label(stored["outcome"]) if stored.get("outcome") else None),
            decided_on=stored.get("decided_on"),
        )
    # Schema 1 without an appeal object: read it from the later events.
    events = [e for e in _list(facts.get("later_events")) if isinstance(e, dict)]
    lodged = [e for e in events if e.get("kind") == "appeal_lodged"]
    decided = [e for e in events if e.get("kind") in APPEAL_DECIDED_KINDS and e.get("outcome")]
    outcome = decided[-1] if decided else None
    return Appeal(
        lodged=bool(lodged or decided),
        lodged_on=lodged[0].get("date") if lodged else None,
        outcome=outcome.get("outcome") if outcome else None,
        outcome_label=_label(outcome["outcome"]) if outcome else None,
        decided_on=outcome.get("date") if outcome else None,
    )


def _timeliness(value: Any) -> Timeliness | None:
    if not isinstance(value, dict) or not isinstance(value.get("status"), str):
        return None
    return Timeliness(
        deadline_weeks=_int(value.get("deadline_weeks")),
        status=value["status"],
        days_late=_int(value.get("days_late")) or 0,
        exception_reason=value.get("exception_reason") or None,
    )


def decision_facts(facts: dict | None, *, outcome: str | None = None, request_type: str | None = None) -> DecisionFacts:
    """Read a decision record's stored facts, whatever their shape (``outcome``, ``request_type``: the record's
    own columns, for facts that lack them)."""
    facts = _dict(facts)
    panel_kind = _text(facts.get("panel_kind"), "other")
    meeting_date = _text(facts.get("meeting_date"))
    outcome = _text(facts.get("outcome")) or outcome or ""
    request_type = _text(facts.get("request_type")) or request_type or ""
    legal = _dict(facts.get("legal_test"))
    return DecisionFacts(
        schema=_int(facts.get("schema")) or 1,
        panel_name=_text(facts.get("panel_name")) or _text(facts.get("panel_kind_label")) or _label(panel_kind),
        panel_kind=panel_kind,
        panel_kind_label=_text(facts.get("panel_kind_label")) or _label(panel_kind),
        meeting_date=_day(meeting_date),
        meeting_ref=_text(facts.get("meeting_ref")) or f"{facts.get('panel_name')}|{meeting_date}",
        request_type=request_type,
        request_type_label=_text(facts.get("request_type_label")) or _label(request_type or "other"),
        outcome=outcome,
        outcome_label=_text(facts.get("outcome_label")) or _label(outcome),
        decision_maker_role=_text(facts.get("decision_maker_role")),
        decision_maker_name=facts.get("decision_maker_name") or None,
        reason_codes=_reason_codes(facts.get("reason_codes")),
        legal_test=LegalTest(
            name=_text(legal.get("name")),
            citation=_text(legal.get("citation")),
            limbs=tuple(
                Limb(_text(limb.get("label")), _text(limb.get("finding")), _text(limb.get("reasons")))
                for limb in _list(legal.get("limbs"))
                if isinstance(limb, dict)
            ),
        ),
        evidence=tuple(
            Evidence(_text(e.get("type")), _text(e.get("label")), _text(e.get("description")))
            for e in _list(facts.get("evidence"))
            if isinstance(e, dict)
        ),
        attendance=tuple(
            Attendee(
                role=_text(a.get("role")),
                sector=_text(a.get("sector")),
                organisation=_text(a.get("organisation")),
                name=a.get("name") or None,
                status=_text(a.get("status"), "present"),
                voting=bool(a.get("voting")),
                took_part=a.get("took_part", True) is not False,
            )
            for a in _list(facts.get("attendance"))
            if isinstance(a, dict)
        ),
        declarations=tuple(
            Declaration(
                who=_text(d.get("who")),
                what=_text(d.get("what")),
                action=_text(d.get("action")),
                scope=_text(d.get("scope"), "decision"),
                took_part=d.get("took_part", True) is not False,
            )
            for d in _list(facts.get("declarations"))
            if isinstance(d, dict)
        ),
        quorate=facts.get("quorate") if isinstance(facts.get("quorate"), bool) else None,
        parent_reps_present=_int(facts.get("parent_reps_present")),
        parent_reps_required=_int(facts.get("parent_reps_required")),
        timeliness=_timeliness(facts.get("timeliness")),
        later_events=tuple(
            LaterEvent(_text(e.get("kind")), _text(e.get("date")), _text(e.get("outcome")))
            for e in _list(facts.get("later_events"))
            if isinstance(e, dict)
        ),
        appeal=_appeal(facts),
        version_note=_text(facts.get("version_note")) or None,
    )


def minutes_facts(facts: dict | None) -> MinutesFacts:
    """Read a minutes record's stored facts, whatever their shape."""
    facts = _dict(facts)
    return MinutesFacts(
        schema=_int(facts.get("schema")) or 1,
        board=_text(facts.get("board")),
        board_name=_text(facts.get("board_name")),
        meeting_date=_day(facts.get("meeting_date")),
        status=_text(facts.get("status"), "draft"),
        approved_by_meeting=facts.get("approved_by_meeting") or None,
        attendance=tuple(a for a in _list(facts.get("attendance")) if isinstance(a, dict)),
        declarations=tuple(d for d in _list(facts.get("declarations")) if isinstance(d, dict)),
        items=tuple(
            MinutesItem(
                number=_int(item.get("number")),
                title=_text(item.get("title")),
                presenter=_text(item.get("presenter")),
                discussion_markdown=_text(item.get("discussion_markdown")),
                decisions=tuple(x for x in _list(item.get("decisions")) if isinstance(x, str)),
                actions=tuple(
                    MinutesAction(
                        _text(a.get("ref")),
                        _text(a.get("description")),
                        _text(a.get("owner")),
                        a.get("due"),
                        _text(a.get("status"), "open"),
                    )  # fmt: skip
                    for a in _list(item.get("actions"))
                    if isinstance(a, dict)
                ),
            )
            for item in _list(facts.get("items"))
            if isinstance(item, dict)
        ),
        papers=tuple(p for p in _list(facts.get("papers")) if isinstance(p, dict)),
    )
