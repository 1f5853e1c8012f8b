"""Command line: redact or check JSON lines (a contract other tools rely on; see docs/redaction.md)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from .engine import check, redact
from .model import Known

DESCRIPTION = """\
Redact, or check for leaks, texts given as JSON lines on standard input.

--jsonl          each input line {"id": ..., "text": "...", "known": {"child": [...], ...}} gives the output line
                 {"id": ..., "text": "<redacted text>", "spans": [{"start", "end", "category", "source"}, ...]}
                 with offsets into the ORIGINAL text.
--check --jsonl  gives {"id": ..., "hits": [{"start", "end", "category", "source", "text"}, ...]} instead: what
                 the leak gate finds in a text that should already be redacted (empty = passes).

"known" keys: child, child_aliases, date_of_birth (YYYY-MM-DD), parents, other_people, school, address,
postcode, nhs_number, upn, other; each a list of strings; a missing key means none.
A malformed line gives {"id": <id or null>, "error": "..."} on its output line; the other lines are still
processed and the exit status is 1 at the end (0 when every line succeeded).
"""


def _process(line: str, checking: bool) -> dict:
    record_id = None
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            raise ValueError("a line must be a JSON object")
        record_id = record.get("id")
        text = record.get("text")
        if not isinstance(text, str):
            raise ValueError('"text" must be a string')
        known = Known.from_dict(record.get("known") or {})
        if checking:
            return {"id": record_id, "hits": [hit.to_dict() for hit in check(text, known)]}
        redaction = redact(text, known)
        return {"id": record_id, "text": redaction.text, "spans": [span.to_dict() for span in redaction.spans]}
    except (ValueError, TypeError) as error:  # json.JSONDecodeError is a ValueError
        return {"id": record_id, "error": str(error)}


def run(stdin: TextIO, stdout: TextIO, checking: bool) -> int:
    """Process every line; 1 if any line failed, else 0."""
    status = 0
    for line in stdin:
        if not line.strip():
            continue
        result = _process(line, checking)
        status |= "error" in result
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m panelrecords.redaction",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--jsonl", action="store_true", required=True, help="read and write JSON lines")
    parser.add_argument("--check", action="store_true", help="run the leak gate instead of redacting")
    args = parser.parse_args(argv)
    return run(sys.stdin, sys.stdout, args.check)


if __name__ == "__main__":
    sys.exit(main())
