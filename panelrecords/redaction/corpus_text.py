"""Sentence templates and vocabularies of the synthetic evaluation corpus (see evaluation.py).

Placeholders: {C} the child, {P} a parent, {T} another person with a role, {TB} another person's bare name,
{SIB} a sibling, {S} the school, {D} the date of birth, {A} the address, {PC} the postcode, {N} the NHS number,
{U} the UPN, {PH} a phone number, {E} an e-mail address, {NI} a National Insurance number, {N2} another NHS
number, {PC2} another postcode, {DATE} a date that is not a birth date, {PLACE} a city, {ORG} an organisation,
{INT} a named intervention (capitalised like a name, but not one: Little Wandle, Toe by Toe).
"""

from __future__ import annotations

OPENINGS = [
    "Panel meeting held on {DATE}. Decision in respect of {C} (date of birth {D}), who attends {S}.",
    "This record concerns {C}, born {D}, of {A}, {PC}. NHS number {N}; UPN {U}.",
    "Case summary for {C}. Date of birth: {D}. Home address: {A}, {PC}.",
]
REASONS = [
    "The panel considered the request made by {P} for an EHC needs assessment for {C}.",
    "{C}'s needs were discussed in detail and the panel will write to the family within two weeks.",
    "The panel will consider the further evidence at its meeting on {DATE}.",
    "We hope that the family finds this summary helpful, and we hope to resolve matters quickly.",
    "The panel noted that {C} has made limited progress despite targeted support at {S}.",
    "{C} finds transitions difficult and needs adult support at the start and end of each day.",
    "The panel agreed that the legal test in section 36(8) of the Children and Families Act 2014 is met.",
    "Evidence from {T} indicates that {C} is working well below age-related expectations.",
    "The panel was told that {C} is known to {ORG} and has been on the waiting list since {DATE}.",
    "A letter from {T} was read, describing {C}'s anxiety about attending {S}.",
    "{TB} spoke on behalf of {ORG} and confirmed that the referral was accepted on {DATE}.",
    "The school confirmed that a Grace period of two weeks applies to the return of paperwork.",
    "The Mark scheme for the reading assessment was shared with the panel for information.",
    "Will the panel need more evidence? It was agreed that it will not, given the reports received.",
    "The family moved to {PLACE} from {PLACE} in {DATE}, and {C} joined {S} in the Summer term.",
    "{P} told the panel that {C} rarely sleeps through the night and that mornings are very hard.",
    "{P} can be contacted on {PH} or by e-mail at {E}.",
    "The school office can be reached on {PH}; the SENCo's e-mail address is {E}.",
    "The panel was reminded that {C}'s sibling, {SIB}, also has an EHC plan (NHS number {N2}).",
    "{SIB} attends a different school, whose postcode is {PC2}.",
    "{P}'s National Insurance number, {NI}, was given on the application for transport.",
    "The panel noted that {C}'s attendance in May 2024 fell to 71% and improved in June.",
    "{ORG} and {ORG} both contributed to the discussion.",
    "The panel recorded that {C} lives at {A} with {P} and {SIB}.",
    "Interventions tried at {S} include {INT}, {INT} and {INT}, with little lasting effect.",
    "Copies of the decision go to {TB} and {TB}, who attended as observers.",
    "{C} has accessed {INT} since Year 3 and {INT} since the Spring term.",
]
EVIDENCE = [
    "The EP report, written by {T}, describes {C} as a kind and curious child with significant needs.",
    "{T} assessed {C} over three sessions and found a marked gap between verbal and non-verbal reasoning.",
    "The speech and language therapy advice from {T} recommends daily small-group work for {C}.",
    "According to {T}, {C} benefits from visual timetables and a quiet space to regulate.",
    "Health advice was provided by {T}, who confirmed a diagnosis of autism in {DATE}.",
    "{TB} reported that {C}'s handwriting has improved but remains slow and effortful.",
    "{C}'s class teacher, {TB}, wrote that {C} needs instructions broken into small steps.",
    "The social care advice from {T} notes that the family has had early help support since {DATE}.",
    "At {S}, {C} is supported by {TB} for twenty hours a week.",
    "The panel read the views of {C}, who said that reading aloud in class is the worst part of the day.",
    "{P} explained that {C} was born on {D} and was identified as needing support in nursery.",
    "Paperwork held by {S} lists {C}'s UPN as {U} and NHS number as {N}.",
    "{C} has been seen by {T} at the child development centre in {PLACE}.",
    "{C} was first referred to {ORG} when the family lived at {A}.",
    "The report from {T} was received after the deadline, and the panel will take it into account.",
]
DECISIONS = [
    "Decision: the panel agreed to carry out an EHC needs assessment for {C}.",
    "The panel refused the request at this time and explained the right of appeal to the tribunal.",
    "The panel deferred its decision until the report from {T} has been received.",
    "Next steps: the case officer will write to {P} by {DATE}, copied to {S}.",
    "{P} has the right to appeal to the First-tier Tribunal (SEND) within two months of the decision letter.",
    "Mediation advice is available from the SENDIASS service, whose office is in {PLACE}.",
    "The panel thanked {P} and {TB} for their contributions.",
]

