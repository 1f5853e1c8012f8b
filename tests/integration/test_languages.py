"""The public archive in the city's languages: the language is in the address, every public page type renders in
every configured language (translated heading from the catalogue, right lang and dir, no cookie), search and
filters work under each prefix, feeds and the API keep English field names, Accept-Language never redirects,
the restricted area is untouched, and every catalogue is complete."""

from __future__ import annotations

import csv
import io
import random
import re
import subprocess
import sys
from datetime import date, timedelta
from html import unescape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, gettext
from markupsafe import escape

from panelrecords import catalogues, languages
from panelrecords.demo import DemoContext
from panelrecords.demo.accounts import load_accounts
from panelrecords.demo.archive import make_decision
from panelrecords.demo.governance import load_governance
from panelrecords.search import outbox
from panelrecords.services import Actor, statistics
from panelrecords.services import archive as archive_service
from tests import publish_helpers as pub

LANGUAGES = languages.configured(None)
OTHERS = [code for code in LANGUAGES if code != languages.DEFAULT]
_H1 = re.compile(r"<h1\b([^>]*)>(.*?)</h1>", re.S)
_TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    """The .mo files, as make test compiles them (so this module also runs on its own)."""
    catalogues.compile_all()


@pytest.fixture
def decisions(db):
    """Three published decisions, one of them withdrawn."""
    by = Actor.system("test")
    with outbox.deferred():
        records = [
            pub.publish(
                "decision",
                make_decision(random.Random(seed), date(2026, 1, 5) + timedelta(days=20 * seed)),
                source_type="decision",
                source_id=seed,
                by=by,
            )
            for seed in range(3)
        ]
    db.session.commit()
    withdrawn = pub.withdraw(records[2].public_id, reason="Published in error", by=by)
    return {"decision": records[0], "withdrawn": withdrawn}


@pytest.fixture
def archive(db, decisions):
    """The decisions and the demo boards with a year of minutes and their action logs."""
    context = DemoContext(seed=7, log=lambda _message: None)
    load_accounts(context)
    load_governance(context)
    db.session.commit()
    return decisions


def _h1(body: str) -> tuple[str, str]:
    attributes, heading = _H1.search(body).groups()
    return attributes, " ".join(unescape(_TAG.sub(" ", heading)).split())


def _in(app, code: str, message: str, **values) -> str:
    with app.test_request_context(f"/{code}/"), force_locale(code):
        return gettext(message, **values)


def _pages(client, archive) -> dict[str, tuple[str, int, str | None]]:
    """Each public page type: (path, status, the English message of its heading, or None for a record's words)."""
    board = client.get("/boards").get_data(as_text=True)
    acronym = re.search(r'href="/boards/([A-Z]+)"', board).group(1)
    minutes = re.search(rf'href="(/boards/{acronym}/meetings/M-[A-Z0-9-]+)"', client.get(f"/boards/{acronym}").text)
    return {
        "home": ("/", 200, "SEND panel records"),
        "search": ("/search?q=panel", 200, "Search results for ‘%(query)s’"),
        "filtered search": ("/search?q=panel&outcome=refused", 200, "Search results for ‘%(query)s’"),
        "decision": (f"/decisions/{archive['decision'].public_id}", 200, None),
        "withdrawn decision": (f"/decisions/{archive['withdrawn'].public_id}", 410, "This decision has been withdrawn"),
        "glossary": ("/glossary", 200, "Glossary"),
        "statistics": ("/statistics", 200, "Statistics about panel decisions"),
        "boards": ("/boards", 200, "Governance boards"),
        "board": (f"/boards/{acronym}", 200, None),
        "minutes": (minutes.group(1), 200, "%(board)s minutes, %(date)s"),
        "actions": (f"/boards/{acronym}/actions", 200, "%(board)s action log"),
        "accessibility": ("/accessibility", 200, "Accessibility statement"),
        "privacy": ("/privacy", 200, "Privacy notice"),
        "find": ("/find", 200, "Find a decision from your letter"),
        "open data": ("/data/fields", 200, "Open data: API, feeds and downloads"),
        "not found": ("/no-such-page", 404, "Page not found"),
    }


def test_every_public_page_type_renders_in_every_language(app, client, archive):
    """One data set, every configured language (a new catalogue folder is picked up here without a change)."""
    pages = _pages(client, archive)
    english = {kind: client.get(path) for kind, (path, _status, _message) in pages.items()}
    problems = []
    for code in LANGUAGES:
        problems += _problems_in(app, client, code, pages, english)
    assert problems == []


