"""Login, password and administration forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from app.auth.models import ORGANISATION_TYPE_LABELS, ROLE_LABELS
from app.db import LANGUAGES
from app.i18n.forms import AtLeastOneLanguage, MultilingualTextField
from app.i18n.services import language_name

REQUIRED = _l("This field is required.")


def _too_long(limit: int) -> str:
    return _l("At most %(max)d characters.", max=limit)


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(REQUIRED), Length(max=80, message=_too_long(80))])
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED), Length(max=200, message=_too_long(200))])
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(REQUIRED)])
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(REQUIRED), Length(max=200, message=_too_long(200))]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(REQUIRED), EqualTo("new_password", message=_l("The two passwords differ."))],
    )


INVALID_CHOICE = _l("Choose one of the options in the list.")


def locale_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Browser's language"))] + [
        SelectChoice(code, language_name(code)) for code in LANGUAGES
    ]


class UserForm(FlaskForm):
    username = StringField(
        _l("Username"), validators=[DataRequired(REQUIRED), Length(min=3, max=80, message=_l("Between 3 and 80 characters."))]
    )
    full_name = StringField(_l("Full name"), validators=[DataRequired(REQUIRED), Length(max=200, message=_too_long(200))])
    email = EmailField(
        _l("Email"),
        validators=[Optional(), Length(max=254, message=_too_long(254)), Email(message=_l("Enter a valid email address."), check_deliverability=False)],
    )
    role = SelectField(
        _l("Role"), choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()],
        invalid_choice_message=INVALID_CHOICE,
    )
    organisation_id = SelectField(_l("Organisation"), coerce=int, invalid_choice_message=INVALID_CHOICE)
    locale = SelectField(_l("Language"), choices=locale_choices(), invalid_choice_message=INVALID_CHOICE)
    active = BooleanField(_l("Account enabled"), default=True)
    password = PasswordField(
        _l("Password"),
        description=_l("Leave empty to keep the current password."),
        validators=[Optional(), Length(max=200, message=_too_long(200))],
    )


class OrganisationForm(FlaskForm):
    name = MultilingualTextField(_l("Name"), validators=[AtLeastOneLanguage()], max_length=200)
    acronym = StringField(_l("Acronym"), validators=[Optional(), Length(max=30, message=_too_long(30))])
    type = SelectField(
        _l("Type"),
        choices=[SelectChoice(kind.value, label) for kind, label in ORGANISATION_TYPE_LABELS.items()],
        invalid_choice_message=INVALID_CHOICE,
    )
    governorate_id = SelectField(_l("Governorate"), coerce=int, invalid_choice_message=INVALID_CHOICE)
    active = BooleanField(_l("Active"), default=True)

