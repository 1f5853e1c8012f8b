"""Forms of the publication workflow. Offsets and fields are checked again by the service (posts can be crafted)."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms.fields import BooleanField, HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField

from panelrecords import redaction
from panelrecords.forms import BaseForm, at_most, enter, select

CATEGORY_LABELS = {
    "child": "The child",
    "parent": "A parent or carer",
    "person": "Another person",
    "date_of_birth": "A date of birth",
    "school": "A school or setting",
    "address": "An address",
    "postcode": "A postcode",
    "nhs_number": "An NHS number",
    "upn": "A unique pupil number",
    "phone": "A phone number",
    "email": "An email address",
    "nino": "A National Insurance number",
    "other": "Something else that could identify the family",
    "family_name": "A family name shared by people of the case",
}
CATEGORY_CHOICES = [(c, f"{CATEGORY_LABELS[c]} – shown as {redaction.LABELS[c]}") for c in redaction.CATEGORIES]


class AddSpanForm(BaseForm):
    class Meta:
        csrf = False  # the page renders one CSRF field for each of its forms, without an id

    field = SelectField("Which text", choices=[], widget=GovSelect(), validate_choice=False)
    text = StringField("Text to redact", widget=GovTextInput(), validators=[at_most(1_000, "text to redact")])
    start = StringField("Start (character offset)", widget=GovTextInput())
    end = StringField("End (character offset)", widget=GovTextInput())
    category = SelectField("What it is", choices=CATEGORY_CHOICES, widget=GovSelect(), validate_choice=False)
    add = SubmitField("Redact", widget=GovSubmitInput())


class RemoveSpanForm(BaseForm):
    field = HiddenField()
    start = HiddenField()
    end = HiddenField()
    reason = TextAreaField(
        "Why this is not an identifier",
        widget=GovTextArea(),
        validators=[enter("why this is not an identifier"), at_most(1_000, "the reason")],
    )
    remove = SubmitField("Remove the redaction", widget=GovSubmitInput())


class SubmitDraftForm(BaseForm):
    class Meta:
        csrf = False

    correction_note = TextAreaField("What was corrected", widget=GovTextArea(), validators=[at_most(5_000, "the note")])
    send = SubmitField("Submit for review", widget=GovSubmitInput())


class ReviewForm(BaseForm):
    decision = RadioField(
        "Your review",
        choices=[("approve", "Approve and publish"), ("send_back", "Send back with comments")],
        widget=GovRadioInput(),
        validators=[select("whether to approve the draft or send it back")],
    )
    comments = TextAreaField(
        "Comments for the preparer", widget=GovTextArea(), validators=[at_most(5_000, "the comments")]
    )
    words_confirmed = BooleanField(
        "I have read each word listed: each is used as an ordinary word, not as a name of the family",
        widget=GovCheckboxInput(),
    )
    save = SubmitField("Save review", widget=GovSubmitInput())


class WithdrawForm(BaseForm):
    reason = TextAreaField(
        "Why the record is being withdrawn",
        widget=GovTextArea(),
        validators=[enter("why the record is being withdrawn"), at_most(5_000, "the reason")],
    )
    withdraw = SubmitField("Withdraw now", widget=GovSubmitInput())
