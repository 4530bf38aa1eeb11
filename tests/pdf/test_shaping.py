"""The glyphs drawn for Arabic, Sorani and mixed lines are exactly HarfBuzz's glyphs for the line's visual runs.

Expected runs are written out by hand (not computed by app.pdf.text), so a wrong bidi order, a missing
shaping step or shaped Latin/digit runs all fail here.
"""

from __future__ import annotations

from io import BytesIO

import pytest

from app.pdf.fonts import register_fonts
from app.pdf.page import new_canvas
from app.pdf.text import draw_text
from tests.pdf.pdfinspect import harfbuzz_glyph_ids, nominal_glyph_ids, original_glyph_ids

ARABIC = "أحمد علي"
SORANI = "هەولێر، ڕۆژی پێنجشەممە گوڵ"  # has ڕ ڵ ێ ە, which have no presentation forms

# (line, its visual runs from left to right as (logical text, HarfBuzz direction))
CASES = [
    (ARABIC, [(ARABIC, "rtl")]),
    (SORANI, [(SORANI, "rtl")]),
    # Right-to-left paragraph: the Latin run goes left; the space between belongs to the Arabic run.
    ("أحمد علي Ahmed Ali", [("Ahmed Ali", "ltr"), ("أحمد علي ", "rtl")]),
    # Left-to-right paragraph; its Arabic run starts (visually) with a mark, which reportlab 5.1 trips on.
    ("Ahmed Ali أحمد علي", [("Ahmed Ali ", "ltr"), ("أحمد علي", "rtl")]),
    # Arabic-Indic digits and an ISO date keep their left-to-right order inside right-to-left text.
    ("الرقم ٢٠٢٥", [("٢٠٢٥", "ltr"), ("الرقم ", "rtl")]),
    ("بەروار: 2025-03-14", [("2025-03-14", "ltr"), ("بەروار: ", "rtl")]),
]


def _line_pdf(text: str) -> bytes:
    buffer = BytesIO()
    canvas = new_canvas(buffer, (400, 100), "glyph check")
    draw_text(canvas, 380, 50, text, register_fonts(), 16, align="right")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _expected(runs: list[tuple[str, str]]) -> list[int]:
    return [glyph for text, direction in runs for glyph in harfbuzz_glyph_ids(text, direction)]


@pytest.mark.parametrize(("line", "runs"), CASES, ids=[line for line, _ in CASES])
def test_drawn_glyphs_are_harfbuzz_glyphs_of_the_visual_runs(line: str, runs: list[tuple[str, str]]) -> None:
    expected = _expected(runs)
    drawn = original_glyph_ids(_line_pdf(line))
    assert len(drawn) == len(expected), (drawn, expected)
    mismatches = [
        (index, sorted(can_be), glyph)
        for index, (can_be, glyph) in enumerate(zip(drawn, expected))
        if glyph not in can_be
    ]
    assert not mismatches, mismatches


@pytest.mark.parametrize("line", [ARABIC, SORANI])
def test_the_check_tells_shaped_from_naive_text(line: str) -> None:
    """HarfBuzz's joined glyphs differ from the letters' own glyphs, in either order: the check has teeth."""
    shaped = harfbuzz_glyph_ids(line, "rtl")
    assert shaped != nominal_glyph_ids(line)
    assert shaped != nominal_glyph_ids(line)[::-1]


def test_latin_and_digit_runs_are_not_shaped() -> None:
    """Latin and Western digit runs are drawn as their characters' own glyphs."""
    line = "K7MQ-4PXA 2025"
    drawn = original_glyph_ids(_line_pdf(line))
    nominal = nominal_glyph_ids(line)
    assert len(drawn) == len(nominal)
    assert all(glyph in can_be for can_be, glyph in zip(drawn, nominal))
