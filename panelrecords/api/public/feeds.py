"""Atom 1.0 (RFC 4287) documents, written with the standard library's ElementTree (it escapes every text)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from xml.etree import ElementTree

from flask_babel import gettext as _

ATOM = "http://www.w3.org/2005/Atom"
XML = "http://www.w3.org/XML/1998/namespace"
ElementTree.register_namespace("", ATOM)


def _tag(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _add(parent, name: str, text: str | None = None, **attributes) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, _tag(name), {k: v for k, v in attributes.items() if v is not None})
    if text is not None:
        element.text = text
    return element


def _stamp(value: datetime | None) -> str:
    value = value or datetime(2000, 1, 1, tzinfo=UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def atom(
    *,
    title: str,
    feed_url: str,
    page_url: str,
    author: str,
    records: Iterable,
    record_url: Callable,
    updated: datetime | None,
    subtitle: str = "",
    language: str = "en",
) -> bytes:
    """A feed of published records: each entry's id is its page's address (stable: public ids never change)."""
    records = list(records)
    feed = ElementTree.Element(_tag("feed"), {f"{{{XML}}}lang": language})
    _add(feed, "id", feed_url)
    _add(feed, "title", title)
    if subtitle:
        _add(feed, "subtitle", subtitle)
    newest = max((r.published_at for r in records), default=None)
    _add(feed, "updated", _stamp(newest or updated))
    _add(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    _add(feed, "link", rel="alternate", type="text/html", href=page_url)
    _add(_add(feed, "author"), "name", author)
    _add(feed, "generator", "Panel Records")
    for record in records:
        entry = _add(feed, "entry")
        url = record_url(record)
        _add(entry, "id", url)
        _add(entry, "title", record.title)
        _add(entry, "updated", _stamp(record.published_at))
        _add(entry, "link", rel="alternate", type="text/html", href=url)
        if record.meeting_date:
            _add(entry, "category", term=f"meeting-{record.meeting_date.isoformat()}", label=_("Meeting date"))
        for scheme, value in (("outcome", record.outcome), ("panel_kind", record.panel_kind), ("board", record.board)):
            if value:
                _add(entry, "category", term=value, scheme=scheme)
        summary = record.summary or record.title
        if record.version > 1 and record.correction_note:
            corrected = _(
                "Corrected (version %(version)s): %(note)s", version=record.version, note=record.correction_note
            )
            summary = f"{corrected}\n\n{summary}"
        _add(entry, "summary", summary, type="text")
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
