"""Plain-English meanings of the terms the records use, and which of them a page's text mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    slug: str
    term: str
    meaning: str
    pattern: str  # how the term appears in a record's text


TERMS = [
    Term(
        "ehcp",
        "EHC plan (EHCP)",
        "An education, health and care plan: a legal document that describes a child or young person's special educational needs, the support they must get and the outcomes it aims for. The council must make sure the support in section F is provided.",
        r"\bEHC ?P\b|\bEHC plans?\b|education, health and care plan",
    ),
    Term(
        "ehc-needs-assessment",
        "EHC needs assessment",
        "A detailed look, by the council, at a child or young person's needs and the support they require. It is the first step towards an EHC plan.",
        r"EHC needs assessment|needs assessment",
    ),
    Term(
        "ep",
        "Educational psychologist (EP)",
        "A psychologist who assesses how a child learns and what helps. The council must get their advice during an EHC needs assessment.",
        r"\bEP\b|educational psychologist",
    ),
    Term(
        "sen-support",
        "SEN support",
        "Extra help a nursery, school or college gives from its own resources, in a cycle of assess, plan, do and review (the graduated approach), without an EHC plan.",
        r"SEN support|graduated approach",
    ),
    Term(
        "senco",
        "SENCo",
        "The special educational needs co-ordinator: the teacher who organises support for pupils with SEND in a school.",
        r"\bSENCo\b",
    ),
    Term(
        "sendist",
        "SENDIST (the Tribunal)",
        "The First-tier Tribunal (Special Educational Needs and Disability). Families can appeal to it against many council decisions, including a refusal to assess or to issue a plan.",
        r"SENDIST|First-tier Tribunal|[Tt]ribunal|appeal",
    ),
    Term(
        "mediation",
        "Mediation",
        "A meeting with an independent mediator to try to settle a disagreement with the council. Before most appeals, a family must at least consider mediation and get a certificate.",
        r"[Mm]ediation",
    ),
    Term(
        "oap",
        "OAP (ordinarily available provision)",
        "The support every school in the area is expected to provide from its own budget. Panels sometimes refuse a request because needs can be met by ordinarily available provision.",
        r"\bOAP\b|ordinarily available",
    ),
    Term(
        "section-36-8",
        "Section 36(8)",
        "The part of the Children and Families Act 2014 that sets the test for an EHC needs assessment: the council must assess if the child has or may have special educational needs and may need special educational provision through an EHC plan.",
        r"section 36\(8\)",
    ),
    Term(
        "section-37",
        "Section 37",
        "The part of the Children and Families Act 2014 that says the council must issue an EHC plan when special educational provision is necessary.",
        r"section 37",
    ),
    Term(
        "section-39",
        "Section 39",
        "The part of the Children and Families Act 2014 about naming the school a parent asks for in an EHC plan, and the reasons a council may refuse.",
        r"section 39",
    ),
    Term(
        "parent-carer-representative",
        "Parent carer representative",
        "A parent of a disabled child, nominated by the local parent carer forum, who sits on a panel to bring families' experience. They observe and comment; in most panels they do not vote.",
        r"[Pp]arent carer rep|[Pp]arent rep",
    ),
    Term(
        "quorate",
        "Quorate",
        "A meeting is quorate when enough members, from the sectors its rules require, are present for its decisions to be valid.",
        r"[Qq]uorate|[Qq]uorum",
    ),
    Term(
        "sib",
        "SIB (SEND Improvement Board)",
        "The board that oversees the local area's plan to improve SEND services, often after an inspection.",
        r"\bSIB\b|Improvement Board",
    ),
    Term(
        "spg",
        "SPG (Strategic Partnership Group)",
        "The group where the council, health services and the parent carer forum agree shared priorities for SEND.",
        r"\bSPG\b|Strategic Partnership",
    ),
    Term(
        "short-breaks",
        "Short breaks",
        "Time away for disabled children and a break for their carers, from a few hours to overnight stays. The council must provide a range of them.",
        r"[Ss]hort breaks?",
    ),
    Term(
        "top-up-funding",
        "Top-up funding",
        "Money from the council's high needs budget paid to a school, on top of its own resources, to meet a pupil's needs.",
        r"[Tt]op-up funding",
    ),
]
_COMPILED = [(term, re.compile(term.pattern)) for term in TERMS]


def terms_in(*texts: str) -> list[Term]:
    """The glossary terms that appear in any of ``texts``, in glossary order."""
    joined = "\n".join(t for t in texts if t)
    return [term for term, pattern in _COMPILED if pattern.search(joined)]
