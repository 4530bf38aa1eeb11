"""Dates, numbers and percentages for the active locale, through Babel.

The catalogs are `ar` and `ckb`, but Iraqi conventions (حزيران, not يونيو) live in CLDR's
`ar_IQ` and `ckb_IQ`: numbers and dates are formatted with those.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask import current_app
from flask_babel import get_locale, get_timezone
from markupsafe import Markup

from app.db import LocalizedText
from app.i18n.services import localise_digits, text_direction

FORMAT_LOCALES = {"ar": "ar_IQ", "ckb": "ckb_IQ"}


def formatting_locale() -> str:
    locale = str(get_locale() or "en")
    return FORMAT_LOCALES.get(locale, locale)


def _arabic_digits() -> bool:
    return current_app.config.get("NUMBERING_SYSTEM") == "arab" and text_direction(formatting_locale()) == "rtl"


def _digits(text: str) -> str:
    """With NUMBERING_SYSTEM = "arab", right-to-left locales show ٠–٩ (numbers and dates alike)."""
    return localise_digits(text) if _arabic_digits() else text


def _numbering() -> str:
    """The locale's own separators (٫ ٬ ٪) go with Arabic-Indic digits only: "4٫86" in Latin digits
    would be displayed as "86٫4" in right-to-left text, because ٫ is an Arabic-number character."""
    return "default" if _arabic_digits() else "latn"


def format_number(value: int | float | Decimal | None) -> str:
    if value is None:
        return ""
    return _digits(babel_numbers.format_decimal(value, locale=formatting_locale(), numbering_system=_numbering()))


def format_percent(value: float | Decimal | None, decimals: int = 0) -> str:
    """`value` is a ratio: 0.38 → 38%."""
    if value is None:
        return ""
    pattern = None if decimals == 0 else "#,##0." + "0" * decimals + "%"
    return _digits(babel_numbers.format_percent(
        value, format=pattern, locale=formatting_locale(), numbering_system=_numbering()
    ))


def format_date(value: date | datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(get_timezone())
    return _digits(babel_dates.format_date(value, format=fmt, locale=formatting_locale()))


def format_datetime(value: datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    return _digits(babel_dates.format_datetime(
        value, format=fmt, tzinfo=get_timezone(), locale=formatting_locale()
    ))


def format_time(value: datetime | None, fmt: str = "short") -> str:
    if value is None:
        return ""
    return _digits(babel_dates.format_time(value, format=fmt, tzinfo=get_timezone(), locale=formatting_locale()))


def _local_date(value: date | datetime) -> date:
    return value.astimezone(get_timezone()).date() if isinstance(value, datetime) else value


def format_date_range(start: date | datetime | None, end: date | datetime | None) -> str:
    """"13–14 June 2023", in the active locale's own way of writing a range."""
    if start is None:
        return ""
    first, last = _local_date(start), _local_date(end or start)
    if first == last:
        return format_date(first, "long")
    return _digits(babel_dates.format_interval(first, last, skeleton="yMMMMd", locale=formatting_locale()))


def format_month(year: int, month: int) -> str:
    """"June 2012"."""
    return _digits(babel_dates.format_skeleton("yMMMM", date(year, month, 1), locale=formatting_locale()))


def localized(text: LocalizedText | None) -> Markup:
    """A multilingual value in the reader's language (with fallback), marked with the language it
    is really in, so that an Arabic name inside an English page gets its own direction."""
    if not text:
        return Markup("")
    language, value = text.resolve(str(get_locale() or "en"))
    return Markup('<span lang="{}" dir="auto">{}</span>').format(language, value)


JINJA_FILTERS = {
    "ml": localized,
    "time": format_time,
    "date_range": format_date_range,
    "number": format_number,
    "percent": format_percent,
    "date": format_date,
    "datetime": format_datetime,
}

JINJA_GLOBALS = {"format_month": format_month}
