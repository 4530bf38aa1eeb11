"""Locale rules without HTTP."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import LanguageAccept

from app.i18n.services import choose_locale, html_lang, normalise_digits, normalise_number, text_direction

SUPPORTED = ("en", "ar", "ckb")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("٢٠٢٣", "2023"), ("۱۴۰۲", "1402"), ("07701234567", "07701234567"), ("٠٧٧٠ 123 ۴۵۶۷", "0770 123 4567")],
)
def test_arabic_indic_and_persian_digits_become_latin(typed: str, stored: str) -> None:
    assert normalise_digits(typed) == stored


def test_arabic_separators_in_numbers() -> None:
    assert normalise_number(" ١٢٫٥ ") == "12.5"
    assert normalise_number("١٬٢٠٠") == "1,200"


def _accept(header: list[tuple[str, float]]) -> LanguageAccept:
    return LanguageAccept(header)


def test_saved_choice_wins_then_cookie_then_browser_then_english() -> None:
    browser = _accept([("ar-IQ", 1.0)])
    assert choose_locale(SUPPORTED, "ckb", "en", browser) == "ckb"
    assert choose_locale(SUPPORTED, None, "en", browser) == "en"
    assert choose_locale(SUPPORTED, None, None, browser) == "ar"
    assert choose_locale(SUPPORTED, None, None, _accept([("fr", 1.0)])) == "en"
    assert choose_locale(SUPPORTED, "xx", "yy", _accept([])) == "en"


def test_kurmanji_is_not_taken_for_sorani() -> None:
    assert choose_locale(SUPPORTED, None, None, _accept([("ku", 1.0)])) == "en"
    assert choose_locale(SUPPORTED, None, None, _accept([("ckb-IQ", 1.0), ("en", 0.5)])) == "ckb"


def test_a_regional_tag_beats_a_less_wanted_exact_one() -> None:
    assert choose_locale(SUPPORTED, None, None, _accept([("ar-IQ", 1.0), ("en-US", 0.9), ("en", 0.8)])) == "ar"
    assert choose_locale(SUPPORTED, None, None, _accept([("en-GB", 1.0), ("ar", 0.5)])) == "en"


def test_direction_comes_from_babel() -> None:
    assert text_direction("ar") == "rtl"
    assert text_direction("ckb") == "rtl"
    assert text_direction("ar_IQ") == "rtl"
    assert text_direction("en") == "ltr"
    assert text_direction("ku") == "ltr"  # Kurmanji is written in Latin script


def test_html_lang_uses_a_hyphen() -> None:
    assert html_lang("ar_IQ") == "ar-IQ"
    assert html_lang("ckb") == "ckb"
