"""Pure locale rules: which locale to use, its direction and HTML tag, and digit normalisation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from babel import Locale

# Arabic-Indic (U+0660–0669) and Persian/Extended Arabic-Indic (U+06F0–06F9) digits to Latin.
_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS |= {ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")}
_LATIN_TO_ARABIC_INDIC = {ord(str(i)): c for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
# Arabic decimal and thousands separators, so that "١٢٫٥" and "١٬٢٠٠" read as numbers.
_SEPARATORS = {ord("٫"): ".", ord("٬"): ","}


def normalise_digits(text: str) -> str:
    """Latin digits for any Arabic-Indic or Persian digit; other characters unchanged."""
    return text.translate(_DIGITS)


def localise_digits(text: str) -> str:
    """Arabic-Indic digits for Latin ones (Babel keeps Latin digits even for ckb's `arab` system)."""
    return text.translate(_LATIN_TO_ARABIC_INDIC)


def normalise_number(text: str) -> str:
    """A number typed in any of the three digit sets, with Latin digits and separators."""
    return normalise_digits(text).translate(_SEPARATORS).strip()


def best_accepted(accepted: Iterable[tuple[str, float]], supported: Sequence[str]) -> str | None:
    """The supported locale the browser wants most. Unlike Werkzeug's best_match, "ar-IQ" at 1.0
    beats "en" at 0.8: a regional tag counts for its language at its own quality."""
    ranked = sorted(((quality, -index, tag) for index, (tag, quality) in enumerate(accepted)), reverse=True)
    for quality, _, tag in ranked:
        if quality <= 0:
            continue
        language = tag.replace("_", "-").split("-")[0].lower()
        if language in supported:
            return language
    return None


def choose_locale(
    supported: Sequence[str],
    user_choice: str | None,
    cookie_choice: str | None,
    accepted: Iterable[tuple[str, float]],
    default: str = "en",
) -> str:
    """The user's saved choice, else the switcher's cookie, else Accept-Language, else `default`."""
    for choice in (user_choice, cookie_choice):
        if choice in supported:
            return choice
    return best_accepted(accepted, supported) or default


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


# Letters that Iraqi users type interchangeably in Arabic and Sorani, folded to one form for search.
_SEARCH_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ة": "ه", "ە": "ه",
    "ى": "ي", "ی": "ي", "ێ": "ي",
    "ک": "ك",
    "\u0640": None,  # tatweel
    "\u200c": None, "\u200d": None,  # zero-width (non-)joiners
})
_DIACRITICS = {ord(c): None for c in map(chr, [*range(0x064B, 0x0660), 0x0670])}


def search_key(text: str) -> str:
    """A name as Iraqi users may type it, reduced to one searchable form: Arabic hamza forms,
    ة/ه/ە, ى/ي/ی, ك/ک folded, diacritics and tatweel dropped, Latin case-folded, digits Latin."""
    folded = normalise_digits(text).translate(_DIACRITICS).translate(_SEARCH_FOLD).casefold()
    return " ".join(folded.split())
