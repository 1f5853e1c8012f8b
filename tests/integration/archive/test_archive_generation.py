"""The archive generation changes, in the same transaction, with every public change, and with nothing else; two
publishers at the same moment raise it twice (SQLite and PostgreSQL)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import random
from datetime import UTC, date, datetime

from sqlalchemy import update

from panelrecords.demo.archive import make_decision
from panelrecords.extensions import db as extension_db
from panelrecords.models import generation
from panelrecords.models.published import PublishedRecord
from panelrecords.models.published_boards import PublishedBoard
from panelrecords.services import Actor
from tests import publish_helpers as pub
from tests.concurrency import together
from tests.factories import make_case

BY = Actor.system("test")
TRIALS = 10
# The modules the "public code" import contract names (pyproject.toml).
PUBLIC_MODULES = [
    "panelrecords.archive",
    "panelrecords.api.public",
    "panelrecords.governance.public",
    "panelrecords.services.archive",
    "panelrecords.services.governance_public",
    "panelrecords.services.open_data",
    "panelrecords.services.statistics",
    "panelrecords.services.statistics_model",
    "panelrecords.services.suppression",
]


def _value() -> int:
    return generation.read().value


def _publish(seed: int):
    return pub.publish(
        "decision", make_decision(random.Random(seed), date(2026, 1, 5)), source_type="decision", source_id=seed,
        known=[], by=BY,
    )  # fmt: skip


def _modules(name: str):
    module = importlib.import_module(name)
    yield module
    for found in pkgutil.walk_packages(getattr(module, "__path__", []), prefix=f"{name}."):
        yield importlib.import_module(found.name)


def test_every_table_public_code_reads_raises_the_generation():
    used = {
        value.__tablename__
        for name in PUBLIC_MODULES
        for module in _modules(name)
        for _attr, value in inspect.getmembers(module, inspect.isclass)
        if issubclass(value, extension_db.Model) and hasattr(value, "__tablename__")
    }
    assert used and used <= generation.PUBLIC_TABLES, used - generation.PUBLIC_TABLES


def test_public_changes_raise_it_and_other_changes_do_not(app, db):
    start = _value()
    record = _publish(1)
    after_publication = _value()
    assert after_publication > start  # the publication and the drain of its outbox row
    make_case(db, reference="C-GEN001")
    db.session.commit()
    assert _value() == after_publication  # a restricted table only
    db.session.add(PublishedBoard(acronym="SIB", name="SEND Improvement Board", updated_at=datetime.now(UTC)))
    db.session.rollback()
    assert _value() == after_publication  # rolled back: nothing changed
    db.session.execute(update(PublishedRecord).where(PublishedRecord.id == record.id).values(title="A new title"))
    db.session.commit()
    assert _value() == after_publication + 1  # a bulk statement counts too
    db.session.get(PublishedRecord, record.id).summary = "Changed"
    db.session.commit()
    assert _value() == after_publication + 2
    assert generation.read().changed_at is not None


def _race(app, calls) -> list:
    """Run the calls at the same moment, each in its own app context; return the errors."""
    return [result for result in together(*calls, app=app) if isinstance(result, BaseException)]


def test_two_publishers_at_the_same_moment_raise_it_twice(app, db, monkeypatch):
    from panelrecords.services import common

    # Without the drain after each commit, each publication is exactly one public transaction.
    monkeypatch.setattr(common, "drain_outbox", lambda: None)
    start = _value()
    for trial in range(TRIALS):
        assert _race(app, [lambda seed=100 + 2 * trial + n: _publish(seed) for n in range(2)]) == []
    db.session.expire_all()
    assert _value() == start + 2 * TRIALS


def test_two_writers_without_any_other_lock_raise_it_twice(app, db):
    """Publications also wait for each other on the audit chain; these two writers share nothing but the row."""
    start = _value()

    def add_board(acronym: str) -> None:
        extension_db.session.add(PublishedBoard(acronym=acronym, name=acronym, updated_at=datetime.now(UTC)))
        extension_db.session.commit()

    for trial in range(TRIALS):
        assert _race(app, [lambda name=f"B{trial}X{n}": add_board(name) for n in range(2)]) == []
    db.session.expire_all()
    assert _value() == start + 2 * TRIALS
