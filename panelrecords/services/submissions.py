"""Claiming a form's one-time token in the database (see ``records.once``).

A token is claimed in a transaction of its own before the form's work starts, so two submissions of one form —
the back button, or a double click that sends both at once — cannot both do it: the unique index lets one claim
win; the other waits for the winner's outcome and is sent where the winner went.
"""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from panelrecords.extensions import db
from panelrecords.models.submissions import FormSubmission
from panelrecords.services.common import now

KEEP = timedelta(days=2)
WAIT_SECONDS = 10.0


def claim(token: str) -> bool:
    """True if this submission may do the form's work; False if another one claimed the token first."""
    db.session.rollback()  # nothing of this request is pending yet; start a transaction of our own
    db.session.add(FormSubmission(token=token[:64], created_at=now()))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def outcome(token: str, *, wait: float = WAIT_SECONDS) -> str | None:
    """Where the submission that claimed ``token`` went, waiting for it to finish if it is still running."""
    deadline = time.monotonic() + wait
    while True:
        location = db.session.scalar(select(FormSubmission.location).where(FormSubmission.token == token[:64]))
        db.session.rollback()
        if location or time.monotonic() >= deadline:
            return location
        time.sleep(0.05)


def finish(token: str, location: str | None) -> None:
    """Record where the work went (a redirect), or release the token when the form came back with errors."""
    db.session.rollback()
    if location:
        db.session.execute(
            update(FormSubmission).where(FormSubmission.token == token[:64]).values(location=location[:500])
        )
    else:
        db.session.execute(delete(FormSubmission).where(FormSubmission.token == token[:64]))
    db.session.execute(delete(FormSubmission).where(FormSubmission.created_at < now() - KEEP))
    db.session.commit()
