"""Detectors for identifiers a record may not list: NHS numbers, UPNs, postcodes, phones, e-mails, NI numbers.

Check digits come from python-stdnum and phone numbers from phonenumbers (Google's libphonenumber rules), which
are kept up to date by others; a regular expression only finds the candidates, so the slow library calls run on a
handful of substrings rather than the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import phonenumbers
from stdnum.gb import nhs, upn

from .matching import Candidate

_NHS = re.compile(r"(?<!\d)\d(?:[ \t-]{0,3}\d){9}(?!\d)")
_UPN = re.compile(r"(?<![^\W_])[A-Za-z](?:[ \t]?\d){11}[ \t]?[0-9A-Za-z](?![^\W_])")
# The shapes of a UK postcode (with or without its space, any case); GIR 0AA is Girobank's.
_POSTCODE = re.compile(
    r"(?<![^\W_])(?:[A-PR-UWYZ](?:[A-HK-Y]?\d[A-Z\d]?|\d[A-HJKPSTUW])\s*\d[ABD-HJLNP-UW-Z]{2}|GIR\s*0AA)(?![^\W_])",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w-])")
# NI numbers: two prefix letters (not D, F, I, Q, U, V; second not O), six digits, suffix A-D.
_NINO = re.compile(
    r"(?<![^\W_])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[A-D](?![^\W_])",
    re.IGNORECASE,
)
# A run of at least nine digits with the punctuation phone numbers are written with. POSSIBLE (right length for
# its range) rather than VALID: numbers in ranges not yet allocated, or the drama ranges, are still redacted.
_PHONE_CANDIDATE = re.compile(r"(?:\+|\b00)?\(?\d[\d \t().-]{7,}\d(?:[ \t]*(?:ext|x)\.?[ \t]*\d+)?")


def _nhs(text: str) -> list[Candidate]:
    return [(m.start(), m.end(), "nhs_number") for m in _NHS.finditer(text) if nhs.is_valid(m.group())]


def _upn(text: str) -> list[Candidate]:
    return [(m.start(), m.end(), "upn") for m in _UPN.finditer(text) if upn.is_valid(m.group().upper())]


def _postcode(text: str) -> list[Candidate]:
    return [(m.start(), m.end(), "postcode") for m in _POSTCODE.finditer(text)]


def _email(text: str) -> list[Candidate]:
    return [(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]


def _nino(text: str) -> list[Candidate]:
    return [(m.start(), m.end(), "nino") for m in _NINO.finditer(text)]


def _phone(text: str) -> list[Candidate]:
    found = []
    for candidate in _PHONE_CANDIDATE.finditer(text):
        digits = sum(c.isdigit() for c in candidate.group())
        if digits < 9:
            continue
        offset = candidate.start()
        for match in phonenumbers.PhoneNumberMatcher(candidate.group(), "GB", leniency=phonenumbers.Leniency.POSSIBLE):
            found.append((offset + match.start, offset + match.end, "phone"))
    return found


DETECTORS: tuple[Callable[[str], list[Candidate]], ...] = (_nhs, _upn, _postcode, _email, _nino, _phone)


def find_patterns(text: str) -> list[Candidate]:
    """Every pattern-detector hit in a (folded) text, as (start, end, category)."""
    found: list[Candidate] = []
    for detector in DETECTORS:
        found.extend(detector(text))
    return found
