"""What the public decision page works out from a record's facts: where things stand now, whether a new version
is a correction or a later event, and what a family can do next (configurable per authority)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from panelrecords.filters import format_date

_PANEL = {
    "agreed": _l("Agreed by the panel"),
    "agreed_with_conditions": _l("Agreed with conditions by the panel"),
    "refused": _l("Refused by the panel"),
    "deferred": _l("Deferred by the panel"),
}
_APPEAL = {
    "overturned": _l("overturned by the Tribunal"),
    "la_decision_upheld": _l("upheld by the Tribunal"),
    "conceded_before_hearing": _l("conceded by the council before the Tribunal hearing"),
    "withdrawn": _l("the appeal to the Tribunal was withdrawn"),
}


def _day(value) -> str:
    if isinstance(value, date):
        return format_date(value)
    try:
        return format_date(date.fromisoformat(str(value)))
    except ValueError:
        return ""


def standing(facts: dict, meeting_date: date | None) -> str:
    """One sentence, newest last: "Refused by the panel on 4 March 2026; overturned by the Tribunal on …"."""
    panel = str(_PANEL.get(facts.get("outcome") or "", _l("Decided by the panel")))
    parts = [_on(panel, _day(meeting_date)) if meeting_date else panel]
    events = [e for e in facts.get("later_events") or [] if isinstance(e, dict)]
    for event in events:
        if event.get("kind") == "mediation":
            parts.append(_("mediation on %(date)s", date=_day(event.get("date"))))
    appeal = facts.get("appeal") if isinstance(facts.get("appeal"), dict) else {}
    outcome = appeal.get("outcome")
    if outcome in _APPEAL:
        when = _day(appeal.get("decided_on"))
        parts.append(_on(str(_APPEAL[outcome]), when) if when else str(_APPEAL[outcome]))
    elif appeal.get("lodged") or any(e.get("kind") == "appeal_lodged" for e in events):
        when = _day(appeal.get("lodged_on"))
        lodged = _on(_("appealed to the Tribunal"), when) if when else _("appealed to the Tribunal")
        parts.append(_("%(lodged)s; the outcome is awaited", lodged=lodged))
    # TRANSLATORS: joins the steps of a decision's history, oldest first ("Refused by the panel on …; …").
    return _("%(steps)s.", steps=_("; ").join(parts))


def _on(what: str, when: str) -> str:
    # TRANSLATORS: "Refused by the panel" + " on 4 March 2026".
    return _("%(what)s on %(date)s", what=what, date=when)


def is_overturned(facts: dict) -> bool:
    appeal = facts.get("appeal") if isinstance(facts.get("appeal"), dict) else {}
    return appeal.get("outcome") in ("overturned", "conceded_before_hearing")


_EVENT_FACTS = ("later_events", "appeal", "version_note")


def is_later_event(version, previous) -> bool:
    """True when ``version`` only added what happened next (mediation, an appeal, its outcome) to ``previous``:
    a later event, not a correction of what the panel decided."""
    if previous is None:
        return False
    now, before = dict(version.facts or {}), dict(previous.facts or {})
    if all(now.get(k) == before.get(k) for k in _EVENT_FACTS):
        return False
    for key in _EVENT_FACTS:
        now.pop(key, None)
        before.pop(key, None)
    return now == before and (version.texts or {}) == (previous.texts or {}) and version.title == previous.title


def changes(versions: list) -> dict[int, str]:
    """Version number -> "later_event" or "correction" (version 1 is neither)."""
    by_number = {v.version: v for v in versions}
    return {
        v.version: "later_event" if is_later_event(v, by_number.get(v.version - 1)) else "correction"
        for v in versions
        if v.version > 1
    }


_FIND_SENDIASS = (
    "https://councilfordisabledchildren.org.uk/about-us-0/networks/information-advice-and-support-services-network"
    "/find-your-local-ias-service"
)


@dataclass(frozen=True)
class Advice:
    name: str
    url: str
    phone: str = ""
    description: str = ""


def next_steps() -> dict[str, Advice]:
    """Where a family can turn: the authority's own services from its configuration, national ones fixed."""
    config = current_app.config
    authority = config.get("AUTHORITY_NAME", "the council")
    return {
        "sendiass": Advice(
            name=config.get("SENDIASS_NAME") or f"{authority} SEND Information, Advice and Support Service (SENDIASS)",
            url=config.get("SENDIASS_URL") or _FIND_SENDIASS,
            phone=config.get("SENDIASS_PHONE") or "",
            description=_(
                "Free, impartial and confidential advice about SEND, independent of the council's decisions."
            ),
        ),
        "mediation": Advice(
            name=config.get("MEDIATION_NAME") or _("the mediation service named in your decision letter"),
            url=config.get("MEDIATION_URL") or "https://www.gov.uk/appeal-ehc-plan-decision/before-you-appeal",
            phone=config.get("MEDIATION_PHONE") or "",
        ),
        "tribunal": Advice(
            name="First-tier Tribunal (Special Educational Needs and Disability)",
            url="https://www.gov.uk/appeal-ehc-plan-decision",
        ),
        "ipsea": Advice(
            name="IPSEA (Independent Provider of Special Education Advice)",
            url="https://www.ipsea.org.uk",
            description=_("Free legally based advice and support, including help with appeals."),
        ),
        "contact": Advice(
            name="Contact, for families with disabled children",
            url="https://contact.org.uk",
            phone="0808 808 3555",
            description=_("A free helpline with advice on education, benefits and support."),
        ),
    }


def citation(record, meeting_date: date | None) -> str:
    """The line to quote: "Example City Council SEND panel decision D-…, 20 April 2026"."""
    authority = current_app.config.get("AUTHORITY_NAME", "")
    when = f", {_day(meeting_date)}" if meeting_date else ""
    if record.version > 1:
        line = _(
            "%(authority)s SEND panel decision %(reference)s (version %(version)s)",
            authority=authority,
            reference=record.public_id,
            version=record.version,
        )
    else:
        line = _("%(authority)s SEND panel decision %(reference)s", authority=authority, reference=record.public_id)
    return f"{line}{when}".strip()
