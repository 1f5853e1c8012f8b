"""Page benchmark: requests per second of the public pages beside a minimal Flask+Jinja page and a bare WSGI callable.

    .venv/bin/python bench/page_bench.py [--decisions 300] [--duration 10] [--rounds 3] [--connections 16] [--workers 2]

1. Makes a throwaway instance in a temporary directory: SQLite database, ``flask db upgrade``, ``flask demo load
   --decisions N`` (the demo data, published through the publishing core, indexed, with stored "decisions like this
   one").
2. Starts gunicorn servers, each with ``--workers`` sync workers on a free local port: the app
   (``wsgi:app``), a minimal Flask app rendering a small Jinja template (``bench/page_bench_apps.py:flask_app``) and a
   bare WSGI callable (``bench/page_bench_apps.py:bare``).
3. Measures requests per second with ``--connections`` concurrent connections for ``--duration`` seconds each, in
   this run, one after the other: a decision page, its ``304 Not Modified`` (``If-None-Match`` with its ETag), the
   home page, a search for a typical query, the statistics page, the minimal Flask+Jinja page and the bare WSGI
   callable; then the decision page, the search and the statistics from a fourth server running the app with no
   kept pages (``PUBLIC_PAGE_CACHE_ENTRIES=0``), which is what the first reader after a change waits for. Each
   target is requested once first, and its status checked (200, or 304 for the conditional one).
   All targets are measured in each of ``--rounds`` rounds (3), so load from elsewhere on the machine falls on all.
4. Prints a table: the median requests per second of the rounds, non-2xx/3xx answers, and the ratios the targets are
   about (decision page / minimal Flask+Jinja, its 304 / bare WSGI; the median of each round's ratio). The last line
   is exactly ``pages decision_ratio=X not_modified_ratio=X``.

The load comes from ``wrk`` (Debian package ``wrk``: ``apt-get install wrk``), which runs on the same machine, so
the figures are for this machine with the load generator beside the servers. Without ``wrk`` a fallback in Python
(threads with ``http.client``, one connection each, a new connection per request as gunicorn's sync workers close
them) is used and the table says so; its own cost lowers every figure, so compare ratios, not absolute numbers.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
SEARCH_QUERY = "/search?q=autism+assessment"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(work: Path, decisions: int) -> dict[str, str]:
    env = {
        **os.environ,
        "PANELRECORDS_ENV": "demo",
        "PANELRECORDS_INSTANCE": str(work),
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite'}",
        "SEARCH_INDEX_DIR": str(work / "search-index"),
    }
    flask = [str(VENV_BIN / "flask"), "--app", "wsgi"]
    started = time.perf_counter()
    run([*flask, "db", "upgrade"], env)
    run([*flask, "demo", "load", "--decisions", str(decisions)], env)
    print(f"seeded the demo data with {decisions} decisions in {time.perf_counter() - started:.0f} s", flush=True)
    return env


class Server:
    def __init__(self, target: str, env: dict[str, str], workers: int):
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "--workers", str(workers), "--worker-class", "sync", "--bind",
             f"127.0.0.1:{self.port}", "--log-level", "warning", target],
            cwd=ROOT, env=env,
        )  # fmt: skip
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start for {target}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(20)


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


def wrk(url: str, headers: dict[str, str], connections: int, duration: int) -> tuple[float, int]:
    args = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    failed = (int(bad.group(1)) if bad else 0) + (sum(int(n) for n in errors.groups()[1:]) if errors else 0)
    return rate, failed


def python_load(url: str, headers: dict[str, str], connections: int, duration: int) -> tuple[float, int]:
    """The fallback: ``connections`` threads, each a new connection per request, for ``duration`` seconds."""
    host, port, path = re.match(r"http://([^:/]+):(\d+)(.*)", url).groups()
    counts, failures = [0] * connections, [0] * connections
    stop = time.monotonic() + duration

    def load(index: int) -> None:
        while time.monotonic() < stop:
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
            connection.request("GET", path or "/", headers=headers)
            response = connection.getresponse()
            response.read()
            connection.close()
            counts[index] += 1
            failures[index] += response.status >= 400

    threads = [threading.Thread(target=load, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / duration, sum(failures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decisions", type=int, default=300)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="measure every target this many times (median)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance")
    options = parser.parse_args()
    measure = wrk if shutil.which("wrk") else python_load
    tool = "wrk" if measure is wrk else "Python fallback (no wrk: apt-get install wrk)"

    work = Path(tempfile.mkdtemp(prefix="page-bench-"))
    servers: list[Server] = []
    try:
        env = prepare(work, options.decisions)
        app = Server("wsgi:app", env, options.workers)
        servers.append(app)
        minimal = Server("bench.page_bench_apps:flask_app", env, options.workers)
        servers.append(minimal)
        bare = Server("bench.page_bench_apps:bare", env, options.workers)
        servers.append(bare)
        # The same app with no kept pages: what the first reader after a change waits for.
        fresh = Server("wsgi:app", {**env, "PUBLIC_PAGE_CACHE_ENTRIES": "0"}, options.workers)
        servers.append(fresh)

        status, _headers, body = fetch(app.base + "/search?sort=newest&kind=decision")
        assert status == 200, status
        decision = "/decisions/" + re.search(r'href="/decisions/([^"?]+)"', body.decode()).group(1)
        status, headers, _body = fetch(app.base + decision)
        assert status == 200 and headers.get("ETag"), (status, headers)
        etag = headers["ETag"]
        assert fetch(app.base + decision, {"If-None-Match": etag})[0] == 304

        targets = [
            ("decision page", app.base + decision, {}, 200),
            ("decision page, 304", app.base + decision, {"If-None-Match": etag}, 304),
            ("home page", app.base + "/", {}, 200),
            (f"search ({SEARCH_QUERY.split('=', 1)[1].replace('+', ' ')})", app.base + SEARCH_QUERY, {}, 200),
            ("statistics", app.base + "/statistics", {}, 200),
            ("decision page, made afresh", fresh.base + decision, {}, 200),
            ("search, made afresh", fresh.base + SEARCH_QUERY, {}, 200),
            ("statistics, made afresh", fresh.base + "/statistics", {}, 200),
            ("minimal Flask+Jinja", minimal.base + "/", {}, 200),
            ("bare WSGI", bare.base + "/", {}, 200),
        ]
        for name, url, headers, expected in targets:
            got = fetch(url, headers)[0]
            assert got == expected, (name, got)
        rounds: list[dict[str, tuple[float, int]]] = []
        for number in range(options.rounds):
            print(f"round {number + 1} of {options.rounds}", flush=True)
            rounds.append({name: measure(url, h, options.connections, options.duration) for name, url, h, _ in targets})
        # The median of the rounds: other load on the machine comes and goes, and every round measures every target.
        results = {
            name: (statistics.median(r[name][0] for r in rounds), sum(r[name][1] for r in rounds))
            for name, *_ in targets
        }

        print(
            f"\n{options.connections} connections, gunicorn sync x{options.workers}, {options.duration} s each, "
            f"median of {options.rounds} rounds, load from {tool}; {options.decisions} demo decisions"
        )
        print(f"{'page':<34}{'req/s':>10}{'failed':>9}")
        for name, (rate, failed) in results.items():
            print(f"{name:<34}{rate:>10.0f}{failed:>9}")
        decision_ratio = statistics.median(r["decision page"][0] / r["minimal Flask+Jinja"][0] for r in rounds)
        not_modified_ratio = statistics.median(r["decision page, 304"][0] / r["bare WSGI"][0] for r in rounds)
        print(f"\ndecision page / minimal Flask+Jinja: {decision_ratio:.2f} (target 0.40 or more)")
        print(f"decision page 304 / bare WSGI:       {not_modified_ratio:.2f} (target 0.50 or more)")
        fresh = "decision page, made afresh"
        fresh_ratio = statistics.median(r[fresh][0] / r["minimal Flask+Jinja"][0] for r in rounds)
        print(f"decision page made afresh / minimal: {fresh_ratio:.2f} (no kept pages: first reader after a change)")
        print(f"pages decision_ratio={decision_ratio:.2f} not_modified_ratio={not_modified_ratio:.2f}")
    finally:
        for server in servers:
            server.stop()
        if options.keep:
            print(f"kept the instance in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