ORGANISATIONS = [
    "Bristol City Council",
    "the NHS",
    "CAMHS",
    "the Educational Psychology Service",
    "Sirona Care and Health",
    "the Speech and Language Therapy Service",
    "Birmingham Children's Trust",
    "the Local Offer",
    "Leeds City Council",
    "the Autism Outreach Team",
    "SENDIASS",
    "the Virtual School",
]
PLACES = ["Bristol", "Leeds", "Birmingham", "Manchester", "Leicester", "Luton", "Bradford", "Coventry", "Sheffield"]
STREETS = "Acacia Oakfield Mulberry Whitehall Chestnut Clarendon Brunswick Seymour Albany Cromwell Meadow Lansdown"
STREET_KINDS = ["Road", "Street", "Avenue", "Close", "Lane", "Drive", "Crescent", "Gardens", "Grove"]
LOCALITIES = "Easton Bedminster Sparkbrook Harehills Sneinton Knowle Fishponds Handsworth Moss Side Chapeltown"
SCHOOL_STEMS = "Hillside Oakwood Fairfield Brookside Millbrook Greenway Ashbury Redland Elmtree Westbury Castlegate"
SCHOOL_SUFFIXES = ["Primary School", "Academy", "Junior School", "Infant School", "C of E Primary School", "College"]
ROLES_BEFORE = [
    "the class teacher, {name}",
    "the SENCo, {name}",
    "the educational psychologist, {name}",
    "the paediatrician, {name}",
    "the social worker, {name}",
    "the speech and language therapist {name}",
]
ROLES_AFTER = ["{name} (SENCo)", "{name}, the class teacher", "{name}, Educational Psychologist"]
ROLES_AFTER += ["{name} (social worker)"]
INTERVENTIONS = [
    "Little Wandle", "Toe by Toe", "White Rose Maths", "Lego Therapy", "Zones of Regulation", "Makaton",
    "Attention Autism", "Colourful Semantics", "Read Write Inc", "Sensory Circuits", "Precision Teaching",
    "Forest School", "Boxall Profile", "Nurture Group", "Social Stories", "Numicon", "Talk Boost", "Elklan",
    "Lexia Core", "Power of Reading", "Jigsaw PSHE", "Early Help", "Team Around the Family", "Thrive",
]  # fmt: skip
TITLES = ["Dr", "Mrs", "Mr", "Ms", "Miss"]
NAME_WORD_CHILDREN = ["Will", "Grace", "Hope", "Summer", "Rose", "Mark", "May", "Faith", "Joy", "Amber", "Jack"]
