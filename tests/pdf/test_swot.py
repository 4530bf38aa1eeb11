"""The SWOT matrix: one landscape page when it fits, more when not with nothing lost, shaped Arabic and
Kurdish, a mirrored layout for right-to-left documents, nothing outside the margins."""

from __future__ import annotations

import re
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from app.pdf.fonts import register_fonts
from app.pdf.page import a4_landscape, footer_top
from app.pdf.swot import SwotBox, SwotEntry, SwotMatrix, _wrap, swot_pdf
from app.pdf.text import wrap
from tests.pdf.pdfinspect import (
    harfbuzz_glyph_ids,
    nominal_glyph_ids,
    original_glyph_ids,
    page_count,
    pdftoppm,
    pdftotext,
    text_origins,
)

LABELS = ("Strengths", "Weaknesses", "Opportunities", "Threats")
# Letters only, so that each is one right-to-left run (see test_shaping.py).
ARABIC_ITEM = "مصداقية منظمات المجتمع المدني لدى الجمهور"
KURDISH_ITEM = "بەشداری نەکردنی ئافرەتان لە هەندێک ناوچە"
ARABIC_LABELS = ("نقاط القوة", "نقاط الضعف", "الفرص", "التهديدات")


def _matrix(per_quadrant: int = 5, **overrides: object) -> SwotMatrix:
    boxes = [
        SwotBox(label, [SwotEntry(f"{label[0]}{number}. Point {number} of {label.lower()}", f"Group {'ABCD'[index]}")
                        for number in range(1, per_quadrant + 1)])
        for index, label in enumerate(LABELS)
    ]
    fields: dict[str, object] = {
        "title": "SWOT analysis",
        "subtitle": "Promoting voter turnout · 13–14 June 2023 · Basrah",
        "quadrants": boxes,
        "footer": "Multaqa · generated on 24 November 2026",
    }
    fields.update(overrides)
    return SwotMatrix(**fields)  # type: ignore[arg-type]


def _contains_run(drawn: Sequence[frozenset[int]], expected: list[int]) -> bool:
    return any(
        all(glyph in drawn[start + offset] for offset, glyph in enumerate(expected))
        for start in range(len(drawn) - len(expected) + 1)
    )


def test_a_small_matrix_is_one_landscape_page_with_everything(tmp_path: Path) -> None:
    pdf = swot_pdf(_matrix(5))
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 1 and reader.metadata.title == "SWOT analysis"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape
    text = pdftotext(pdf, tmp_path)[0]
    for label in LABELS:
        assert label in text
        for number in range(1, 6):
            assert f"{label[0]}{number}. Point {number} of {label.lower()}" in text
    assert text.count("Group A") == 5 and "Basrah" in text and "Page 1 of 1" in text
    lines = text.splitlines()
    top = next(line for line in lines if "Strengths" in line)
    assert top.index("Strengths") < top.index("Weaknesses")  # strengths top left, weaknesses top right
    bottom = next(line for line in lines if "Opportunities" in line)
    assert bottom.index("Opportunities") < bottom.index("Threats")
    assert lines.index(top) < lines.index(bottom)


def test_right_to_left_mirrors_the_matrix(tmp_path: Path) -> None:
    lines = pdftotext(swot_pdf(_matrix(3, right_to_left=True, lang="ar")), tmp_path)[0].splitlines()
    top = next(line for line in lines if "Strengths" in line)
    assert top.index("Weaknesses") < top.index("Strengths")  # strengths at the top right
    bottom = next(line for line in lines if "Opportunities" in line)
    assert bottom.index("Threats") < bottom.index("Opportunities")
    item = next(line for line in lines if "S1. Point 1" in line)
    assert item.index("Group A") < item.index("S1. Point 1")  # the groups follow on the left


def test_arabic_and_kurdish_items_are_shaped(tmp_path: Path) -> None:
    quadrants = [SwotBox(ARABIC_LABELS[0], [SwotEntry(ARABIC_ITEM, "المجموعة أ")]),
                 SwotBox(ARABIC_LABELS[1], [SwotEntry(KURDISH_ITEM, "Group B")]),
                 SwotBox(ARABIC_LABELS[2], [SwotEntry("Engaging media that have many followers.", "Group C")]),
                 SwotBox(ARABIC_LABELS[3], [])]
    pdf = swot_pdf(_matrix(quadrants=quadrants, title="تحليل سوات", right_to_left=True, lang="ar",
                           page_label="صفحة {page} من {pages}"))
    drawn = original_glyph_ids(pdf)
    for text in (ARABIC_ITEM, KURDISH_ITEM, "تحليل سوات", *ARABIC_LABELS):
        assert _contains_run(drawn, harfbuzz_glyph_ids(text, "rtl")), text
        # The check has teeth: the letters' own glyphs, in either order, are not what is drawn.
        assert not _contains_run(drawn, nominal_glyph_ids(text)[::-1]), text
        assert not _contains_run(drawn, nominal_glyph_ids(text)), text
    text = pdftotext(pdf, tmp_path)[0]
    assert "Engaging media that have many followers." in text and "Group B" in text


