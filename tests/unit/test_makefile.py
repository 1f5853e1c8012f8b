"""The README's two commands: ``make run`` (on a chosen port) and ``make test``, read from the Makefile itself."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _dry_run(*args: str) -> str:
    result = subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_serves_on_port_5000_or_the_port_chosen():
    assert "--port 5000" in _dry_run("run")
    assert "--port 8123" in _dry_run("run", "PORT=8123")


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_test_lints_checks_imports_and_runs_the_suite():
    commands = _dry_run("test")
    assert "ruff check" in commands and "lint-imports" in commands and "pytest" in commands
