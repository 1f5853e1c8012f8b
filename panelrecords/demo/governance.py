"""Demo governance boards: the SEND Improvement Board (monthly) and the Strategic Partnership Group (every
two months), each with members, a year of meetings with agendas, attendance, minutes and actions, published
through the same services a secretary uses: every set approved at the next meeting, the latest still a draft.

Every name is invented and belongs to an officer of an invented but realistic organisation; the parent carer
forum's representative attends unnamed. No private individual appears anywhere.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from panelrecords.demo import DemoContext, loader
from panelrecords.publishing import governance as requests
from panelrecords.publishing import minutes
from panelrecords.services import Actor, accounts, board_actions, board_papers, governance

SECRETARY = "secretary@example.org"
SECOND_PERSON = "admin@example.org"

LONDON = ZoneInfo("Europe/London")
COUNCIL = "Example City Council"
ICB = "NHS Example Integrated Care Board"
TRUST = "Example Community Health NHS Trust"
FORUM = "Example Parent Carer Forum"
SCHOOLS = "Example Schools Forum"
COLLEGE = "Example City College"

# Officers' names share no word with the demo cases' names (demo/recording.py): a name part of a child or parent
# anywhere in a public record counts as a leak, however innocent the coincidence.
BOARDS = {
    "SIB": {
        "name": "SEND Improvement Board",
        "description": "Oversees the local area's SEND improvement plan after the joint inspection, and holds "
        "education, health and care partners to account for it.",
        "terms": "## Purpose\n\nThe board oversees the SEND improvement plan and reports progress to the "
        "Health and Wellbeing Board.\n\n## Membership\n\n- Director of Children's Services (chair)\n"
        "- Designated Clinical Officer\n- Parent carer forum co-chairs\n- Head teacher representatives\n\n"
        "## Meetings\n\nMonthly. Minutes are published as a draft within ten working days and replaced by the "
        "approved version after the next meeting.",
        "every_months": 1,
        "meetings": 12,
        "place": "Committee Room 1, Civic Centre",
        "members": [
            ("Dana Cartwright", COUNCIL, "Director of Children's Services (chair)"),
            ("Kofi Osei", ICB, "Designated Clinical Officer"),
            ("Frances Brightwell", COUNCIL, "Head of SEND"),
            ("Ruth Kaplinsky", TRUST, "Head of Children's Therapies"),
            ("Owen Trelawney", SCHOOLS, "Head teacher representative"),
            ("Sian Probert", COUNCIL, "Principal Educational Psychologist"),
        ],
    },
    "SPG": {
        "name": "Strategic Partnership Group",
        "description": "Brings together the council, health partners, schools, colleges and the parent carer forum "
        "to plan SEND services across the area.",
        "terms": "## Purpose\n\nThe group agrees the SEND strategy and the joint commissioning plan.\n\n"
        "## Meetings\n\nEvery two months.",
        "every_months": 2,
        "meetings": 6,
        "place": "Training Room, Example Family Hub",
        "members": [
            ("Frances Brightwell", COUNCIL, "Head of SEND (chair)"),
            ("Kofi Osei", ICB, "Designated Clinical Officer"),
            ("Rhodri Milburn", COLLEGE, "Vice Principal, Inclusion"),
            ("Amira Haddad", COUNCIL, "Head of Commissioning"),
            ("Yvonne Pell", COUNCIL, "Service Manager, Short Breaks"),
        ],
    },
}
FORUM_REP = ("Forum co-chair", FORUM, "Parent carer forum co-chair")
GUESTS = [
    ("Leon Ashdown", COUNCIL, "Data and Performance Analyst"),
    ("Nadia Cole", TRUST, "Speech and Language Lead"),
]

# (title, presenter role, discussion, decisions, actions: (description, owner, due in days))
SIB_ITEMS = [
    (
        "Written statement of action: progress",
        "Head of SEND",
        "The board reviewed the **red, amber, green** rating of each priority.\n\n"
        "- Priority 1 (timeliness of assessments): amber, improving\n"
        "- Priority 2 (quality of plans): amber\n- Priority 3 (co-production): green\n\n"
        "Members asked for the evidence behind the green rating to be shared with the forum.",
        "Priority 1 stays amber until three months above 60% on time",
        [("Share the evidence for the co-production rating with the parent carer forum", "Head of SEND", 30)],
    ),
    (
        "EHC needs assessments: timeliness",
        "Data and Performance Analyst",
        "{pct}% of new plans were issued within 20 weeks this month, against a national figure of about 50%. "
        "Delays are mostly waiting for educational psychology advice.\n\n"
        "The board noted the locum psychologists starting next month.",
        "Publish the monthly timeliness figures on the Local Offer",
        [("Publish the monthly timeliness figures on the Local Offer", "Data and Performance Analyst", 21)],
    ),
    (
        "Annual reviews backlog",
        "Head of SEND",
        "There are {backlog} overdue annual reviews, down from last month. Casework officers now hold review "
        "clinics in schools each week.",
        "",
        [("Report the backlog by school phase at the next meeting", "Head of SEND", 28)],
    ),
    (
        "Therapy waiting times",
        "Head of Children's Therapies",
        "Speech and language therapy waits average {weeks} weeks. The trust has recruited two therapists and is "
        "piloting drop-in sessions at family hubs.",
        "Ask the integrated care board to fund the drop-in pilot for a further six months",
        [("Bring a costed proposal for the drop-in pilot", "Designated Clinical Officer", 45)],
    ),
    (
        "Feedback from the parent carer forum",
        "Parent carer forum co-chair",
        "The forum's survey had 212 replies. Families value the new key worker role but say letters about "
        "decisions are hard to follow.\n\nThe board thanked the forum.",
        "Rewrite the decision letter templates with the forum",
        [("Rewrite the decision letter templates with the forum", "Head of SEND", 60)],
    ),
    (
        "Sufficiency of specialist places",
        "Principal Educational Psychologist",
        "Two new resourced provisions open in September, adding 24 places. Out-of-area placements fell by 6.",
        "",
        [],
    ),
]
SPG_ITEMS = [
    (
        "Joint commissioning plan",
        "Head of Commissioning",
        "The group reviewed the draft plan. Short breaks, therapies and preparation for adulthood are the three "
        "priorities for the year.",
        "Agree the three commissioning priorities",
        [("Publish the joint commissioning plan", "Head of Commissioning", 40)],
    ),
    (
        "Preparing for adulthood",
        "Vice Principal, Inclusion",
        "The college described its supported internship programme: 14 young people this year, 9 now in paid work.",
        "",
        [("Map supported internships with two more employers", "Vice Principal, Inclusion", 75)],
    ),
    (
        "Short breaks offer",
        "Service Manager, Short Breaks",
        "Demand for holiday clubs outstrips places. The group discussed a local survey of families before the summer.",
        "",
        [("Run a local survey of families on holiday short breaks", "Service Manager, Short Breaks", 30)],
    ),
    (
        "SEND strategy refresh",
        "Head of SEND",
        "The group agreed a timetable for the refreshed strategy, written with the parent carer forum.",
        "Consult on the refreshed strategy for eight weeks",
        [],
    ),
]
TIMELINESS_PAPER = """Assessment timeliness dashboard

