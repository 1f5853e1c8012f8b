"""Words the name detector reads as evidence: titles, roles, organisation and place words, sentence openers."""

from __future__ import annotations

import re

TITLES = (
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Mx",
    "Dr",
    "Prof",
    "Professor",
    "Sir",
    "Dame",
    "Rev",
    "Revd",
    "Cllr",
    "Councillor",
)
PARTICLES = ("van", "von", "de", "da", "del", "della", "der", "den", "di", "du", "dos", "das", "le", "la", "al", "el")
PARTICLES += ("bin", "binti", "ibn", "ben", "abu", "ter", "ten")
# Irish and Scottish Gaelic surnames begin with a capitalised particle, sometimes followed by an article:
# Ó Briain (folded: O Briain), Ní Bhriain, Nic Dhomhnaill, Mac an Bhaird, Mhic Aoidh, Uí Bhriain.
GAELIC_PARTICLES = ("O", "Ni", "Nic", "Mac", "Mc", "Mhic", "Ui", "Ua", "Bean Ui")
GAELIC_ARTICLES = ("an", "na", "a'")
# A particle alone names nobody: it is never matched by itself as a part of a known name.
NAME_PARTICLES = frozenset(p.lower() for p in (*PARTICLES, *GAELIC_PARTICLES, *GAELIC_ARTICLES, "a", "bean"))

# People's roles, as written in panel papers (lower case; matched case-insensitively).
ROLES = r"""
class\ teacher|form\ tutor|teacher|head\ ?teacher|headmaster|headmistress|head\ of\ year|deputy\ head|assistant\ head
|principal|senco|sendco|inclusion\ lead|inclusion\ manager|teaching\ assistant|learning\ support\ assistant|ta|lsa
|educational\ psychologist|psychologist|ep|speech\ and\ language\ therapist|salt|occupational\ therapist|ot
|physiotherapist|therapist|paediatrician|consultant|gp|doctor|nurse|school\ nurse|health\ visitor|social\ worker
|family\ support\ worker|support\ worker|key\ ?worker|case\ ?worker|case\ officer|sen\ officer|send\ officer
|advocate|advisor|adviser|specialist\ teacher|outreach\ worker|chair|clerk|officer|manager|coordinator|co-ordinator
|brother|sister|half-brother|half-sister|stepbrother|stepsister|sibling|twin|cousin|aunt|auntie|uncle
|grandmother|grandfather|grandma|grandad|granddad|nan|nanny|grandparent|stepfather|stepmother|stepdad|stepmum
|father|mother|mum|dad|carer|foster\ carer|childminder|tutor|mentor|interpreter|solicitor|representative
|friend|neighbour|partner
"""
_ROLE_WORDS = ROLES.replace("\n", "")
_LEAD_INS = ("from", "by", "to", "with", "named", "called", "cc", "signed", "is", "was")
# The last word of each role or lead-in: a quick test before the full expressions below.
_ENDINGS = {re.split(r"[\s?\\-]+", role)[-1] for role in _ROLE_WORDS.split("|")}
ROLE_ENDINGS = frozenset(_ENDINGS | {ending + "s" for ending in _ENDINGS} | set(_LEAD_INS))
# "the class teacher, Sarah Ellis", "her brother Tomasz", "a report from Sarah Ellis"
ROLE_BEFORE = re.compile(
    rf"(?i:(?<![^\W_])(?:{_ROLE_WORDS})s?[ \t]*[,:(–-]?[ \t]*(?:(?:is|was|named|called)[ \t]+)?"
    r"|(?<![^\W_])(?:from|by|according\ to|spoke\ (?:to|with)|met\ with|named|called|cc|signed)[ \t]+)$"
)
# "Sarah Ellis, the class teacher", "Ngozi Okafor (SENCo)", "Sarah Ellis, Educational Psychologist"
ROLE_AFTER = re.compile(
    rf"(?i:[ \t]*(?:,|\(|-|–)[ \t]*(?:the|our|his|her|their|a|an)?[ \t]*(?:[a-z-]+[ \t]+)?"
    rf"(?:{_ROLE_WORDS})(?![^\W_])|'s[ \t]+(?:report|advice|letter|assessment|view|views|evidence))"
)

# Acronyms of services and roles written before a person's surname ("NHS BROWN", "SENCO BROWN", "EP BROWN").
ACRONYMS = frozenset(
    """
    nhs camhs ehc ehcp sen send senco sendco sendiass iasl ipsea ofsted dfe hmrc dwp la lea ep gp ot salt ta lsa
    sw cin cp lac dsl hv cdc slt
    """.split()
)

# Words that make a capitalised run an organisation, a place or a thing: no name is read from such a run.
ORGANISATION_WORDS = frozenset(
    """
    council county city borough authority nhs camhs trust hospital foundation service services team centre center
    clinic school academy college university nursery primary secondary junior infant infants unit department
    panel plan board tribunal court act code practice section part ehc ehcp sen send sencos support speech language
    therapy occupational physiotherapy educational psychology paediatric paediatrics community road street avenue
    lane close drive crescent gardens place terrace grove square way hill park house church chapel mosque temple
    gurdwara synagogue ltd limited plc group partnership network association society charity project programme
    office ministry government department agency commission institute hub forum alliance federation ward surgery
    practice medical health care social children childrens family families education england english britain
    british uk iasl sendiass ipsea ofsted dfe hmrc dwp police
    """.split()
)

# Capitalised for other reasons than being a name: sentence openers, pronouns, days, months, places, subjects.
NOT_NAMES = frozenset(
    w.lower()
    for w in (
        *TITLES,
        *"""
    the a an this that these those he she they it we you i his her their its our my your him them
    however although though despite since while whilst during following because therefore furthermore moreover
    additionally also overall currently previously recently today yesterday tomorrow then when where why how what
    which who whom whose if unless after before until as at in on of for to from with without by into onto about
    and but or nor so yet not no yes all any each every both either neither some many most much more less few
    there here once now later earlier again further finally first second third next last other another
    monday tuesday wednesday thursday friday saturday sunday january february march july september october
    november december term half spring reception nursery key stage year years maths mathematics science reading
    writing phonics art music pe pshe computing history geography autism asd adhd dyslexia dyspraxia down syndrome
    ms mr mrs dr sir dame miss mx prof st saint sen send ehcp ehc slcn semh sld mld pmld vi hi asc ot salt
    decision reasons reason outcome evidence agreed refused deferred conditions appeal rights summary views
    london birmingham manchester leeds liverpool sheffield bristol newcastle nottingham leicester coventry bradford
    cardiff edinburgh glasgow belfast luton slough reading southampton portsmouth plymouth derby stoke wolverhampton
    sunderland oxford cambridge peterborough milton keynes swindon bath exeter gloucester cheltenham norwich ipswich
    york hull brighton hove croydon ealing brent harrow hounslow newham tower hamlets hackney lambeth southwark
    lewisham haringey enfield barnet camden islington westminster kensington chelsea wandsworth merton
    england scotland wales ireland britain poland romania portugal lithuania somalia nigeria ghana jamaica india
    pakistan bangladesh china syria iraq afghanistan eritrea sudan kenya europe africa asia
    polish romanian portuguese lithuanian somali nigerian ghanaian jamaican indian pakistani bangladeshi chinese
    arabic urdu punjabi bengali gujarati tamil turkish kurdish french spanish italian german english
    covid google teams zoom microsoft word pdf
    """.split(),
    )
)
