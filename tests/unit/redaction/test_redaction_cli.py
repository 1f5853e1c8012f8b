"""The command line contract: python -m panelrecords.redaction --jsonl / --check --jsonl."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "panelrecords.redaction", *args],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip


def test_jsonl_redacts_each_line_with_offsets_into_the_original() -> None:
    line = {
        "id": "d1",
        "text": "Amelia Jones, born 2/3/2014.",
        "known": {"child": ["Amelia Jones"], "date_of_birth": ["2014-03-02"]},
    }
    result = run("--jsonl", stdin=json.dumps(line) + "\n")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "id": "d1",
        "text": "[child], born [date of birth].",
        "spans": [
            {"start": 0, "end": 12, "category": "child", "source": "known"},
            {"start": 19, "end": 27, "category": "date_of_birth", "source": "known"},
        ],
    }


def test_a_malformed_line_reports_an_error_and_the_others_are_still_processed() -> None:
    lines = [
        json.dumps({"id": 1, "text": "Amelia"}),
        "not json",
        json.dumps({"id": 3, "text": "x", "known": {"pets": ["Rex"]}}),
        json.dumps({"id": 4, "text": 5}),
        json.dumps({"id": 5, "text": "Amelia Jones", "known": {"child": ["Amelia Jones"]}}),
    ]
    result = run("--jsonl", stdin="\n".join(lines) + "\n")
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 1
    assert [o["id"] for o in out] == [1, None, 3, 4, 5]
    assert ["error" in o for o in out] == [False, True, True, True, False]
    assert out[4]["text"] == "[child]"


def test_check_jsonl_lists_the_hits_left() -> None:
    line = {"id": 7, "text": "[child] lives at BS1 4DJ.", "known": {"child": ["Amelia Jones"]}}
    result = run("--check", "--jsonl", stdin=json.dumps(line) + "\n")
    assert result.returncode == 0
    assert json.loads(result.stdout) == {
        "id": 7,
        "hits": [{"start": 17, "end": 24, "category": "postcode", "source": "pattern", "text": "BS1 4DJ"}],
    }


def test_help_documents_the_contract() -> None:
    result = run("--help", stdin="")
    assert result.returncode == 0
    assert "--jsonl" in result.stdout and "--check" in result.stdout and '"error"' in result.stdout


def test_check_catches_the_hard_written_forms() -> None:
    known = {"child": ["Marnie Brown"], "parents": ["Sue Brown"], "date_of_birth": ["2016-04-09"]}
    known["school"] = ["Kings Valley Primary School"]
    text = "M a r n i e (09042016) of KVPS; M\u0430rnie; NHS BROWN; National Insurance number QQ 12 34 56 C"
    result = run("--check", "--jsonl", stdin=json.dumps({"id": "x", "text": text, "known": known}) + "\n")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)["hits"]
    assert [(hit["text"], hit["category"]) for hit in hits] == [
        ("M a r n i e", "child"),
        ("09042016", "date_of_birth"),
        ("KVPS", "school"),
        ("M\u0430rnie", "child"),
        ("BROWN", "family_name"),
        ("QQ 12 34 56 C", "nino"),
    ]
    redacted = run("--jsonl", stdin=json.dumps({"id": "x", "text": text, "known": known}) + "\n")
    again = run(
        "--check",
        "--jsonl",
        stdin=json.dumps({"id": "x", "text": json.loads(redacted.stdout)["text"], "known": known}) + "\n",
    )
    assert json.loads(again.stdout)["hits"] == []
