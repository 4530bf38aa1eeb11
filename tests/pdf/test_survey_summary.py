"""Survey summaries: one page when it fits, more when not with nothing lost, shaped Arabic, a mirrored layout."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader
from pypdf.generic import ContentStream

from app.pdf.page import a4_portrait, footer_top
from app.pdf.survey_summary import SummaryBar, SummaryQuestion, SurveySummary, survey_summary_pdf
from tests.pdf.pdfinspect import (
    harfbuzz_glyph_ids,
    nominal_glyph_ids,
    original_glyph_ids,
    page_count,
    pdftoppm,
    pdftotext,
    text_origins,
)

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
BAR_RGB = (0.05, 0.43, 0.99)
TRACK_RGB = (0.92, 0.92, 0.92)
FIGURES = [("Satisfied with relevance and usefulness", "93% (26 of 28)"), ("Responses", "28 of 30 attendees")]

# Arabic and Sorani question titles; letters only, so each is one right-to-left run (see test_shaping.py).
ARABIC_TITLES = [
    "كانت المواضيع ذات صلة بعملي",
    "بابەتەکان پەیوەندییان بە کارەکەمەوە هەبوو",
    "شرح الميسرون المحتوى بوضوح",
]
ARABIC_SURVEY_TITLE = "تقييم النشاط"
ARABIC_FIGURE_LABELS = ["راضون عن الصلة والفائدة", "الاستجابات"]


def _bars(count: int, arabic: bool = False) -> list[SummaryBar]:
    answers = [(index * 5) % 11 + 1 for index in range(count)]
    total = sum(answers)
    bars = []
    for index, answer in enumerate(answers):
        label, number, percent = str(count - index), str(answer), str(round(100 * answer / total))
        if arabic:
            bars.append(
                SummaryBar(
                    label.translate(ARABIC_DIGITS),
                    number.translate(ARABIC_DIGITS),
                    answer / total,
                    percent.translate(ARABIC_DIGITS) + "٪",
                )
            )
        else:
            bars.append(SummaryBar(label, number, answer / total, f"{percent}%"))
    return bars


def _english(count: int = 12, bars: int = 5, **overrides: object) -> SurveySummary:
    fields: dict[str, object] = {
        "title": "Activity evaluation",
        "subtitle": "Local planning workshop · 22–24 November 2026 · Basrah Grand Hotel",
        "figures": FIGURES,
        "questions": [
            SummaryQuestion(f"Q{number}. Was part {number} useful for your work?", _bars(bars), f"Mean: {number}.5")
            for number in range(1, count + 1)
        ],
        "footer": "Multaqa · generated 24 November 2026",
    }
    fields.update(overrides)
    return SurveySummary(**fields)  # type: ignore[arg-type]


def _arabic() -> SurveySummary:
    questions = [SummaryQuestion(title, _bars(5, arabic=True), "المتوسط: ٤٫٣") for title in ARABIC_TITLES] + [
        SummaryQuestion(
            "هل توصي بهذه الورشة؟", [SummaryBar("نعم", "٢٥", 25 / 28, "٨٩٪"), SummaryBar("لا", "٣", 3 / 28, "١١٪")]
        ),
        SummaryQuestion("ملاحظات أخرى", [], "١٤ إجابة مكتوبة"),
    ]
    return SurveySummary(
        title=ARABIC_SURVEY_TITLE,
        subtitle="ورشة التخطيط المحلي · 2026-11-22 · فندق Basrah Grand Hotel",
        figures=list(zip(ARABIC_FIGURE_LABELS, ["٩٣٪ (٢٦ من ٢٨)", "٢٨ من ٣٠"])),
        questions=questions,
        footer="ملتقى · ٢٤ تشرين الثاني ٢٠٢٦",
        page_label="صفحة {page} من {pages}",
        right_to_left=True,
        lang="ar",
    )


def _rectangles(pdf: bytes, page: int = 0) -> list[tuple[tuple[float, ...], float, float, float, float]]:
    """Every rectangle a page draws, with the fill colour it was drawn with: (rgb, x, y, width, height)."""
    reader = PdfReader(BytesIO(pdf))
    colour: tuple[float, ...] = (0.0, 0.0, 0.0)
    rectangles = []
    for operands, operator in ContentStream(reader.pages[page].get_contents(), reader).operations:
        if operator == b"rg":
            colour = tuple(round(float(value), 2) for value in operands)
        elif operator == b"re":
            x, y, width, height = (float(value) for value in operands)
            rectangles.append((colour, x, y, width, height))
    return rectangles


def _bars_and_tracks(pdf: bytes) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """(left, right, y) of the bars and of their grey tracks on page one."""
    rectangles = _rectangles(pdf)
    bars = [(x, x + width, y) for colour, x, y, width, _ in rectangles if colour == BAR_RGB]
    tracks = [(x, x + width, y) for colour, x, y, width, _ in rectangles if colour == TRACK_RGB]
    return bars, tracks


def _contains_run(drawn: Sequence[frozenset[int]], expected: list[int]) -> bool:
    """Whether `expected` glyph ids are drawn one after the other somewhere on the page."""
    return any(
        all(glyph in drawn[start + offset] for offset, glyph in enumerate(expected))
        for start in range(len(drawn) - len(expected) + 1)
    )


def _is_printed(png: Path) -> bool:
    with Image.open(png) as image:
        darkest, lightest = image.convert("L").getextrema()
    return darkest < 50 and lightest > 200


def _margin_ink(png: Path, margin: int) -> list[str]:
    """The page edges, `margin` pixels wide, that have anything drawn on them."""
    with Image.open(png) as image:
        grey = image.convert("L")
        width, height = grey.size
        boxes = {
            "left": (0, 0, margin, height),
            "right": (width - margin, 0, width, height),
            "top": (0, 0, width, margin),
            "bottom": (0, height - margin, width, height),
        }
        return [edge for edge, box in boxes.items() if grey.crop(box).getextrema()[0] < 250]


def test_english_summary_is_one_page_with_figures_and_questions(tmp_path: Path) -> None:
    pdf = survey_summary_pdf(_english())
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 1
    assert reader.metadata is not None and reader.metadata.title == "Activity evaluation"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    text = pdftotext(pdf, tmp_path)[0]
    for label, value in FIGURES:
        assert label in text and value in text
    for number in range(1, 13):
        assert f"Q{number}. Was part {number} useful for your work?" in text
        assert f"Mean: {number}.5" in text
    assert "Activity evaluation" in text and "Basrah Grand Hotel" in text
    assert "Multaqa · generated 24 November 2026" in text and "Page 1 of 1" in text


def test_arabic_summary_is_one_page_with_shaped_text(tmp_path: Path) -> None:
    pdf = survey_summary_pdf(_arabic())
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 1
    assert reader.metadata is not None and reader.metadata.title == ARABIC_SURVEY_TITLE
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    drawn = original_glyph_ids(pdf)
    for title in [ARABIC_SURVEY_TITLE, *ARABIC_FIGURE_LABELS, *ARABIC_TITLES]:
        assert _contains_run(drawn, harfbuzz_glyph_ids(title, "rtl")), title
        # The check has teeth: the letters' own glyphs, in either order, are not what is drawn.
        assert not _contains_run(drawn, nominal_glyph_ids(title)[::-1]), title
    # Arabic extracts garbled (see test_sign_in_sheet.py): only the Latin runs are read, in their own order.
    text = pdftotext(pdf, tmp_path)[0]
    assert "Basrah Grand Hotel" in text and "2026-11-22" in text


def test_twelve_questions_of_five_bars_fit_on_one_page(tmp_path: Path) -> None:
    pdf = survey_summary_pdf(_english(12, 5))
    assert page_count(pdf) == 1
    assert len(_bars_and_tracks(pdf)[1]) == 12 * 5


def test_twelve_questions_of_six_bars_with_long_titles_fit_on_one_page(tmp_path: Path) -> None:
    long_title = "To what extent did the sessions on local budgeting and participatory planning meet your needs?"
    questions = [SummaryQuestion(f"{number}. {long_title}", _bars(6), "Mean: 4.3") for number in range(1, 13)]
    pdf = survey_summary_pdf(_english(questions=questions))
    assert page_count(pdf) == 1
    assert len(_bars_and_tracks(pdf)[1]) == 12 * 6


def test_forty_questions_continue_on_more_pages_with_nothing_lost(tmp_path: Path) -> None:
    pdf = survey_summary_pdf(_english(40, 6))
    pages = pdftotext(pdf, tmp_path)
    assert len(pages) == page_count(pdf) > 1
    text = "\n".join(pages)
    assert sorted(int(number) for number in re.findall(r"Q(\d+)\. Was part", text)) == list(range(1, 41))
    assert sorted(int(number) for number in re.findall(r"Mean: (\d+)\.5", text)) == list(range(1, 41))
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Activity evaluation" in page  # the running title
    tracks = sum(sum(1 for rect in _rectangles(pdf, page) if rect[0] == TRACK_RGB) for page in range(len(pages)))
    assert tracks == 40 * 6


@pytest.mark.parametrize(("options", "one_page"), [(90, True), (250, False)])
def test_a_question_taller_than_a_column_is_split_not_cut(options: int, one_page: bool, tmp_path: Path) -> None:
    """It fills the first column and goes on in the next one (on the next page when needed)."""
    bars = [SummaryBar(f"Option {number}", str(number), number / options, "1%") for number in range(1, options + 1)]
    pdf = survey_summary_pdf(_english(questions=[SummaryQuestion("Which of these did you use?", bars)]))
    texts = pdftotext(pdf, tmp_path)
    assert (len(texts) == 1) is one_page
    assert sorted(int(number) for number in re.findall(r"Option (\d+)", "\n".join(texts))) == list(
        range(1, options + 1)
    )
    assert "Which of these did you use?" in texts[0]
    assert any(line.count("Option") == 2 for line in texts[0].splitlines())  # both columns of page one


@pytest.mark.parametrize("rtl", [False, True])
def test_nothing_is_drawn_outside_the_content_box(rtl: bool, tmp_path: Path) -> None:
    """Long titles and option labels wrap; the bottom of the body stays above the footer."""
    long = "A very long question title that goes on and on about participatory planning and local budgets " * 3
    questions = [
        SummaryQuestion(
            f"{number}. {long}",
            [SummaryBar("Strongly agree with the statement made in this question", "12", 0.4, "40%"), *_bars(4)],
            "Mean: 4.3 " * 20,
        )
        for number in range(1, 15)
    ]
    summary = _english(
        questions=questions, title=long, subtitle=long, footer="Multaqa · generated " * 8, right_to_left=rtl
    )
    pdf = survey_summary_pdf(summary)
    layout = a4_portrait()
    for page in range(page_count(pdf)):
        png = pdftoppm(pdf, tmp_path, page=page + 1)
        assert _margin_ink(png, margin=30) == [], page  # the 15 mm margins are 35 px at 60 dpi
        body = [y for _, y in text_origins(pdf, page) if y > layout.bottom + 1]  # all but the footer line
        assert min(body) > footer_top(layout), page
        for _, _, y, _, _ in _rectangles(pdf, page):
            assert y >= footer_top(layout) - 0.01, page


def test_bars_of_a_column_do_not_overlap() -> None:
    _, tracks = _bars_and_tracks(survey_summary_pdf(_english(12, 6)))
    for left in {track[0] for track in tracks}:
        ys = sorted(y for x, _, y in tracks if x == left)
        assert all(upper - lower > 6 for lower, upper in zip(ys, ys[1:]))  # at least a 6-point line apart


def test_bars_grow_from_the_labels_side() -> None:
    ltr_bars, ltr_tracks = _bars_and_tracks(survey_summary_pdf(_english(4)))
    rtl_bars, rtl_tracks = _bars_and_tracks(survey_summary_pdf(_english(4, right_to_left=True)))
    assert len(ltr_bars) == len(rtl_bars) == 20
    assert {left for left, _, _ in ltr_bars} <= {left for left, _, _ in ltr_tracks}
    assert not {right for _, right, _ in ltr_bars} & {right for _, right, _ in ltr_tracks}
    assert {round(right, 3) for _, right, _ in rtl_bars} <= {round(right, 3) for _, right, _ in rtl_tracks}
    assert not {left for left, _, _ in rtl_bars} & {left for left, _, _ in rtl_tracks}


def test_right_to_left_mirrors_columns_labels_and_figures(tmp_path: Path) -> None:
    summary = _english(4, figures=[("Responses", "28"), ("Attendees", "30")], right_to_left=True)
    lines = pdftotext(survey_summary_pdf(summary), tmp_path)[0].splitlines()
    figures = next(line for line in lines if "Responses" in line)
    assert figures.index("Attendees") < figures.index("Responses")
    columns = next(line for line in lines if "Q1." in line)
    assert columns.index("Q3.") < columns.index("Q1.")  # the first column is the right one
    bar_row = next(line for line in lines if re.search(r"%\s+\d+\s+5\s", line))
    assert re.search(r"\d+%\s+\d+\s+5\s", bar_row)  # percent, count, then the label at the right
    ltr_lines = pdftotext(survey_summary_pdf(_english(4)), tmp_path)[0].splitlines()
    ltr_columns = next(line for line in ltr_lines if "Q1." in line)
    assert ltr_columns.index("Q1.") < ltr_columns.index("Q3.")
    assert any(re.match(r"\s*5\s+\d+\s+\d+%", line) for line in ltr_lines)  # label, count, percent


@pytest.mark.parametrize("make", [_english, _arabic], ids=["english", "arabic"])
def test_page_one_renders_to_png(make: Callable[[], SurveySummary], tmp_path: Path) -> None:
    pdf = survey_summary_pdf(make())
    png = pdftoppm(pdf, tmp_path, resolution=72)
    assert _is_printed(png)
    with Image.open(png) as image:
        assert image.size == pytest.approx((595, 842), abs=2)  # A4 portrait
        red, _, blue = image.convert("RGB").split()
        bar_pixels = ImageChops.multiply(red.point(lambda v: 255 * (v < 80)), blue.point(lambda v: 255 * (v > 200)))
    assert bar_pixels.histogram()[255] > 500  # the blue bars


def test_empty_summary_is_still_one_page(tmp_path: Path) -> None:
    pdf = survey_summary_pdf(_english(questions=[], figures=[]))
    pages = pdftotext(pdf, tmp_path)
    assert len(pages) == 1 and "Activity evaluation" in pages[0] and "Page 1 of 1" in pages[0]


def test_shares_out_of_range_are_clamped() -> None:
    bars = [SummaryBar("a", "1", 1.7, "170%"), SummaryBar("b", "0", float("nan"), "–"), SummaryBar("c", "0", -1, "0%")]
    pdf = survey_summary_pdf(_english(questions=[SummaryQuestion("Odd", bars)]))
    drawn, tracks = _bars_and_tracks(pdf)
    assert len(drawn) == 1 and drawn[0][:2] == tracks[0][:2]


def test_same_summary_gives_the_same_bytes() -> None:
    assert survey_summary_pdf(_arabic()) == survey_summary_pdf(_arabic())
