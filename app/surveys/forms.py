"""Forms of the survey editor, the room QR's identification and paper data entry."""

from __future__ import annotations

from itertools import zip_longest

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.db import LANGUAGES
from app.db import LocalizedText as T
from app.i18n.forms import AtLeastOneLanguage, LocalizedIntegerField, MultilingualTextField
from app.surveys.models import QuestionKind
from app.surveys.services import MAX_OPTIONS

INVALID_CHOICE = _l("Choose one of the options in the list.")
REQUIRED = _l("This field is required.")
LANGUAGE_NAMES = {"en": _l("English"), "ar": _l("Arabic"), "ckb": _l("Kurdish")}


class SurveySettingsForm(FlaskForm):
    title = MultilingualTextField(_l("Title"), [AtLeastOneLanguage()], max_length=200)
    anonymous = SelectField(_l("Respondents"), choices=[SelectChoice("yes", _l("Anonymous")), SelectChoice("no", _l("Named"))],
                            invalid_choice_message=INVALID_CHOICE)
    satisfaction_threshold = LocalizedIntegerField(
        _l("Satisfied from (relevance and usefulness, 1 to 5)"), [DataRequired(REQUIRED), NumberRange(1, 5)])
    pass_mark = LocalizedIntegerField(_l("Pass mark (percent of the points)"),
                                      [DataRequired(REQUIRED), NumberRange(1, 100)])
    pre_test = SelectField(_l("Pre-test of this post-test"), coerce=int, invalid_choice_message=INVALID_CHOICE)


class QuestionForm(FlaskForm):
    kind = SelectField(_l("Kind"), invalid_choice_message=INVALID_CHOICE)
    text = MultilingualTextField(_l("Question"), [AtLeastOneLanguage()], max_length=500, multiline=True)
    options_en = TextAreaField(_l("Options in English, one per line"), [Length(max=2000)])
    options_ar = TextAreaField(_l("Options in Arabic, one per line"), [Length(max=2000)])
    options_ckb = TextAreaField(_l("Options in Kurdish, one per line"), [Length(max=2000)])
    low_label = MultilingualTextField(_l("Label of 1"), max_length=100)
    high_label = MultilingualTextField(_l("Label of 5"), max_length=100)
    required = BooleanField(_l("An answer is required"), default=True)
    measures = SelectField(_l("Counts for"), choices=[
        SelectChoice("", _l("— nothing —")), SelectChoice("relevance", _l("Relevance (satisfaction figure)")),
        SelectChoice("usefulness", _l("Usefulness (satisfaction figure)")),
        SelectChoice("sex", _l("Sex of the respondent")),
    ], invalid_choice_message=INVALID_CHOICE)
    correct = StringField(_l("Right answer (tests)"), [Optional(), Length(max=100)],
                          description=_l("Option numbers from 1 (for several choices: 1, 3), yes or no, or a "
                                         "number. Leave empty for a question that is not scored."))
    points = LocalizedIntegerField(_l("Points"), [Optional(), NumberRange(0, 100)], default=1)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(kind.value, kind.label) for kind in QuestionKind]  # in the page's language

    def option_texts(self) -> list[T]:
        columns = [(field.data or "").splitlines() for field in (self.options_en, self.options_ar, self.options_ckb)]
        options = [T(**dict(zip(LANGUAGES, line, strict=True)))
                   for line in zip_longest(*columns, fillvalue="")]
        while options and not options[-1]:
            options.pop()
        return options

    def validate_options_en(self, field: TextAreaField) -> None:
        if self.kind.data not in (QuestionKind.SINGLE.value, QuestionKind.MULTIPLE.value):
            return
        options = self.option_texts()
        if any(not option for option in options):
            raise ValidationError(_l("An option line is empty in every language."))
        if not 2 <= len(options) <= MAX_OPTIONS:
            raise ValidationError(_l("Give between 2 and %(max)d options, one per line.", max=MAX_OPTIONS))
        if any(len(getattr(option, lang)) > 200 for option in options for lang in LANGUAGES):
            raise ValidationError(_l("At most %(max)d characters.", max=200))


class IdentifyForm(FlaskForm):
    code = StringField(_l("The code on your badge, or your phone number"),
                       [DataRequired(REQUIRED), Length(max=40)])


class PaperForm(FlaskForm):
    paper_number = StringField(_l("Number written on the paper form"), [Optional(), Length(max=20)])
    reference = StringField(_l("Participant's badge code (named surveys)"), [Optional(), Length(max=20)])


class CopyForm(FlaskForm):
    source = SelectField(_l("Start from a survey of another workshop"), coerce=int,
                         invalid_choice_message=INVALID_CHOICE)
