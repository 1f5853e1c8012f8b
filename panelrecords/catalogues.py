"""The translation catalogues: extract the English, compile the catalogues, and check them.

Run as ``python -m panelrecords.catalogues`` (``make messages``, ``make translations``, ``make check-translations``)::

    python -m panelrecords.catalogues extract          # write translations/messages.pot from the code
    python -m panelrecords.catalogues update            # extract, then add new messages to every catalogue
    python -m panelrecords.catalogues compile           # .po -> .mo, for each catalogue whose .po is newer
    python -m panelrecords.catalogues check [pl ar …]   # every problem of each catalogue (all by default)
    python -m panelrecords.catalogues check-pot         # whether messages.pot holds every message of the code

A catalogue passes the check when it has every message of ``messages.pot``, none empty or fuzzy, and each
translation keeps the English's placeholders (``%(name)s``, ``{name}``) and HTML tags exactly.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
    "lazy_gettext": None,
    "_l": None,
}
COMMENT_TAGS = ["TRANSLATORS:"]
REVIEW_FLAG = "awaiting-review"
_PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sd]|%%|\{[A-Za-z_][A-Za-z0-9_]*\}")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")


def extract(root: Path = ROOT) -> Catalog:
    """Every marked message of the code and templates, as ``babel.cfg`` says where to look."""
    catalog = Catalog(project="Panel Records", msgid_bugs_address="", fuzzy=False)
    method_map = [("panelrecords/**.py", "python"), ("templates/**.html", "jinja2")]
    options_map = {"templates/**.html": {"extensions": "jinja2.ext.do", "trimmed": "true"}}
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, options_map, keywords=KEYWORDS, comment_tags=COMMENT_TAGS, strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def write_pot(path: Path = POT) -> Catalog:
    """Extract the code's messages into ``path``."""
    catalog = extract()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=120, omit_header=False, sort_output=False)
    return catalog


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def catalogue_paths(codes: list[str] | None = None, root: Path = TRANSLATIONS) -> list[Path]:
    paths = sorted(root.glob("*/LC_MESSAGES/messages.po"))
    if codes:
        paths = [p for p in paths if p.parent.parent.name in codes]
    return paths


def update(root: Path = TRANSLATIONS) -> None:
    """Re-extract, then add the new messages to each catalogue (empty, so the check names them)."""
    template = write_pot(root / POT.name)
    for path in catalogue_paths(root=root):
        catalog = _read(path)
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=120, ignore_obsolete=True)


def compile_all(force: bool = False) -> list[Path]:
    """Write ``messages.mo`` beside each ``messages.po`` that is newer (or every one, with ``force``)."""
    written = []
    for path in catalogue_paths():
        target = path.with_suffix(".mo")
        if not force and target.exists() and target.stat().st_mtime >= path.stat().st_mtime:
            continue
        catalog = _read(path)
        with target.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(target)
    return written


def _ids(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]


def _strings(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string or ""]


def marks(text: str) -> tuple[Counter, Counter]:
    """The placeholders and the HTML tags of a text (what a translation must keep exactly)."""
    return Counter(_PLACEHOLDER.findall(text)), Counter(_TAG.findall(text))


def check(path: Path, template: Catalog) -> list[str]:
    """Every problem of one catalogue against the template, as lines a translator can act on."""
    catalog = _read(path)
    code = path.parent.parent.name
    problems = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        english = _ids(message)
        label = english[0][:70]
        if found is None:
            problems.append(f"{code}: missing: {label!r}")
            continue
        if found.fuzzy:
            problems.append(f"{code}: fuzzy (not used until reviewed and the flag removed): {label!r}")
        strings = _strings(found)
        if not strings or any(not s.strip() for s in strings):
            problems.append(f"{code}: empty: {label!r}")
            continue
        # A plural form may follow the English singular or the English plural (Polish "1 wynik" names no number).
        allowed = [marks(text) for text in english]
        for string in strings:
            placeholders, tags = marks(string)
            if all(placeholders != want for want, _tags in allowed):
                wanted = " or ".join(str(sorted(want.elements())) for want, _tags in allowed)
                problems.append(
                    f"{code}: placeholders differ from the English in {label!r}: "
                    f"{sorted(placeholders.elements())} instead of {wanted}"
                )
            if all(tags != want for _placeholders, want in allowed):
                problems.append(f"{code}: HTML tags differ from the English in {label!r}")
    return problems


def check_pot(path: Path = POT) -> list[str]:
    """The messages of the code missing from ``messages.pot`` or left in it after the code dropped them."""
    if not path.exists():
        return [f"{path} is missing: run make messages"]
    written = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in _read(path) if m.id}
    current = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in extract() if m.id}
    problems = [f"not in messages.pot (run make messages): {i[0][:70]!r}" for i in sorted(current - written)]
    stale = sorted(written - current)
    problems += [f"in messages.pot but no longer in the code (run make messages): {i[0][:70]!r}" for i in stale]
    return problems


def awaiting_review(path: Path) -> int:
    """How many translations of a catalogue still carry the ``awaiting-review`` flag."""
    return sum(1 for m in _read(path) if m.id and REVIEW_FLAG in m.flags)


def main(argv: list[str]) -> int:
    command, args = (argv[0], argv[1:]) if argv else ("check", [])
    if command == "extract":
        print(f"{len(write_pot())} messages in {POT.relative_to(ROOT)}")
    elif command == "update":
        update()
    elif command == "compile":
        for path in compile_all(force="--force" in args):
            print(f"compiled {path.relative_to(ROOT)}")
    elif command == "check-pot":
        problems = check_pot()
        print("\n".join(problems) or "messages.pot is up to date")
        return 1 if problems else 0
    elif command == "check":
        template = _read(POT)
        problems = []
        for path in catalogue_paths(args or None):
            found = check(path, template)
            problems += found
            waiting = awaiting_review(path)
            print(f"{path.parent.parent.name}: {len(found)} problems; {waiting} translations awaiting review")
        print("\n".join(problems))
        return 1 if problems else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
