"""Forms of recommendations and their follow-up, CSO submissions and their review, the library, and the
filters of the lists. Choices from enums are built per request (in the page's language); choices from
the database are given by the view through `with_choices`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import BooleanField, DateField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.db import LANGUAGES
from app.engagement.models import (
    Addressee,
    Channel,
    MaterialKind,
    Priority,
    RecommendationSource,
    RecommendationStatus,
    ReportStatus,
    ViolationKind,
)
from app.i18n.forms import AtLeastOneLanguage, LocalizedIntegerField, MultilingualTextField

INVALID_CHOICE = _l("Choose one of the options in the list.")
INVALID_DATE = _l("Enter a date.")
REQUIRED = _l("This field is required.")
NONE = 0
LANGUAGE_NAMES = {"en": _l("English"), "ar": _l("Arabic"), "ckb": _l("Kurdish")}
# A hint for the browser's file picker only: what is accepted is decided from the content (uploads.py).
EVIDENCE_ACCEPT = ("image/jpeg,image/png,image/gif,image/webp,video/mp4,video/quicktime,audio/mpeg,audio/mp4,audio/ogg,"
                   ".pdf,.docx,.xlsx,.txt")
LIBRARY_ACCEPT = ".pdf,.docx,.pptx,.xlsx,image/jpeg,image/png,image/webp,video/mp4"


def _too_long(limit: int) -> str:
    return _l("At most %(max)d characters.", max=limit)


def _text(label: str, limit: int, required: bool = False, **kwargs: Any) -> TextAreaField:
    validators = [DataRequired(REQUIRED)] if required else [Optional()]
    return TextAreaField(label, validators=[*validators, Length(max=limit, message=_too_long(limit))],
                         render_kw={"dir": "auto", "rows": kwargs.pop("rows", 4), "maxlength": limit}, **kwargs)


def _line(label: str, limit: int, required: bool = False) -> StringField:
    validators = [DataRequired(REQUIRED)] if required else [Optional()]
    return StringField(label, validators=[*validators, Length(max=limit, message=_too_long(limit))],
                       render_kw={"dir": "auto", "maxlength": limit})


def _select(label: str, **kwargs: Any) -> SelectField:
    return SelectField(label, invalid_choice_message=INVALID_CHOICE, **kwargs)


def _date(label: str, required: bool = False) -> DateField:
    return DateField(label, validators=[DataRequired(REQUIRED) if required else Optional()],
                     invalid_value_message=INVALID_DATE)


def enum_choices(members: Iterable[Any], any_label: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice("", any_label)] if any_label else []
    return choices + [SelectChoice(member.value, member.label) for member in members]


def object_choices(items: Iterable[Any], none_label: str | None = None) -> list[SelectChoice]:
    """Rows with a `name` or `title` (multilingual: shown in the page's language)."""
    choices = [SelectChoice(NONE, none_label)] if none_label else []
    return choices + [SelectChoice(item.id, str(getattr(item, "name", None) or item.title)) for item in items]


class _WithChoices:
    def with_choices(self, **choices: Sequence[SelectChoice]) -> Any:
        for name, values in choices.items():
            getattr(self, name).choices = list(values)
        return self


# ---------------------------------------------------------------- recommendations


class RecommendationForm(_WithChoices, FlaskForm):
    """A CSO member's recommendation."""

    text = _text(_l("Recommendation"), 2000, required=True, rows=5)
    addressee = _select(_l("Addressed to"))
    theme_id = _select(_l("Theme"), coerce=int)
    priority = _select(_l("Priority"))
    workshop_id = _select(_l("Workshop it comes from (if any)"), coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.addressee.choices = enum_choices(Addressee)
        self.priority.choices = enum_choices(Priority)
        if not self.priority.data:
            self.priority.data = Priority.MEDIUM.value


class GroupRecommendationForm(RecommendationForm):
    """A workshop group's recommendation, as its rapporteur presented it."""

    group_id = _select(_l("Group"), coerce=int)
    workshop_id = None  # the workshop is the page's


class FollowUpForm(_WithChoices, FlaskForm):
    status = _select(_l("Status"))
    reason = _text(_l("Reason (required when partially accepted or not accepted)"), 1000, rows=3)
    addressee = _select(_l("Addressed to"))
    theme_id = _select(_l("Theme"), coerce=int)
    priority = _select(_l("Priority"))
    responsible_unit = _line(_l("Responsible unit"), 200)
    due_date = _date(_l("Due date"))
    response = _text(_l("Written response (the organisation that sent it sees it)"), 5000, rows=5)
    published = BooleanField(_l("Publish this recommendation and its response to all CSOs"))

    def __init__(self, *args: Any, statuses: Sequence[RecommendationStatus] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = enum_choices(statuses)
        self.addressee.choices = enum_choices(Addressee)
        self.priority.choices = enum_choices(Priority)


class RecommendationFilterForm(_WithChoices, FlaskForm):
    """The follow-up list's filters: a GET form, bookmarkable, without CSRF."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100, message=_too_long(100))])
    status = _select(_l("Status"), validators=[Optional()])
    addressee = _select(_l("Addressed to"), validators=[Optional()])
    source = _select(_l("Source"), validators=[Optional()])
    theme = _select(_l("Theme"), coerce=int, validators=[Optional()])
    workshop = _select(_l("Workshop"), coerce=int, validators=[Optional()])
    organisation = _select(_l("Organisation"), coerce=int, validators=[Optional()])
    overdue = BooleanField(_l("Overdue only"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = enum_choices(RecommendationStatus, _l("Any status"))
        self.addressee.choices = enum_choices(Addressee, _l("Anyone"))
        self.source.choices = enum_choices(RecommendationSource, _l("Any source"))


# ---------------------------------------------------------------- CSO reports


class ActivityReportForm(_WithChoices, FlaskForm):
    title = _line(_l("Title of the activity"), 300, required=True)
    held_on = _date(_l("Date"), required=True)
    place = _line(_l("Place"), 200)
    governorate_id = _select(_l("Governorate"), coerce=int)
    participants_female = LocalizedIntegerField(_l("Participants: women"), [
        Optional(), NumberRange(0, 100000, _l("Enter a number between 0 and 100,000."))], default=0)
    participants_male = LocalizedIntegerField(_l("Participants: men"), [
        Optional(), NumberRange(0, 100000, _l("Enter a number between 0 and 100,000."))], default=0)
    description = _text(_l("What was done, for whom"), 5000, rows=5)


class ViolationReportForm(_WithChoices, FlaskForm):
    kind = _select(_l("What are you reporting?"))
    observed_on = _date(_l("Date observed"), required=True)
    governorate_id = _select(_l("Governorate"), coerce=int)
    channel = _select(_l("Where it happened or was spread"))
    description = _text(_l("Description"), 10000, required=True, rows=6)
    evidence = MultipleFileField(_l("Evidence files (photos, screenshots, documents, videos, recordings)"),
                                 render_kw={"accept": EVIDENCE_ACCEPT})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = enum_choices(ViolationKind)
        self.channel.choices = enum_choices(Channel)


class EvidenceForm(FlaskForm):
    evidence = MultipleFileField(_l("More evidence files"), render_kw={"accept": EVIDENCE_ACCEPT})


class ReviewForm(FlaskForm):
    status = _select(_l("Status"))
    response = _text(_l("Response to the organisation"), 5000, rows=5)
    published = BooleanField(_l("Publish this report and the response to all CSOs"))

    def __init__(self, *args: Any, statuses: Sequence[ReportStatus] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = enum_choices(statuses)


class ReportFilterForm(_WithChoices, FlaskForm):
    class Meta:
        csrf = False

    status = _select(_l("Status"), validators=[Optional()])
    organisation = _select(_l("Organisation"), coerce=int, validators=[Optional()])
    governorate = _select(_l("Governorate"), coerce=int, validators=[Optional()])
    kind = _select(_l("Kind"), validators=[Optional()])
    channel = _select(_l("Channel"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = enum_choices(ReportStatus, _l("Any status"))
        self.kind.choices = enum_choices(ViolationKind, _l("Any kind"))
        self.channel.choices = enum_choices(Channel, _l("Any channel"))


# ---------------------------------------------------------------- library


class LibraryItemForm(_WithChoices, FlaskForm):
    title = MultilingualTextField(_l("Title"), [AtLeastOneLanguage()], max_length=200)
    description = MultilingualTextField(_l("Description"), max_length=1000, multiline=True)
    kind = _select(_l("Kind"))
    theme_id = _select(_l("Theme"), coerce=int)
    url = StringField(_l("Link (a video or a page; http:// or https://)"), validators=[
        Optional(), Length(max=500, message=_too_long(500))], render_kw={"dir": "ltr", "inputmode": "url"})
    file_en = FileField(_l("File in English"), render_kw={"accept": LIBRARY_ACCEPT})
    file_ar = FileField(_l("File in Arabic"), render_kw={"accept": LIBRARY_ACCEPT})
    file_ckb = FileField(_l("File in Kurdish"), render_kw={"accept": LIBRARY_ACCEPT})
    remove_en = BooleanField(_l("Remove the English file"))
    remove_ar = BooleanField(_l("Remove the Arabic file"))
    remove_ckb = BooleanField(_l("Remove the Kurdish file"))
    published = BooleanField(_l("Shown to everyone (unpublished items are seen by library managers only)"),
                             default=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = enum_choices(MaterialKind)

    def files(self) -> dict[str, Any]:
        """The languages a file was sent for, with the file."""
        return {lang: getattr(self, f"file_{lang}").data for lang in LANGUAGES
                if getattr(getattr(self, f"file_{lang}").data, "filename", "")}

    def removed(self) -> list[str]:
        return [lang for lang in LANGUAGES if getattr(self, f"remove_{lang}").data]


class LibraryFilterForm(_WithChoices, FlaskForm):
    class Meta:
        csrf = False

    kind = _select(_l("Kind"), validators=[Optional()])
    theme = _select(_l("Theme"), coerce=int, validators=[Optional()])
    language = _select(_l("Language"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = enum_choices(MaterialKind, _l("Any kind"))
        self.language.choices = [SelectChoice("", _l("Any language"))] + [
            SelectChoice(lang, LANGUAGE_NAMES[lang]) for lang in LANGUAGES]


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False

    start = _date(_l("From"))
    end = _date(_l("Until"))
