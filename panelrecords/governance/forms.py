"""Forms for the governance area."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import Form
from wtforms.fields import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from panelrecords.forms import BaseForm, at_most, enter, select
from panelrecords.markdown import MAX_MARKDOWN_LENGTH
from panelrecords.models.boards import ActionStatus, BoardAttendanceStatus

LONDON = ZoneInfo("Europe/London")
_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.I)


def parse_time(text: str) -> time | None:
    """'2pm', '2:30pm', '14:00', 'midday' → a time; None if it does not read as one."""
    text = (text or "").strip().lower()
    if text in ("midday", "noon"):
        return time(12, 0)
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match[2] is None:
        return None
    return time(hour, minute) if hour < 24 and minute < 60 else None


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class BoardForm(BaseForm):
    acronym = StringField(
        "Short name", widget=GovTextInput(), validators=[enter("the board's short name"), at_most(16, "short name")]
    )
    name = StringField("Name", widget=GovTextInput(), validators=[enter("the board's name"), at_most(200, "name")])
    description = TextAreaField(
        "Description", widget=GovTextArea(), validators=[Optional(), at_most(5000, "description")]
    )
    terms_of_reference = TextAreaField(
        "Terms of reference", widget=GovTextArea(), validators=[Optional(), at_most(20000, "terms of reference")]
    )
    submit = SubmitField("Save board", widget=GovSubmitInput())


class MemberForm(BaseForm):
    name = StringField("Name", widget=GovTextInput(), validators=[enter("the member's name"), at_most(120, "name")])
    organisation = StringField(
        "Organisation", widget=GovTextInput(), validators=[Optional(), at_most(200, "organisation")]
    )
    role = StringField("Role on the board", widget=GovTextInput(), validators=[Optional(), at_most(120, "role")])
    from_date = DateField("Member from", widget=GovDateInput(), format="%d %m %Y", validators=[Optional()])
    to_date = DateField("Member until", widget=GovDateInput(), format="%d %m %Y", validators=[Optional()])
    submit = SubmitField("Add member", widget=GovSubmitInput())


class MeetingForm(BaseForm):
    day = DateField(
        "Date of the meeting",
        widget=GovDateInput(),
        format="%d %m %Y",
        validators=[InputRequired(message="Enter the date of the meeting")],
    )
    start = StringField("Start time", widget=GovTextInput(), validators=[enter("the start time")])
    place = StringField("Place", widget=GovTextInput(), validators=[Optional(), at_most(200, "place")])
    online = BooleanField("The meeting is online", widget=GovCheckboxInput())
    submit = SubmitField("Schedule meeting", widget=GovSubmitInput())

    def validate_start(self, field) -> None:
        if parse_time(field.data) is None:
            raise ValidationError("Enter the start time, like 2pm or 14:00")

    def starts_at(self) -> datetime:
        local = datetime.combine(self.day.data, parse_time(self.start.data), tzinfo=LONDON)
        return local.astimezone(UTC)


class AgendaItemForm(BaseForm):
    title = StringField(
        "Title", widget=GovTextInput(), validators=[enter("the title of the item"), at_most(300, "title")]
    )
    presenter = StringField("Presenter", widget=GovTextInput(), validators=[Optional(), at_most(200, "presenter")])
    submit = SubmitField("Add item", widget=GovSubmitInput())


ATTENDANCE_CHOICES = [(s.value, s.label) for s in BoardAttendanceStatus]


class AttendanceForm(BaseForm):
    name = StringField("Name", widget=GovTextInput(), validators=[enter("the person's name"), at_most(120, "name")])
    organisation = StringField(
        "Organisation", widget=GovTextInput(), validators=[Optional(), at_most(200, "organisation")]
    )
    role = StringField("Role", widget=GovTextInput(), validators=[Optional(), at_most(120, "role")])
    status = RadioField(
        "Attendance", choices=ATTENDANCE_CHOICES, widget=GovRadioInput(), validators=[select("their attendance")]
    )
    not_named = BooleanField(
        "Do not name this person in the published minutes (a private individual)", widget=GovCheckboxInput()
    )
    submit = SubmitField("Add to attendance", widget=GovSubmitInput())


class DeclarationForm(BaseForm):
    who = StringField(
        "Who declared", widget=GovTextInput(), validators=[enter("who declared"), at_most(200, "who declared")]
    )
    what = TextAreaField("Interest declared", widget=GovTextArea(), validators=[enter("the interest declared")])
    action = TextAreaField(
        "What followed", widget=GovTextArea(), validators=[Optional(), at_most(2000, "what followed")]
    )
    submit = SubmitField("Add declaration", widget=GovSubmitInput())


class MinutesForm(BaseForm):
    discussion = TextAreaField(
        "Discussion",
        widget=GovTextArea(),
        validators=[Optional(), at_most(MAX_MARKDOWN_LENGTH, "discussion")],
    )
    decisions = TextAreaField(
        "Decisions taken", widget=GovTextArea(), validators=[Optional(), at_most(20_000, "decisions")]
    )
    submit = SubmitField("Save minutes", widget=GovSubmitInput())


class ActionForm(BaseForm):
    description = TextAreaField("Action agreed", widget=GovTextArea(), validators=[enter("what was agreed")])
    owner = StringField(
        "Owner (role or organisation)",
        widget=GovTextInput(),
        validators=[enter("who owns the action"), at_most(200, "owner")],
    )
    due = DateField("Due date", widget=GovDateInput(), format="%d %m %Y", validators=[Optional()])
    submit = SubmitField("Add action", widget=GovSubmitInput())


UPDATE_CHOICES = [(s.value, s.label) for s in ActionStatus if s is not ActionStatus.OVERDUE]


class ActionUpdateForm(BaseForm):
    status = RadioField("Status", choices=UPDATE_CHOICES, widget=GovRadioInput(), validators=[select("the status")])
    # Required by the service, whose message says what is missing ("why the action was dropped" …).
    text = TextAreaField(
        "What has happened", widget=GovTextArea(), validators=[Optional(), at_most(5000, "what has happened")]
    )
    submit = SubmitField("Save update", widget=GovSubmitInput())


class ImportForm(BaseForm):
    document = FileField("Minutes document", widget=GovFileInput())
    submit = SubmitField("Read document", widget=GovSubmitInput())


class ImportedItemForm(Form):
    title = StringField(
        "Title", widget=GovTextInput(), validators=[enter("the title of the item"), at_most(300, "title")]
    )
    presenter = StringField("Presenter", widget=GovTextInput(), validators=[Optional(), at_most(200, "presenter")])
    discussion = TextAreaField("Discussion", widget=GovTextArea(), validators=[Optional()])
    decisions = TextAreaField("Decisions taken", widget=GovTextArea(), validators=[Optional()])
    keep = BooleanField("Save this item", widget=GovCheckboxInput(), default=True)


class ImportReviewForm(BaseForm):
    items = FieldList(FormField(ImportedItemForm), min_entries=0, max_entries=60)
    submit = SubmitField("Save these items", widget=GovSubmitInput())


class PublishForm(BaseForm):
    names = MultiCheckboxField(
        "Names found in the minutes", choices=[], widget=GovCheckboxesInput(), validate_choice=False
    )
    redact = MultiCheckboxField("Names to redact", choices=[], widget=GovCheckboxesInput(), validate_choice=False)
    # Only for a correction of published minutes.
    note = TextAreaField("What was corrected?", widget=GovTextArea(), validators=[Optional()])
    submit = SubmitField("Publish", widget=GovSubmitInput())


class ApprovalForm(BaseForm):
    approving_meeting = SelectField(
        "Meeting that approved the minutes", widget=GovSelect(), validators=[select("the meeting that approved them")]
    )
    submit = SubmitField("Record approval", widget=GovSubmitInput())


class WithdrawForm(BaseForm):
    reason = TextAreaField(
        "Why are the minutes being withdrawn?",
        widget=GovTextArea(),
        validators=[enter("why the minutes are being withdrawn")],
    )
    submit = SubmitField("Withdraw minutes", widget=GovSubmitInput())


class PaperForm(BaseForm):
    title = StringField(
        "Title", widget=GovTextInput(), validators=[enter("the title of the paper"), at_most(200, "title")]
    )
    document = FileField("File", widget=GovFileInput())
    public = RadioField(
        "Who can read it?",
        choices=[("public", "Public: published with the minutes"), ("restricted", "Restricted: board members only")],
        widget=GovRadioInput(),
        validators=[select("who can read the paper")],
    )
    submit = SubmitField("Add paper", widget=GovSubmitInput())


class RemoveForm(BaseForm):
    """Confirm removing something recorded by mistake (the audit keeps what it said)."""

    submit = SubmitField("Remove", widget=GovSubmitInput())
