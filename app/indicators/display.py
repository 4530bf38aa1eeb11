"""Figures written the way the donor reports write them, in the active locale: the dashboard, the drill-down
and every export use these, so a figure reads the same everywhere ("129 (105 male/24 female)", "42%")."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.i18n.formatting import format_number, format_percent
from app.auth.models import OrganisationType
from app.indicators.models import Disaggregation, Indicator, IndicatorUnit
from app.indicators.services import Figure, IndicatorFigures

DASH = "–"
# The reports' column heading; the sign is a placeholder so that "%" is never read as one.
PLANNED = _l("%(sign)s of planned", sign="%")


def number(value: float | None) -> str:
    if value is None:
        return DASH
    return format_number(int(value) if float(value).is_integer() else round(value, 2))


def percent(value: float | None) -> str:
    """`value` in percent (93.0 → "93%")."""
    return DASH if value is None else format_percent(value / 100)


def sexes(figure: Figure) -> str:
    """"105 male/24 female", with "/1 not recorded" when someone's sex is not recorded."""
    parts = [_("%(number)s male", number=format_number(figure.male)),
             _("%(number)s female", number=format_number(figure.female))]
    if figure.not_recorded:
        parts.append(_("%(number)s not recorded", number=format_number(figure.not_recorded)))
    return "/".join(parts)


def actual(figure: Figure) -> str:
    """The "Actual" column: a number (with sex), a percentage, or a milestone's state."""
    if figure.unit == IndicatorUnit.MILESTONE:
        return figure.milestone.label if figure.milestone else DASH
    if figure.unit == IndicatorUnit.PERCENT:
        return percent(figure.value)
    if figure.value is None:
        return DASH
    if figure.disaggregated:
        return f"{number(figure.value)} ({sexes(figure)})"
    return number(figure.value)


def ratio(figure: Figure) -> str:
    """"40/43": the numerator and denominator of a share ("" for other figures)."""
    if figure.denominator is None:
        return ""
    return f"{format_number(figure.numerator or 0)}/{format_number(figure.denominator)}"


def target(indicator: Indicator, value: float | None = None) -> str:
    """The "Target" column: the number or percentage, else the words ("Yes", "All", "tbd")."""
    value = indicator.target if value is None else value
    if value is None:
        return indicator.target_text
    return percent(value) if indicator.unit == IndicatorUnit.PERCENT else number(value)


def achieved(row: IndicatorFigures, cap: bool = True) -> str:
    """The "% of planned" column, capped at 100% as the reports show it (uncapped with cap=False)."""
    value = row.achieved_capped if cap else row.achieved
    return "" if value is None else format_percent(value)


def group_label(indicator: Indicator, key: str, governorate_names: dict[str, str]) -> str:
    """The row label of a breakdown by type of organisation or by governorate ("" = not recorded)."""
    if not key:
        return _("Not recorded")
    if indicator.disaggregation == Disaggregation.SEX_ORGANISATION_TYPE:
        return OrganisationType(key).label
    return governorate_names.get(key, key)


def rollup(value: float | None) -> str:
    return "" if value is None else format_percent(value)
