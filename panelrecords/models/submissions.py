"""One-time form tokens claimed in the database, so a form sent twice at once still does its work once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from panelrecords.extensions import db
from panelrecords.models.types import UTCDateTime


class FormSubmission(db.Model):
    __tablename__ = "form_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The form's one-time token: unique, so of two submissions of one form only one can claim it.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # Where the submission that did the work was sent next (None while it is still running).
    location: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
