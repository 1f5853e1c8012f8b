"""Invariant 1, end to end: crawl every public page, API response, feed and CSV of the demo archive and find no
known identifier of any case. And the public blueprints never import a restricted model."""

from __future__ import annotations

import ast
import html
import json
import re
from collections import Counter, deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy import select

from panelrecords.cli_privacy import Scanner, _cases
from panelrecords.languages import DEFAULT, catalogue_folders
from panelrecords.models.published import PublishedRecord
from panelrecords.publishing import decisions, drafts, gate, review
from panelrecords.services import Actor, accounts, archive
from panelrecords.web import is_restricted_path

ROOT = Path(__file__).resolve().parents[3] / "panelrecords"
SEEDS = [
    "/",
    "/search",
    "/statistics",
    "/glossary",
    "/boards",
    "/data/fields",
    "/accessibility",
    "/privacy",
    "/api/v1/",
    "/api/v1/records?page_size=100",
    "/api/v1/withdrawn",
    "/feeds/decisions.atom",
    "/feeds/minutes.atom",
    "/feeds/search.atom?outcome=refused",
    "/feeds/search.atom?kind=decision",
    "/search.csv",
    "/search.csv?outcome=refused",
]
OTHER_LANGUAGES = set(catalogue_folders()) - {DEFAULT}
MAX_VARIANTS = 6  # different query strings followed per path (facet links multiply fast)
MAX_REQUESTS = 2_500
_LINK = re.compile(r"""(?:href|src|action)=["']([^"'#]+)""")
_TAG = re.compile(r"<[^>]+>")
RESTRICTED_MODELS = {
    f"panelrecords.models.{name}" for name in ("cases", "decisions", "panels", "papers", "redaction_drafts")
}


def _publish_some_recorded_decisions(db, count: int = 4) -> None:
    """Make sure case-derived records are in the archive (whatever the demo loader already published)."""
    clerk, reviewer = accounts.find_user("clerk@example.org"), accounts.find_user("reviewer@example.org")
    for decision in drafts.ready_to_prepare(limit=count):
        draft = drafts.prepare_draft(decision, by=Actor.of(clerk))
        drafts.submit(draft, by=Actor.of(clerk))
        try:
            review.approve(draft, by=Actor.of(reviewer))
        except gate.LeakFound:
            continue


def _links(url: str, response, body: str) -> list[str]:
    if response.mimetype == "application/json":
        found = re.findall(r'"(https?://[^"\s]+)"', body)
    elif response.mimetype == "text/csv":
        found = re.findall(r"https?://[^,\s\"]+", body)
    else:
        found = [html.unescape(link) for link in _LINK.findall(body)]
    return [urljoin("http://localhost" + url, link) for link in found]


def _texts(response, body: str) -> list[str]:
    texts = [body]
    if response.mimetype in ("text/html", "application/atom+xml"):
        texts.append(html.unescape(_TAG.sub(" ", body)))
    if response.mimetype == "application/json":
        texts.append(json.dumps(json.loads(body), ensure_ascii=False))
    return texts


def crawl(client, seeds: list[str]):
    """Every public URL reachable from the seeds; yields (url, response, body)."""
    queue, seen = deque(seeds), set(seeds)
    variants: Counter = Counter()
    while queue and len(seen) <= MAX_REQUESTS:
        url = queue.popleft()
        response = client.get(url)
        body = response.get_data(as_text=True)
        yield url, response, body
        for link in _links(url, response, body):
            parts = urlsplit(link)
            if parts.netloc not in ("", "localhost") or parts.scheme not in ("", "http"):
                continue
            path = parts.path or "/"
            if is_restricted_path(path) or path.startswith(("/static/", "/sign-in", "/sign-out")):
                continue
            # A page in another language shows the same published data as its English page, crawled here; the
            # rest is the catalogues' fixed text, whose words may be spelled like a name (Somali "isla").
            if path.split("/")[1] in OTHER_LANGUAGES:
                continue
            target = path + (f"?{parts.query}" if parts.query else "")
            if target in seen or (parts.query and variants[path] >= MAX_VARIANTS):
                continue
            variants[path] += bool(parts.query)
            seen.add(target)
            queue.append(target)


