"""Pure locale rules: which locale to use, its direction and HTML tag, and digit normalisation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from babel import Locale

# Arabic-Indic (U+0660–0669) and Persian/Extended Arabic-Indic (U+06F0–06F9) digits to Latin.
_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS |= {ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")}
# Arabic decimal and thousands separators, so that "١٢٫٥" and "١٬٢٠٠" read as numbers.
_SEPARATORS = {ord("٫"): ".", ord("٬"): ","}


def normalise_digits(text: str) -> str:
    """Latin digits for any Arabic-Indic or Persian digit; other characters unchanged."""
    return text.translate(_DIGITS)


def normalise_number(text: str) -> str:
    """A number typed in any of the three digit sets, with Latin digits and separators."""
    return normalise_digits(text).translate(_SEPARATORS).strip()


def choose_locale(
    supported: Sequence[str],
    user_choice: str | None,
    cookie_choice: str | None,
    best_accepted: Callable[[Sequence[str]], str | None],
    default: str = "en",
) -> str:
    """The user's saved choice, else the switcher's cookie, else Accept-Language, else `default`."""
    for choice in (user_choice, cookie_choice):
        if choice in supported:
            return choice
    return best_accepted(supported) or default


@lru_cache(maxsize=32)
def text_direction(locale: str) -> str:
    """'rtl' or 'ltr', as Babel's CLDR data says (never a hand-kept list)."""
    return Locale.parse(locale).text_direction


def html_lang(locale: str) -> str:
    """BCP 47 tag for the HTML lang attribute: Babel's ar_IQ is ar-IQ."""
    return str(locale).replace("_", "-")


@lru_cache(maxsize=32)
def language_name(locale: str) -> str:
    """The language's own name for itself (English, العربية, کوردیی ناوەندی)."""
    return Locale.parse(locale).get_display_name(locale) or locale
