"""Demo data: synthetic, invented records for trying the service and for benchmarks.

Each area adds a loader with ``@loader(order)``; ``flask demo load`` runs them in order. Loaders are
idempotent: each checks what is there and adds only what is missing. Nothing here is about a real person.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

DEMO_PASSWORD = "demo-password-2026"


@dataclass
class DemoContext:
    seed: int
    options: dict = field(default_factory=dict)
    log: Callable[[str], None] = print

    def rng(self, name: str) -> random.Random:
        """A random generator of its own for each loader, so adding one loader does not change another's data."""
        return random.Random(f"{self.seed}:{name}")


_LOADERS: list[tuple[int, str, Callable[[DemoContext], None]]] = []


def loader(order: int) -> Callable:
    def register(function: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
        _LOADERS.append((order, function.__module__ + "." + function.__name__, function))
        return function

    return register


def load_all(context: DemoContext) -> None:
    from panelrecords.demo import accounts, archive, governance, publication, recording  # noqa: F401  (each import registers its loaders)

    for _order, _name, function in sorted(_LOADERS, key=lambda item: (item[0], item[1])):
        function(context)