@pytest.mark.slow
def test_no_public_response_contains_a_known_identifier(app, db, client):
    result = app.test_cli_runner().invoke(args=["demo", "load", "--decisions", "40"])
    assert result.exit_code == 0, result.output
    _publish_some_recorded_decisions(db)
    from_cases = list(
        db.session.scalars(
            select(PublishedRecord).where(
                PublishedRecord.source_type == decisions.SOURCE_TYPE, PublishedRecord.is_current
            )
        )
    )
    assert from_cases, "the crawl must cover records published from cases with identifiers"
    # One withdrawn record, so its tombstone (page and API) is crawled too.
    review.withdraw(decisions.get_decision(from_cases[0].source_id), reason="Published in error", by=Actor.system())
    cases = _cases()
    assert len(cases) >= 10
    scanner = Scanner(cases)
    seeds = [*SEEDS]
    for record in db.session.scalars(select(PublishedRecord).where(PublishedRecord.is_current)):
        seeds += [f"/api/v1/records/{record.public_id}", f"/find?ref={record.public_id}"]
        if record.kind == "decision":
            seeds.append(f"/decisions/{record.public_id}")
    seeds += [f"/feeds/boards/{board.acronym}.atom" for board in archive_boards()]
    seeds = list(dict.fromkeys(seeds))

    statuses: Counter = Counter()
    kinds: Counter = Counter()
    leaks = []
    for url, response, body in crawl(client, seeds):
        statuses[response.status_code] += 1
        kinds[response.mimetype] += 1
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        assert "Set-Cookie" not in response.headers, url
        for text in _texts(response, body):
            leaks += [(url, *hit) for hit in scanner.hits(text) if hit[0] != "pattern"]
    assert not leaks, f"identifiers found in public responses: {leaks[:20]}"
    assert statuses[200] > 100 and statuses[410] >= 2
    assert kinds["text/html"] and kinds["application/json"] and kinds["application/atom+xml"] and kinds["text/csv"]

    # The same pages in every other language. The published data is the English pages'; the fixed words are the
    # catalogue's, and a translation may be spelled like a name (Somali "isla"): only a hit that is not the
    # catalogue's own words counts.
    pages = ["/", "/search", "/search?outcome=refused", "/glossary", "/statistics", "/boards"]
    pages += [url for url in seeds if url.startswith("/decisions/")]
    pages += [f"/boards/{board.acronym}" for board in archive_boards()]
    pages += [f"/boards/{board.acronym}/actions" for board in archive_boards()]
    minutes = select(PublishedRecord).where(PublishedRecord.kind == "minutes", PublishedRecord.is_current).limit(10)
    for record in db.session.scalars(minutes):
        pages.append(urlsplit(client.get(f"/find?ref={record.public_id}").headers["Location"]).path)
    for code in sorted(OTHER_LANGUAGES):
        fixed = _catalogue_words(code)
        for url in pages:
            response = client.get(f"/{code}{url}")
            assert response.status_code in (200, 410), f"/{code}{url} answered {response.status_code}"
            assert "Set-Cookie" not in response.headers
            for text in _texts(response, response.get_data(as_text=True)):
                leaks += [
                    (f"/{code}{url}", *hit)
                    for hit in scanner.hits(text)
                    if hit[0] != "pattern" and hit[2].casefold() not in fixed
                ]
    assert not leaks, f"identifiers found in translated pages: {leaks[:20]}"


def _catalogue_words(code: str) -> str:
    """Every translation in a language's catalogue, as one folded text."""
    from babel.messages.pofile import read_po

    with (ROOT.parent / "translations" / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    texts = [m.string if isinstance(m.string, str) else " ".join(m.string) for m in catalogue if m.id]
    return "\n".join(texts).casefold()


def archive_boards():
    from panelrecords.services import governance_public

    return governance_public.boards()


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_public_blueprints_never_import_restricted_models():
    """Directly, or through the read services they use (the import-linter contract checks the same)."""
    public = [*(ROOT / "archive").rglob("*.py"), *(ROOT / "api" / "public").rglob("*.py")]
    assert len(public) >= 8
    services = {
        f"panelrecords.services.{name}"
        for path in public
        for module in _imports(path)
        if module.startswith("panelrecords.services.")
        for name in [module.split(".")[2]]
    }
    readers = [ROOT / "services" / f"{name.rsplit('.', 1)[1]}.py" for name in services]
    assert ROOT / "services" / "archive.py" in readers and ROOT / "services" / "open_data.py" in readers
    for path in [*public, *(p for p in readers if p.exists())]:
        restricted = {m for m in _imports(path) if any(m == r or m.startswith(r + ".") for r in RESTRICTED_MODELS)}
        assert not restricted, f"{path.relative_to(ROOT.parent)} imports {sorted(restricted)}"
    assert archive.current_records  # the read service the public code goes through
