"""Forms for the controlled lists: reason codes, request types and the limbs of their legal tests."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms.fields import StringField, SubmitField, TextAreaField
from wtforms.validators import Optional

from panelrecords.forms import BaseForm, at_most, enter


class ReasonCodeForm(BaseForm):
    code = StringField(
        "Code",
        description="Lower-case letters, digits and underscores, for example needs_met_in_school. It never changes.",
        widget=GovTextInput(),
        validators=[enter("a code"), at_most(64, "code")],
    )
    label = StringField(
        "Wording",
        description="What decision records and the archive say, for example “Needs can be met from SEN support”.",
        widget=GovTextInput(),
        validators=[enter("the wording of the reason code"), at_most(300, "wording")],
    )
    submit = SubmitField("Save reason code", widget=GovSubmitInput())


class ReviseReasonCodeForm(BaseForm):
    label = StringField(
        "New wording",
        description="Decisions already recorded keep the wording they were given.",
        widget=GovTextInput(),
        validators=[enter("the new wording"), at_most(300, "wording")],
    )
    submit = SubmitField("Save new version", widget=GovSubmitInput())


class RequestTypeForm(BaseForm):
    code = StringField(
        "Code",
        description="Lower-case letters, digits and underscores, for example transfer_review. It never changes.",
        widget=GovTextInput(),
        validators=[enter("a code"), at_most(32, "code")],
    )
    label = StringField(
        "Name", widget=GovTextInput(), validators=[enter("the name of the request type"), at_most(200, "name")]
    )
    legal_test = StringField(
        "Legal test",
        description="The statute and section, for example “Section 36(8) of the Children and Families Act 2014”.",
        widget=GovTextInput(),
        validators=[Optional(), at_most(300, "legal test")],
    )
    limbs = TextAreaField(
        "Limbs of the test",
        description="One limb per line, in order. The panel records a finding and reasons for each.",
        widget=GovTextArea(),
        validators=[Optional(), at_most(20_000, "limbs")],
    )
    submit = SubmitField("Save request type", widget=GovSubmitInput())


class RenameRequestTypeForm(BaseForm):
    label = StringField(
        "Name", widget=GovTextInput(), validators=[enter("the name of the request type"), at_most(200, "name")]
    )
    legal_test = StringField("Legal test", widget=GovTextInput(), validators=[Optional(), at_most(300, "legal test")])
    submit = SubmitField("Save changes", widget=GovSubmitInput())


class LimbForm(BaseForm):
    text = TextAreaField(
        "Wording of the limb",
        widget=GovTextArea(),
        validators=[enter("the wording of the limb"), at_most(2_000, "wording of the limb")],
    )
    submit = SubmitField("Save limb", widget=GovSubmitInput())
