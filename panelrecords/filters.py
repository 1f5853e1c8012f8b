"""Jinja filters and helpers: times are stored in UTC and shown in Europe/London; links are built escaped."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask
from markupsafe import Markup

LONDON = ZoneInfo("Europe/London")


def to_london(value: datetime) -> datetime:
    return value.astimezone(LONDON)


def _reader_language() -> str:
    from panelrecords.languages import current_code

    return current_code()


def format_date(value: date | datetime | None) -> str:
    """GOV.UK style: 2 March 2026; in another language, that language's long form (2 marca 2026, 2026年3月2日)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_london(value)
    language = _reader_language()
    if language != "en":
        from babel.dates import format_date as babel_date

        return babel_date(value, format="long", locale=language)
    return f"{value.day} {value:%B %Y}"


def format_number(value: int | float | None) -> str:
    """A count with the reader's grouping: 12,345 in English, 12 345 in Polish."""
    if value is None:
        return ""
    language = _reader_language()
    if language != "en":
        from babel.numbers import format_decimal

        return format_decimal(value, locale=language)
    return f"{value:,}"


def format_time(value: datetime | None) -> str:
    """GOV.UK style: 9am, 2:30pm, midday, midnight."""
    if value is None:
        return ""
    local = to_london(value)
    if local.hour == 12 and local.minute == 0:
        return "midday"
    if local.hour == 0 and local.minute == 0:
        return "midnight"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    language = _reader_language()
    if language != "en":
        from babel.dates import format_time as babel_time

        # The 24-hour clock: no "AM"/"PM" words, which some languages leave in English.
        return f"{format_date(value)}, {babel_time(to_london(value), format='HH:mm', locale=language)}"
    return f"{format_date(value)} at {format_time(value)}"


def govuk_link(href: str, text: object) -> Markup:
    """A GOV.UK link for a component's ``html`` option: the text is escaped, the markup is not.

    (Concatenating a literal tag with an escaped value in a template escapes the tag too.)
    """
    return Markup('<a class="govuk-link" href="{}">{}</a>').format(href, text)


def paragraphs(text: str | None) -> Markup:
    """Plain text as GOV.UK body paragraphs, one per blank-line-separated block, escaped."""
    blocks = [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n") if block.strip()]
    return Markup("").join(Markup('<p class="govuk-body">{}</p>').format(block) for block in blocks)


def register(app: Flask) -> None:
    app.add_template_global(govuk_link, "govuk_link")
    app.add_template_filter(paragraphs, "paragraphs")
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_time, "time")
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_number, "number")
