"""Workshop, schedule, agenda, status and reference-list forms."""

from __future__ import annotations

from datetime import time

from babel.dates import get_month_names
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, URL

from app.events.models import AGENDA_KIND_LABELS, MODE_LABELS, STATUS_LABELS
from app.i18n.forms import AtLeastOneLanguage, LocalizedIntegerField, MultilingualTextField

INVALID_CHOICE = _l("Choose one of the options in the list.")
INVALID_DATE = _l("Enter a date.")
INVALID_TIME = _l("Enter a time (hours and minutes).")
REQUIRED = _l("This field is required.")


def _too_long(limit: int) -> str:
    return _l("At most %(max)d characters.", max=limit)


def _select(label: str, **kwargs) -> SelectField:
    return SelectField(label, invalid_choice_message=INVALID_CHOICE, **kwargs)


def _multi(label: str, description: str = "") -> SelectMultipleField:
    return SelectMultipleField(label, coerce=int, invalid_choice_message=INVALID_CHOICE, description=description)


def _date(label: str, required: bool = False) -> DateField:
    return DateField(label, validators=[DataRequired(REQUIRED) if required else Optional()],
                     invalid_value_message=INVALID_DATE)


def _time(label: str, default: time | None = None) -> TimeField:
    return TimeField(label, validators=[DataRequired(REQUIRED)], default=default, invalid_value_message=INVALID_TIME)


def month_choices() -> list[SelectChoice]:
    names = get_month_names("wide", locale=str(get_locale() or "en"))
    return [SelectChoice(0, _l("— none —"))] + [SelectChoice(n, names[n]) for n in range(1, 13)]


def quarter_choices() -> list[SelectChoice]:
    return [SelectChoice(0, _l("— none —"))] + [
        SelectChoice(n, _l("Quarter %(number)d", number=n)) for n in range(1, 5)
    ]


class WorkshopForm(FlaskForm):
    title = MultilingualTextField(_l("Title"), validators=[AtLeastOneLanguage()], max_length=200)
    activity_type_id = _select(_l("Activity type"), coerce=int)
    organisation_id = _select(_l("Organising organisation"), coerce=int)
    partner_ids = _multi(_l("Partner organisations"))
    series_id = _select(_l("Series"), coerce=int)
    theme_ids = _multi(_l("Themes"))
    output_ids = _multi(_l("Outputs of the results framework"),
                        description=_l("The indicators of these outputs count this workshop."))
    description = MultilingualTextField(_l("Description"), max_length=4000, multiline=True)
    objectives = MultilingualTextField(_l("Objectives"), max_length=4000, multiline=True)
    target_audience = MultilingualTextField(_l("Target audience"), max_length=300)
    mode = _select(_l("Format"), choices=[SelectChoice(m.value, label) for m, label in MODE_LABELS.items()])
    venue = StringField(_l("Venue"), validators=[Length(max=200, message=_too_long(200))],
                        description=_l("Leave empty while the venue is to be decided."))
    city = StringField(_l("City"), validators=[Length(max=100, message=_too_long(100))])
    governorate_id = _select(_l("Governorate"), coerce=int)
    online_link = URLField(_l("Online link"), validators=[
        Optional(), Length(max=500, message=_too_long(500)),
        URL(require_tld=False, message=_l("Enter a full web address (https://…)."))])
    capacity = LocalizedIntegerField(_l("Capacity"), validators=[
        Optional(), NumberRange(min=0, max=100000, message=_l("The capacity cannot be negative."))])
    facilitator_ids = _multi(_l("Facilitators"))
    published_to_csos = BooleanField(_l("Visible to civil-society organisations"))
    self_registration = BooleanField(_l("People can register themselves on a public page"))
    approval_required = BooleanField(_l("Self-registrations wait for an organiser's approval"))
    planned_year = LocalizedIntegerField(_l("Planned year"), validators=[
        Optional(), NumberRange(min=2000, max=2100, message=_l("Enter a year between 2000 and 2100."))])
    planned_month = _select(_l("Planned month"), coerce=int)
    planned_quarter = _select(_l("Planned quarter"), coerce=int, choices=quarter_choices)
    # On creation only: consecutive days with the same hours.
    first_day = _date(_l("First day"))
    last_day = _date(_l("Last day"))
    day_start = _time(_l("Starts at"), time(9, 0))
    day_end = _time(_l("Ends at"), time(16, 0))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.planned_month.choices = month_choices()


class ScheduleForm(FlaskForm):
    first_day = _date(_l("First day"), required=True)
    last_day = _date(_l("Last day"))
    day_start = _time(_l("Starts at"), time(9, 0))
    day_end = _time(_l("Ends at"), time(16, 0))
    reason = StringField(_l("Reason for the change"), validators=[Length(max=500, message=_too_long(500))])


class DayForm(FlaskForm):
    day = _date(_l("Date"), required=True)
    start = _time(_l("Starts at"), time(9, 0))
    end = _time(_l("Ends at"), time(16, 0))
    reason = StringField(_l("Reason for the change"), validators=[Length(max=500, message=_too_long(500))])


class AgendaItemForm(FlaskForm):
    start = _time(_l("Starts at"))
    end = _time(_l("Ends at"))
    title = MultilingualTextField(_l("Title"), validators=[AtLeastOneLanguage()], max_length=300)
    kind = _select(_l("Kind"), choices=[SelectChoice(k.value, label) for k, label in AGENDA_KIND_LABELS.items()])
    speakers = StringField(_l("Speakers"), validators=[Length(max=300, message=_too_long(300))])


class StatusForm(FlaskForm):
    status = _select(_l("New status"), choices=[SelectChoice(s.value, label) for s, label in STATUS_LABELS.items()])
    reason = TextAreaField(_l("Reason"), validators=[Length(max=500, message=_too_long(500))])


class DuplicateForm(FlaskForm):
    first_day = _date(_l("First day of the new workshop"))
    governorate_id = _select(_l("Governorate"), coerce=int)


class FilterForm(FlaskForm):
    """The list's filters: a GET form, bookmarkable, without CSRF."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100, message=_too_long(100))])
    view = _select(_l("Show"), validators=[Optional()], choices=[
        SelectChoice("all", _l("All")), SelectChoice("upcoming", _l("Upcoming")),
        SelectChoice("week", _l("This week"))])
    start = _date(_l("From"))
    end = _date(_l("Until"))
    governorate = _select(_l("Governorate"), coerce=int, validators=[Optional()])
    activity_type = _select(_l("Activity type"), coerce=int, validators=[Optional()])
    status = _select(_l("Status"), validators=[Optional()],
                     choices=[SelectChoice("", _l("Any status"))] + [
                         SelectChoice(s.value, label) for s, label in STATUS_LABELS.items()])
    organisation = _select(_l("Organiser"), coerce=int, validators=[Optional()])
    series = _select(_l("Series"), coerce=int, validators=[Optional()])
    theme = _select(_l("Theme"), coerce=int, validators=[Optional()])


class ActivityTypeForm(FlaskForm):
    name = MultilingualTextField(_l("Name"), validators=[AtLeastOneLanguage()], max_length=100)
    capacity_building = BooleanField(_l("Counts as a capacity-building activity"))
    active = BooleanField(_l("In use"), default=True)


class ThemeForm(FlaskForm):
    name = MultilingualTextField(_l("Name"), validators=[AtLeastOneLanguage()], max_length=100)
    active = BooleanField(_l("In use"), default=True)


class SeriesForm(FlaskForm):
    title = MultilingualTextField(_l("Title"), validators=[AtLeastOneLanguage()], max_length=200)
    organisation_id = _select(_l("Organisation"), coerce=int)
