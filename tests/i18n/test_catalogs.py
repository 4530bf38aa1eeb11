"""Catalogs: complete, real translations (not copies of English), covering every string in the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ("en", "ar", "ckb")


def _catalog(locale: str):
    with open(ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


def _messages(catalog):
    return [message for message in catalog if message.id]  # obsolete entries are not iterated


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[str]:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
         "--no-location", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with open(pot, "rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


@pytest.mark.parametrize("locale", LOCALES)
def test_no_untranslated_or_fuzzy_entries(locale: str) -> None:
    problems = []
    for message in _messages(_catalog(locale)):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id)
    assert problems == []


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_covers_every_string_in_the_code(locale: str, extracted: set[str]) -> None:
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in _messages(_catalog(locale))}
    assert extracted - ids == set(), "run: flask translate update"


@pytest.mark.parametrize("locale", ("ar", "ckb"))
def test_translations_are_in_arabic_script(locale: str) -> None:
    messages = [m for m in _messages(_catalog(locale)) if any(c.isalpha() for c in str(m.id))]
    latin_only = [
        m.id for m in messages
        if not any("\u0600" <= c <= "\u06ff" for c in (m.string if isinstance(m.string, str) else m.string[0]))
    ]
    assert latin_only == []


def test_sorani_uses_kurdish_letters_not_arabic_ones() -> None:
    text = "".join(str(m.string) for m in _messages(_catalog("ckb")))
    assert "ك" not in text and "ي" not in text and "ة" not in text
    assert any(letter in text for letter in "ڕڵێە")
