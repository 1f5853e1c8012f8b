"""Demo panels, meetings over several months, attendees, cases and decisions (all invented).

Meetings include ones that were not quorate (closed with a reason); decisions cover every outcome, with later
mediation and tribunal appeals. Identifiers are invented but valid in format (NHS numbers with a correct
modulus-11 digit, UPNs with a correct check letter), so the redaction library has real work to do.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from panelrecords.demo import DemoContext, loader
from panelrecords.redaction.evaluation import make_nhs_number, make_postcode, make_upn
from panelrecords.services import Actor, accounts, cases, decisions, papers, recording
from panelrecords.services.decisions import LimbAnswer

FIRST = [
    "Amara",
    "Bilal",
    "Chloe",
    "Dylan",
    "Ella",
    "Finley",
    "Grace",
    "Harvey",
    "Isla",
    "Jayden",
    "Kiera",
    "Leo",
    "Maisie",
    "Noah",
    "Olivia",
    "Reuben",
    "Sofia",
    "Tomasz",
    "Zainab",
    "Kwame",
]
SURNAMES = [
    "Okafor",
    "Whitfield",
    "Nowak",
    "Hartley",
    "Begum",
    "Pryce",
    "Lindqvist",
    "Achterberg",
    "Mensah",
    "Fairbairn",
    "Castellano",
    "Threlfall",
    "Ozturk",
    "Baptiste",
    "Kowalczyk",
    "Ridgeway",
]
PARENT_FIRST = ["Joanne", "Marcus", "Priti", "Gareth", "Aisha", "Lorraine", "Dariusz", "Funmi", "Steven", "Helen"]
SCHOOLS = [
    "Brookfield Primary School",
    "St Aldhelm's CE Primary",
    "Westmoor Academy",
    "Larkspur Infant School",
    "Harbourside Community School",
    "Oakhanger Junior School",
    "Kingsmead Secondary School",
]
STREETS = ["Mill Lane", "Acacia Road", "Station Street", "Orchard Close", "Victoria Terrace", "Ferndale Avenue"]
PANELS = [
    ("Decision to assess panel", "decision_to_assess", 3, ["education", "health", "social_care"], 2),
    ("EHC plan issue panel", "issue_plan", 3, ["education", "health"], 2),
    ("Placement and resources panel", "placement", 4, ["education", "social_care"], 1),
]
OFFICERS = [
    ("Ruth Aldridge", "Example City Council SEND service", "education", "chair", True),
    ("Dr Imran Qureshi", "Example Community Health NHS Trust", "health", "member", True),
    ("Claire Fenwick", "Children's social care", "social_care", "member", True),
    ("Tom Eastwood", "Example City Council educational psychology", "education", "adviser", False),
    ("Nadia Said", "Example City Council", "other", "clerk", False),
]
REPS = [("Bev Marsh", "Example Parent Carer Forum"), ("Olu Adeyemi", "Example Parent Carer Forum")]


def _case_values(rng, received: date) -> dict:
    first, surname = rng.choice(FIRST), rng.choice(SURNAMES)
    parent = f"{rng.choice(PARENT_FIRST)} {surname}"
    born = received - timedelta(days=rng.randint(4 * 365, 15 * 365))
    return {
        "request_received_on": received,
        "requested_by": rng.choice(["parent", "parent", "school", "young_person", "other"]),
        "child": f"{first} {surname}",
        "child_aliases": [first[:3]] if rng.random() < 0.4 else [],
        "date_of_birth": born,
        "parents": [parent],
        "other_people": [f"{rng.choice(FIRST)} {surname}"] if rng.random() < 0.5 else [],
        "school": [rng.choice(SCHOOLS)],
        "address": [f"{rng.randint(1, 120)} {rng.choice(STREETS)}, Exampleton"],
        "postcode": make_postcode(rng),
        "nhs_number": make_nhs_number(rng),
        "upn": make_upn(rng),
    }


def _decide(meeting, case, outcome: str, rng, by: Actor):
    findings = {
        "a": LimbAnswer("met", "Reports from school and the EP describe needs in communication and interaction."),
        "b": LimbAnswer(
            "not_met" if outcome == "refused" else "met",
            "The graduated approach is working and needs can be met from SEN support."
            if outcome == "refused"
            else "Provision needed goes beyond what is ordinarily available.",
        ),
    }
    codes = {
        "refused": ["sen_support", "evidence_of_progress"],
        "agreed": ["meets_36_8"],
        "agreed_with_conditions": ["meets_36_8"],
        "deferred": ["further_advice"],
    }[outcome]
    return decisions.record_decision(
        meeting,
        case_reference=case.reference,
        request_type="assess",
        outcome=outcome,
        decision_maker_name="Hannah Boyce",
        decision_maker_role="Head of SEND",
        reasons={
            "refused": f"The panel considered the evidence from {case.known_identifiers()['school'][0]}. Needs can "
            "be met from SEN support with the strategies in the current plan.",
            "agreed": "The evidence shows the child may have special educational needs and may need an EHC plan.",
            "agreed_with_conditions": "Agreed, subject to updated health advice being obtained within 4 weeks.",
            "deferred": "Deferred to the next meeting: the panel needs the educational psychologist's advice.",
        }[outcome],
        reason_codes=codes,
        findings=findings if outcome != "deferred" else {},
        evidence=[("ep_report", ""), ("sen_support_plan", "Current plan"), ("parent_views", "")],
        dissent="One member felt the evidence already met the test."
        if outcome == "refused" and rng.random() < 0.5
        else "",
        next_steps={
            "refused": "The SEND officer will meet the family to explain the decision.",
            "deferred": "Bring back when the EP advice arrives.",
        }.get(outcome, "Begin the assessment."),
        by=by,
    )


@loader(20)
def load_recording(context: DemoContext) -> None:
    if recording.list_panels():
        return
    rng = context.rng("recording")
    by = Actor.system("demo")
    decisions.install_defaults(by=by)
    today = cases.today_in_london()
    panels = [
        recording.create_panel(
            name=name,
            kind=kind,
            min_voting_members=voting,
            required_sectors=sectors,
            min_parent_reps=reps,
            terms_of_reference=f"The {name.lower()} advises the local authority's SEND decision makers.",
            by=by,
        )
        for name, kind, voting, sectors, reps in PANELS
    ]
    rep_users = [
        u
        for u in (accounts.find_user("parentrep@example.org"), accounts.find_user("parentrep2@example.org"))
        if u is not None
    ]
    outcomes = ["agreed", "refused", "deferred", "agreed_with_conditions"]
    decided = 0
    for month in range(6, 0, -1):
        for panel in panels[:2]:
            day = today - timedelta(days=30 * month + rng.randint(0, 6))
            day -= timedelta(days=max(0, day.weekday() - 3))  # a weekday
            meeting = recording.schedule_meeting(
                panel,
                starts_at=recording.london_datetime(day, time(10)),
                ends_at=recording.london_datetime(day, time(12, 30)),
                place="Committee Room 2, Civic Centre",
                by=by,
            )
            quorate = month % 3 != 0
            for name, org, sector, role, voting in OFFICERS[: 5 if quorate else 2]:
                recording.add_attendee(
                    meeting, name=name, organisation=org, sector=sector, role=role, voting=voting, by=by
                )
            for name, org in REPS[: 2 if quorate else 1]:
                recording.add_attendee(
                    meeting, name=name, organisation=org, sector="parent_carer", role="parent_rep", by=by
                )
            for user in rep_users:
                recording.assign_parent_rep(meeting, user_id=user.id, by=by)
            recording.mark_held(meeting, by=by)
            for _ in range(3):
                received = day - timedelta(days=rng.randint(20, 45))
                case = cases.create_case(**_case_values(rng, received), by=by)
                outcome = outcomes[decided % 4]
                decision = _decide(meeting, case, outcome, rng, by)
                decided += 1
                if outcome == "refused" and rng.random() < 0.7:
                    _later_events(decision, day, today, rng, by)
            papers.upload_paper(
                meeting,
                title="Panel pack",
                filename="panel-pack.txt",
                content=f"Panel pack for {panel.name}, {day:%d %B %Y}.\n".encode(),
                by=by,
            )
            recording.close_meeting(
                meeting,
                reason=""
                if quorate
                else "Not quorate; decisions taken to avoid delay for families, and "
                "ratified at the next quorate meeting.",
                by=by,
            )
    # One meeting still to come, and a few open cases still on the clock.
    upcoming = today + timedelta(days=14)
    recording.schedule_meeting(
        panels[0],
        starts_at=recording.london_datetime(upcoming, time(14)),
        ends_at=recording.london_datetime(upcoming, time(16)),
        online=True,
        by=by,
    )
    for days_ago in (3, 33, 50):
        cases.create_case(**_case_values(rng, today - timedelta(days=days_ago)), by=by)
    context.log(f"created {len(panels)} panels, 13 meetings and {decided} decisions")


def _later_events(decision, day: date, today: date, rng, by: Actor) -> None:
    mediation = day + timedelta(days=rng.randint(20, 40))
    if mediation > today:
        return
    decisions.add_event(decision, kind="mediation", happened_on=mediation, outcome="No agreement reached", by=by)
    lodged = mediation + timedelta(days=rng.randint(5, 25))
    if lodged > today:
        return
    decisions.add_event(decision, kind="appeal_lodged", happened_on=lodged, by=by)
    heard = lodged + timedelta(days=rng.randint(30, 90))
    if heard <= today:
        decisions.add_event(
            decision,
            kind="appeal_outcome",
            happened_on=heard,
            outcome=rng.choice(["overturned", "conceded_before_hearing", "la_decision_upheld", "withdrawn"]),
            by=by,
        )
