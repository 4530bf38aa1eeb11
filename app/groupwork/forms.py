"""Forms of group work: a breakout group, splitting participants into groups, a SWOT item (the
facilitator's and the rapporteur's) and merging duplicates. Lengths and emptiness of item text are
checked by the services (one rule, one message); choices are filled per request by the routes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from app.groupwork.models import AssignmentKind, SwotQuadrant
from app.groupwork.services import MAX_GROUPS, MAX_NAME
from app.i18n.forms import LocalizedIntegerField, MultilingualTextField

INVALID_CHOICE = _l("Choose one of the options in the list.")
REQUIRED = _l("This field is required.")


def quadrant_choices(quadrants: tuple[SwotQuadrant, ...] = tuple(SwotQuadrant)) -> list[SelectChoice]:
    return [SelectChoice(quadrant.value, quadrant.label) for quadrant in quadrants]


class GroupForm(FlaskForm):
    """Members and the rapporteur are rendered as a table of check boxes and radio buttons."""

    name = StringField(_l("Name"), [DataRequired(REQUIRED), Length(max=MAX_NAME)])
    assignment = SelectField(_l("Assignment"), invalid_choice_message=INVALID_CHOICE)
    quadrant = SelectField(_l("Quadrant (when the group works on one)"), invalid_choice_message=INVALID_CHOICE)
    question = MultilingualTextField(_l("Discussion question (when the group discusses a question)"),
                                     max_length=500, multiline=True)
    members = SelectMultipleField(_l("Members"), coerce=int, invalid_choice_message=INVALID_CHOICE)
    rapporteur = SelectField(_l("Rapporteur"), coerce=int, invalid_choice_message=INVALID_CHOICE)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.assignment.choices = [SelectChoice(kind.value, kind.label) for kind in AssignmentKind]
        self.quadrant.choices = [SelectChoice("", _l("— none —")), *quadrant_choices()]


class NewGroupForm(FlaskForm):
    name = StringField(_l("Name (empty: the next letter)"), [Length(max=MAX_NAME)])


class SplitForm(FlaskForm):
    count = LocalizedIntegerField(_l("Number of groups"), [DataRequired(REQUIRED), NumberRange(1, MAX_GROUPS)])


class ItemForm(FlaskForm):
    quadrant = SelectField(_l("Quadrant"), invalid_choice_message=INVALID_CHOICE)
    text = TextAreaField(_l("Text"))
    group = SelectField(_l("Group"), coerce=int, invalid_choice_message=INVALID_CHOICE)
    themes = SelectMultipleField(_l("Themes"), coerce=int, invalid_choice_message=INVALID_CHOICE)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.quadrant.choices = quadrant_choices()


class GroupItemForm(FlaskForm):
    """The rapporteur's form on the phone: the quadrants the group may add to, and the text."""

    quadrant = SelectField(_l("Quadrant"), invalid_choice_message=INVALID_CHOICE)
    text = TextAreaField(_l("Your group's point"))


class GroupItemEditForm(FlaskForm):
    text = TextAreaField(_l("Your group's point"))


class MergeForm(FlaskForm):
    target = SelectField(_l("Merge into"), coerce=int, invalid_choice_message=_l("Choose the item to merge into."))
    text = TextAreaField(_l("Wording of the combined item (empty: keep the chosen item's wording)"))
