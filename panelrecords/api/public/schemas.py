"""Marshmallow schemas of the public API. Each lists the fields it publishes (an allow-list: never ``exclude``),
so a column added to a published table is not published until someone adds it here on purpose."""

from __future__ import annotations

from flask import url_for
from marshmallow import Schema, fields


def page_url(record) -> str:
    if record.kind == "minutes" and record.board:
        return url_for("boards.minutes", acronym=record.board, public_id=record.public_id, _external=True)
    return url_for("archive.decision", public_id=record.public_id, _external=True)


class RecordSummary(Schema):
    id = fields.String(attribute="public_id")
    kind = fields.String()
    version = fields.Integer()
    title = fields.String()
    summary = fields.String()
    meeting_date = fields.Date(allow_none=True)
    published_at = fields.AwareDateTime()
    panel_kind = fields.String(allow_none=True)
    request_type = fields.String(allow_none=True)
    outcome = fields.String(allow_none=True)
    reason_codes = fields.List(fields.String())
    board = fields.String(allow_none=True)
    corrected = fields.Method("_corrected")
    url = fields.Method("_url")
    api_url = fields.Method("_api_url")

    def _corrected(self, record) -> bool:
        return record.version > 1

    def _url(self, record) -> str:
        return page_url(record)

    def _api_url(self, record) -> str:
        return url_for("public_api.record", public_id=record.public_id, _external=True)


class Version(Schema):
    version = fields.Integer()
    published_at = fields.AwareDateTime()
    correction_note = fields.String(allow_none=True)
    current = fields.Boolean(attribute="is_current")
    api_url = fields.Method("_api_url")

    def _api_url(self, record) -> str:
        return url_for("public_api.record_version", public_id=record.public_id, version=record.version, _external=True)


class RecordDetail(RecordSummary):
    correction_note = fields.String(allow_none=True)
    texts = fields.Dict(keys=fields.String(), values=fields.String())
    facts = fields.Dict(keys=fields.String())
    # Filled in by the view from the record's history (a record does not know its other versions).
    versions = fields.List(fields.Nested(Version))


class Deleted(Schema):
    id = fields.String(attribute="public_id")
    deleted = fields.Constant(True)
    withdrawn_at = fields.AwareDateTime()
    reason = fields.String(attribute="withdrawn_reason")


class Board(Schema):
    acronym = fields.String()
    name = fields.String()
    description = fields.String()
    terms_of_reference = fields.String()
    updated_at = fields.AwareDateTime()
    url = fields.Method("_url")
    api_url = fields.Method("_api_url")
    feed_url = fields.Method("_feed_url")

    def _url(self, board) -> str:
        return url_for("boards.board", acronym=board.acronym, _external=True)

    def _api_url(self, board) -> str:
        return url_for("public_api.board", acronym=board.acronym, _external=True)

    def _feed_url(self, board) -> str:
        return url_for("open_data.board_feed", acronym=board.acronym, _external=True)


class Meeting(Schema):
    """A board meeting, as its published minutes."""

    id = fields.String(attribute="public_id")
    board = fields.String()
    meeting_date = fields.Date(allow_none=True)
    title = fields.String()
    version = fields.Integer()
    published_at = fields.AwareDateTime()
    status = fields.Method("_status")
    url = fields.Method("_url")
    api_url = fields.Method("_api_url")

    def _status(self, record) -> str | None:
        return (record.facts or {}).get("status")

    def _url(self, record) -> str:
        return page_url(record)

    def _api_url(self, record) -> str:
        return url_for("public_api.record", public_id=record.public_id, _external=True)
