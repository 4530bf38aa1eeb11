"""Forms of the results framework: programmes, outcomes and outputs, indicators, per-period targets, entries
by hand, linking workshops to outputs and the XLSX import. Choices from enums are built per request (in the
page's language); choices from the database are given by the view through `with_choices`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.auth.models import OrganisationType
from app.i18n.forms import AtLeastOneLanguage, LocalizedDecimalField, LocalizedIntegerField, MultilingualTextField
from app.indicators.framework import (
    CODE_MAX_LENGTH,
    LEAD_AGENCY_MAX_LENGTH,
    TARGET_TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from app.indicators.models import (
    Disaggregation,
    EngagementMeasure,
    IndicatorKind,
    IndicatorUnit,
    ManualCumulation,
    MilestoneStatus,
    PeopleCount,
    Rollup,
)
from app.indicators.services import Period

INVALID_CHOICE = _l("Choose one of the options in the list.")
INVALID_DATE = _l("Enter a date.")
REQUIRED = _l("This field is required.")
SOURCE_MAX_LENGTH = 1000
COMMENT_MAX_LENGTH = 1000


def _too_long(limit: int) -> str:
    return _l("At most %(max)d characters.", max=limit)


def _line(label: str, limit: int, required: bool = False, **kwargs: Any) -> StringField:
    validators = [DataRequired(REQUIRED)] if required else [Optional()]
    return StringField(label, validators=[*validators, Length(max=limit, message=_too_long(limit))],
                       render_kw={"dir": "auto", "maxlength": limit}, **kwargs)


def _text(label: str, limit: int) -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), Length(max=limit, message=_too_long(limit))],
                         render_kw={"dir": "auto", "rows": 2, "maxlength": limit})


def _select(label: str, **kwargs: Any) -> SelectField:
    return SelectField(label, invalid_choice_message=INVALID_CHOICE, **kwargs)


def _multi(label: str, **kwargs: Any) -> SelectMultipleField:
    return SelectMultipleField(label, invalid_choice_message=INVALID_CHOICE, **kwargs)


def _date(label: str) -> DateField:
    return DateField(label, validators=[DataRequired(REQUIRED)], invalid_value_message=INVALID_DATE)


def _number(label: str, minimum: float | None = None, **kwargs: Any) -> LocalizedDecimalField:
    validators: list[Any] = [Optional()]
    if minimum is not None:
        validators.append(NumberRange(min=minimum, message=_l("The number cannot be negative.")))
    return LocalizedDecimalField(label, validators=validators, places=None, **kwargs)


def plain(value: float | None) -> float | int | None:
    """A stored number as people type it: 80, not 80.0."""
    return int(value) if value is not None and float(value).is_integer() else value


def number_or_none(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def enum_choices(members: Iterable[Any], empty_label: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice("", empty_label)] if empty_label else []
    return choices + [SelectChoice(member.value, member.label) for member in members]


class _WithChoices:
    def with_choices(self, **choices: Sequence[SelectChoice]) -> Any:
        for name, values in choices.items():
            getattr(self, name).choices = list(values)
        return self


# ---------------------------------------------------------------- programmes


def period_choices() -> list[SelectChoice]:
    return [SelectChoice(3, _l("Quarters")), SelectChoice(6, _l("Half-years")), SelectChoice(12, _l("Years"))]


class ProgrammeForm(FlaskForm):
    title = MultilingualTextField(_l("Title"), validators=[AtLeastOneLanguage()], max_length=TITLE_MAX_LENGTH)
    donor = _line(_l("Donor"), 200)
    starts_on = _date(_l("Starts on"))
    ends_on = _date(_l("Ends on"))
    period_months = _select(_l("Reporting periods"), coerce=int, choices=period_choices)
    satisfaction_threshold = LocalizedIntegerField(
        _l("Satisfied from this answer on (1–5)"), default=4,
        description=_l("On the evaluations' 1–5 scale: 4 = “agree”. Workshops' evaluations can set their own."),
        validators=[DataRequired(REQUIRED), NumberRange(1, 5, message=_l("Give a whole number from 1 to 5."))])
    attendance_min_share = LocalizedIntegerField(
        _l("An attendee came on at least this share of the days (percent)"), default=0,
        description=_l("0 counts everyone checked in at least once."),
        validators=[Optional(), NumberRange(0, 100, message=_l("Give a percentage between 0 and 100."))])
    rollup = _select(_l("Roll-up of the outputs and outcomes"))
    beneficiaries_target_male = LocalizedIntegerField(
        _l("Direct beneficiaries targeted: men"),
        validators=[Optional(), NumberRange(min=0, message=_l("The number cannot be negative."))])
    beneficiaries_target_female = LocalizedIntegerField(
        _l("Direct beneficiaries targeted: women"),
        validators=[Optional(), NumberRange(min=0, message=_l("The number cannot be negative."))])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rollup.choices = enum_choices(Rollup)


# ---------------------------------------------------------------- outcomes and outputs


class FrameworkItemForm(FlaskForm):
    """An outcome or an output: its code ("1", "1.1"), title and lead agency."""

    code = _line(_l("Code"), CODE_MAX_LENGTH, required=True)
    title = MultilingualTextField(_l("Title"), validators=[AtLeastOneLanguage()], max_length=TITLE_MAX_LENGTH)
    lead_agency = _line(_l("Lead agency"), LEAD_AGENCY_MAX_LENGTH)


# ---------------------------------------------------------------- indicators


class IndicatorForm(_WithChoices, FlaskForm):
    output_id = _select(_l("Output"), coerce=int)
    code = _line(_l("Code"), CODE_MAX_LENGTH, required=True)
    title = MultilingualTextField(_l("Title"), validators=[AtLeastOneLanguage()], max_length=TITLE_MAX_LENGTH)
    kind = _select(_l("What it counts"))
    unit = _select(_l("Unit"), validators=[Optional()])
    target = _number(_l("Target"), description=_l("Percentages in percent: 80 for 80%."))
    target_text = _line(_l("Target in words"), TARGET_TEXT_MAX_LENGTH,
                        description=_l("When the target is not a number: “Yes”, “All”, “tbd”."))
    baseline = _number(_l("Baseline"))
    disaggregation = _select(_l("Disaggregation"), validators=[Optional()])
    weight = _number(_l("Weight in the weighted roll-up"), minimum=0, default=1)
    activity_type_ids = _multi(_l("Activity types (none: all)"), coerce=int)
    theme_ids = _multi(_l("Themes (none: all)"), coerce=int)
    count = _select(_l("People are counted as"))
    organisation_types = _multi(_l("Types of organisation (none: all)"))
    measure = _select(_l("Engagement measure"))
    cumulation = _select(_l("Figures entered by hand"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = enum_choices(IndicatorKind)
        self.unit.choices = enum_choices(IndicatorUnit, _l("The usual unit of this kind"))
        self.disaggregation.choices = enum_choices(
            Disaggregation, _l("The usual one (by sex for people, none otherwise)"))
        self.count.choices = enum_choices(PeopleCount)
        self.organisation_types.choices = enum_choices(OrganisationType)
        self.measure.choices = enum_choices(EngagementMeasure)
        self.cumulation.choices = enum_choices(ManualCumulation)


class PeriodTargetsForm(FlaskForm):
    """One target per reporting period (empty: none); `period_targets_form` adds the programme's periods."""

    periods: list[Period] = []

    @staticmethod
    def field_name(period: Period) -> str:
        return f"target_{period.start:%Y%m%d}"

    def period_fields(self) -> list[tuple[Period, Any]]:
        return [(period, self[self.field_name(period)]) for period in self.periods]

    def targets(self) -> dict[date, float | None]:
        return {period.start: number_or_none(field.data) for period, field in self.period_fields()}