New EHC plans issued within 20 weeks, by month, with the national average for comparison.
Requests for assessment received, agreed and refused, by month.
Educational psychology advice: requests waiting, and the median wait in weeks.

Figures are for the whole local area and name no child or family.
"""
OPENING = ("Welcome, apologies and declarations of interest", "Chair", "The chair welcomed members.", "", [])
PREVIOUS = ("Minutes and actions of the last meeting", "Chair", "", "", [])


def _meeting_days(today: date, count: int, every: int) -> list[date]:
    """The second Wednesday of every ``every`` months, the latest before ``today``, oldest first."""
    days = []
    year, month = today.year, today.month
    while len(days) < count:
        first = date(year, month, 1)
        day = first + timedelta(days=(2 - first.weekday()) % 7 + 7)
        if day < today - timedelta(days=2):
            days.append(day)
            month -= every
        else:
            month -= 1
        while month < 1:
            month += 12
            year -= 1
    return sorted(days)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(14), tzinfo=LONDON).astimezone(UTC)


def _minutes_for(meeting, items, rng: random.Random, by: Actor, today: date, state: dict) -> None:
    for title, presenter, discussion, decisions, actions in items:
        item = governance.add_agenda_item(meeting, title=title, presenter=presenter, by=by)
        text = discussion.format(pct=rng.randint(44, 71), backlog=rng.randint(80, 160), weeks=rng.randint(14, 30))
        if title == PREVIOUS[0]:
            text = "The minutes of the last meeting were approved as a true record. The action log was reviewed."
        governance.save_minutes(item, discussion=text, decisions=decisions, by=by)
        if title.startswith("EHC needs assessments") and not state.get("paper"):
            state["paper"] = True
            board_papers.add_paper(
                item,
                title="Assessment timeliness dashboard",
                filename="timeliness-dashboard.txt",
                content=TIMELINESS_PAPER.encode(),
                is_public=True,
                by=by,
            )
            board_papers.add_paper(
                item,
                title="Educational psychology staffing options",
                filename="staffing-options.txt",
                content=b"Restricted: staffing options for the board's discussion only.\n",
                is_public=False,
                by=by,
            )
        for description, owner, due_in in actions:
            # An action is agreed again only once the last one like it was done: otherwise progress is reported.
            earlier = state.setdefault("agreed", {}).get(description)
            if earlier is not None and earlier.status == "open":
                continue
            day = meeting.starts_at.date()
            due = day + timedelta(days=due_in)
            action = board_actions.add_action(item, description=description, owner=owner, due=due, by=by)
            state["agreed"][description] = action
            if "local survey" in description and not state.get("dropped"):
                state["dropped"] = True
                board_actions.update_action(
                    action,
                    status="dropped",
                    text="Dropped: the national short breaks consultation asks families the same questions, so a "
                    "local survey would duplicate it.",
                    by=by,
                )
            elif due < today - timedelta(days=45) and rng.random() < 0.85:
                board_actions.update_action(action, status="done", text=f"Done: {description.lower()}.", by=by)
            elif due < today and rng.random() < 0.5:
                board_actions.update_action(
                    action, status="open", text="Started; delayed by staff vacancies, now due next month.", by=by
                )


def _roles_only(meeting, roles: str, *, approved: bool = False) -> list[str]:
    """What the name detector flags in the demo minutes: job titles it reads as names (a secretary would confirm
    them). Anything else stops the loader, so the demo never publishes a person's name by accident."""
    found = minutes.names_to_confirm(meeting, approved=approved)
    unexpected = [name for name in found if name not in roles]
    if unexpected:
        raise RuntimeError(f"the demo minutes name someone: {unexpected}")
    return found


