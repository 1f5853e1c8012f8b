"""The public site in the city's languages. The language is the first segment of the address.

English is at ``/``; every other language the authority offers is under its code: ``/pl/search?q=…``,
``/ar/decisions/D-…``. A small WSGI middleware moves that segment from ``PATH_INFO`` to ``SCRIPT_NAME`` and
records the language in the environ, so every public view runs unchanged, ``url_for`` builds links that keep
the language, and ``request.url`` (and so a cache's key) includes it. No cookie and no session is involved:
the address alone says the language, so a page stays the same for every reader of its address.

Paths that have no language (the restricted area, sign-in, the JSON APIs, static files, the health check) are
redirected from a language prefix to their one address, which stays in English.

Each language is one folder, ``translations/<code>/LC_MESSAGES/messages.po``; ``AUTHORITY_LANGUAGES`` (codes
separated by commas) chooses which are offered, by default every folder there.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from babel import Locale
from flask import Flask, has_request_context, request
from markupsafe import Markup
from werkzeug.utils import redirect

DEFAULT = "en"
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
ENVIRON_LANGUAGE = "panelrecords.language"
ENVIRON_ROOT = "panelrecords.script_root"  # SCRIPT_NAME before the language segment was moved into it
# Paths with one address whatever the reader's language.
LANGUAGE_NEUTRAL_PREFIXES = (
    "/records",
    "/governance",
    "/sign-in",
    "/sign-out",
    "/api",
    "/static",
    "/health",
    "/search.csv",
    "/statistics.csv",
)
# Endpoints whose links never carry a language (their addresses are the same in every language).
NEUTRAL_BLUEPRINTS = frozenset({"static", "auth", "public_api", "restricted_api", "records", "governance", "admin"})
# The CSV downloads are data, the same for every reader.
NEUTRAL_ENDPOINTS = frozenset({"open_data.search_csv", "archive.statistics_csv"})
# Languages written in more than one script: the script this service uses, for the ``lang`` attribute.
SCRIPTS = {"zh": "Hans"}
# The flag (``#, awaiting-review``) on each translation not yet reviewed by community translators.
REVIEW_FLAG = "awaiting-review"


def N_(text: str) -> str:
    """Marks fixed English text for the catalogues where it is defined; a page translates it when it shows it
    (``{{ text | translate }}``), while the API, feeds' data and CSV keep the English."""
    return text


class Phrase(str):
    """Fixed English text with values, for text a service builds: ``Phrase(N_("%(label)s: on time"), label=…)``.

    It *is* the English (a ``str``), so the API, the CSV and the feeds publish it unchanged; a page shows it in the
    reader's language with ``{{ phrase | translate }}``, which translates the text and then each value (a nested
    phrase or fixed text from the catalogue, a number in the language's digits, an authority's own words as they
    are)."""

    msgid: str
    values: dict

    def __new__(cls, msgid: str, **values):
        phrase = super().__new__(cls, msgid % values if values else msgid)
        phrase.msgid = msgid
        phrase.values = values
        return phrase

    def __reduce__(self):
        return (_phrase, (self.msgid, self.values))


def _phrase(msgid: str, values: dict) -> Phrase:
    return Phrase(msgid, **values)


class UnknownLanguage(ValueError):
    """``AUTHORITY_LANGUAGES`` names a language that has no catalogue folder."""


@dataclass(frozen=True)
class Language:
    code: str  # in the address, and the catalogue's folder name
    tag: str  # BCP 47, for ``lang`` and ``hreflang``
    name: str  # the language's name written in that language
    direction: str  # "ltr" or "rtl"

    @property
    def prefix(self) -> str:
        return "" if self.code == DEFAULT else f"/{self.code}"

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"


@lru_cache(maxsize=64)
def describe(code: str) -> Language:
    """A language's name in itself and its direction, from the Unicode CLDR data Babel ships."""
    script = SCRIPTS.get(code)
    locale = Locale.parse(f"{code}_{script}" if script else code)
    name = locale.get_display_name(locale) or code
    tag = f"{code}-{script}" if script else code
    return Language(code=code, tag=tag, name=name[:1].upper() + name[1:], direction=locale.text_direction)


def catalogue_folders(root: Path = TRANSLATIONS) -> list[str]:
    """The languages that have a catalogue: one folder each, holding ``LC_MESSAGES/messages.po``."""
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "LC_MESSAGES" / "messages.po").is_file())


def configured(setting: str | None, root: Path = TRANSLATIONS) -> tuple[str, ...]:
    """English first, then the languages ``setting`` names (comma-separated), or every catalogue's by default."""
    folders = catalogue_folders(root)
    wanted = [c.strip() for c in (setting or "").split(",") if c.strip()] or folders
    unknown = [c for c in wanted if c != DEFAULT and c not in folders]
    if unknown:
        raise UnknownLanguage(
            f"AUTHORITY_LANGUAGES names {', '.join(unknown)}, which has no catalogue in {root}/<code>/LC_MESSAGES"
        )
    return (DEFAULT, *dict.fromkeys(c for c in wanted if c != DEFAULT))


class LanguageInAddress:
    """WSGI middleware: ``/pl/search`` runs the app at ``/search`` with ``SCRIPT_NAME`` ending in ``/pl``."""

    def __init__(self, app, codes: tuple[str, ...]):
        self.app = app
        self.codes = frozenset(codes) - {DEFAULT}

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO") or "/"
        code, _, rest = path[1:].partition("/")
        root = environ.get("SCRIPT_NAME", "")
        environ[ENVIRON_ROOT] = root
        if code == DEFAULT or (code in self.codes and _is_neutral("/" + rest)):
            # /en/… is the English page's second address, and a path with no language has one address: send
            # the reader to it (the query string kept).
            query = environ.get("QUERY_STRING")
            target = quote(root + "/" + rest) + (f"?{query}" if query else "")
            return redirect(target, 308)(environ, start_response)
        if code in self.codes:
            environ["SCRIPT_NAME"] = f"{root}/{code}"
            environ["PATH_INFO"] = "/" + rest
            environ[ENVIRON_LANGUAGE] = code
        return self.app(environ, start_response)


