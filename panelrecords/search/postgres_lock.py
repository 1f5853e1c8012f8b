"""The PostgreSQL index's single writer: an advisory lock, so one process on one host writes at a time."""

from __future__ import annotations

import time

from sqlalchemy import func, literal, select

from panelrecords.extensions import db

# One number names the index's writer lock in every process and host (advisory locks are per database).
LOCK_KEY = 0x5EA2C4_1D3C5


class AdvisoryLock:
    """The index's single writer: a session-level advisory lock held on a connection of its own for the ``with``
    block (released by PostgreSQL if the process dies). ``acquired`` tells whether this process holds it."""

    def __init__(self, blocking: bool = False, timeout: float = 0.0):
        self.blocking = blocking
        self.timeout = timeout
        self.acquired = False
        self._connection = None

    def __enter__(self) -> AdvisoryLock:
        self._connection = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        key = literal(LOCK_KEY)
        if self.blocking:
            self._connection.execute(select(func.pg_advisory_lock(key)))
            self.acquired = True
            return self
        deadline = time.monotonic() + self.timeout
        while True:
            if self._connection.scalar(select(func.pg_try_advisory_lock(key))):
                self.acquired = True
                return self
            if time.monotonic() >= deadline:
                return self
            time.sleep(0.05)

    def __exit__(self, *exc) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            if self.acquired:
                connection.scalar(select(func.pg_advisory_unlock(literal(LOCK_KEY))))
        except Exception:  # a broken connection: dropping it is what releases the lock
            connection.invalidate()
            raise
        finally:
            self.acquired = False
            connection.close()