def _publish(meeting, roles: str, *, secretary: Actor, reviewer: Actor, approved: bool = False) -> None:
    """Ask as the secretary, approve as the second person: the same four eyes as in the restricted area."""
    request = requests.request_minutes(meeting, by=secretary)
    requests.approve(request, confirmed_names=_roles_only(meeting, roles, approved=approved), by=reviewer)


def _load_board(
    acronym: str, spec: dict, items: list, context: DemoContext, today: date, secretary: Actor, reviewer: Actor
) -> None:
    by = secretary
    rng = context.rng(f"governance:{acronym}")
    board = governance.create_board(
        acronym, name=spec["name"], description=spec["description"], terms_of_reference=spec["terms"], by=by
    )
    requests.approve(requests.request_board_profile(board, by=secretary), by=reviewer)
    for name, organisation, role in spec["members"]:
        governance.add_member(
            board,
            name=name,
            organisation=organisation,
            role=role,
            from_date=today.replace(day=1) - timedelta(days=500),
            by=by,
        )
    governance.add_member(board, name=FORUM_REP[0], organisation=FORUM_REP[1], role=FORUM_REP[2], by=by)
    days = _meeting_days(today, spec["meetings"], spec["every_months"])
    roles = " | ".join(
        [role for _n, _o, role in spec["members"]] + [g[2] for g in GUESTS] + [i[1] for i in items] + [FORUM_REP[2]]
    )
    meetings = []
    state: dict = {}
    for index, day in enumerate(days):
        meeting = governance.create_meeting(
            board, starts_at=_at(day), place=spec["place"], online=index % 3 == 2, by=by
        )
        members = spec["members"]
        away = rng.choice(members)
        for name, organisation, role in members:
            status = "apologies" if (name, organisation, role) == away else "present"
            governance.record_attendance(meeting, name=name, organisation=organisation, role=role, status=status, by=by)
        governance.record_attendance(
            meeting, name=FORUM_REP[0], organisation=FORUM_REP[1], role=FORUM_REP[2], named_publicly=False, by=by
        )
        guest = GUESTS[index % len(GUESTS)]
        governance.record_attendance(
            meeting, name=guest[0], organisation=guest[1], role=guest[2], status="in_attendance", by=by
        )
        if index % 4 == 1:
            governance.add_declaration(
                meeting,
                who=members[4][2],
                what="Governor of a school named in the sufficiency report",
                action="Took no part in the discussion of that school",
                by=by,
            )
        chosen = rng.sample(items, k=min(len(items), 3 if acronym == "SPG" else 4))
        agenda = [OPENING, *([PREVIOUS] if index else []), *chosen]
        _minutes_for(meeting, agenda, rng, by, today, state)
        _publish(meeting, roles, secretary=secretary, reviewer=reviewer)
        if meetings:
            previous = meetings[-1]
            minutes.record_approval(previous, meeting, at=meeting.starts_at + timedelta(hours=3), by=by)
            _publish(previous, roles, secretary=secretary, reviewer=reviewer, approved=True)
        meetings.append(meeting)
    # The next meeting is scheduled; nothing of it is public yet.
    next_day = _meeting_days(today + timedelta(days=31 * spec["every_months"] + 3), 1, 1)[0]
    if next_day > today:
        governance.create_meeting(board, starts_at=_at(next_day), place=spec["place"], by=by)
    context.log(f"created the {acronym} with {len(meetings)} meetings of published minutes")


@loader(50)
def load_governance(context: DemoContext) -> None:
    from panelrecords.search import outbox

    secretary, reviewer = accounts.find_user(SECRETARY), accounts.find_user(SECOND_PERSON)
    if secretary is None or reviewer is None:
        return
    today = board_actions.today()
    with outbox.deferred():
        for acronym, items in (("SIB", SIB_ITEMS), ("SPG", SPG_ITEMS)):
            if governance.find_board(acronym) is None:
                _load_board(acronym, BOARDS[acronym], items, context, today, Actor.of(secretary), Actor.of(reviewer))
