"""Time and peak memory of reading hostile and large Word files, with python-docx (as before) and with
``panelrecords.documents`` (bounded), each case in a fresh process.

    .venv/bin/python bench/documents_bench.py [--skip-before] [--timeout 90]

Cases: a 178 KB DOCX of many small paragraphs (the minutes import that killed a worker), a 341 KB DOCX that
unpacks to ~45 MB (the board paper that took its publish page down), a DOCX with one 12 MB text run (a 500),
and the worst files the limits accept (most elements; most text). Reader ``none`` only builds the file and
imports the libraries: its peak is the floor to subtract. Prints one line a case and reader:

    case=NAME size_kb=K reader=READER seconds=S peak_mb=M result=...
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    b'+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(body_paragraphs, *, level: int = 9) -> bytes:
    """A minimal DOCX whose body is the given ``<w:p>`` XML fragments (an iterable of bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'.encode())
            for fragment in body_paragraphs:
                part.write(fragment)
            part.write(b"</w:body></w:document>")
    return buffer.getvalue()


def paragraph(text: str, style: str | None = None) -> bytes:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}<w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def many_paragraphs(count: int):
    for number in range(count):
        yield paragraph(f"Item {number % 97}", "Heading1" if number % 50 == 0 else None)


def varied_paragraphs(count: int):
    """Short paragraphs with varied text: they compress like real XML, so the ratio check lets them through."""
    state = 17
    for number in range(count):
        state = (state * 1103515245 + 12345) % 2**31
        yield paragraph(f"{state:08x}", "Heading1" if number % 50 == 0 else None)


def long_run(chars: int) -> bytes:
    return docx([b"<w:p><w:r><w:t>", b"a" * chars, b"</w:t></w:r></w:p>"])


def ordinary(paragraphs: int) -> bytes:
    words = "The board noted the waiting times for assessments and agreed the recovery plan with schools. "
    return docx(
        paragraph(f"{number}. {words * 3}", "Heading1" if number % 20 == 0 else None) for number in range(paragraphs)
    )


CASES = {
    "minutes-178kb": lambda: docx(many_paragraphs(600_000)),
    "paper-341kb": lambda: docx(many_paragraphs(1_150_000)),
    "long-run-12mb": lambda: long_run(12 * 1024 * 1024),
    "worst-accepted-elements": lambda: docx(varied_paragraphs(125_000)),
    "worst-accepted-text": lambda: ordinary(3_300),
}


def _read(reader: str, content: bytes) -> str:
    if reader == "none":  # the process, the libraries and the file alone: subtract from the others
        import docx as python_docx  # noqa: F401

        from panelrecords import documents  # noqa: F401

        return "baseline"
    if reader == "python-docx":
        import docx as python_docx

        document = python_docx.Document(io.BytesIO(content))
        count = 0
        for each in document.paragraphs:
            _ = (each.style.name if each.style is not None else "", each.text)
            count += 1
        return f"paragraphs={count}"
    from panelrecords import documents

    try:
        return f"paragraphs={len(documents.docx_paragraphs(content))}"
    except documents.DocumentRefused as refused:
        return f"refused:{refused.message!r}"


def child(case: str, reader: str) -> None:
    content = CASES[case]()
    started = time.perf_counter()
    try:
        result = _read(reader, content)
    except Exception as error:  # the "before" reader's failures are what we measure
        result = f"error:{type(error).__name__}"
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"size_kb": len(content) // 1024, "seconds": seconds, "peak_mb": peak_mb, "result": result}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-before", action="store_true", help="do not run python-docx (the old reader)")
    parser.add_argument("--timeout", type=float, default=90)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    readers = ["none", "bounded"] if args.skip_before else ["none", "python-docx", "bounded"]
    for case in CASES:
        for reader in readers:
            command = [sys.executable, __file__, "--child", case, reader]
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout, check=False)
                figures = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else None
            except subprocess.TimeoutExpired:
                figures = None
                done = None
            if figures is None:
                why = "timeout" if done is None else f"killed rc={done.returncode}"
                print(f"case={case} reader={reader} result={why}")
                continue
            print(
                f"case={case} size_kb={figures['size_kb']} reader={reader} seconds={figures['seconds']:.2f} "
                f"peak_mb={figures['peak_mb']:.0f} result={figures['result']}"
            )


if __name__ == "__main__":
    main()
