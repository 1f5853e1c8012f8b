"""Detectors for identifiers a record may not list: NHS numbers, UPNs, postcodes, phones, e-mails, NI numbers,
and dates written as dates of birth ("born on 4 May 2016").

Check digits come from python-stdnum and phone numbers from phonenumbers (Google's libphonenumber rules), which
are kept up to date by others; a regular expression only finds the candidates, so the slow library calls run on a
handful of substrings rather than the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import phonenumbers
from stdnum.gb import nhs, upn

from .dates import find_birth_dates
from .matching import Candidate
from .text import digit_windows

# Every shape but e-mail in one expression, searched only near digits (see text.digit_windows). Order matters where
# shapes could share characters: the UPN, then the NI number, the postcode, the NHS number.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+(?![\w-])")
_SHAPES = re.compile(
    # UPN: a check letter, 11 digits, a digit or letter (temporary UPNs); python-stdnum checks the letter.
    r"(?P<upn>(?<![^\W_])[A-Za-z](?:[ \t]?\d){11}[ \t]?[0-9A-Za-z](?![^\W_]))"
    # NI number: two prefix letters (not D, F, I, Q, U, V; second not O; not BG GB KN NK NT TN ZZ), six digits,
    # a suffix A-D.
    r"|(?i:(?P<nino>(?<![^\W_])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[A-D](?![^\W_])))"
    # The shapes of a UK postcode, with or without its space, any case; GIR 0AA is Girobank's.
    r"|(?i:(?P<postcode>(?<![^\W_])(?:[A-PR-UWYZ](?:[A-HK-Y]?\d[A-Z\d]?|\d[A-HJKPSTUW])\s*\d[ABD-HJLNP-UW-Z]{2}"
    r"|GIR\s*0AA)(?![^\W_])))"
    # NHS number: ten digits in any common spacing; python-stdnum checks the modulus-11 digit.
    r"|(?P<nhs_number>(?<!\d)\d(?:[ \t-]{0,3}\d){9}(?!\d))"
)
# After the words "National Insurance number" (or "NI number", "NINO"), two letters, six digits and a letter are
# an NI number even with a prefix HMRC never issues (QQ, DF …): a typing slip must not publish the rest of it.
_NINO_LEAD_IN = re.compile(
    r"(?i:(?<![^\W_])(?:national\s+insurance(?:\s+(?:number|no\.?))?|ni\s+(?:number|no\.?)|nino)"
    r"(?:\s+(?:is|was|of))?[ \t]*[:,(-]?[ \t]*)$"
)
_ANY_NINO = re.compile(r"(?<![^\W_])(?i:[A-Z]{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}(?:[ \t]?[A-Z])?)(?![^\W_])")
_VALID: dict[str, Callable[[str], bool]] = {
    "upn": lambda value: upn.is_valid(value.upper()),
    "nhs_number": nhs.is_valid,
}
# A run of at least nine digits with the punctuation phone numbers are written with. POSSIBLE (right length for
# its range) rather than VALID: numbers in ranges not yet allocated, or the drama ranges, are still redacted.
_PHONE_CANDIDATE = re.compile(r"(?:\+|\b00)?\(?\d[\d \t().-]{7,}\d(?:[ \t]*(?:ext|x)\.?[ \t]*\d+)?")


_MARGIN = 4  # every shape has a digit within 4 characters of its ends (BS1 4DJ, AB 12 34 56 C, +44 (0)…)


def _shapes(text: str, windows: list[tuple[int, int]]) -> list[Candidate]:
    found = []
    for start, end in windows:
        position = start
        while (match := _SHAPES.search(text, position, end)) is not None:
            category = match.lastgroup or ""
            valid = _VALID.get(category)
            if valid is None or valid(match.group()):
                found.append((match.start(), match.end(), category))
                position = match.end()
            else:
                # An invalid shape may have taken digits from a neighbour ("2006 943 476 5919"): look again
                # one character on.
                position = match.start() + 1
    return found


def _emails(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    position = text.find("@")
    done = 0  # where the last address ended: the search for the next must not find it again
    while position != -1:
        match = _EMAIL.search(text, max(done, position - 65), position + 256)
        while match is not None and match.end() <= position:  # an earlier address-like word ends before this @
            match = _EMAIL.search(text, match.end(), position + 256)
        if match is not None and match.start() <= position < match.end():
            found.append((match.start(), match.end(), "email"))
            done = match.end()
            position = text.find("@", match.end())
        else:
            position = text.find("@", position + 1)
    return found


def _phones(text: str, windows: tuple[tuple[int, int], ...], shapes: list[Candidate]) -> list[Candidate]:
    found = []
    for start, end in windows:
        for candidate in _PHONE_CANDIDATE.finditer(text, start, end):
            if sum(c.isdigit() for c in candidate.group()) < 9:
                continue
            if any(s <= candidate.start() and candidate.end() <= e for s, e, _ in shapes):
                continue  # an NHS number or UPN already: it is redacted either way, and parsing it is slow
            offset = candidate.start()
            leniency = phonenumbers.Leniency.POSSIBLE
            for match in phonenumbers.PhoneNumberMatcher(candidate.group(), "GB", leniency=leniency):
                found.append((offset + match.start, offset + match.end, "phone"))
    return found


def _written_ninos(text: str, windows: tuple[tuple[int, int], ...]) -> list[Candidate]:
    # The shape first, near digits only; then the words before it, which are rare.
    found = []
    for start, end in windows:
        for match in _ANY_NINO.finditer(text, start, end):
            if _NINO_LEAD_IN.search(text, max(0, match.start() - 40), match.start()) is not None:
                found.append((match.start(), match.end(), "nino"))
    return found


def find_patterns(text: str) -> list[Candidate]:
    """Every pattern-detector hit in a (folded) text, as (start, end, category)."""
    # Searching a few small windows is much faster than trying every shape at every character of prose.
    windows = digit_windows(text, _MARGIN)
    births = [(start, end, "date_of_birth") for start, end in find_birth_dates(text)]
    shapes = _shapes(text, windows)
    return shapes + _emails(text) + _phones(text, windows, shapes) + births + _written_ninos(text, windows)
