"""Demo published decisions: a realistic public archive before any decision has gone through the workflow.

Records are published through ``publishing.core.publish`` (leak gate, outbox, audit) with
``source_type="demo_decision"``, so the real workflow's records are told apart. The texts use the
redaction labels (``[child]``, ``[parent]``, ``[school]``) exactly as a redacted decision reads.
``flask demo load --decisions N`` scales the archive (500 by default); the index is drained once at the end.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from panelrecords.demo import DemoContext, loader

SOURCE_TYPE = "demo_decision"

PANEL_KINDS = {
    "decision_to_assess": "Decision to assess panel",
    "issue_plan": "EHC plan issue panel",
    "placement": "Placement panel",
    "resource_allocation": "Resource allocation panel",
    "short_breaks": "Short breaks panel",
}
# request type -> (label, panel kind, legal test name, citation, limbs)
REQUEST_TYPES = {
    "assess": (
        "Request for an EHC needs assessment",
        "decision_to_assess",
        "The test for an EHC needs assessment",
        "Children and Families Act 2014, section 36(8)",
        [
            "The child or young person has or may have special educational needs",
            "It may be necessary for special educational provision to be made in accordance with an EHC plan",
        ],  # noqa: E501
    ),
    "issue_plan": (
        "Decision whether to issue an EHC plan",
        "issue_plan",
        "The test for issuing an EHC plan",
        "Children and Families Act 2014, section 37(1)",
        [
            "Special educational provision is necessary",
            "It cannot reasonably be provided from the resources normally available to mainstream settings",
        ],  # noqa: E501
    ),
    "placement": (
        "Request to name a school or setting",
        "placement",
        "Naming a school in an EHC plan",
        "Children and Families Act 2014, section 39(4)",
        [
            "The school is suitable for the child's age, ability, aptitude and special educational needs",
            "Attendance would not be incompatible with the efficient education of others",
            "Attendance would be an efficient use of resources",
        ],  # noqa: E501
    ),
    "top_up_funding": (
        "Request for top-up funding",
        "resource_allocation",
        "The local authority's banding framework",
        "SEND Code of Practice 2015, paragraph 9.214",
        ["The provision described is needed to meet the child's needs"],
    ),
    "short_break": (
        "Request for a short breaks package",
        "short_breaks",
        "The short breaks duty",
        "Breaks for Carers of Disabled Children Regulations 2011",
        ["The break is needed to let the carer care more effectively"],
    ),
}
OUTCOMES = {
    "agreed": "Agreed",
    "refused": "Refused",
    "deferred": "Deferred",
    "agreed_with_conditions": "Agreed with conditions",
}
REASON_CODES = {
    "evidence_of_need": ("Evidence shows needs that may call for an EHC plan", "agreed"),
    # The same codes and wording as the council's reason-code list (services.decisions.DEFAULT_REASON_CODES):
    # one label, one code, or filters and figures split a reason in two.
    "sen_support": ("Needs can be met from SEN support", "refused"),
    "insufficient_evidence": ("Insufficient evidence of special educational needs", "refused"),
    "no_ep_advice": ("No educational psychologist advice yet", "deferred"),
    "awaiting_health_advice": ("Health advice awaited", "deferred"),
    "mainstream_can_meet_needs": ("A mainstream setting can meet needs", "refused"),
    "incompatible_efficient_education": ("Incompatible with the efficient education of others", "refused"),
    "efficient_use_of_resources": ("Incompatible with the efficient use of resources", "refused"),
    "provision_necessary": ("Special educational provision is necessary", "agreed"),
    "review_in_six_months": ("Agreed for six months, then reviewed", "agreed_with_conditions"),
}
NEEDS = [
    "autism spectrum condition",
    "speech, language and communication needs",
    "social, emotional and mental health needs",
    "a specific learning difficulty (dyslexia)",
    "cerebral palsy affecting fine and gross motor skills",
    "hearing impairment",
    "attention deficit hyperactivity disorder",
    "anxiety leading to emotionally based school avoidance",
    "global developmental delay",
    "Down syndrome",
]
EVIDENCE = [
    ("ep_report", "Educational psychologist's report", "Report by the educational psychology service"),
    ("sen_support_plan", "School SEN support plan", "Two terms of SEN support plans from [school]"),
    ("health_advice", "Health advice", "Advice from the community paediatrician"),
    ("parent_views", "Parent's views", "Letter from [parent] describing needs at home"),
    ("child_views", "Child's views", "[child]'s views, gathered by the SENCo"),
    ("social_care_advice", "Social care advice", "Advice from the children with disabilities team"),
    ("independent_report", "Independent report", "Independent speech and language therapy report"),
]
SECTORS = [
    ("chair", "education", "SEND service"),
    ("member", "education", "Educational psychology service"),
    ("member", "health", "Integrated care board"),
    ("member", "social_care", "Children with disabilities team"),
    ("member", "education", "Headteacher representative"),
    ("clerk", "other", "SEND service"),
]
DECISION_MAKERS = ["Head of SEND", "SEND service manager", "Assistant Director, Education"]
# As ``models.decisions.AppealOutcome`` and its labels.
APPEAL_OUTCOMES = {
    "la_decision_upheld": "Local authority's decision upheld",
    "overturned": "Overturned",
    "conceded_before_hearing": "Conceded before the hearing",
    "withdrawn": "Withdrawn",
}
# As ``models.panels.AttendeeRole.label``.
ROLE_LABELS = {"chair": "Chair", "member": "Member", "clerk": "Clerk", "parent_rep": "Parent carer representative"}
# Statutory time limits (``services.timescales``): only these request types have one.
DEADLINE_WEEKS = {"assess": 6, "issue_plan": 16}


def _pick_reasons(rng: random.Random, outcome: str) -> list[str]:
    candidates = [code for code, (_label, kind) in REASON_CODES.items() if kind == outcome]
    if outcome == "refused":
        # A deliberately common reason: the statistics page should flag it as a possible blanket policy.
        codes = ["sen_support"] if rng.random() < 0.62 else []
        codes += rng.sample(candidates, k=rng.randint(1, 2))
        return sorted(set(codes))
    return rng.sample(candidates, k=1) if candidates else []


def _texts(rng: random.Random, outcome: str, request_label: str, need: str) -> dict[str, str]:
    setting = rng.choice(["a mainstream primary school", "a mainstream secondary school", "an early years setting"])
    reasons = {
        "agreed": f"The panel considered the request from [parent] for [child], who attends {setting} and has {need}. "
        "The evidence shows that [child] has not made expected progress despite a graduated approach over "
        "several terms, and that the provision needed goes beyond what [school] can provide from its "
        "resources. The panel agreed the request.",
        "refused": f"The panel considered the request for [child], who has {need}. [school] has put SEN support in "
        "place for one term, and the educational psychologist's advice is that needs can be met from SEN "
        "support with targeted speech and language input. The panel found that the test was not met and "
        "refused the request.",
        "deferred": f"The panel considered the request for [child], who has {need}. Advice from the educational "
        "psychologist and health advice are not yet available. The panel deferred its decision to its next "
        "meeting so that it can consider that advice.",
        "agreed_with_conditions": f"The panel agreed funding for [child], who has {need}, for six months. "
        "[school] will report progress against the outcomes in the plan before a review by the panel.",
    }[outcome]
    dissent = (
        "One member would have agreed the request, noting [parent]'s account of difficulties at home."
        if outcome == "refused" and rng.random() < 0.2
        else ""
    )
    observations = (
        "Parent carer representative: the family's description of anxiety and sensory needs should carry weight; "
        "the panel should ask [school] for its provision map."
        if rng.random() < 0.55
        else ""
    )
    return {
        "reasons": reasons,
        "dissent": dissent,
        "parent_rep_observations": observations,
        "next_steps": "The SEND team will write to [parent] within five working days.",
        "appeal_rights": "[parent] may ask for mediation and may appeal to the First-tier Tribunal (SENDIST) "
        "within two months of the decision letter, or one month after a mediation certificate."
        if outcome == "refused"
        else "",
    }


def _meeting(rng: random.Random, meetings: dict, meeting_date: date, panel_kind: str) -> dict:
    """The facts of the panel meeting that made a decision: decisions of one panel on one day share them."""
    key = (meeting_date, panel_kind)
    if key in meetings:
        return meetings[key]
    parent_reps = rng.choices([0, 1, 2, 3], weights=[8, 17, 60, 15])[0]
    attendance = [
        {"role": ROLE_LABELS[role], "sector": sector, "organisation": organisation, "name": None,
         "status": "present", "voting": role != "clerk", "took_part": True}
        for role, sector, organisation in SECTORS
        if role in ("chair", "clerk") or rng.random() < 0.85
    ]  # fmt: skip
    attendance += [
        {"role": ROLE_LABELS["parent_rep"], "sector": "parent_carer", "organisation": "", "name": None,
         "status": "present", "voting": False, "took_part": True}
        for _ in range(parent_reps)
    ]  # fmt: skip
    meetings[key] = {
        "ref": f"demo-meeting-{len(meetings) + 1}",
        "attendance": attendance,
        "parent_reps_present": parent_reps,
        "quorate": parent_reps >= 1 and rng.random() < 0.95,
    }
    return meetings[key]


def _later_events(rng: random.Random, outcome: str, meeting_date: date) -> tuple[list[dict], dict]:
    """Appeals of some refusals, as ``build_publication`` publishes them (later events and the appeal fact)."""
    events: list[dict] = []
    appeal = {"lodged": False, "lodged_on": None, "outcome": None, "outcome_label": None, "decided_on": None}
    if outcome != "refused" or rng.random() >= 0.35:
        return events, appeal
    lodged = meeting_date + timedelta(days=rng.randint(20, 55))
    if lodged >= date.today():
        return events, appeal
    events.append({"kind": "appeal_lodged", "date": lodged.isoformat(), "outcome": ""})
    appeal.update(lodged=True, lodged_on=lodged.isoformat())
    decided = lodged + timedelta(days=rng.randint(90, 200))
    if decided < date.today():
        code = rng.choices(list(APPEAL_OUTCOMES), weights=[35, 25, 30, 10])[0]
        events.append({"kind": "appeal_outcome", "date": decided.isoformat(), "outcome": APPEAL_OUTCOMES[code]})
        appeal.update(outcome=code, outcome_label=APPEAL_OUTCOMES[code], decided_on=decided.isoformat())
    return events, appeal


def make_decision(rng: random.Random, meeting_date: date, meetings: dict | None = None):
    """One synthetic published decision (``publication.Publication``), facts per the facts contract
    (``publishing.decisions.build_publication``). Decisions given the same ``meetings`` dict on the same day and
    panel share one meeting."""
    from panelrecords.models.facts import DECISION_SCHEMA
    from panelrecords.publishing.core import Publication

    request_type = rng.choices(list(REQUEST_TYPES), weights=[45, 20, 15, 12, 8])[0]
    request_label, panel_kind, test_name, citation, limbs = REQUEST_TYPES[request_type]
    outcome = rng.choices(list(OUTCOMES), weights=[45, 38, 10, 7])[0]
    need = rng.choice(NEEDS)
    codes = _pick_reasons(rng, outcome)
    met = outcome in ("agreed", "agreed_with_conditions")
    meeting = _meeting(rng, meetings if meetings is not None else {}, meeting_date, panel_kind)
    timeliness = None
    if request_type in DEADLINE_WEEKS:
        status = rng.choices(["on_time", "late", "exception"], weights=[78, 16, 6])[0]
        timeliness = {
            "deadline_weeks": DEADLINE_WEEKS[request_type],
            "status": status,
            "days_late": rng.randint(1, 40) if status == "late" else 0,
            "exception_reason": "The family asked to delay the meeting" if status == "exception" else None,
        }
    later_events, appeal = _later_events(rng, outcome, meeting_date)
    texts = _texts(rng, outcome, request_label, need)
    declarations = (
        [
            {
                "who": "Member (education)",
                "what": "Knows [school]'s headteacher professionally",
                "action": "Stayed, did not vote",
                "scope": "decision",
                "took_part": True,
            }
        ]  # noqa: E501
        if rng.random() < 0.08
        else []
    )
    facts = {
        "schema": DECISION_SCHEMA,
        "panel_name": PANEL_KINDS[panel_kind],
        "panel_kind": panel_kind,
        "panel_kind_label": PANEL_KINDS[panel_kind],
        "meeting_date": meeting_date.isoformat(),
        "request_type": request_type,
        "request_type_label": request_label,
        "outcome": outcome,
        "outcome_label": OUTCOMES[outcome],
        "decision_maker_role": rng.choice(DECISION_MAKERS),
        "decision_maker_name": None,
        "reason_codes": [{"code": c, "label": REASON_CODES[c][0]} for c in codes],
        "legal_test": {
            "name": test_name,
            "citation": citation,
            "limbs": [
                {
                    "label": limb,
                    "finding": "Met" if met or i == 0 else "Not met",
                    "reasons": "The evidence supports this." if met or i == 0 else "See the panel's reasons.",
                }
                for i, limb in enumerate(limbs)
            ],
        },
        "evidence": [
            {"type": kind, "label": label, "description": description}
            for kind, label, description in rng.sample(EVIDENCE, k=rng.randint(2, 5))
        ],
        "attendance": meeting["attendance"],
        "declarations": declarations,
        "quorate": meeting["quorate"],
        "parent_reps_present": meeting["parent_reps_present"],
        "parent_reps_required": 2,
        "timeliness": timeliness,
        "later_events": later_events,
        "appeal": appeal,
        "meeting_ref": meeting["ref"],
    }
    return Publication(
        title=f"{request_label}: {OUTCOMES[outcome].lower()}",
        texts=texts,
        facts=facts,
        summary=texts["reasons"][:297] + "…",
        meeting_date=meeting_date,
        panel_kind=panel_kind,
        request_type=request_type,
        outcome=outcome,
        reason_codes=codes,
    )


def meeting_dates(rng: random.Random, count: int, end: date | None = None, months: int = 18) -> list[date]:
    """``count`` weekday meeting dates spread over the ``months`` before ``end``, oldest first."""
    end = end or date.today() - timedelta(days=3)
    start = end - timedelta(days=round(months * 30.4))
    span = (end - start).days
    days = []
    for _ in range(count):
        day = start + timedelta(days=rng.randint(0, span))
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        days.append(day)
    return sorted(days)


def seed_decisions(count: int, *, seed: int = 2026, log=print, start_index: int = 0) -> int:
    """Publish ``count`` synthetic decisions through the publication core; index them once at the end."""
    from panelrecords.publishing import core
    from panelrecords.search import outbox
    from panelrecords.services import Actor
    from panelrecords.services.common import atomic

    rng = random.Random(f"{seed}:archive:{start_index}")
    by = Actor.system("demo")
    meetings: dict = {}
    with outbox.deferred():
        for number, day in enumerate(meeting_dates(rng, count), start=start_index + 1):
            publication = make_decision(rng, day, meetings)
            with atomic():
                core.publish("decision", publication, source_type=SOURCE_TYPE, source_id=number, by=by)
            if number % 100 == 0:
                log(f"published {number} demo decisions")
    return count


@loader(40)
def load_published_decisions(context: DemoContext) -> None:
    from sqlalchemy import func, select

    from panelrecords.extensions import db
    from panelrecords.models.published import PublishedRecord

    wanted = int(context.options.get("decisions", 500))
    have = db.session.scalar(
        select(func.count()).select_from(PublishedRecord).where(PublishedRecord.source_type == SOURCE_TYPE)
    )
    if have >= wanted:
        return
    seed_decisions(wanted - have, seed=context.seed, log=context.log, start_index=have)
    context.log(f"published {wanted - have} demo decisions (now {wanted})")
