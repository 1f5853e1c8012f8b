"""How fast the leak gate checks a text against every case's identifiers, side by side with references.

    .venv/bin/python bench/gate_bench.py [--cases 10000] [--texts 200] [--seed 2024]

Builds the automata of ``publishing.identifiers`` over the identifiers of ``--cases`` synthetic cases (from the
redaction library's evaluation corpus), then times ``IdentifierIndex.find`` on ``--texts`` texts of about 600
words: texts about cases that are *not* in the index (the common case: nothing to find) and texts about cases
that are (each has hits). In the same run it times two references on the same texts: ``redaction.check``
against the text's own case only (what the gate did per record before it knew every case), and the naive way to
know every case — ``redaction.check`` once per case — on 100 cases, scaled to ``--cases``.

The LAST line is:

    gate cases=N build_s=B p50_ms=X p95_ms=Y cpu_p95_ms=C own_case_p95_ms=R naive_p95_ms_scaled=S

Wall-clock times on a shared machine swing with its load; ``cpu_p95_ms`` (this process's CPU time per text)
does not.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from panelrecords import redaction  # noqa: E402
from panelrecords.publishing.identifiers import IdentifierIndex  # noqa: E402
from panelrecords.redaction.evaluation import make_document  # noqa: E402


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


def _time(function, texts, clock=time.perf_counter) -> list[float]:
    found = []
    for text in texts:
        start = clock()
        function(text)
        found.append((clock() - start) * 1000)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--texts", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    start = time.perf_counter()
    documents = [make_document(args.seed * 100_000 + n) for n in range(args.cases)]
    print(f"made {len(documents)} synthetic cases in {time.perf_counter() - start:.1f} s")
    cases = [(n, d.known.to_dict()) for n, d in enumerate(documents)]
    start = time.perf_counter()
    index = IdentifierIndex(cases)
    build = time.perf_counter() - start
    print(f"index of {args.cases} cases built in {build:.2f} s")

    outside = [make_document(args.seed * 100_000 + args.cases + n) for n in range(args.texts)]
    inside = documents[: args.texts]
    words = statistics.mean(len(d.text.split()) for d in outside)
    print(f"texts: {args.texts} about cases outside the index, {args.texts} about cases in it, ~{words:.0f} words")
    index.find(outside[0].text)  # warm-up
    quiet = _time(index.find, [d.text for d in outside])
    found = [index.find(d.text) for d in inside]
    hits = sum(1 for f in found if f)
    loud = _time(index.find, [d.text for d in inside])
    own = []
    for document in outside:
        start = time.perf_counter()
        redaction.check(document.text, document.known)
        own.append((time.perf_counter() - start) * 1000)
    sample = [redaction.Known.from_dict(known) for _n, known in cases[:100]]
    naive = []
    for document in outside[:20]:
        start = time.perf_counter()
        for known in sample:
            redaction.check(document.text, known)
        naive.append((time.perf_counter() - start) * 1000 * args.cases / len(sample))

    cpu = _time(index.find, [d.text for d in outside + inside], clock=time.process_time)
    c50, c95 = _percentiles(cpu)
    q50, q95 = _percentiles(quiet)
    l50, l95 = _percentiles(loud)
    o50, o95 = _percentiles(own)
    n50, n95 = _percentiles(naive)
    print(f"index, texts naming no indexed case: p50 {q50:.2f} ms, p95 {q95:.2f} ms")
    print(f"index, texts about indexed cases:    p50 {l50:.2f} ms, p95 {l95:.2f} ms ({hits}/{len(inside)} found)")
    print(f"reference, redaction.check against the text's own case only: p50 {o50:.2f} ms, p95 {o95:.2f} ms")
    print(f"reference, redaction.check once per case, scaled to {args.cases}: p50 {n50:.0f} ms, p95 {n95:.0f} ms")
    print(f"index, all texts, CPU time of this process: p50 {c50:.2f} ms, p95 {c95:.2f} ms")
    p50, p95 = _percentiles(quiet + loud)
    print(
        f"gate cases={args.cases} build_s={build:.2f} p50_ms={p50:.2f} p95_ms={p95:.2f} cpu_p95_ms={c95:.2f} "
        f"own_case_p95_ms={o95:.2f} naive_p95_ms_scaled={n95:.0f}"
    )


if __name__ == "__main__":
    main()
