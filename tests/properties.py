"""Hypothesis profiles: deterministic in CI, many random examples under ``make fuzz``.

- ``ci`` (chosen when ``CI=true``): derandomised — the same examples every run, so a red CI is always the code's
  fault, never the dice's. The examples still vary with the test's code, and explicit ``@example`` cases pin
  the bugs found so far.
- ``dev`` (the default): random examples, as many as each test asks for.
- ``fuzz`` (``make fuzz``): random, and ``FUZZ_SCALE`` (default 40) times as many examples; a failure prints the
  ``@reproduce_failure`` blob to pin it as an explicit example.

Property tests ask for ``max_examples=examples(n)`` so that the fuzz profile can scale them.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev")
SCALE = int(os.environ.get("FUZZ_SCALE", "40")) if PROFILE == "fuzz" else 1

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.register_profile(
    "fuzz", deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile(PROFILE)


def examples(n: int) -> int:
    """How many examples a property test runs: ``n``, or ``n`` times ``FUZZ_SCALE`` under ``make fuzz``."""
    return n * SCALE
