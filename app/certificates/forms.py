"""Forms: a workshop's certificate settings, include/exclude decisions, revoking, organisation templates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectChoice, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.certificates.models import EligibilityRule, LanguageMode
from app.i18n.forms import LocalizedIntegerField, MultilingualTextField

INVALID_CHOICE = _l("Choose one of the options in the list.")
REQUIRED = _l("This field is required.")


class SettingsForm(FlaskForm):
    language_mode = SelectField(_l("Language of the certificates"), invalid_choice_message=INVALID_CHOICE)
    rule = SelectField(_l("Who receives a certificate"), invalid_choice_message=INVALID_CHOICE)
    min_days = LocalizedIntegerField(_l("Days at least"), [Optional(), NumberRange(1, 60)], default=1)
    min_percent = LocalizedIntegerField(_l("Share of the days at least (percent)"), [Optional(), NumberRange(1, 100)],
                                        default=80)
    signatories = SelectMultipleField(_l("Signatories (at most three)"), coerce=int,
                                      invalid_choice_message=INVALID_CHOICE)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.language_mode.choices = [SelectChoice(mode.value, mode.label) for mode in LanguageMode]
        self.rule.choices = [SelectChoice(rule.value, rule.label) for rule in EligibilityRule]


class DecisionForm(FlaskForm):
    registration_id = HiddenField(validators=[DataRequired()])
    include = SelectField(_l("Decision"), invalid_choice_message=INVALID_CHOICE)
    reason = StringField(_l("Reason"), [DataRequired(_l("Write the reason.")), Length(max=1000)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.include.choices = [SelectChoice("yes", _l("Include")), SelectChoice("no", _l("Exclude")),
                                SelectChoice("rule", _l("Follow the rule"))]


class RevokeForm(FlaskForm):
    reason = StringField(_l("Reason for revoking"), [DataRequired(_l("Write the reason.")), Length(max=1000)])


class TemplateForm(FlaskForm):
    primary_colour = StringField(_l("Main colour"), [DataRequired(REQUIRED), Length(max=7)], default="#1f4e79")
    accent_colour = StringField(_l("Accent colour"), [DataRequired(REQUIRED), Length(max=7)], default="#c9a227")
    heading = MultilingualTextField(_l("Heading (empty: “Certificate of attendance”)"), max_length=120)
    intro = MultilingualTextField(_l("Before the name (empty: “This is to certify that”)"), max_length=200)
    body = MultilingualTextField(_l("After the name (empty: “attended”)"), max_length=200)
    logo = FileField(_l("Logo (PNG or JPEG, at most 2 MB)"))
    remove_logo = BooleanField(_l("Remove the logo"))


class SignatoryForm(FlaskForm):
    name = StringField(_l("Name"), [DataRequired(REQUIRED), Length(max=200)])
    title = MultilingualTextField(_l("Title"), max_length=200)
    signature = FileField(_l("Signature (PNG or JPEG, at most 2 MB)"))