def _problems_in(app, client, code: str, pages: dict, english: dict) -> list[str]:
    language = languages.describe(code)
    problems = []
    for kind, (path, status, message) in pages.items():
        response = client.get(language.prefix + path)
        body = response.get_data(as_text=True)
        where = f"{code} {kind}"
        if not response.status_code == status == english[kind].status_code:
            problems.append(f"{where}: status {response.status_code}")
        if "Set-Cookie" in response.headers:
            problems.append(f"{where}: sets a cookie")
        if f'<html lang="{language.tag}" dir="{language.direction}"' not in body:
            problems.append(f"{where}: wrong lang or dir")
        attributes, heading = _h1(body)
        _english_attributes, english_heading = _h1(english[kind].get_data(as_text=True))
        if message is None:  # the authority's published words: as published, marked as English
            if heading != english_heading or (code != "en" and 'lang="en"' not in attributes):
                problems.append(f"{where}: the record's own heading should stay English, marked lang=en")
            if code != "en" and 'id="authority-words"' not in body:
                problems.append(f"{where}: no notice that the record is in the authority's words")
            continue
        if code != "en":
            problems += [f"{where}: {p}" for p in _translated(app, code, path, body, message, heading, english_heading)]
    return problems


def _translated(app, code: str, path: str, body: str, message: str, heading: str, english_heading: str) -> list[str]:
    problems = []
    if heading == english_heading:
        problems.append("the heading is not translated")
    elif "%(" not in message and heading != _in(app, code, message):
        problems.append("the heading is not the catalogue's")
    # Every language's address of this page, in <head> (the visible list links the same addresses).
    for other in LANGUAGES:
        target = languages.describe(other)
        if f'hreflang="{target.tag}" href="{target.prefix}{path}"'.replace("&", "&amp;") not in body:
            problems.append(f"no alternate for {other}")
    if 'id="translation-note"' not in body:
        problems.append("no note about the translation")
    return problems


def test_each_language_is_named_in_itself_on_every_page(client, decisions):
    body = client.get("/pl/glossary").get_data(as_text=True)
    for code, name in (("en", "English"), ("ar", "العربية"), ("pl", "Polski"), ("zh", "中文 (简体)")):
        if code in LANGUAGES:
            tag = languages.describe(code).tag
            assert re.search(rf'lang="{tag}"[^>]*>{re.escape(name)}<', body), code
    assert 'aria-current="true">Polski<' in body
    assert '<link rel="alternate" hreflang="x-default" href="/glossary">' in body


def test_a_translated_page_says_it_awaits_review_and_how_to_report_a_bad_translation(make_app, decisions):
    client = make_app(TRANSLATION_FEEDBACK_EMAIL="translations@example.org").test_client()
    body = client.get("/pl/privacy").get_data(as_text=True)
    assert "czeka ono na sprawdzenie przez tłumaczy ze społeczności" in body
    assert 'href="mailto:translations@example.org?subject=Translation%20%28pl%29%3A%20/privacy"' in body
    assert "Zgłoś błąd w tłumaczeniu" in body
    english = client.get("/privacy").get_data(as_text=True)
    assert 'id="translation-note"' not in english


def test_dates_numbers_and_labels_follow_the_reader_but_references_stay_left_to_right(client, decisions):
    record = decisions["decision"]
    polish = client.get(f"/pl/decisions/{record.public_id}").get_data(as_text=True)
    months = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września"]
    assert any(f" {month} 2026" in polish for month in months)
    assert "Numer referencyjny" in polish and "Uzasadnienie decyzji" in polish
    if "ar" in LANGUAGES:
        arabic = client.get(f"/ar/decisions/{record.public_id}").get_data(as_text=True)
        assert f'<bdi dir="ltr">{record.public_id}</bdi>' in arabic
        assert 'href="/static/css/rtl.css"' in arabic
        assert 'href="/static/css/rtl.css"' not in polish


def test_search_and_filters_work_under_each_prefix(client, decisions):
    english = client.get("/search?q=panel&outcome=refused").get_data(as_text=True)
    record_links = sorted(set(re.findall(r'href="(/decisions/D-[A-Z0-9-]+)"', english)))
    assert record_links
    for code in OTHERS:
        translated = client.get(f"/{code}/search?q=panel&outcome=refused").get_data(as_text=True)
        assert record_links == sorted(set(re.findall(rf'href="/{code}(/decisions/D-[A-Z0-9-]+)"', translated))), code
        assert 'name="outcome" type="checkbox" value="refused" checked' in translated, code
        assert f'action="/{code}/search"' in translated, code
        # Links to static files and the API have one address, whatever the page's language.
        assert 'href="/static/css/app.css"' in translated and f'"/{code}/static/' not in translated, code


