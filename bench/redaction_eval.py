"""Evaluate the redaction engine on the seeded synthetic corpus and print its figures.

    .venv/bin/python bench/redaction_eval.py [--documents 300] [--seed 2024] [--repeat 3] [--show 10]

Prints recall by source and by category, character precision, documents per second on one core (propose +
apply, including compiling each case's matcher, since every document is a new case), and, as its LAST line:

    redaction known=R pattern=R name=R precision=P docs_per_s=D

Before timing, a few documents of another seed are redacted, so that what a running app does once (loading the
name lists and the phone-number rules) is not charged to the first documents. The corpus is then redacted
``--repeat`` times, each time with no matcher cached; the speed printed last is the median of those passes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from panelrecords.redaction.evaluation import corpus, score  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the corpus (median reported)")
    parser.add_argument("--show", type=int, default=10, help="misses and false positives to print")
    args = parser.parse_args()

    documents = corpus(args.documents, args.seed)
    words = sum(len(d.text.split()) for d in documents)
    print(f"corpus: {len(documents)} documents, {words / len(documents):.0f} words each on average, seed {args.seed}")
    score(corpus(20, args.seed + 1))  # warm-up, not timed
    passes = [score(documents) for _ in range(max(1, args.repeat))]
    scores = passes[0]
    speed = statistics.median(p.docs_per_second for p in passes)
    for key in sorted(scores.total):
        print(f"  recall {key:<24} {scores.recall(key):.3f}  ({scores.found[key]}/{scores.total[key]})")
    print(f"  character precision (all spans)   {scores.precision:.3f}")
    print(f"  character precision (name spans)  {scores.name_precision:.3f}")
    each = ", ".join(f"{p.docs_per_second:.0f}" for p in passes)
    print(f"  speed: {speed:.0f} documents per second (median of {len(passes)} passes: {each}; one process)")
    for title, rows in (("misses", scores.misses), ("false positives", scores.false_positives)):
        print(f"{title}: {len(rows)}")
        for row in rows[: args.show]:
            print(f"  {row}")
    print(
        f"redaction known={scores.recall('source:known'):.3f} pattern={scores.recall('source:pattern'):.3f} "
        f"name={scores.recall('source:name'):.3f} precision={scores.precision:.3f} docs_per_s={speed:.0f}"
    )


if __name__ == "__main__":
    main()