def period_targets_form(rows: Sequence[tuple[Period, float | None]], **kwargs: Any) -> PeriodTargetsForm:
    """The form of an indicator's per-period targets, filled with the current ones."""
    fields: dict[str, Any] = {PeriodTargetsForm.field_name(period): _number(period.label(), minimum=0)
                              for period, _ in rows}
    fields["periods"] = [period for period, _ in rows]
    form_class = type("PeriodTargetsForm", (PeriodTargetsForm,), fields)
    data = {PeriodTargetsForm.field_name(period): plain(value) for period, value in rows}
    return form_class(data=data, **kwargs)


class EntryForm(FlaskForm):
    """What was achieved in one period: a number, or a milestone's state with an estimate of progress."""

    value = _number(_l("Achieved in the period"))
    milestone = _select(_l("State"), validators=[Optional()])
    percent = LocalizedIntegerField(_l("Progress (percent)"), validators=[Optional()])
    comment = _text(_l("Comment"), COMMENT_MAX_LENGTH)
    source = _text(_l("Source of verification"), SOURCE_MAX_LENGTH)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.milestone.choices = enum_choices(MilestoneStatus, _l("— not stated —"))


# ---------------------------------------------------------------- workshops and the import


class LinkWorkshopForm(_WithChoices, FlaskForm):
    workshop_id = _select(_l("Workshop"), coerce=int)


class ImportForm(FlaskForm):
    # The content is what counts (read with openpyxl); `accept` only helps the browser's file picker.
    file = FileField(_l("Excel file (.xlsx)"), validators=[FileRequired(_l("Choose a file."))],
                     render_kw={"accept": ".xlsx"})