def test_feeds_and_the_api_keep_english_field_names(client, decisions):
    feed = client.get("/pl/feeds/decisions.atom")
    assert feed.status_code == 200 and feed.mimetype == "application/atom+xml"
    text = feed.get_data(as_text=True)
    assert 'xml:lang="pl"' in text and "<title>Nowe decyzje komisji" in text
    assert 'scheme="outcome"' in text and 'href="http://localhost/pl/decisions/' in text
    api = client.get("/pl/api/v1/records?page_size=5")
    assert api.status_code == 308 and api.headers["Location"] == "/api/v1/records?page_size=5"
    records = client.get("/api/v1/records?page_size=5").get_json()
    assert {"id", "kind", "title", "published_at"} <= set(records["data"][0])
    # The CSV download is data: one address for every reader, linked from every language's search page.
    assert 'href="/search.csv?q=panel&amp;outcome=refused"' in client.get("/pl/search?q=panel&outcome=refused").text
    assert client.get("/pl/search.csv?outcome=refused").headers["Location"] == "/search.csv?outcome=refused"


def _reading(app, code: str, text) -> str:
    """``text`` (fixed text or a service's ``Phrase``) as a page in ``code`` shows it, escaped as in the page."""
    environ = {languages.ENVIRON_LANGUAGE: code}
    with app.test_request_context(f"/{code}/", environ_overrides=environ), force_locale(code):
        return str(escape(languages.translate(text)))


def test_statistics_the_service_builds_are_translated_while_the_api_and_csv_keep_english(app, client, decisions):
    stats = statistics.compute()
    built = [m.title for m in stats.measures] + [statistics.SUPPRESSION_METHOD, stats.reasons.method]
    built += stats.timeliness.notes + stats.timeliness.table.rows
    assert any(title.endswith(": on time, with exceptions") for title in built)  # the data has time limits…
    assert [m.share_text for m in stats.measures].count("hidden") >= 2  # … and hidden shares
    english = client.get("/statistics").text
    assert all(str(escape(text)) in english for text in built)
    assert english.count('data-label="Share">hidden</td>') >= 2
    for code in ("pl", "ar"):
        page = client.get(f"/{code}/statistics").text
        assert [text for text in built if str(escape(text)) in page] == [], code
        assert [text for text in built if _reading(app, code, text) not in page] == [], code
        assert ">hidden<" not in page and f">{_reading(app, code, 'hidden')}</td>" in page, code
    # The open data publishes the same words in English, whatever page linked to it.
    api = client.get("/api/v1/statistics").get_json()
    assert api["suppression"]["method"].startswith("A count from 1 to 4 is shown as “fewer than 5”")
    assert [m["title"] for m in api["measures"]] == [m.title for m in stats.measures]
    lines = list(csv.reader(io.StringIO(client.get("/statistics.csv").text)))
    assert [line[2] for line in lines if line[0] == "key_measures"][::2] == [m.title for m in stats.measures]


def test_search_and_reference_errors_are_in_the_readers_language_and_english_in_the_api(app, client, decisions):
    cases = [
        ("search?q=", "Enter a word or phrase to search for"),
        ("search?q=autism&from-day=1&from-month=2", "The start date must include a year"),
        ("search?q=autism&to=2026-02-30", "The end date must be a real date, like 27 3 2026"),
        ("search?q=%22autism", "Close the quotation marks around your phrase"),
        ("find?ref=D-1234", "Enter the reference exactly as it appears in your letter, like D-7KQ4-M2XP-9TBC"),
    ]
    for path, message in cases:
        assert str(escape(message)) in client.get(f"/{path}").text, path
        for code in ("pl", "ar"):
            page = client.get(f"/{code}/{path}").text
            assert str(escape(message)) not in page, (code, path)
            assert _in(app, code, "There is a problem") in page, (code, path)
    start = archive_service.DATE_TITLES["from"]
    polish = client.get("/pl/search?q=autism&from-day=1&from-month=2").text
    assert _in(app, "pl", "%(field)s must include a year", field=_in(app, "pl", start)) in polish
    api = client.get("/api/v1/records?q=autism&from-day=1&from-month=2")
    assert api.status_code == 400 and api.get_json()["message"] == "The start date must include a year"


