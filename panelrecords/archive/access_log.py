"""Access logs that cannot tie a search to a person: short client addresses and no query strings.

``install()`` adds ``PrivateAccessLog`` to the loggers of gunicorn's access log (``gunicorn.access``) and of
Werkzeug's development server (``werkzeug``). In every line they write, a client address keeps only its
network (IPv4 to /24, ``203.0.113.0``; IPv6 to /48, ``2001:db8:1::``) — also in ``X-Forwarded-For``-style
headers a log format may include — and a request's query string is dropped (``GET /search?q=autism`` is
logged as ``GET /search``), as is the referrer's. The app installs it when it is created, so it applies to
``gunicorn wsgi:app`` workers and to ``flask run`` without any logging configuration.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import MutableMapping

LOGGERS = ("gunicorn.access", "werkzeug")
_ADDRESS_HEADERS = ("{x-forwarded-for}i", "{x-real-ip}i", "{forwarded}i", "{client-ip}i", "{true-client-ip}i")
_ADDRESS_TOKEN = re.compile(r"\[?[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*\]?")
_REQUEST_LINE = re.compile(r"^([A-Z]+ )(\S*)( HTTP/\S+)?$")
# A query string: up to the protocol of a request line, or else to the next space.
_QUERY = re.compile(r"\?.*?(?= HTTP/\d)|\?\S*")
# Werkzeug's line: "ADDRESS - - [date] message"
_WERKZEUG_PREFIX = re.compile(r"^(\S+)( - - \[)")


def truncate_address(value: str) -> str:
    """An IPv4 address to its /24 network, an IPv6 address to its /48; anything else to ``-``."""
    text = (value or "").strip().strip("[]")
    if not text or text in ("-", "<local>"):
        return text or "-"
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return "-"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def _addresses_in(value: str) -> str:
    return _ADDRESS_TOKEN.sub(lambda match: truncate_address(match.group(0)), value)


def without_query(target: str) -> str:
    """A URL or path without its query string (and fragment)."""
    return target.split("?", 1)[0].split("#", 1)[0]


def scrub_request_line(line: str) -> str:
    match = _REQUEST_LINE.match(line or "")
    if not match:
        return without_query(line or "")
    return f"{match.group(1)}{without_query(match.group(2))}{match.group(3) or ''}"


class PrivateAccessLog(logging.Filter):
    """Rewrites access-log records in place; never drops a line."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            if record.name == "gunicorn.access" and isinstance(record.args, MutableMapping):
                self._gunicorn(record.args)
            elif record.name == "werkzeug":
                self._werkzeug(record)
        except Exception:  # a log line is never worth a failed request
            record.msg, record.args = "access log line withheld", ()
        return True

    @staticmethod
    def _gunicorn(atoms: MutableMapping) -> None:
        atoms["h"] = truncate_address(str(atoms.get("h", "-")))
        for key in ("r", "{raw_uri}e", "{request_uri}e"):
            if key in atoms:
                atoms[key] = scrub_request_line(str(atoms[key]))
        for key in ("U", "{path_info}e"):
            if key in atoms and atoms[key]:
                atoms[key] = without_query(str(atoms[key]))
        for key in ("q", "{query_string}e"):
            if key in atoms:
                atoms[key] = ""
        if atoms.get("f") and atoms["f"] != "-":
            atoms["f"] = without_query(str(atoms["f"]))
        if "{remote_addr}e" in atoms:
            atoms["{remote_addr}e"] = truncate_address(str(atoms["{remote_addr}e"]))
        for key in _ADDRESS_HEADERS:
            if key in atoms:
                atoms[key] = _addresses_in(str(atoms[key]))

    @staticmethod
    def _werkzeug(record: logging.LogRecord) -> None:
        if isinstance(record.msg, str):
            record.msg = _WERKZEUG_PREFIX.sub(lambda m: truncate_address(m.group(1)) + m.group(2), record.msg, count=1)
        if isinstance(record.args, tuple):
            record.args = tuple(_QUERY.sub("", arg) if isinstance(arg, str) else arg for arg in record.args)


def install() -> None:
    """Add the filter to the access loggers (once per process)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, PrivateAccessLog) for f in logger.filters):
            logger.addFilter(PrivateAccessLog())
