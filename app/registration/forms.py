"""Participant, walk-in and search forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, EmailField, HiddenField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.auth.models import ORGANISATION_TYPE_LABELS
from app.db import LANGUAGES
from app.i18n.services import language_name
from app.registration.models import AgeGroup, Disability, Sex

REQUIRED = _l("This field is required.")
INVALID_CHOICE = _l("Choose one of the options in the list.")


def _too_long(limit: int) -> str:
    return _l("At most %(max)d characters.", max=limit)


def _enum_choices(enum_class) -> list[SelectChoice]:
    return [SelectChoice(member.value, member.label) for member in enum_class]


class PersonFields(FlaskForm):
    full_name = StringField(_l("Full name (as written)"), validators=[
        DataRequired(REQUIRED), Length(max=200, message=_too_long(200))])
    sex = SelectField(_l("Sex"), choices=lambda: _enum_choices(Sex), invalid_choice_message=INVALID_CHOICE)
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=32, message=_too_long(32))],
                        render_kw={"inputmode": "tel", "dir": "ltr"})
    organisation_id = SelectField(_l("Organisation"), coerce=int, invalid_choice_message=INVALID_CHOICE)
    organisation_name = StringField(_l("Organisation (if not in the list)"), validators=[
        Length(max=200, message=_too_long(200))])


class ParticipantForm(PersonFields):
    name_latin = StringField(_l("Name in Latin letters"), validators=[Length(max=200, message=_too_long(200))])
    age_group = SelectField(_l("Age group"), choices=lambda: _enum_choices(AgeGroup),
                            invalid_choice_message=INVALID_CHOICE)
    disability = SelectField(_l("Person with a disability"), choices=lambda: _enum_choices(Disability),
                             invalid_choice_message=INVALID_CHOICE)
    organisation_type = SelectField(
        _l("Organisation type"),
        choices=lambda: [SelectChoice("", _l("— none —"))] + [
            SelectChoice(kind.value, label) for kind, label in ORGANISATION_TYPE_LABELS.items()],
        invalid_choice_message=INVALID_CHOICE)
    position = StringField(_l("Position"), validators=[Length(max=150, message=_too_long(150))])
    governorate_id = SelectField(_l("Governorate"), coerce=int, invalid_choice_message=INVALID_CHOICE)
    email = EmailField(_l("Email"), validators=[
        Optional(), Length(max=254, message=_too_long(254)),
        Email(message=_l("Enter a valid email address."), check_deliverability=False)],
        render_kw={"dir": "ltr"})
    locale = SelectField(_l("Preferred language"), choices=lambda: [
        SelectChoice(code, language_name(code)) for code in LANGUAGES], invalid_choice_message=INVALID_CHOICE)
    consent_given = BooleanField(_l("Agrees to the processing of their data for this activity"))
    # After a first try that found people who may be the same: "new" or a participant id.
    same_person = HiddenField()


class WalkInForm(PersonFields):
    consent_given = BooleanField(_l("Agrees to the processing of their data for this activity"))


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Name, phone or reference"), validators=[Optional(), Length(max=100, message=_too_long(100))])


class SelfRegistrationForm(FlaskForm):
    """The public page: few fields, large inputs, in the visitor's language."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(REQUIRED), Length(max=200, message=_too_long(200))])
    name_latin = StringField(_l("Name in Latin letters"), validators=[Length(max=200, message=_too_long(200))])
    sex = SelectField(_l("Sex"), choices=lambda: _enum_choices(Sex), invalid_choice_message=INVALID_CHOICE)
    age_group = SelectField(_l("Age group"), choices=lambda: _enum_choices(AgeGroup),
                            invalid_choice_message=INVALID_CHOICE)
    disability = SelectField(_l("Person with a disability"), choices=lambda: _enum_choices(Disability),
                             invalid_choice_message=INVALID_CHOICE)
    phone = StringField(_l("Phone"), validators=[DataRequired(REQUIRED), Length(max=32, message=_too_long(32))],
                        render_kw={"inputmode": "tel", "dir": "ltr", "autocomplete": "tel"})
    email = EmailField(_l("Email"), validators=[
        Optional(), Length(max=254, message=_too_long(254)),
        Email(message=_l("Enter a valid email address."), check_deliverability=False)],
        render_kw={"dir": "ltr", "autocomplete": "email"})
    organisation_name = StringField(_l("Organisation"), validators=[Length(max=200, message=_too_long(200))])
    position = StringField(_l("Position"), validators=[Length(max=150, message=_too_long(150))])
    governorate_id = SelectField(_l("Governorate"), coerce=int, invalid_choice_message=INVALID_CHOICE)
    consent_given = BooleanField(
        _l("I agree that the organisers keep these details to run this activity and report on it."),
        validators=[DataRequired(_l("Registration needs your agreement."))])


class ImportUploadForm(FlaskForm):
    file = FileField(_l("CSV or Excel (.xlsx) file"), validators=[
        FileRequired(_l("Choose a file.")),
        FileAllowed(["csv", "xlsx", "txt"], _l("Upload a .csv or .xlsx file.")),
    ])


class ImportMappingForm(FlaskForm):
    """One select per column of the file: which field it holds, or nothing."""

    action = HiddenField()
