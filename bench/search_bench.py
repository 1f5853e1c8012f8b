"""Search benchmark: the app's search service against a plain SQLite FTS5 table over the same texts.

    .venv/bin/python bench/search_bench.py [--backend whoosh|postgres] [--n 10000] [--queries 200] [--bulk]

1. Seeds ``--n`` published decisions (the demo seeder, through the publication core: leak gate, outbox,
   audit) into a throwaway database, then rebuilds the index with the backend (``--backend``, else
   ``SEARCH_BACKEND``, else Whoosh) and prints the build time and index size. Whoosh: a SQLite database and
   the index in a temporary directory. PostgreSQL: a database made for the run (``--pg-database``, dropped at
   the end) on ``--pg-server``, migrated with the app's migrations, the index in its tables.
   ``--bulk`` inserts the same records in batches instead (no gate, audit or outbox per record), for 100,000.
2. Runs ``--queries`` mixed queries (single terms, AND, OR, NOT, phrases, prefixes; about half with a facet
   filter) through ``services.archive.search``: each returns the top 10 with highlighted snippets, the
   total and the facet counts. Prints the median and 95th percentile.
3. Requests the rendered ``/search`` page for the same queries and prints its p95 against the service's.
4. Builds a plain SQLite FTS5 table (porter stemming) over the same texts and runs the same queries on it:
   the top 10 by bm25 with ``snippet()`` highlights, and the total and facet counts from the matching rows.

The last line is exactly ``search backend=B n=N p50_ms=X p95_ms=X fts5_p95_ms=X ratio=X`` (ratio = the
service's p95 / FTS5's p95), so tools can read it.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ["autism", "anxiety", "dyslexia", "hearing", "therapy", "mediation", "tribunal", "placement", "funding",
         "evidence", "progress", "mainstream", "paediatrician", "sensory", "conditions", "deferred", "refused",
         "speech", "psychologist", "resources"]  # fmt: skip
PHRASES = ['"SEN support"', '"educational psychologist"', '"mainstream secondary school"', '"short breaks"',
           '"speech and language"', '"graduated approach"', '"health advice"', '"top-up funding"']  # fmt: skip
PREFIXES = ["autis*", "psycholog*", "assess*", "therap*", "media*", "anxi*", "paediat*", "dyslex*"]
FILTERS = [
    {"outcome": ["refused"]},
    {"outcome": ["agreed"]},
    {"panel_kind": ["decision_to_assess"]},
    {"request_type": ["placement"]},
    {"reason": ["sen_support"]},
    {"outcome": ["refused"], "reason": ["insufficient_evidence"]},
]


def make_queries(count: int, seed: int) -> list[dict[str, list[str]]]:
    """Mixed queries: single terms, AND, OR, NOT, phrases, prefixes; every other one with a facet filter."""
    rng = random.Random(seed)
    shapes = [
        lambda: rng.choice(WORDS),
        lambda: f"{rng.choice(WORDS)} AND {rng.choice(WORDS)}",
        lambda: f"{rng.choice(WORDS)} {rng.choice(WORDS)}",
        lambda: f"{rng.choice(WORDS)} OR {rng.choice(WORDS)}",
        lambda: f"{rng.choice(WORDS)} NOT {rng.choice(WORDS)}",
        lambda: rng.choice(PHRASES),
        lambda: rng.choice(PREFIXES),
        lambda: f"{rng.choice(PREFIXES)} {rng.choice(WORDS)}",
    ]
    queries = []
    for number in range(count):
        params: dict[str, list[str]] = {"q": [shapes[number % len(shapes)]()]}
        if number % 2:
            params.update(rng.choice(FILTERS))
        queries.append(params)
    return queries


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def directory_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# -- the FTS5 reference -------------------------------------------------------------------------------
FACET_COLUMNS = ("kind", "panel_kind", "outcome", "request_type", "reason_codes", "board", "year")
FILTER_COLUMNS = {"kind": "kind", "panel_kind": "panel_kind", "outcome": "outcome", "request_type": "request_type",
                  "board": "board", "year": "year"}  # fmt: skip


def build_fts5(path: Path, documents) -> tuple[sqlite3.Connection, int]:
    connection = sqlite3.connect(path)
    connection.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(public_id UNINDEXED, title, body, meeting_date UNINDEXED, "
        + ", ".join(f"{c} UNINDEXED" for c in FACET_COLUMNS)
        + ", tokenize='porter unicode61')"
    )
    rows = (
        (
            d.public_id,
            d.title,
            d.body,
            d.meeting_date.isoformat() if d.meeting_date else "",
            d.kind,
            d.panel_kind,
            d.outcome,
            d.request_type,
            "," + ",".join(d.reason_codes) + ",",
            d.board,
            d.year,
        )
        for d in documents
    )
    connection.executemany(f"INSERT INTO docs VALUES ({', '.join('?' * 11)})", rows)
    connection.commit()
    count = connection.execute("SELECT count(*) FROM docs").fetchone()[0]
    return connection, count


def fts5_search(connection: sqlite3.Connection, params: dict[str, list[str]]):
    where = ["docs MATCH ?"]
    values: list[str] = [params["q"][0]]
    for name, chosen in params.items():
        if name in FILTER_COLUMNS:
            where.append(f"{FILTER_COLUMNS[name]} IN ({', '.join('?' * len(chosen))})")
            values.extend(chosen)
        elif name == "reason":
            where.append("(" + " OR ".join("reason_codes LIKE ?" for _ in chosen) + ")")
            values.extend(f"%,{code},%" for code in chosen)
    clause = " AND ".join(where)
    top = connection.execute(
        f"SELECT public_id, title, snippet(docs, 2, '<mark>', '</mark>', ' … ', 32) FROM docs WHERE {clause} "
        "ORDER BY bm25(docs, 0, 2.0, 1.0) LIMIT 10",
        values,
    ).fetchall()
    facets = {name: Counter() for name in FACET_COLUMNS}
    total = 0
    for row in connection.execute(f"SELECT {', '.join(FACET_COLUMNS)} FROM docs WHERE {clause}", values):
        total += 1
        for name, value in zip(FACET_COLUMNS, row, strict=True):
            if name == "reason_codes":
                facets[name].update(code for code in value.split(",") if code)
            elif value:
                facets[name][value] += 1
    return top, total, facets


# -- the run ------------------------------------------------------------------------------------------
def bulk_seed(count: int, seed: int, log) -> None:
    """The same synthetic decisions as the demo seeder, inserted in batches without the leak gate, audit and
    outbox: the texts are the seeder's own redacted labels, and the rebuild below indexes from the table. For
    sizes (100,000) where seeding through the publication core would take most of an hour."""
    import random
    from datetime import UTC, datetime

    from panelrecords.demo.archive import SOURCE_TYPE, make_decision, meeting_dates
    from panelrecords.extensions import db
    from panelrecords.models.published import PublishedRecord, RecordKind
    from panelrecords.publishing.core import _assign, new_public_id

    rng = random.Random(f"{seed}:archive:0")
    meetings: dict = {}
    now = datetime.now(UTC)
    for number, day in enumerate(meeting_dates(rng, count), start=1):
        record = PublishedRecord(
            public_id=new_public_id(RecordKind.DECISION),
            version=1,
            is_current=True,
            kind=RecordKind.DECISION.value,
            source_type=SOURCE_TYPE,
            source_id=number,
            published_at=now,
        )
        _assign(record, make_decision(rng, day, meetings))
        db.session.add(record)
        if number % 2000 == 0:
            db.session.commit()
            db.session.expunge_all()
            log(f"inserted {number} decisions")
    db.session.commit()


def postgres_database(server: str, name: str, *, drop_only: bool = False) -> str:
    """Make an empty database ``name`` on ``server`` (or only drop it); returns its address."""
    import psycopg

    if "bench" not in name:
        raise SystemExit(f"refusing to replace database {name!r}: its name must contain 'bench'")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def index_size(app, backend) -> float:
    """The index's size in MB: Whoosh's files, or the PostgreSQL tables with their indexes and TOAST."""
    if backend.name == "postgres":
        from sqlalchemy import text

        from panelrecords.extensions import db

        size = db.session.scalar(
            text(
                "SELECT sum(pg_total_relation_size(t)) FROM unnest("
                "ARRAY['search_documents', 'search_words', 'search_facets']::regclass[]) AS t"
            )
        )
        return float(size) / 1e6
    return directory_size(Path(app.config["SEARCH_INDEX_DIR"])) / 1e6


def bench_app(options, work: Path):
    """The app on a throwaway database with its schema: SQLite in ``work``, or a PostgreSQL database for the run."""
    from sqlalchemy import event

    from panelrecords import create_app
    from panelrecords.extensions import db

    postgres = options.backend == "postgres"
    database_url = (
        postgres_database(options.pg_server, options.pg_database)
        if postgres
        else f"sqlite:///{work / 'archive.sqlite'}"
    )
    app = create_app(
        {
            "PANELRECORDS_ENV": "testing",
            "SECRET_KEY": "benchmark-" + "x" * 40,
            "DATABASE_URL": database_url,
            "SEARCH_INDEX_DIR": str(work / "search-index"),
            "SEARCH_BACKEND": options.backend,
        }
    )
    with app.app_context():
        # A throwaway database: no fsync per publication (the seeding, not the searching, would dominate).
        @event.listens_for(db.engine, "connect")
        def _fast(connection, _record):
            if postgres:
                with connection.cursor() as cursor:
                    cursor.execute("SET synchronous_commit = off")
                connection.commit()
            else:
                connection.execute("PRAGMA synchronous=OFF")
                connection.execute("PRAGMA journal_mode=MEMORY")

        db.engine.dispose()
        if postgres:
            from flask_migrate import upgrade

            upgrade()  # the search tables exist only through their migration
        else:
            db.create_all()
    return app, database_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="published decisions to seed (default 10,000)")
    parser.add_argument("--queries", type=int, default=200, help="queries to time (default 200)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-page", action="store_true", help="skip timing the rendered /search page")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database and index")
    parser.add_argument(
        "--bulk", action="store_true", help="insert the records in batches instead of publishing each (for 100,000)"
    )
    parser.add_argument(
        "--backend",
        choices=("whoosh", "postgres"),
        default=os.environ.get("SEARCH_BACKEND", "whoosh"),
        help="the search backend to measure (default: SEARCH_BACKEND, else whoosh)",
    )
    parser.add_argument("--pg-server", default="postgresql://postgres@127.0.0.1:5432", help="PostgreSQL server")
    parser.add_argument("--pg-database", default="panelrecords_bench", help="throwaway database (dropped)")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="search-bench-"))
    os.environ.setdefault("PANELRECORDS_INSTANCE", str(work / "instance"))
    postgres = options.backend == "postgres"
    app, database_url = bench_app(options, work)
    with app.app_context():
        from panelrecords.demo.archive import seed_decisions
        from panelrecords.extensions import db
        from panelrecords.search import outbox
        from panelrecords.search.backend import document_for, get_backend
        from panelrecords.services import archive

        backend = get_backend()
        started = time.perf_counter()
        step = max(1000, options.n // 10)
        with outbox.deferred():  # index once, by the rebuild below

            def progress(message: str) -> None:
                if message.split()[1].isdigit() and int(message.split()[1]) % step == 0:
                    print(message, flush=True)

            if options.bulk:
                bulk_seed(options.n, options.seed, progress)
            else:
                seed_decisions(options.n, seed=options.seed, log=progress)
            print(f"seeded {options.n} published decisions in {time.perf_counter() - started:.1f} s", flush=True)
            started = time.perf_counter()
            # The index only: the stored "decisions like this one" (``outbox.rebuild``'s second step) are no part of
            # a search, and at 100,000 they would take longer than everything else.
            indexed = outbox.rebuild_index()
            build = time.perf_counter() - started
        print(
            f"{backend.name} index: {indexed} records built in {build:.1f} s, {index_size(app, backend):.1f} MB",
            flush=True,
        )

        queries = make_queries(options.queries, options.seed)
        for params in queries[:20]:  # warm up: open the searcher, build its caches
            archive.search(MultiDict(params))
        service_ms = []
        totals = []
        for params in queries:
            started = time.perf_counter()
            found = archive.search(MultiDict(params))
            service_ms.append((time.perf_counter() - started) * 1000)
            assert len(found.result.hits) <= 10 and found.result.facets is not None
            totals.append(found.result.total)
        p50, p95 = statistics.median(service_ms), percentile(service_ms, 0.95)
        print(f"service: p50 {p50:.1f} ms, p95 {p95:.1f} ms (mean total {statistics.mean(totals):.0f} matches)")

        if not options.no_page:
            client = app.test_client()
            page_ms = []
            for params in queries:
                url = "/search?" + urlencode([(k, v) for k, vs in params.items() for v in vs])
                started = time.perf_counter()
                response = client.get(url)
                page_ms.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            page_p95 = percentile(page_ms, 0.95)
            print(
                f"/search page: p50 {statistics.median(page_ms):.1f} ms, p95 {page_p95:.1f} ms "
                f"(+{(page_p95 / p95 - 1) * 100:.0f}% over the service's p95)"
            )

        started = time.perf_counter()
        documents = (document_for(r) for r in db.session.scalars(outbox.current_records_query()))
        connection, count = build_fts5(work / "fts5.sqlite", documents)
        print(f"FTS5 table: {count} records built in {time.perf_counter() - started:.1f} s")
        db.session.remove()
        db.engine.dispose()
    for params in queries[:20]:
        fts5_search(connection, params)
    fts_ms = []
    for params in queries:
        started = time.perf_counter()
        fts5_search(connection, params)
        fts_ms.append((time.perf_counter() - started) * 1000)
    fts_p95 = percentile(fts_ms, 0.95)
    print(f"FTS5: p50 {statistics.median(fts_ms):.1f} ms, p95 {fts_p95:.1f} ms")
    connection.close()
    if options.keep:
        print(f"kept the database and index in {work}" + (f" and {database_url}" if postgres else ""))
    else:
        shutil.rmtree(work, ignore_errors=True)
        if postgres:
            postgres_database(options.pg_server, options.pg_database, drop_only=True)
    print(
        f"search backend={backend.name} n={options.n} p50_ms={p50:.1f} p95_ms={p95:.1f} "
        f"fts5_p95_ms={fts_p95:.1f} ratio={p95 / fts_p95:.2f}"
    )


if __name__ == "__main__":
    main()
