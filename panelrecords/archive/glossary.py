"""Plain-English meanings of the terms the records use, and which of them a page's text mentions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from panelrecords.languages import N_


@dataclass(frozen=True)
class Term:
    slug: str
    term: str
    meaning: str
    pattern: str  # how the term appears in a record's text

    @property
    def short(self) -> str:
        """The term without its bracketed abbreviation or explanation: "EHC plan (EHCP)" -> "EHC plan"."""
        return self.term.split(" (", 1)[0]

    @property
    def search(self) -> str:
        """A search for records that mention the term (a phrase when it has several words)."""
        return f'"{self.short}"' if " " in self.short else self.short


TERMS = [
    Term(
        "ehcp",
        N_("EHC plan (EHCP)"),
        N_(
            "An education, health and care plan: a legal document that describes a child or young person's special educational needs, the support they must get and the outcomes it aims for. The council must make sure the support in section F is provided."
        ),
        r"\bEHC ?P\b|\bEHC plans?\b|education, health and care plan",
    ),
    Term(
        "ehc-needs-assessment",
        N_("EHC needs assessment"),
        N_(
            "A detailed look, by the council, at a child or young person's needs and the support they require. It is the first step towards an EHC plan."
        ),
        r"EHC needs assessment|needs assessment",
    ),
    Term(
        "ep",
        N_("Educational psychologist (EP)"),
        N_(
            "A psychologist who assesses how a child learns and what helps. The council must get their advice during an EHC needs assessment."
        ),
        r"\bEP\b|educational psychologist",
    ),
    Term(
        "sen-support",
        N_("SEN support"),
        N_(
            "Extra help a nursery, school or college gives from its own resources, in a cycle of assess, plan, do and review (the graduated approach), without an EHC plan."
        ),
        r"SEN support|graduated approach",
    ),
    Term(
        "senco",
        N_("SENCo"),
        N_(
            "The special educational needs co-ordinator: the teacher who organises support for pupils with SEND in a school."
        ),
        r"\bSENCo\b",
    ),
    Term(
        "sendist",
        N_("SENDIST (the Tribunal)"),
        N_(
            "The First-tier Tribunal (Special Educational Needs and Disability). Families can appeal to it against many council decisions, including a refusal to assess or to issue a plan."
        ),
        r"SENDIST|First-tier Tribunal|[Tt]ribunal|appeal",
    ),
    Term(
        "mediation",
        N_("Mediation"),
        N_(
            "A meeting with an independent mediator to try to settle a disagreement with the council. Before most appeals, a family must at least consider mediation and get a certificate."
        ),
        r"[Mm]ediation",
    ),
    Term(
        "oap",
        N_("OAP (ordinarily available provision)"),
        N_(
            "The support every school in the area is expected to provide from its own budget. Panels sometimes refuse a request because needs can be met by ordinarily available provision."
        ),
        r"\bOAP\b|ordinarily available",
    ),
    Term(
        "section-36-8",
        N_("Section 36(8)"),
        N_(
            "The part of the Children and Families Act 2014 that sets the test for an EHC needs assessment: the council must assess if the child has or may have special educational needs and may need special educational provision through an EHC plan."
        ),
        r"section 36\(8\)",
    ),
    Term(
        "section-37",
        N_("Section 37"),
        N_(
            "The part of the Children and Families Act 2014 that says the council must issue an EHC plan when special educational provision is necessary."
        ),
        r"section 37",
    ),
    Term(
        "section-39",
        N_("Section 39"),
        N_(
            "The part of the Children and Families Act 2014 about naming the school a parent asks for in an EHC plan, and the reasons a council may refuse."
        ),
        r"section 39",
    ),
    Term(
        "parent-carer-representative",
        N_("Parent carer representative"),
        N_(
            "A parent of a disabled child, nominated by the local parent carer forum, who sits on a panel to bring families' experience. They observe and comment; in most panels they do not vote."
        ),
        r"[Pp]arent carer rep|[Pp]arent rep",
    ),
    Term(
        "quorate",
        N_("Quorate"),
        N_(
            "A meeting is quorate when enough members, from the sectors its rules require, are present for its decisions to be valid."
        ),
        r"[Qq]uorate|[Qq]uorum",
    ),
    Term(
        "sib",
        N_("SIB (SEND Improvement Board)"),
        N_("The board that oversees the local area's plan to improve SEND services, often after an inspection."),
        r"\bSIB\b|Improvement Board",
    ),
    Term(
        "spg",
        N_("SPG (Strategic Partnership Group)"),
        N_("The group where the council, health services and the parent carer forum agree shared priorities for SEND."),
        r"\bSPG\b|Strategic Partnership",
    ),
    Term(
        "short-breaks",
        N_("Short breaks"),
        N_(
            "Time away for disabled children and a break for their carers, from a few hours to overnight stays. The council must provide a range of them."
        ),
        r"[Ss]hort breaks?",
    ),
    Term(
        "top-up-funding",
        N_("Top-up funding"),
        N_(
            "Money from the council's high needs budget paid to a school, on top of its own resources, to meet a pupil's needs."
        ),
        r"[Tt]op-up funding",
    ),
]
_COMPILED = [(term, re.compile(term.pattern)) for term in TERMS]


def terms_in(*texts: str) -> list[Term]:
    """The glossary terms that appear in any of ``texts``, in glossary order."""
    joined = "\n".join(t for t in texts if t)
    return [term for term, pattern in _COMPILED if pattern.search(joined)]


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def _link_plain(text: str, seen: set[str], href: Callable[[Term], str]) -> str:
    """Escape ``text`` and link the first mention of each term not yet in ``seen``."""
    found: list[tuple[int, int, Term]] = []
    for term, pattern in _COMPILED:
        if term.slug in seen:
            continue
        match = pattern.search(text)
        if match and match.end() > match.start():
            found.append((match.start(), match.end(), term))
    out: list[str] = []
    position = 0
    for start, end, term in sorted(found, key=lambda item: (item[0], -item[1])):
        if start < position:  # overlaps a term already linked
            continue
        out.append(str(escape(text[position:start])))
        out.append(f'<a class="govuk-link" href="{escape(href(term))}">{escape(text[start:end])}</a>')
        seen.add(term.slug)
        position = end
    out.append(str(escape(text[position:])))
    return "".join(out)


def link_terms(value, href: Callable[[Term], str], seen: set[str] | None = None) -> Markup:
    """``value`` as HTML with the first mention of each glossary term linked to its definition.

    Plain text is escaped first. ``Markup`` (already-safe HTML, such as rendered Markdown) is linked only in its
    text, never inside a tag or an existing link. ``seen`` carries the terms already linked across calls, so a
    page can link each term once.
    """
    seen = set() if seen is None else seen
    if value is None:
        return Markup("")
    if not isinstance(value, Markup):
        return Markup(_link_plain(str(value), seen, href))
    out: list[str] = []
    in_link = 0
    for part in _TAG_OR_TEXT.split(str(value)):
        if part.startswith("<"):
            lowered = part.lower()
            if lowered.startswith("<a ") or lowered == "<a>":
                in_link += 1
            elif lowered.startswith("</a"):
                in_link = max(0, in_link - 1)
            out.append(part)
        elif part and not in_link:
            out.append(_link_plain(Markup(part).unescape(), seen, href))
        else:
            out.append(part)
    return Markup("".join(out))
