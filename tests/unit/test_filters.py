from datetime import UTC, date, datetime

from panelrecords.filters import format_date, format_datetime, format_time


def test_dates_are_shown_in_london_time():
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    assert format_date(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == "1 July 2026"
    assert format_date(date(2026, 3, 2)) == "2 March 2026"


def test_times_in_the_govuk_style():
    assert format_time(datetime(2026, 1, 5, 9, 0, tzinfo=UTC)) == "9am"
    assert format_time(datetime(2026, 1, 5, 14, 30, tzinfo=UTC)) == "2:30pm"
    assert format_time(datetime(2026, 1, 5, 12, 0, tzinfo=UTC)) == "midday"
    assert format_time(datetime(2026, 7, 5, 11, 0, tzinfo=UTC)) == "midday"  # BST
    assert format_datetime(datetime(2026, 1, 5, 0, 0, tzinfo=UTC)) == "5 January 2026 at midnight"


def test_govuk_link_escapes_the_text_but_not_the_tag():
    from panelrecords.filters import govuk_link, paragraphs

    assert str(govuk_link("/a?x=1&y=2", "<b>Bo</b>")) == (
        '<a class="govuk-link" href="/a?x=1&amp;y=2">&lt;b&gt;Bo&lt;/b&gt;</a>'
    )
    assert str(paragraphs("one <i>\r\n\r\n two ")) == (
        '<p class="govuk-body">one &lt;i&gt;</p><p class="govuk-body">two</p>'
    )
