"""``flask privacy`` commands: export every case's identifiers, and scan what is public for any of them.

``scan`` is the check behind invariant 1: every published version (withdrawn ones too, since their text is
still stored), every string of their texts, facts, correction notes and withdrawal reasons; the public boards'
names, descriptions and terms of reference; the public action log (descriptions, owners, updates); the text of
every public paper; and the search index — its raw files and, where the search package answers, queries for
each identifier — against every case's identifiers and the pattern detectors. It prints each hit and exits 1
if there is any.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from panelrecords import redaction
from panelrecords.extensions import db
from panelrecords.models.cases import Case
from panelrecords.models.published import PublishedRecord
from panelrecords.services import Actor, audit

privacy_cli = AppGroup("privacy", help="Export case identifiers; scan published records and the index for them.")

_BATCH = 40  # cases checked together in one merged matcher
_CHUNK = 500_000
_TAG = re.compile(r"<[^>]+>")
# Readable strings in a binary file: no control characters, no undecodable bytes.
_RUN = re.compile(r"[^\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]{4,}")
_SEPARATOR = "\n|\n"


def _cases() -> list[tuple[str, redaction.Known]]:
    return [
        (case.reference, redaction.Known.from_dict(case.known_identifiers()))
        for case in db.session.scalars(select(Case).order_by(Case.id))
    ]


def _merge(knowns: list[redaction.Known]) -> redaction.Known:
    merged: dict[str, list[str]] = {}
    for known in knowns:
        for key, values in known.to_dict().items():
            merged.setdefault(key, []).extend(values)
    return redaction.Known.from_dict({key: list(dict.fromkeys(values)) for key, values in merged.items()})


def _raw_values(known: redaction.Known) -> list[str]:
    # Whole values that can only be a leak (a full name, a postcode, a number): matched case-insensitively.
    values = [v for values in known.to_dict().values() for v in values]
    return [v.strip() for v in values if len(v.strip()) >= 4 and (" " in v.strip() or any(c.isdigit() for c in v))]


class Scanner:
    """Checks texts against every case's identifiers (merged in batches, then attributed) and the patterns."""

    def __init__(self, cases: list[tuple[str, redaction.Known]]):
        self.cases = cases
        self.batches = [
            (cases[i : i + _BATCH], _merge([k for _ref, k in cases[i : i + _BATCH]]))
            for i in range(0, len(cases), _BATCH)
        ] or [([], redaction.Known())]
        # Every case's whole values in one alternation (one pass over a text), each mapped back to its cases.
        self.raw_owners: dict[str, list[str]] = {}
        for reference, known in cases:
            for value in _raw_values(known):
                self.raw_owners.setdefault(value.casefold(), []).append(reference)
        values = sorted(self.raw_owners, key=len, reverse=True)
        self.raw = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, values)) + r")(?!\w)", re.I) if values else None

    def hits(self, text: str) -> Iterator[tuple[str, str, str]]:
        """(case reference or "pattern", category, matched text) for every identifier left in ``text``."""
        for start in range(0, max(len(text), 1), _CHUNK):
            chunk = text[max(0, start - 200) : start + _CHUNK]
            yield from self._chunk_hits(chunk)

    def _chunk_hits(self, text: str) -> Iterator[tuple[str, str, str]]:
        seen: set[tuple[str, str, str]] = set()
        for members, merged in self.batches:
            for hit in redaction.check(text, merged):
                owner = "pattern" if hit.source == "pattern" else self._owner(hit.text, members)
                key = (owner, hit.category, hit.text)
                if key not in seen:
                    seen.add(key)
                    yield key
        for match in self.raw.finditer(text) if self.raw else ():
            key = (", ".join(self.raw_owners.get(match.group(0).casefold(), ["a case"])), "raw", match.group(0))
            if key not in seen:
                seen.add(key)
                yield key

    @staticmethod
    def _owner(found: str, members: list[tuple[str, redaction.Known]]) -> str:
        owners = [reference for reference, known in members if redaction.check(found, known)]
        return ", ".join(owners) or "a case"


