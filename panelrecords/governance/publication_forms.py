"""Forms for asking a second person to publish, and for reviewing what they would publish."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovSubmitInput, GovTextArea
from wtforms.fields import SubmitField, TextAreaField
from wtforms.validators import Optional

from panelrecords.forms import BaseForm, enter
from panelrecords.governance.forms import MultiCheckboxField as _Checkboxes


class RequestPublicationForm(BaseForm):
    redact = _Checkboxes("Names to redact", choices=[], widget=GovCheckboxesInput(), validate_choice=False)
    # Only for a correction of published minutes.
    note = TextAreaField("What was corrected?", widget=GovTextArea(), validators=[Optional()])
    submit = SubmitField("Ask for a second person's review", widget=GovSubmitInput())


class ReviewForm(BaseForm):
    names = _Checkboxes("Names that may be published", choices=[], widget=GovCheckboxesInput(), validate_choice=False)
    submit = SubmitField("Approve and publish", widget=GovSubmitInput())


class SendBackForm(BaseForm):
    comments = TextAreaField("What needs to change?", widget=GovTextArea(), validators=[enter("what needs to change")])
    submit = SubmitField("Send back", widget=GovSubmitInput())
