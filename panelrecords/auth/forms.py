from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms.fields import EmailField, PasswordField, StringField, SubmitField

from panelrecords.forms import BaseForm, at_most, enter
from panelrecords.services.accounts import MAX_PASSWORD_LENGTH


class SignInForm(BaseForm):
    email = EmailField(
        "Email address", widget=GovTextInput(), validators=[enter("your email address"), at_most(254, "email address")]
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[enter("your password"), at_most(MAX_PASSWORD_LENGTH, "password")],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class TwoFactorForm(BaseForm):
    code = StringField(
        "Security code",
        widget=GovTextInput(),
        validators=[enter("the 6-digit code from your authenticator app"), at_most(12, "code")],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[enter("your current password"), at_most(MAX_PASSWORD_LENGTH, "current password")],
    )
    new_password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        validators=[enter("a new password"), at_most(MAX_PASSWORD_LENGTH, "new password")],
    )
    submit = SubmitField("Change password", widget=GovSubmitInput())


class SignOutForm(BaseForm):
    submit = SubmitField("Sign out", widget=GovSubmitInput())