def test_the_action_log_and_accessibility_pages_translate_their_fixed_text(app, client, archive):
    acronym = re.search(r'href="/boards/([A-Z]+)"', client.get("/boards").text).group(1)
    name = unescape(
        re.search(r'<span class="govuk-caption-l">([^<]+)</span>', client.get(f"/boards/{acronym}/actions").text).group(
            1
        )
    )
    page = client.get(f"/pl/boards/{acronym}/actions").text
    title = unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1)).strip()
    description = unescape(re.search(r'<meta name="description" content="([^"]*)"', page).group(1))
    assert title.startswith(_in(app, "pl", "%(board)s action log", board=acronym) + " – ")
    assert "action log" not in title
    assert description == _in(app, "pl", "What the %(board)s said it would do, and what it did", board=name)
    assert "said it would do" not in description
    # Two dates, each with its own name, written in the reader's language.
    statement = client.get("/pl/accessibility").text
    assert re.search(
        r"Deklarację przygotowano \d{1,2} grudnia 2026\. Ostatni przegląd odbył się \d{1,2} grudnia", statement
    )


def test_accept_language_never_redirects_and_never_changes_the_page(client, decisions):
    plain = client.get("/glossary")
    asked = client.get("/glossary", headers={"Accept-Language": "pl,ar;q=0.8"})
    assert asked.status_code == 200
    assert asked.get_data() == plain.get_data()
    assert "Accept-Language" not in asked.headers.get("Vary", "")
    assert 'lang="en"' in asked.get_data(as_text=True)
    # Each language's page is its own cached copy, with its own validator, kept by its own address.
    polish = client.get("/pl/glossary")
    assert polish.headers["ETag"] != plain.headers["ETag"] and 'lang="pl"' in polish.get_data(as_text=True)
    assert client.get("/pl/glossary", headers={"If-None-Match": plain.headers["ETag"]}).status_code == 200


def test_the_restricted_area_and_sign_in_keep_one_english_address(client, decisions):
    for path in ("/pl/records", "/ar/sign-in", "/pl/governance/boards", "/so/static/css/app.css", "/pl/health"):
        response = client.get(path)
        assert response.status_code == 308, path
        assert response.headers["Location"] == path[3:]
    assert client.get("/en/glossary").headers["Location"] == "/glossary"
    signed_out = client.get("/records/")
    assert signed_out.status_code == 302 and "/sign-in" in signed_out.headers["Location"]
    sign_in = client.get("/sign-in").get_data(as_text=True)
    assert '<html lang="en" dir="ltr"' in sign_in and 'id="languages"' not in sign_in


def test_authority_languages_chooses_the_languages_offered(make_app, decisions):
    client = make_app(AUTHORITY_LANGUAGES="pl").test_client()
    assert client.get("/pl/glossary").status_code == 200
    assert client.get("/ar/glossary").status_code == 404
    body = client.get("/glossary").get_data(as_text=True)
    assert 'hreflang="pl"' in body and 'hreflang="ar"' not in body
    with pytest.raises(languages.UnknownLanguage, match="xx"):
        make_app(AUTHORITY_LANGUAGES="pl,xx")


def test_a_new_language_is_one_folder(tmp_path):
    assert languages.configured("", tmp_path) == ("en",)
    folder = tmp_path / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text('msgid ""\nmsgstr ""\n')
    assert languages.configured("", tmp_path) == ("en", "cy")
    assert languages.describe("cy").name == "Cymraeg"
    assert languages.describe("ar").direction == "rtl" and languages.describe("ur").direction == "rtl"


@pytest.mark.parametrize("path", catalogues.catalogue_paths(), ids=lambda p: p.parent.parent.name)
def test_every_catalogue_has_every_message_with_its_placeholders_and_tags(path):
    with catalogues.POT.open("rb") as handle:
        template = read_po(handle)
    assert catalogues.check(path, template) == []


