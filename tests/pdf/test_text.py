"""Line layout: paragraph direction, visual runs, date isolation, widths, alignment and wrapping."""

from __future__ import annotations

from io import BytesIO

import pytest

from app.pdf.fonts import FONT_NAME, register_fonts
from app.pdf.page import new_canvas
from app.pdf.text import (
    LRE,
    PDF,
    base_direction,
    draw_text,
    isolate_iso_dates,
    layout,
    line_height,
    ltr_isolate,
    text_width,
    wrap,
)
from tests.pdf.pdfinspect import nominal_width, text_origins

FONT = register_fonts()


def test_fonts_register_once() -> None:
    assert register_fonts() == register_fonts() == FONT_NAME


@pytest.mark.parametrize(
    ("text", "direction"),
    [("أحمد Ali", "rtl"), ("Ahmed علي", "ltr"), ("2025 هەولێر", "rtl"), ("123", "ltr"), ("", "ltr")],
)
def test_base_direction_is_given_by_the_first_strong_character(text: str, direction: str) -> None:
    assert base_direction(text) == direction


def test_ltr_isolate_wraps_in_embedding_marks() -> None:
    assert ltr_isolate("2025-03-14") == f"{LRE}2025-03-14{PDF}"


def test_iso_dates_are_isolated_once() -> None:
    text = "بەروار: 2025-03-14 – 2025-03-16"
    isolated = isolate_iso_dates(text)
    assert isolated == f"بەروار: {LRE}2025-03-14{PDF} – {LRE}2025-03-16{PDF}"
    assert isolate_iso_dates(isolated) == isolated


def _runs(text: str, direction: str | None = None) -> list[tuple[str, int]]:
    return [(run.logical, run.level) for run in layout(text, FONT, 12, direction)]  # type: ignore[arg-type]


def test_mixed_line_runs_in_visual_order() -> None:
    assert _runs("أحمد علي Ahmed Ali") == [("Ahmed Ali", 2), ("أحمد علي ", 1)]
    assert _runs("Ahmed Ali أحمد علي") == [("Ahmed Ali ", 0), ("أحمد علي", 1)]


def test_direction_override() -> None:
    # In a right-to-left paragraph the space between the two scripts resolves to right-to-left (rule N2).
    assert _runs("Ahmed Ali أحمد علي", "rtl") == [(" أحمد علي", 1), ("Ahmed Ali", 2)]


def test_iso_date_in_rtl_text_keeps_its_order_and_the_marks_are_not_drawn() -> None:
    runs = layout("بەروار: 2025-03-14", FONT, 12)
    assert [run.logical for run in runs] == ["2025-03-14", "بەروار: "]
    assert all(LRE not in run.glyphs and PDF not in run.glyphs for run in runs)


def test_brackets_in_rtl_runs_are_mirrored() -> None:
    """A right-to-left ")" is drawn with the glyph of "(" (rule L4), by HarfBuzz in shaped runs, by us alone."""
    runs = layout("علي (2) محمد", FONT, 12)
    assert [run.logical for run in runs] == [") محمد", "2", "علي ("]
    assert runs[0].glyphs[-1] == "(" and runs[2].glyphs[0] == ")"
    lone = layout("المرحلة (2)", FONT, 12)
    assert [(run.logical, run.glyphs) for run in lone][0] == (")", "(")


def test_line_breaks_do_not_start_a_new_paragraph() -> None:
    assert "\n" not in "".join(run.logical for run in layout("أحمد\nعلي", FONT, 12))


def test_width_is_the_sum_of_the_runs_and_scales_with_size() -> None:
    width = text_width("أحمد علي Ahmed Ali", FONT, 10)
    assert width == pytest.approx(sum(run.width for run in layout("أحمد علي Ahmed Ali", FONT, 10)))
    assert text_width("أحمد علي Ahmed Ali", FONT, 20) == pytest.approx(2 * width)
    assert text_width("", FONT, 10) == 0


def test_shaped_arabic_is_narrower_than_its_isolated_letters() -> None:
    """Joined letters are narrower than the same letters drawn apart: the width comes from HarfBuzz."""
    assert text_width("پێنجشەممە", FONT, 12) < nominal_width("پێنجشەممە", 12)


@pytest.mark.parametrize(("align", "offset"), [("left", 0.0), ("right", 1.0), ("center", 0.5)])
def test_draw_text_aligns_on_x(align: str, offset: float) -> None:
    buffer = BytesIO()
    canvas = new_canvas(buffer, (300, 100), "align")
    width = draw_text(canvas, 150, 50, "Ahmed أحمد", FONT, 12, align)  # type: ignore[arg-type]
    canvas.showPage()
    canvas.save()
    assert width == pytest.approx(text_width("Ahmed أحمد", FONT, 12))
    origins = text_origins(buffer.getvalue())
    assert [y for _, y in origins] == [50, 50]  # one origin per run
    assert origins[0][0] == pytest.approx(150 - offset * width, abs=0.01)
    assert origins[1][0] == pytest.approx(origins[0][0] + text_width("Ahmed ", FONT, 12), abs=0.01)


def test_wrap_breaks_by_words_within_the_width() -> None:
    text = "ورشة عمل حول بناء القدرات للمنظمات المحلية في إقليم كوردستان Ahmed Ali والعراق 2025-03-14"
    lines = wrap(text, FONT, 12, 120, "rtl")
    assert len(lines) > 2
    assert " ".join(lines) == text
    assert all(text_width(line, FONT, 12, "rtl") <= 120 for line in lines)


def test_wrap_cuts_a_word_longer_than_the_width() -> None:
    lines = wrap("x" * 80, FONT, 12, 100)
    assert len(lines) > 1
    assert "".join(lines) == "x" * 80
    assert all(text_width(line, FONT, 12) <= 100 for line in lines)


def test_wrap_of_nothing_is_no_line() -> None:
    assert wrap("   ", FONT, 12, 100) == []


def test_line_height_leaves_room_for_arabic_marks() -> None:
    assert line_height(10) == pytest.approx(15.5)


def test_zero_width_non_joiner_is_kept_for_shaping() -> None:
    """ZWNJ is removed by the bidi algorithm (X9) but decides letter forms: it must reach HarfBuzz."""
    with_zwnj = layout("می\u200cخواهم", FONT, 12)
    without = layout("میخواهم", FONT, 12)
    assert with_zwnj[0].logical == "می\u200cخواهم"
    assert with_zwnj[0].glyphs != without[0].glyphs


def test_invisible_controls_are_not_drawn_in_unshaped_runs() -> None:
    runs = layout("K7MQ\u200b-4PXA\u200e \u202a2025\u202c", FONT, 12)
    assert "".join(run.glyphs for run in runs) == "K7MQ-4PXA 2025"
