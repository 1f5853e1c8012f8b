"""Forms for the restricted area: GOV.UK messages, validated again by the services."""

from __future__ import annotations

import re
from datetime import date, time

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
from wtforms.fields import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from panelrecords.forms import BaseForm, at_most, enter, select
from panelrecords.models.cases import Requester
from panelrecords.models.decisions import AppealOutcome, EventKind, EvidenceKind, Outcome
from panelrecords.models.panels import AttendanceStatus, AttendeeRole, DeclarationAction, PanelKind, Sector
from panelrecords.services.decisions import departure_message

YES_NO = [("yes", "Yes"), ("no", "No")]
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


def parse_time(value: str | None) -> time | None:
    """10:00, 14:30, 2pm, 2.30pm; None if it is not a time."""
    match = _TIME.match((value or "").strip())
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
    if half and not 1 <= hour <= 12 or (not half and match.group(2) is None):
        return None
    if half == "pm" and hour != 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    return time(hour, minute) if hour < 24 and minute < 60 else None


class TimeText:
    def __init__(self, what: str):
        self.what = what

    def __call__(self, form, field):
        if not (field.data or "").strip():
            raise ValidationError(f"Enter the {self.what}")
        if parse_time(field.data) is None:
            raise ValidationError(f"Enter the {self.what} as a time, like 10:00 or 14:30")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ThreePartDateField(DateField):
    """Day, month and year in three inputs, with GOV.UK messages for a missing or impossible date."""

    def __init__(self, label: str, what: str, **kwargs):
        super().__init__(
            label, format="%d %m %Y", widget=GovDateInput(), description="For example, 27 3 2026", **kwargs
        )
        self.what = what

    def process_formdata(self, valuelist):
        parts = [str(v).strip() for v in valuelist][:3]
        self.raw_data = parts + [""] * (3 - len(parts))
        self.data = None
        if all(self.raw_data):
            try:
                day, month, year = (int(p) for p in self.raw_data)
                self.data = date(year, month, day) if year >= 1000 else None
            except ValueError:
                self.data = None

    def pre_validate(self, form):
        if self.raw_data is not None and not any(self.raw_data):
            raise StopValidation(f"Enter {self.what}")
        if self.data is None:
            raise StopValidation(f"{self.label.text} must be a real date, like 27 3 2026")


def date_field(label: str, what: str, **kwargs) -> DateField:
    return ThreePartDateField(label, what, **kwargs)


def _choices(enum) -> list[tuple[str, str]]:
    return [(member.value, member.label) for member in enum]


class PanelForm(BaseForm):
    name = StringField(
        "Name of the panel", widget=GovTextInput(), validators=[enter("the name of the panel"), at_most(200, "name")]
    )
    kind = RadioField(
        "Kind of panel", choices=_choices(PanelKind), widget=GovRadioInput(), validators=[select("the kind of panel")]
    )
    terms_of_reference = TextAreaField(
        "Terms of reference", widget=GovTextArea(), validators=[at_most(20_000, "terms of reference")]
    )
    min_voting_members = IntegerField(
        "Minimum number of voting members present",
        default=3,
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the minimum number of voting members"),
            NumberRange(1, 50, message="Minimum voting members must be a number between 1 and 50"),
        ],
    )
    required_sectors = MultiCheckboxField(
        "Sectors that must be present",
        choices=_choices(Sector)[:3],
        default=["education", "health", "social_care"],
        widget=GovCheckboxesInput(),
    )
    min_parent_reps = IntegerField(
        "Minimum number of parent carer representatives present",
        default=2,
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the minimum number of parent carer representatives"),
            NumberRange(0, 10, message="Minimum parent carer representatives must be a number between 0 and 10"),
        ],
    )
    standing_members = TextAreaField(
        "Standing members",
        widget=GovTextArea(),
        description="One per line: name, organisation and sector",
        validators=[at_most(5_000, "standing members")],
    )
    submit = SubmitField("Create panel", widget=GovSubmitInput())