def _record_strings(record: PublishedRecord) -> Iterator[tuple[str, str]]:
    def walk(value, path: str):
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, f"{path}.{key}")
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                yield from walk(item, f"{path}[{index}]")

    yield "title", record.title or ""
    yield "summary", record.summary or ""
    yield "correction_note", record.correction_note or ""
    yield "withdrawn_reason", record.withdrawn_reason or ""
    yield from walk(record.texts or {}, "texts")
    yield from walk(record.facts or {}, "facts")


def scan_records(scanner: Scanner) -> Iterator[str]:
    last_id = 0
    while True:
        records = db.session.scalars(
            select(PublishedRecord).where(PublishedRecord.id > last_id).order_by(PublishedRecord.id).limit(200)
        ).all()
        if not records:
            return
        for record in records:
            last_id = record.id
            for path, text in _record_strings(record):
                if not text:
                    continue
                for owner, category, found in scanner.hits(text):
                    yield f"record {record.public_id} v{record.version} {path}: {category} {found!r} ({owner})"
        db.session.expunge_all()


def _board_strings() -> Iterator[tuple[str, str]]:
    """Every public string about boards outside the records: profiles, the action log, and public papers' text."""
    from panelrecords.models.published_boards import PublishedAction, PublishedBoard, PublishedPaper
    from panelrecords.services.board_papers import paper_text

    for board in db.session.scalars(select(PublishedBoard).order_by(PublishedBoard.id)):
        yield f"board {board.acronym} name", board.name
        yield f"board {board.acronym} description", board.description
        yield f"board {board.acronym} terms_of_reference", board.terms_of_reference
    for action in db.session.scalars(select(PublishedAction).order_by(PublishedAction.id)):
        yield f"action {action.ref} description", action.description
        yield f"action {action.ref} owner", action.owner
        yield f"action {action.ref} last_update", action.last_update
    for paper in db.session.scalars(select(PublishedPaper).order_by(PublishedPaper.id)):
        yield f"paper {paper.minutes_public_id}/{paper.paper_id} title", paper.title
        yield f"paper {paper.minutes_public_id}/{paper.paper_id} text", paper_text(paper) or ""


def scan_boards(scanner: Scanner) -> Iterator[str]:
    for where, text in _board_strings():
        for owner, category, found in scanner.hits(text) if text else ():
            yield f"{where}: {category} {found!r} ({owner})"


def _printable_runs(data: bytes) -> tuple[str, str]:
    """An index file's readable strings: (runs that read as prose, every other run), each joined by a separator.

    Index files are binary. Case identifiers are looked for in every readable run. The pattern detectors are not
    run on raw bytes at all: binary noise reads as postcodes or e-mail addresses ("h5@X…", "Y36AD") by chance;
    they run on the text the index stores, read through the search backend (``scan_index_store``).
    """
    prose, other = [], []
    for match in _RUN.finditer(data.decode("utf-8", errors="replace")):
        run = match.group(0)
        (prose if len(run) >= 12 and " " in run.strip() else other).append(run)
    return _SEPARATOR.join(prose), _SEPARATOR.join(other)


def _stands_alone(found: str, text: str) -> bool:
    # In binary files values run into each other ("…+00:002026-12-01T…"); a leak of stored text stands alone.
    return re.search(r"(?<![^\W_])" + re.escape(found) + r"(?![^\W_])", text) is not None


def scan_index_files(scanner: Scanner, directory: Path) -> Iterator[str]:
    if not directory.is_dir():
        return
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        prose, other = _printable_runs(path.read_bytes())
        for text, is_prose in ((prose, True), (other, False)):
            for owner, category, found in scanner.hits(text) if text else ():
                if owner == "pattern":
                    continue
                if not is_prose and sum(c.isalnum() for c in found) < 4:
                    continue  # two capitals in binary noise are not a child's initials
                if _stands_alone(found, text):
                    yield f"index file {path.name}: {category} {found!r} ({owner})"