def test_the_catalogue_check_names_a_missing_message_and_a_changed_placeholder(tmp_path):
    with catalogues.POT.open("rb") as handle:
        template = read_po(handle)
    polish = catalogues.TRANSLATIONS / "pl" / "LC_MESSAGES" / "messages.po"
    text = polish.read_text()
    text = text.replace('msgstr "Strona %(number)s"', 'msgstr "Strona %(numer)s"')
    text = text.replace('msgstr "Słowniczek"', 'msgstr ""')
    text = text.replace(
        'msgstr "Poprzednia<span class=\\"govuk-visually-hidden\\"> strona</span>"', 'msgstr "Poprzednia"'
    )
    broken = tmp_path / "pl" / "LC_MESSAGES" / "messages.po"
    broken.parent.mkdir(parents=True)
    broken.write_text(text)
    problems = "\n".join(catalogues.check(broken, template))
    assert "empty: 'Glossary'" in problems
    assert "placeholders differ from the English in 'Page %(number)s'" in problems
    assert "HTML tags differ from the English in 'Previous" in problems


def test_messages_pot_holds_every_message_of_the_code():
    assert catalogues.check_pot() == []


def test_the_mo_files_are_built_not_kept():
    ignored = (Path(catalogues.ROOT) / ".gitignore").read_text()
    assert "translations/*/LC_MESSAGES/*.mo" in ignored


def test_the_seven_languages_of_the_city_are_offered():
    assert set(LANGUAGES) == {"en", "so", "pl", "ar", "ur", "bn", "zh"}
    assert [code for code in LANGUAGES if languages.describe(code).is_rtl] == ["ar", "ur"]


def test_pybabel_init_adds_a_language_that_is_then_offered(tmp_path):
    pybabel = Path(sys.executable).with_name("pybabel")
    command = [str(pybabel), "init", "-i", str(catalogues.POT), "-d", str(tmp_path), "-l", "cy"]
    subprocess.run(command, check=True, capture_output=True)
    assert languages.configured("", tmp_path) == ("en", "cy")


def test_make_messages_adds_new_english_text_to_every_catalogue(tmp_path):
    folder = tmp_path / "pl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    polish = (catalogues.TRANSLATIONS / "pl" / "LC_MESSAGES" / "messages.po").read_text()
    # As if "Glossary" were new English text: the catalogue does not have it yet.
    (folder / "messages.po").write_text(polish.replace('msgid "Glossary"\nmsgstr "Słowniczek"\n', ""))
    catalogues.update(tmp_path)
    with (tmp_path / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    assert "pl: empty: 'Glossary'" in catalogues.check(folder / "messages.po", template)
    assert (
        "catalogues update"
        in subprocess.run(
            ["make", "-n", "messages"], cwd=catalogues.ROOT, text=True, capture_output=True, check=True
        ).stdout
    )
    checks = subprocess.run(
        ["make", "-n", "check-translations", "CODE=pl"], cwd=catalogues.ROOT, text=True, capture_output=True, check=True
    ).stdout
    assert "catalogues check-pot" in checks and "catalogues check pl" in checks


def test_a_reviewed_catalogue_no_longer_says_it_awaits_review(tmp_path):
    polish = (catalogues.TRANSLATIONS / "pl" / "LC_MESSAGES" / "messages.po").read_text()
    reviewed = polish.replace(", awaiting-review", "").replace("#, awaiting-review\n", "")
    for name, text in (("translated", polish), ("reviewed", reviewed)):
        folder = tmp_path / name / "pl" / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "messages.po").write_text(text)
    assert languages.is_awaiting_review("pl", tmp_path / "translated")
    assert not languages.is_awaiting_review("pl", tmp_path / "reviewed")


_TAG_TEXT = re.compile(r'<strong class="govuk-tag[^"]*">\s*(.*?)\s*</strong>', re.S)
_ROW_HEADER = re.compile(r'<th scope="row" class="govuk-table__header"[^>]*>\s*(.*?)\s*</th>', re.S)


def test_a_decision_shows_its_findings_and_the_attendees_roles_in_the_readers_language(app, client, decisions):
    path = f"/decisions/{decisions['decision'].public_id}"
    english = client.get(path).get_data(as_text=True)
    polish = client.get("/pl" + path).get_data(as_text=True)
    findings = {text for text in _TAG_TEXT.findall(english) if text in ("Met", "Not met")}
    roles = {text for text in _ROW_HEADER.findall(english) if text in ("Chair", "Member", "Clerk", "Adviser")}
    assert findings and roles, "the decision records findings on the legal test and who attended"
    polish_tags, polish_rows = set(_TAG_TEXT.findall(polish)), set(_ROW_HEADER.findall(polish))
    for word in findings:
        assert word not in polish_tags and _in(app, "pl", word) in polish_tags
    for word in roles:
        assert word not in polish_rows and _in(app, "pl", word) in polish_rows
