"""Finding written dates of any common form, so a date of birth is matched by value, not by spelling.

One static expression finds every date-like phrase (2 March 2014, 2nd of March 2014, March 2, 2014, 02/03/2014,
2.3.14, 2014-03-02, 2 Mar 2014, 2 Mar 14, 2Mar2014, the compact 02032014, 20140302 and 020314); each is then
compared with the case's dates of birth. Compiling a pattern per date of birth would cost more than the search.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .text import digit_windows


def _month(name: str) -> str:
    return (
        rf"(?P<{name}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
    )


_YEAR = r"(?:\d{4}|'?\d{2})"  # 2016, 16, '16
# Each look-ahead names the characters a match can start with, so that the engine skips to them. Separators
# are optional between a day and a month name ("9Apr16"); a run of digits alone is a compact date (09042016,
# 20160409, 090416) and counts only when its value is a wanted date.
_DATE = re.compile(
    r"(?=[\dJFMASONDjfmasond])(?<![^\W_])(?:"
    rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s,./-]*{_month('m1')}[\s,./-]*(?P<y1>{_YEAR})"
    rf"|{_month('m2')}[\s,.]+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?[\s,.]+(?P<y2>{_YEAR})"
    r"|(?P<a>\d{1,2})\s*[/.-]\s*(?P<b>\d{1,2})\s*[/.-]\s*(?P<c>\d{4}|\d{2})"
    r"|(?P<iy>\d{4})\s*[/.-]\s*(?P<im>\d{1,2})\s*[/.-]\s*(?P<id>\d{1,2})"
    # A run of digits after a digit and "." or ":" is the fraction of a time ("14:05:06.050613"), not a date.
    r"|(?<!\d[.:])(?P<compact>\d{8}|\d{6})"
    r")(?![^\W_])",
    re.IGNORECASE,
)
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}

Date = tuple[int, int, int]  # year, month, day; a two-digit year is kept as written (0-99)


def _year(written: str) -> int:
    return int(written.lstrip("'"))


def _readings(match: re.Match[str]) -> list[Date]:
    """The dates a match may stand for: 02/03/2014 is 2 March in England and 3 February in America."""
    group = match.group
    if group("d1"):
        return [(_year(group("y1")), _MONTHS[group("m1")[:3].lower()], int(group("d1")))]
    if group("d2"):
        return [(_year(group("y2")), _MONTHS[group("m2")[:3].lower()], int(group("d2")))]
    if compact := group("compact"):
        if len(compact) == 6:  # 090416: day, month, two-digit year (or the American month first)
            first, second, year = int(compact[:2]), int(compact[2:4]), int(compact[4:])
            return [(year, second, first), (year, first, second)]
        day_first = (int(compact[4:]), int(compact[2:4]), int(compact[:2]))  # 09042016
        month_first = (int(compact[4:]), int(compact[:2]), int(compact[2:4]))  # 04092016
        year_first = (int(compact[:4]), int(compact[4:6]), int(compact[6:]))  # 20160409
        return [day_first, month_first, year_first]
    if group("a"):
        year, first, second = int(group("c")), int(group("a")), int(group("b"))
        return [(year, second, first), (year, first, second)]
    return [(int(group("iy")), int(group("im")), int(group("id")))]


def find_dates(text: str, wanted: frozenset[Date]) -> Iterator[tuple[int, int]]:
    """(start, end) of each written date in ``text`` that is one of ``wanted`` (four-digit years)."""
    short = {(y % 100, m, d) for y, m, d in wanted}
    # A date has digits at most "of September, " (17 characters) from its ends.
    for start, end in digit_windows(text, 20):
        position = start
        while (match := _DATE.search(text, position, end)) is not None:
            if any(reading in wanted or reading in short for reading in _readings(match)):
                yield match.span()
                position = match.end()
            else:
                position = match.start() + 1  # another date may start inside this one ("12 2 March 2014")


# "born on 4 May 2016", "DOB: 04/05/2016", "date of birth 2016-05-04": a date of birth the record does not list
# (a sibling's) is still a date of birth.
_BIRTH_LEAD_IN = re.compile(
    r"(?=[dDbB])(?i:(?<![^\W_])(?:date\s+of\s+birth|d\.?o\.?b\.?|born(?:\s+on)?)[ \t]*[:-]?[ \t]*)"
)


def find_birth_dates(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each date written right after "born", "DOB" or "date of birth"."""
    for lead_in in _BIRTH_LEAD_IN.finditer(text):
        match = _DATE.match(text, lead_in.end())
        if match is not None:
            yield match.span()
