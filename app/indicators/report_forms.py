"""Forms of the dashboard and the quarterly reports: the period and governorate filter, submitting a report."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from app.auth.models import Governorate
from app.indicators.services import Period


class DashboardFilterForm(FlaskForm):
    """GET filter: no CSRF (it changes nothing)."""

    class Meta:
        csrf = False

    period = SelectField(_l("Period"), validators=[Optional()])
    governorate = SelectField(_l("Governorate"), validators=[Optional()])

    def __init__(self, every: list[Period], governorates: list[Governorate], lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.period.choices = [(period.key, period.label()) for period in every]
        self.governorate.choices = [("", str(_l("All governorates")))] + [
            (str(g.id), g.name.get(lang)) for g in governorates]


class FreezeForm(FlaskForm):
    period = StringField(validators=[Length(max=10)])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=1000)])
