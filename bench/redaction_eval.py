"""Evaluate the redaction engine on the seeded synthetic corpus and print its figures.

    .venv/bin/python bench/redaction_eval.py [--documents 300] [--seed 2024] [--repeat 3] [--show 10]

Prints recall by source and by category, character precision, documents per second on one core (propose +
apply, including compiling each case's matcher, since every document is a new case); then, on a second corpus
written by another generator (panelrecords/redaction/evaluation_forms.py: its own sentence shapes and name lists),
recall form by form for the hard ways identifiers are written (compact dates, spaced or look-alike letters,
initials of schools, e-mail addresses of known names, shared surnames …) by the redactor and by the leak gate,
and its character precision; and, as its LAST line:

    redaction known=R pattern=R name=R precision=P docs_per_s=D cpu_docs_per_s=C

docs_per_s is wall-clock time; cpu_docs_per_s counts only this process's CPU time, so it stays comparable when
other work shares the machine's cores.

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
from panelrecords.redaction.evaluation_forms import FORMS, form_corpus, score_forms  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the corpus (median reported)")
    parser.add_argument("--show", type=int, default=10, help="misses and false positives to print")
    parser.add_argument("--form-documents", type=int, default=200, help="documents of the hard-forms corpus")
    args = parser.parse_args()

    documents = corpus(args.documents, args.seed)
    words = sum(len(d.text.split()) for d in documents)
    print(f"corpus: {len(documents)} documents, {words / len(documents):.0f} words each on average, seed {args.seed}")
    score(corpus(20, args.seed + 1))  # warm-up, not timed
    passes = [score(documents) for _ in range(max(1, args.repeat))]
    scores = passes[0]
    speed = statistics.median(p.docs_per_second for p in passes)
    cpu_speed = statistics.median(p.docs_per_cpu_second for p in passes)
    for key in sorted(scores.total):
        print(f"  recall {key:<24} {scores.recall(key):.3f}  ({scores.found[key]}/{scores.total[key]})")
    print(f"  character precision (all spans)   {scores.precision:.3f}")
    print(f"  character precision (name spans)  {scores.name_precision:.3f}")
    each = ", ".join(f"{p.docs_per_second:.0f}" for p in passes)
    print(f"  speed: {speed:.0f} documents per second (median of {len(passes)} passes: {each}; one process)")
    each_cpu = ", ".join(f"{p.docs_per_cpu_second:.0f}" for p in passes)
    print(f"  speed: {cpu_speed:.0f} documents per CPU second of this process (passes: {each_cpu})")
    for title, rows in (("misses", scores.misses), ("false positives", scores.false_positives)):
        print(f"{title}: {len(rows)}")
        for row in rows[: args.show]:
            print(f"  {row}")
    forms = score_forms(form_corpus(args.form_documents, args.seed))
    print(f"hard forms: {forms.documents} documents (seed {args.seed}), recall by the redactor / by the leak gate")
    for form in FORMS:
        gate = "n/a" if form == "third_party_particle_name" else f"{forms.gate_recall(form):.3f}"
        print(f"  {form:<34} {forms.recall(form):.3f} / {gate}  ({forms.redacted[form]}/{forms.total[form]})")
    print(f"  character precision (all spans)   {forms.precision:.3f}")
    print(f"  identifiers left after redaction  {forms.leaks_after_redaction}")
    for title, rows in (("misses", forms.misses), ("false positives", forms.false_positives)):
        print(f"{title}: {len(rows)}")
        for row in rows[: args.show]:
            print(f"  {row}")
    worst = min(forms.recall(form) for form in FORMS)
    worst_gate = min(forms.gate_recall(form) for form in FORMS if form != "third_party_particle_name")
    print(f"redaction-forms recall={worst:.3f} gate={worst_gate:.3f} precision={forms.precision:.3f}")
    print(
        f"redaction known={scores.recall('source:known'):.3f} pattern={scores.recall('source:pattern'):.3f} "
        f"name={scores.recall('source:name'):.3f} precision={scores.precision:.3f} docs_per_s={speed:.0f} "
        f"cpu_docs_per_s={cpu_speed:.0f}"
    )


if __name__ == "__main__":
    main()