class MeetingForm(BaseForm):
    meeting_date = date_field("Date of the meeting", "the date of the meeting")
    start_time = StringField(
        "Start time",
        widget=GovTextInput(),
        description="For example, 10:00 or 14:30",
        validators=[TimeText("start time")],
    )
    end_time = StringField(
        "End time", widget=GovTextInput(), description="For example, 12:30", validators=[TimeText("end time")]
    )
    online = RadioField(
        "How will people attend?",
        choices=[("no", "In person"), ("yes", "Online")],
        default="no",
        widget=GovRadioInput(),
        validators=[select("how people will attend")],
    )
    place = StringField(
        "Place",
        widget=GovTextInput(),
        description="The room and building, or the online meeting's name",
        validators=[at_most(300, "place")],
    )
    submit = SubmitField("Schedule meeting", widget=GovSubmitInput())


class AttendeeForm(BaseForm):
    name = StringField(
        "Full name", widget=GovTextInput(), validators=[enter("the attendee's name"), at_most(200, "name")]
    )
    organisation = StringField("Organisation", widget=GovTextInput(), validators=[at_most(200, "organisation")])
    sector = SelectField(
        "Sector",
        choices=[("", "Select a sector"), *_choices(Sector)],
        widget=GovSelect(),
        validators=[InputRequired(message="Select the attendee's sector")],
    )
    role = SelectField(
        "Role at the meeting",
        choices=[("", "Select a role"), *_choices(AttendeeRole)],
        widget=GovSelect(),
        validators=[InputRequired(message="Select the attendee's role at the meeting")],
    )
    status = RadioField(
        "Attendance",
        choices=[(s.value, s.value.capitalize()) for s in AttendanceStatus],
        default="present",
        widget=GovRadioInput(),
        validators=[select("whether the attendee was present")],
    )
    voting = RadioField(
        "Voting member?",
        choices=YES_NO,
        default="no",
        widget=GovRadioInput(),
        validators=[select("whether the attendee votes")],
    )
    consent = RadioField(
        "Consent to be named in the published record?",
        choices=[("default", "Use the default (no for parent carer representatives, yes for officers)"), *YES_NO],
        default="default",
        widget=GovRadioInput(),
        validators=[select("whether the attendee can be named")],
    )
    submit = SubmitField("Add attendee", widget=GovSubmitInput())


class DeclarationForm(BaseForm):
    attendance_id = SelectField(
        "Who declared an interest?",
        coerce=int,
        widget=GovSelect(),
        validators=[InputRequired(message="Select who declared the interest")],
    )
    interest = TextAreaField(
        "What was declared",
        widget=GovTextArea(),
        validators=[enter("what was declared"), at_most(5_000, "declaration")],
    )
    action = RadioField(
        "What followed",
        choices=_choices(DeclarationAction),
        widget=GovRadioInput(),
        validators=[select("what followed the declaration")],
    )
    decision_id = SelectField("Which decision is it about? (optional)", widget=GovSelect(), default="")
    submit = SubmitField("Add declaration", widget=GovSubmitInput())


class AssignRepForm(BaseForm):
    user_id = SelectField(
        "Parent carer representative",
        coerce=int,
        widget=GovSelect(),
        validators=[InputRequired(message="Select a parent carer representative")],
    )
    submit = SubmitField("Assign", widget=GovSubmitInput())


