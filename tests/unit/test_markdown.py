from __future__ import annotations

import pytest

from panelrecords.markdown import MAX_MARKDOWN_LENGTH, MarkdownTooLong, render_markdown


def test_renders_paragraphs_lists_and_links_with_govuk_classes():
    html = str(render_markdown("Some **bold** text.\n\n- one\n- two\n\n[Council](https://example.org/send)"))
    assert '<p class="govuk-body">Some <strong>bold</strong> text.</p>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert 'href="https://example.org/send"' in html and 'class="govuk-link"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_script_tags_are_shown_as_text_never_run():
    html = str(render_markdown("<script>alert('x')</script>\n\nHello"))
    assert "<script" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "source",
    [
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "[click]( javascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](vbscript:msgbox(1))",
        "<javascript:alert(1)>",
        "![x](javascript:alert(1))",
    ],
)
def test_unsafe_link_schemes_never_become_links(source):
    html = str(render_markdown(source)).lower()
    assert "href" not in html and "src=" not in html


@pytest.mark.parametrize(
    "source",
    [
        '<img src=x onerror="alert(1)">',
        '<a href="https://x" onclick="alert(1)">x</a>',
        "<iframe src='https://evil.example'></iframe>",
        "<div style='background:url(javascript:alert(1))'>x</div>",
        "<!-- comment --><b>bold</b>",
    ],
)
def test_raw_html_is_escaped_not_rendered(source):
    html = str(render_markdown(source))
    for tag in ("<img", "<a ", "<iframe", "<div", "<b>", "<!--"):
        assert tag not in html
    assert "&lt;" in html


def test_only_http_https_and_mailto_links_survive():
    html = str(render_markdown("[a](http://a.example) [b](mailto:board@example.org) [c](ftp://c.example)"))
    assert 'href="http://a.example"' in html and 'href="mailto:board@example.org"' in html
    assert "ftp://" not in html.split("href")[-1] or 'href="ftp' not in html


def test_headings_sit_below_the_page_headings():
    html = str(render_markdown("# Top\n\n## Next\n\n#### Deep"))
    assert "<h1" not in html and "<h2" not in html
    assert '<h3 class="govuk-heading-s">Top</h3>' in html and html.count("<h4") == 2


def test_enormous_input_is_refused_with_a_clear_error():
    with pytest.raises(MarkdownTooLong) as refused:
        render_markdown("a" * (MAX_MARKDOWN_LENGTH + 1))
    assert str(refused.value) == f"The text must be {MAX_MARKDOWN_LENGTH:,} characters or fewer (it has 100,001)"
    assert render_markdown("a" * MAX_MARKDOWN_LENGTH)  # the limit itself is allowed


def test_deeply_nested_input_renders_quickly_and_safely():
    html = str(render_markdown(">" * 5000 + " deep\n" + "[" * 5000 + "x"))
    assert "<script" not in html


def test_empty_input_gives_empty_markup():
    assert str(render_markdown("")) == "" and str(render_markdown(None)) == ""