def scan_index_store(scanner: Scanner) -> Iterator[str]:
    """Every stored text in the search index, read through its backend, against identifiers and patterns."""
    from panelrecords.search.backend import get_backend

    seen = set()
    for public_id, text in get_backend().stored_texts():
        for owner, category, found in scanner.hits(text):
            if (public_id, category, found) not in seen:
                seen.add((public_id, category, found))
                yield f"index entry {public_id}: {category} {found!r} ({owner})"


def _query_terms(known: redaction.Known) -> list[str]:
    words = set()
    for value in [*known.child, *known.child_aliases, *known.parents, *known.other_people, *known.school]:
        words.update(w for w in re.findall(r"[^\W\d_]{3,}", value))
    words.update(v for v in [*known.postcode, *known.nhs_number, *known.upn] if v.strip())
    return sorted(words)


def scan_index_queries(scanner: Scanner, cases: list[tuple[str, redaction.Known]]) -> Iterator[str]:
    try:
        from panelrecords.search.backend import SearchRequest, get_backend

        backend = get_backend()
    except Exception as error:  # the search package is optional for this check: the raw files were read
        yield f"note: search queries skipped ({error.__class__.__name__})"
        return
    seen, scanned = set(), set()
    for _reference, known in cases:
        for term in _query_terms(known):
            try:
                result = backend.search(SearchRequest(query=f'"{term}"', page_size=50))
            except Exception:
                continue
            for hit in result.hits:
                snippet = html.unescape(_TAG.sub("", str(hit.snippet)))
                for text, where in ((hit.title, "title"), (snippet, "snippet")):
                    if (hit.public_id, text) in scanned:
                        continue
                    scanned.add((hit.public_id, text))
                    for owner, category, found in scanner.hits(text):
                        key = (hit.public_id, category, found)
                        if key not in seen:
                            seen.add(key)
                            yield f"search result {hit.public_id} {where}: {category} {found!r} ({owner})"


@privacy_cli.command("scan")
def scan() -> None:
    """Check every published record and the search index for any case's identifiers; exit 1 on any hit."""
    cases = _cases()
    scanner = Scanner(cases)
    index_dir = Path(current_app.config["SEARCH_INDEX_DIR"])
    found = 0
    checks = (
        scan_records(scanner),
        scan_boards(scanner),
        scan_index_store(scanner),
        scan_index_files(scanner, index_dir),
    )
    for line in [*(line for check in checks for line in check), *scan_index_queries(scanner, cases)]:
        if line.startswith("note:"):
            click.echo(line, err=True)
            continue
        found += 1
        click.echo(line)
    audit.record("privacy.scan", "privacy", None, by=Actor.system("cli"), detail={"cases": len(cases), "hits": found})
    db.session.commit()
    if found:
        click.echo(f"{found} possible identifier{'s' if found != 1 else ''} found in public data", err=True)
        raise SystemExit(1)
    click.echo(f"No identifiers found ({len(cases)} cases checked).")


@privacy_cli.command("export-identifiers")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True), help="File to write.")
def export_identifiers(out: str) -> None:
    """Write every case's known identifiers as JSON (admin use; audited; the file is readable by you only)."""
    rows = [
        {"case": case.reference, "known": case.known_identifiers()}
        for case in db.session.scalars(select(Case).order_by(Case.reference))
    ]
    descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(rows, handle, ensure_ascii=False, indent=1)
    audit.record(
        "privacy.export_identifiers", "privacy", None, by=Actor.system("cli"), detail={"cases": len(rows), "out": out}
    )
    db.session.commit()
    click.echo(f"Wrote the identifiers of {len(rows)} case{'s' if len(rows) != 1 else ''} to {out}")