class CloseMeetingForm(BaseForm):
    reason = TextAreaField(
        "Reason for closing",
        widget=GovTextArea(),
        description="Needed only if the meeting is not quorate: say why it is closed anyway",
        validators=[at_most(5_000, "reason")],
    )
    submit = SubmitField("Close meeting", widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    submit = SubmitField("Confirm", widget=GovSubmitInput())


class CaseForm(BaseForm):
    request_received_on = date_field("Date the request was received", "the date the request was received")
    requested_by = RadioField(
        "Who made the request?",
        choices=_choices(Requester),
        widget=GovRadioInput(),
        validators=[select("who made the request")],
    )
    child = StringField(
        "Child's or young person's full name",
        widget=GovTextInput(),
        validators=[enter("the child's or young person's full name"), at_most(200, "name")],
    )
    child_aliases = TextAreaField(
        "Other names they are known by",
        widget=GovTextArea(),
        description="One per line",
        validators=[at_most(2_000, "other names")],
    )
    date_of_birth = date_field("Date of birth", "the child's date of birth")
    parents = TextAreaField(
        "Parents' or carers' names",
        widget=GovTextArea(),
        description="One per line",
        validators=[at_most(2_000, "parents' or carers' names")],
    )
    other_people = TextAreaField(
        "Other people named in the papers",
        widget=GovTextArea(),
        description="Siblings, relatives, private professionals. One per line",
        validators=[at_most(5_000, "other people named")],
    )
    address = TextAreaField(
        "Address", widget=GovTextArea(), description="One address per line", validators=[at_most(2_000, "address")]
    )
    postcode = StringField("Postcode", widget=GovTextInput(), validators=[at_most(10, "postcode")])
    school = TextAreaField(
        "School or setting", widget=GovTextArea(), description="One per line", validators=[at_most(2_000, "school")]
    )
    nhs_number = StringField(
        "NHS number (optional)",
        widget=GovTextInput(),
        description="10 digits, like 485 777 3456",
        validators=[at_most(20, "NHS number")],
    )
    upn = StringField(
        "Unique pupil number (UPN) (optional)",
        widget=GovTextInput(),
        description="13 characters, like N801200000013",
        validators=[at_most(20, "UPN")],
    )
    other = TextAreaField(
        "Other identifiers (optional)",
        widget=GovTextArea(),
        description="Anything else that could identify the family. One per line",
        validators=[at_most(2_000, "other identifiers")],
    )
    submit = SubmitField("Add case", widget=GovSubmitInput())


class ExceptionForm(BaseForm):
    milestone = RadioField(
        "Which time limit?",
        choices=[
            ("assessment_decision", "Decision whether to assess (6 weeks)"),
            ("issue_decision", "Decision whether to issue a plan (16 weeks)"),
            ("final_plan", "Final plan issued (20 weeks)"),
        ],
        widget=GovRadioInput(),
        validators=[select("the time limit the exception is about")],
    )
    reason = TextAreaField(
        "Reason",
        widget=GovTextArea(),
        description="For example, the regulation that applies",
        validators=[enter("the reason for the exception"), at_most(5_000, "reason")],
    )
    submit = SubmitField("Record exception", widget=GovSubmitInput())


class DecisionStartForm(BaseForm):
    case_reference = StringField(
        "Case reference",
        widget=GovTextInput(),
        description="For example, C-7KD2QX",
        validators=[enter("the case reference"), at_most(32, "case reference")],
    )
    request_type = RadioField(
        "What was the request?", widget=GovRadioInput(), validators=[select("the type of request")]
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


def decision_form(
    request_type,
    reason_code_choices: list[tuple[str, str]],
    formdata=None,
    *,
    editing: bool = False,
    closed: bool = False,
    **kwargs,
) -> BaseForm:
    """The decision form for one request type: a finding and reasons for each limb of its legal test.

    ``editing`` adds the reason for the change (required when the meeting is ``closed``).
    """

    class DecisionForm(BaseForm):
        outcome = RadioField(
            "Outcome", choices=_choices(Outcome), widget=GovRadioInput(), validators=[select("the outcome")]
        )
        decision_maker_name = StringField(
            "Decision maker's name",
            widget=GovTextInput(),
            validators=[enter("the name of the decision maker"), at_most(200, "decision maker's name")],
        )
        decision_maker_role = StringField(
            "Decision maker's role",
            widget=GovTextInput(),
            description="The panel advises; an officer decides. For example, Head of SEND",
            validators=[enter("the decision maker's role"), at_most(200, "decision maker's role")],
        )
        reason_codes = MultiCheckboxField(
            "Reason codes",
            choices=reason_code_choices,
            widget=GovCheckboxesInput(),
            description="A refusal needs at least one",
        )
        reasons = TextAreaField(
            "Reasons", widget=GovTextArea(), validators=[at_most(20_000, "reasons for the decision")]
        )
        evidence = MultiCheckboxField(
            "Evidence considered", choices=_choices(EvidenceKind), widget=GovCheckboxesInput()
        )
        evidence_details = TextAreaField(
            "Details of the evidence (optional)",
            widget=GovTextArea(),
            description="One line per kind of evidence, starting with its name, like: Health advice: paediatrician, "
            "January 2026",
            validators=[at_most(5_000, "details of the evidence")],
        )
        dissent = TextAreaField(
            "Dissenting views", widget=GovTextArea(), validators=[at_most(20_000, "dissenting views")]
        )
        next_steps = TextAreaField("Next steps", widget=GovTextArea(), validators=[at_most(20_000, "next steps")])
        appeal_rights = TextAreaField(
            "Appeal rights", widget=GovTextArea(), validators=[at_most(20_000, "appeal rights")]
        )
        departure_reason = TextAreaField(
            "Why the outcome departs from the panel's findings (only if it does)",
            widget=GovTextArea(),
            description="Needed when the request is refused although every limb of the test is met, or agreed "
            "although a limb is not met. It is published with the decision, redacted like the reasons.",
            validators=[at_most(20_000, "why the outcome departs from the findings")],
        )
        submit = SubmitField("Save changes" if editing else "Record decision", widget=GovSubmitInput())

        def validate(self, extra_validators=None) -> bool:
            # Every rule the service applies, checked at once, so the summary lists every error together.
            valid = super().validate(extra_validators)
            refused = self.outcome.data == Outcome.REFUSED
            answered = []
            for limb, finding, reasons in self.limbs:
                if finding.data in ("met", "not_met"):
                    answered.append(finding.data)
                    if not (reasons.data or "").strip():
                        reasons.errors = [*reasons.errors, f"Enter the reasons for the finding on limb ({limb.letter})"]
                elif refused:
                    message = f"Select the panel's finding on limb ({limb.letter}) of the legal test"
                    finding.errors = [*finding.errors, message]
            if refused and not self.reason_codes.data:
                self.reason_codes.errors = [*self.reason_codes.errors, "Select at least one reason code for a refusal"]
            if refused and not (self.reasons.data or "").strip():
                self.reasons.errors = [*self.reasons.errors, "Enter the reasons for the refusal"]
            message = departure_message(self.outcome.data, answered)
            if message and not (self.departure_reason.data or "").strip():
                self.departure_reason.errors = [*self.departure_reason.errors, message]
            if editing and closed and not (self.change_reason.data or "").strip():
                self.change_reason.errors = [
                    *self.change_reason.errors,
                    "Enter why this is being changed after the meeting was closed",
                ]
            self._errors = None
            return valid and not self.errors

    if editing:
        DecisionForm.change_reason = TextAreaField(
            "Why are you changing the decision?" + ("" if closed else " (optional)"),
            widget=GovTextArea(),
            description="Kept in the audit trail with what changed. Needed once the meeting is closed.",
            validators=[at_most(5_000, "why you are changing the decision")],
        )

    limbs = []
    for limb in request_type.active_limbs:
        finding = f"limb_{limb.key}_finding"
        reasons = f"limb_{limb.key}_reasons"
        setattr(
            DecisionForm,
            finding,
            RadioField(
                f"Limb ({limb.letter}): {limb.text}",
                choices=[("met", "Met"), ("not_met", "Not met")],
                widget=GovRadioInput(),
                validators=[Optional()],
            ),
        )
        setattr(
            DecisionForm,
            reasons,
            TextAreaField(
                f"Reasons for the finding on limb ({limb.letter})",
                widget=GovTextArea(),
                validators=[at_most(10_000, f"reasons for the finding on limb ({limb.letter})")],
            ),
        )
        limbs.append((limb, finding, reasons))
    form = DecisionForm(formdata=formdata, **kwargs) if formdata is not None else DecisionForm(**kwargs)
    form.limbs = [(limb, form[finding], form[reasons]) for limb, finding, reasons in limbs]
    return form


def evidence_items(kinds: list[str], details: str) -> list[tuple[str, str]]:
    """Pair each ticked kind of evidence with the line of details that starts with its name, if any."""
    lines = [line.strip() for line in (details or "").splitlines() if line.strip()]
    items = []
    for kind in kinds:
        label = EvidenceKind(kind).label.lower() if kind in EvidenceKind.__members__.values() else kind
        line = next((ln for ln in lines if ln.lower().startswith(label)), "")
        items.append((kind, line[len(label) :].lstrip(" :-") if line else ""))
    return items


class EventForm(BaseForm):
    kind = RadioField(
        "What happened?", choices=_choices(EventKind), widget=GovRadioInput(), validators=[select("what happened")]
    )
    happened_on = date_field("Date", "the date it happened")
    mediation_outcome = StringField(
        "Outcome of the mediation",
        widget=GovTextInput(),
        description="Only for mediation. For example, agreement reached",
        validators=[at_most(200, "outcome")],
    )
    appeal_outcome = RadioField(
        "Outcome of the appeal", choices=_choices(AppealOutcome), widget=GovRadioInput(), validators=[Optional()]
    )
    note = TextAreaField("Notes (optional)", widget=GovTextArea(), validators=[at_most(5_000, "notes")])
    submit = SubmitField("Record", widget=GovSubmitInput())


class PaperForm(BaseForm):
    title = StringField(
        "Title",
        widget=GovTextInput(),
        description="For example, Educational psychologist's report",
        validators=[at_most(200, "title")],
    )
    file = FileField("File", widget=GovFileInput(), description="PDF, Word (DOCX), OpenDocument (ODT) or plain text")
    decision_id = SelectField("Which decision is it for? (optional)", widget=GovSelect(), default="")
    submit = SubmitField("Upload paper", widget=GovSubmitInput())

    def validate_file(self, field):
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError("Select a file")


class AcknowledgeForm(BaseForm):
    agree = BooleanField(
        "I will keep these papers and the discussion confidential, use them only for this panel, and not copy or "
        "share them",
        widget=GovCheckboxInput(),
        validators=[InputRequired(message="Confirm that you will keep the papers confidential")],
    )
    submit = SubmitField("Accept and continue", widget=GovSubmitInput())


class ObservationForm(BaseForm):
    text = TextAreaField(
        "Your observation", widget=GovTextArea(), validators=[enter("your observation"), at_most(10_000, "observation")]
    )
    submit = SubmitField("Add observation", widget=GovSubmitInput())


class RemovalForm(BaseForm):
    """Confirm removing something recorded by mistake; the reason is required once the meeting is closed."""

    reason = TextAreaField("Why are you removing it?", widget=GovTextArea(), validators=[at_most(5_000, "the reason")])
    submit = SubmitField("Remove", widget=GovSubmitInput())

    def __init__(self, *args, closed: bool = False, what: str = "it", **kwargs):
        super().__init__(*args, **kwargs)
        self.closed = closed
        self.reason.label.text = f"Why are you removing the {what}?" + ("" if closed else " (optional)")
        self.reason.description = "Kept in the audit trail." + (
            " Needed because the meeting is closed." if closed else ""
        )

    def validate_reason(self, field):
        if self.closed and not (field.data or "").strip():
            raise ValidationError("Enter why you are removing it after the meeting was closed")


def with_change_reason(
    form_class: type[BaseForm], *, closed: bool, submit_text: str = "Save changes"
) -> type[BaseForm]:
    """A form for correcting what was recorded: the same fields, and why (required once the meeting is closed)."""

    class CorrectionForm(form_class):
        change_reason = TextAreaField(
            "Why are you changing it?" + ("" if closed else " (optional)"),
            widget=GovTextArea(),
            description="Kept in the audit trail with what changed."
            + (" Needed because the meeting is closed." if closed else ""),
            validators=[at_most(5_000, "why you are changing it")],
        )
        submit = SubmitField(submit_text, widget=GovSubmitInput())

        def validate_change_reason(self, field):
            if closed and not (field.data or "").strip():
                raise ValidationError("Enter why this is being changed after the meeting was closed")

    return CorrectionForm