def _is_neutral(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in LANGUAGE_NEUTRAL_PREFIXES)


def current_code() -> str:
    """The reader's language: the address's, or English outside a request."""
    if not has_request_context():
        return DEFAULT
    return request.environ.get(ENVIRON_LANGUAGE, DEFAULT)


def current() -> Language:
    return describe(current_code())


def without_language(url: str) -> str:
    """``url`` (built by ``url_for`` under a language prefix) at its one language-free address."""
    if not has_request_context() or ENVIRON_LANGUAGE not in request.environ:
        return url
    prefixed, plain = request.script_root, request.environ.get(ENVIRON_ROOT, "")
    host = request.host_url.rstrip("/")
    for before, after in ((host + prefixed, host + plain), (prefixed, plain)):
        if url == before or url.startswith(before + "/") or url.startswith(before + "?"):
            return after + url[len(before) :]
    return url


def page_in(language: Language, external: bool = False) -> str:
    """The address of the page being read, in ``language`` (the same path and query)."""
    root = request.environ.get(ENVIRON_ROOT, request.script_root) if has_request_context() else ""
    query = request.query_string.decode("latin-1")
    path = root + language.prefix + quote(request.path)
    if path == "":
        path = "/"
    url = path + (f"?{query}" if query else "")
    return request.host_url.rstrip("/") + url if external else url


def register(app: Flask) -> None:
    """Bind Flask-Babel (the locale comes from the address only), the middleware and the templates' helpers."""
    from flask import url_for
    from flask_babel import Babel

    codes = configured(app.config.get("AUTHORITY_LANGUAGES"))
    app.config["LANGUAGES"] = codes
    Babel(app, locale_selector=current_code, default_translation_directories=str(TRANSLATIONS))
    app.wsgi_app = LanguageInAddress(app.wsgi_app, codes)

    def localised_url_for(endpoint: str, **values) -> str:
        url = url_for(endpoint, **values)
        blueprint = endpoint.rpartition(".")[0] if "." in endpoint else endpoint
        neutral = blueprint in NEUTRAL_BLUEPRINTS or endpoint in NEUTRAL_ENDPOINTS
        return without_language(url) if neutral else url

    app.jinja_env.globals["url_for"] = localised_url_for
    app.jinja_env.globals["ltr"] = ltr
    app.jinja_env.filters["translate"] = translate

    @app.context_processor
    def language_context():
        language = current()
        codes = app.config["LANGUAGES"]
        public = has_request_context() and not _is_neutral(request.path)
        return {
            "language": language,
            "languages": [describe(code) for code in codes],
            "page_in": page_in,
            "html_lang": lambda: Markup('{}" dir="{}').format(language.tag, language.direction),
            "published": published_attributes,
            "public_page": public,
            "language_suggestions": suggestions(codes) if public else {},
            "awaiting_review": public and is_awaiting_review(language.code),
            "translation_feedback": _feedback_link(app.config.get("TRANSLATION_FEEDBACK_EMAIL")) if public else "",
        }


def translate(value) -> str:
    """Fixed English text marked with ``N_`` where it is defined, in the reader's language (other text as it is).

    The result is plain text, escaped like any other value: stored text passed here stays untrusted."""
    if value is None:
        return ""
    from flask_babel import gettext

    if isinstance(value, Phrase):
        from panelrecords.filters import format_number

        values = {
            name: format_number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else translate(v)
            for name, v in value.values.items()
        }
        return gettext(value.msgid, **values) if values else gettext(value.msgid)
    text = str(value)
    return gettext(text) if text else text


def published_attributes() -> Markup:
    """``lang`` (and ``dir``) for the authority's published words, which stay English on a page in another language,
    so a screen reader reads them as English: ``<h1{{ published() }}>``."""
    language = current()
    if language.code == DEFAULT:
        return Markup("")
    return Markup(' lang="en" dir="ltr"') if language.is_rtl else Markup(' lang="en"')


def ltr(value) -> Markup:
    """A reference, number or address kept left to right inside right-to-left text: ``<bdi dir="ltr">``
    (on a left-to-right page the value alone, escaped)."""
    if not current().is_rtl:
        return Markup("{}").format(value)
    return Markup('<bdi dir="ltr">{}</bdi>').format(value)


def _feedback_link(address: str | None) -> str:
    if not address or not has_request_context():
        return ""
    subject = quote(f"Translation ({current_code()}): {request.path}")
    return f"mailto:{address}?subject={subject}"


@lru_cache(maxsize=8)
def suggestions(codes: tuple[str, ...]) -> dict[str, str]:
    """For each language, "Read this page in <that language>", written in that language (for app.js)."""
    from flask_babel import force_locale, gettext

    out = {}
    for code in codes:
        with force_locale(code):
            # TRANSLATORS: a link shown to readers whose browser prefers your language, on a page in another
            # language. Name your own language: "Read this page in Polish" becomes "Przeczytaj tę stronę po polsku".
            out[code] = gettext("Read this page in English")
    return out


@lru_cache(maxsize=32)
def is_awaiting_review(code: str, root: Path = TRANSLATIONS) -> bool:
    """Whether any translation in the language's catalogue still carries the ``awaiting-review`` flag."""
    if code == DEFAULT:
        return False
    from babel.messages.pofile import read_po

    path = root / code / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return False
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    return any(REVIEW_FLAG in message.flags for message in catalogue if message.id)