def test_many_items_continue_on_more_pages_with_nothing_lost(tmp_path: Path) -> None:
    pdf = swot_pdf(_matrix(60))
    pages = pdftotext(pdf, tmp_path)
    assert len(pages) == page_count(pdf) > 1
    text = "\n".join(pages)
    for label in LABELS:
        found = sorted(int(number) for number in re.findall(rf"\b{label[0]}(\d+)\. Point", text))
        assert found == list(range(1, 61)), label
    assert text.count("Group C") == 60
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        if number > 1:
            assert "SWOT analysis" in page and "Strengths (continued)" in page


def test_only_the_boxes_with_more_items_continue(tmp_path: Path) -> None:
    quadrants = [SwotBox(label, [SwotEntry(f"{label} item {n}") for n in range(1, (40 if index == 1 else 2) + 1)])
                 for index, label in enumerate(LABELS)]
    pages = pdftotext(swot_pdf(_matrix(quadrants=quadrants)), tmp_path)
    assert len(pages) > 1
    assert "Weaknesses (continued)" in pages[1]
    assert "Strengths" not in pages[1] and "Threats" not in pages[1]


def test_an_item_taller_than_a_box_is_cut_between_lines_not_lost(tmp_path: Path) -> None:
    words = [f"word{number:03d}" for number in range(1, 112)]  # 999 characters, the longest item allowed
    long_item = " ".join(words)
    assert len(long_item) <= 1000
    quadrants = [SwotBox(label, [SwotEntry(long_item, "Group A")] * 2 + [SwotEntry("short one", "Group B")])
                 for label in LABELS]
    pdf = swot_pdf(_matrix(quadrants=quadrants))
    text = "\n".join(pdftotext(pdf, tmp_path))
    for word in words:
        assert text.count(word) == 8, word  # twice in each of the four boxes
    assert text.count("short one") == 4


def test_an_empty_matrix_is_one_page() -> None:
    pdf = swot_pdf(_matrix(0, empty="No item."))
    assert page_count(pdf) == 1


@pytest.mark.parametrize("rtl", [False, True])
def test_nothing_is_drawn_outside_the_content_box(rtl: bool, tmp_path: Path) -> None:
    long = "A very long point about voter education, social media and the role of civil society " * 6
    quadrants = [SwotBox(label, [SwotEntry(long + str(n), "Group A, Group B, Group C", "Voter education")
                                 for n in range(12)]) for label in LABELS]
    pdf = swot_pdf(_matrix(quadrants=quadrants, title=long, subtitle=long, footer="Multaqa · generated " * 10,
                           right_to_left=rtl))
    layout = a4_landscape()
    for page in range(page_count(pdf)):
        png = pdftoppm(pdf, tmp_path, page=page + 1)
        with Image.open(png) as image:
            grey = image.convert("L")
            width, height = grey.size
            margin = 30  # the 15 mm margins are 35 px at 60 dpi
            for box in ((0, 0, margin, height), (width - margin, 0, width, height), (0, 0, width, margin),
                        (0, height - margin, width, height)):
                assert grey.crop(box).getextrema()[0] >= 250, (page, box)
        body = [y for _, y in text_origins(pdf, page) if y > layout.bottom + 1]
        assert min(body) > footer_top(layout), page


def test_four_quadrants_are_required() -> None:
    with pytest.raises(ValueError):
        swot_pdf(_matrix(quadrants=[SwotBox("Strengths", [])]))


def test_the_same_matrix_gives_the_same_bytes() -> None:
    assert swot_pdf(_matrix(8, right_to_left=True)) == swot_pdf(_matrix(8, right_to_left=True))


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_fast_wrapping_breaks_lines_as_the_exact_wrapping_does(direction: str) -> None:
    """The renderer measures words once (long items were quadratic); the lines must not change."""
    font = register_fonts()
    texts = [
        "The presence of CSOs in all stages of the electoral process enhances the integrity, impartiality. " * 9,
        f"{ARABIC_ITEM} 2023-06-13 IHEC (CSOs) {KURDISH_ITEM} ١٢٣ " * 8,
        "x" * 400 + " short words after a word wider than the line",
        "",
    ]
    for text in texts:
        for size in (7.0, 9.0, 11.0):
            assert _wrap(text, size, 330.0, direction, font) == wrap(text, font, size, 330.0, direction), (text, size)
