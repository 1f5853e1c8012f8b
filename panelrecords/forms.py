"""Form helpers shared by the blueprints' forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, InputRequired, Length


def enter(what: str) -> DataRequired:
    """The GOV.UK message for a missing answer: "Enter the date of the meeting"."""
    return DataRequired(message=f"Enter {what}")


def select(what: str) -> InputRequired:
    return InputRequired(message=f"Select {what}")


def at_most(n: int, what: str) -> Length:
    return Length(max=n, message=f"{what[:1].upper()}{what[1:]} must be {n:,} characters or fewer")


class BaseForm(FlaskForm):
    """A form that can show a service's domain error on the field it is about."""

    def add_error(self, field_name: str | None, message: str) -> None:
        field = getattr(self, field_name, None) if field_name else None
        if field is None:
            field = next(iter(self._fields.values()))
        # WTForms keeps errors as a tuple before validation ran and a list after.
        field.errors = [*field.errors, message]
        self._errors = None  # recompute form.errors
