from __future__ import annotations

import json

from sqlalchemy import select, update

from panelrecords.models.audit import AuditEvent
from panelrecords.services import Actor, audit


def _write_events(db, n=5):
    actor = Actor(user_id=None, label="tester", address="192.0.2.1")
    for i in range(n):
        audit.record("thing.update", "thing", i, by=actor, detail={"n": i})
    db.session.commit()


def test_an_untouched_chain_verifies(app, db):
    _write_events(db)
    assert list(audit.verify()) == []
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.sequence)).all()
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5]
    assert all(later.previous_hash == earlier.hash for earlier, later in zip(events, events[1:], strict=False))


def test_a_changed_event_breaks_the_chain(app, db):
    _write_events(db)
    db.session.execute(update(AuditEvent).where(AuditEvent.sequence == 3).values(detail=json.dumps({"n": 99})))
    db.session.commit()
    problems = list(audit.verify())
    assert [p.sequence for p in problems] == [3]


def test_a_deleted_event_breaks_the_chain(app, db):
    _write_events(db)
    db.session.delete(db.session.scalar(select(AuditEvent).where(AuditEvent.sequence == 2)))
    db.session.commit()
    assert list(audit.verify())


def test_removing_the_newest_events_is_detected(app, db):
    _write_events(db)
    db.session.delete(db.session.scalar(select(AuditEvent).where(AuditEvent.sequence == 5)))
    db.session.commit()
    assert any("newest" in p.message for p in audit.verify())


def test_flask_audit_verify_exits_non_zero_when_broken(app, db):
    _write_events(db)
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "verifies" in ok.output
    db.session.execute(update(AuditEvent).where(AuditEvent.sequence == 1).values(actor_label="someone else"))
    db.session.commit()
    broken = runner.invoke(args=["audit", "verify"])
    assert broken.exit_code == 1
    assert "event 1" in broken.output


def test_audit_event_keeps_the_address_and_actor(app, db):
    audit.record("thing.create", "thing", 7, by=Actor(user_id=None, label="cli", address="203.0.113.9"))
    db.session.commit()
    event = db.session.scalar(select(AuditEvent))
    assert (event.actor_label, event.address, event.object_id) == ("cli", "203.0.113.9", "7")


def test_writers_racing_onto_an_empty_log_chain_one_after_the_other(make_app, db):
    """Two transactions writing the first events at once: the second waits for the first, neither fails."""
    import threading

    apps = [make_app(), make_app()]
    first_written = threading.Event()
    errors: list[BaseException] = []

    def write(app, hold: bool) -> None:
        try:
            with app.app_context():
                from panelrecords.extensions import db as app_db

                audit.record("race.write", "race", 1 if hold else 2, by=Actor.system("race"))
                if hold:
                    first_written.set()
                    threading.Event().wait(0.5)  # keep the transaction open while the other one starts
                app_db.session.commit()
                app_db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
            first_written.set()

    holder = threading.Thread(target=write, args=(apps[0], True))
    holder.start()
    first_written.wait(10)
    racer = threading.Thread(target=write, args=(apps[1], False))
    racer.start()
    holder.join(30)
    racer.join(30)
    assert errors == []
    db.session.expire_all()
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.sequence)).all()
    assert [(e.sequence, e.object_id) for e in events] == [(1, "1"), (2, "2")]
    assert list(audit.verify()) == []
