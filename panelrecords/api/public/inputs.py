"""Checks on the raw request that every open-data route shares."""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import request

from panelrecords.errors import ValidationFailed


def require_utf8() -> None:
    """Refuse a query string that is not UTF-8 once decoded (Werkzeug would keep such bytes as literal %FF)."""
    try:
        unquote_to_bytes(request.query_string.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationFailed("The address has characters that are not UTF-8 text: check the link", "query") from None
