"""Doing things at the same moment: the calls of a race test, released together from threads."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable


def together(*calls: Callable, app=None) -> list:
    """Run the calls at the same moment, each in its own thread (and, with ``app``, its own app context and
    database session, removed afterwards). Returns each call's result, or the exception it raised, in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index: int, call: Callable) -> None:
        with app.app_context() if app is not None else contextlib.nullcontext():
            barrier.wait(10)
            try:
                results[index] = call()
            except BaseException as error:  # noqa: BLE001 - reported by the caller's assertion
                results[index] = error
            finally:
                if app is not None:
                    from panelrecords.extensions import db

                    db.session.remove()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results
