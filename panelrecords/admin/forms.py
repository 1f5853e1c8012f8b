from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovPasswordInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms.fields import EmailField, PasswordField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from panelrecords.forms import BaseForm, at_most, enter
from panelrecords.models.users import ROLE_LABELS, Role
from panelrecords.services.accounts import MAX_PASSWORD_LENGTH

ROLE_CHOICES = [(role.value, ROLE_LABELS[role]) for role in Role]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RolesForm(BaseForm):
    roles = MultiCheckboxField("Roles", choices=ROLE_CHOICES, widget=GovCheckboxesInput())
    submit = SubmitField("Save roles", widget=GovSubmitInput())


class NewUserForm(BaseForm):
    display_name = StringField(
        "Full name", widget=GovTextInput(), validators=[enter("the person's full name"), at_most(120, "full name")]
    )
    email = EmailField(
        "Email address", widget=GovTextInput(), validators=[enter("an email address"), at_most(254, "email address")]
    )
    password = PasswordField(
        "Temporary password",
        widget=GovPasswordInput(),
        validators=[enter("a temporary password"), at_most(MAX_PASSWORD_LENGTH, "password")],
    )
    roles = MultiCheckboxField(
        "Roles",
        choices=ROLE_CHOICES,
        widget=GovCheckboxesInput(),
        validators=[InputRequired(message="Select at least one role")],
    )
    submit = SubmitField("Create account", widget=GovSubmitInput())


class MfaSettingsForm(BaseForm):
    roles = MultiCheckboxField(
        "Roles that must use two-factor sign-in", choices=ROLE_CHOICES, widget=GovCheckboxesInput()
    )
    submit = SubmitField("Save settings", widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    submit = SubmitField("Confirm", widget=GovSubmitInput())
