"""Several hosts benchmark: how soon a decision approved on one host is found by a search on another.

    .venv/bin/python bench/hosts_bench.py [--publications 30] [--decisions 200] [--pg-server URL] [--keep]

1. Makes a throwaway PostgreSQL database (``panelrecords_hosts_bench`` on ``--pg-server``, default
   ``postgresql://postgres@127.0.0.1:5432``), migrates it and loads the demo data (``--decisions`` published
   decisions, so the index is not empty), with ``SEARCH_BACKEND=postgres``.
2. Starts two application hosts as production does (``gunicorn -c deploy/gunicorn.conf.py wsgi:app``, two sync
   workers each), each with its own empty instance folder.
3. Prepares ``--publications`` redacted drafts, each with a word of its own, submitted for review. For each one a
   reviewer signed in on host A approves it over HTTP; as soon as host A has answered, a reader asks host B for
   that word (``/search?q=…``) every 5 ms until the decision is in the results.
4. Prints the time from host A's answer to the first search on host B that finds it (median, 95th percentile and
   the longest), and the approval's own time. The target is one second. The last line is exactly
   ``hosts publications=N visible_p50_ms=X visible_p95_ms=X visible_max_ms=X``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.integration.test_rate_limit_processes import _free_port, _wait_until_serving  # noqa: E402
from tests.integration.test_several_hosts import Browser  # noqa: E402

VENV_BIN = Path(sys.executable).parent
DATABASE = "panelrecords_hosts_bench"
PASSWORD = "correct-horse-battery-staple"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def recreate(server: str, name: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare_drafts(env: dict[str, str], count: int) -> list[tuple[int, str]]:
    """Submitted drafts, each with a word of its own; returns (draft id, word)."""
    os.environ.update(env)
    from panelrecords import create_app
    from panelrecords.extensions import db
    from panelrecords.models.users import Role
    from panelrecords.publishing import drafts
    from panelrecords.services import Actor
    from tests.factories import make_case, make_user
    from tests.integration.publication.helpers import REASONS, closed_decision

    app = create_app()
    found = []
    with app.app_context():
        clerk = make_user(db, roles=[Role.CLERK], email="bench-clerk@example.org", display_name="Chris Clerk")
        make_user(db, roles=[Role.REVIEWER], email="bench-reviewer@example.org", display_name="Robin Reviewer")
        db.session.commit()
        for n in range(count):
            word = f"hostsbench{n:04d}x"
            decision = closed_decision(
                db, case=make_case(db, reference=f"C-HB{n:05d}"), reasons=f"{REASONS} Marker {word}."
            )
            draft = drafts.prepare_draft(decision, by=Actor.of(clerk))
            drafts.submit(draft, by=Actor.of(clerk))
            db.session.commit()
            found.append((draft.id, word))
        db.session.remove()
        db.engine.dispose()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--publications", type=int, default=30)
    parser.add_argument("--decisions", type=int, default=200)
    parser.add_argument("--pg-server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--keep", action="store_true", help="keep the database and the instance folders")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="hosts-bench-"))
    recreate(options.pg_server, DATABASE)
    env = {
        **os.environ,
        "PANELRECORDS_ENV": "testing",
        "SECRET_KEY": "hosts-bench-secret-key-0123456789abcdef",
        "FIELD_ENCRYPTION_KEY": "wuWAfK7uGWOG9NhInW1Ax4SoyMpNdM6VztMT3yS3qcM=",
        "DATABASE_URL": f"{options.pg_server}/{DATABASE}",
        "SEARCH_BACKEND": "postgres",
        "PANELRECORDS_INSTANCE": str(work / "setup"),
    }
    processes: list[subprocess.Popen] = []
    try:
        flask = [str(VENV_BIN / "flask"), "--app", "wsgi"]
        started = time.perf_counter()
        subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
        subprocess.run(
            [*flask, "demo", "load", "--decisions", str(options.decisions)], cwd=ROOT, env=env, check=True,
            capture_output=True,
        )  # fmt: skip
        waiting = prepare_drafts(env, options.publications)
        print(f"demo data and {len(waiting)} drafts ready in {time.perf_counter() - started:.0f} s", flush=True)

        hosts = []
        for name in ("a", "b"):
            port = _free_port()
            host_env = {
                **env,
                "PANELRECORDS_INSTANCE": str(work / f"host-{name}"),
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": "2",
            }
            process = subprocess.Popen(
                [str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "--log-level", "warning", "wsgi:app"],
                cwd=ROOT, env=host_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            )  # fmt: skip
            processes.append(process)
            _wait_until_serving(port, process)
            hosts.append(f"http://127.0.0.1:{port}")
        a, b = hosts

        reviewer = Browser()
        status, _page, _ = reviewer.post_form(
            f"{a}/sign-in", {"email": "bench-reviewer@example.org", "password": PASSWORD}
        )
        assert status == 302, f"sign-in on host A answered {status}"
        reader = Browser()
        visible, approvals = [], []
        for draft_id, word in waiting:
            review = f"{a}/records/publication/drafts/{draft_id}/review"
            _status, page, _ = reviewer.get(review)
            token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
            asked = time.perf_counter()
            status, _page, headers = reviewer.post(review, {"decision": "approve", "csrf_token": token})
            answered = time.perf_counter()
            assert status == 302, f"approval on host A answered {status}"
            public_id = urllib.parse.parse_qs(urllib.parse.urlsplit(headers["Location"]).query)["public_id"][0]
            while True:
                status, body, _ = reader.get(f"{b}/search?q={word}")
                if status == 200 and public_id in body:
                    break
                if time.perf_counter() - answered > 30:
                    raise SystemExit(f"{public_id} was not found on host B within 30 s")
                time.sleep(0.005)
            visible.append((time.perf_counter() - answered) * 1000)
            approvals.append((answered - asked) * 1000)

        print(f"\n{len(visible)} approvals on host A (2 workers), searched for on host B (2 workers), PostgreSQL index")
        p50, p95 = statistics.median(approvals), percentile(approvals, 0.95)
        print(f"approval on host A:        p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
        print(
            f"found on host B after:     p50 {statistics.median(visible):7.1f} ms   "
            f"p95 {percentile(visible, 0.95):7.1f} ms   max {max(visible):7.1f} ms   (target: within 1,000 ms)"
        )
        print(
            f"hosts publications={len(visible)} visible_p50_ms={statistics.median(visible):.1f} "
            f"visible_p95_ms={percentile(visible, 0.95):.1f} visible_max_ms={max(visible):.1f}"
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(20)
            process.stderr.close()
        if options.keep:
            print(f"kept the database {DATABASE} and the instance folders in {work}")
        else:
            recreate(options.pg_server, DATABASE, drop_only=True)
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
