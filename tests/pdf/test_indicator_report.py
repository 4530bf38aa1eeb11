"""The quarterly table as a PDF: the report's rows and figures, several pages with the header repeated and
nothing lost, shaped Arabic and a mirrored table for right-to-left reports."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

import pytest
from pypdf import PdfReader

from app.pdf.indicator_report import (
    BENEFICIARY_WIDTHS,
    QuarterlyReport,
    ReportRow,
    ReportTable,
    quarterly_report_pdf,
)
from app.pdf.page import a4_landscape, footer_top
from tests.pdf.pdfinspect import harfbuzz_glyph_ids, nominal_glyph_ids, original_glyph_ids, text_origins

HEADER = ("", "Target", "Actual", "% of planned")
OUTPUT_1_1 = [
    ReportRow(("Output 1.1 / UNDP IHEC has improved institutional transparency and accountability", "", "", "60%"),
              heading=True),
    ReportRow(("1.1.8 Number of capacity building activities organised on transparency, accountability and legal "
               "framework", "19", "8", "42%")),
    ReportRow(("1.1.9 Number of personnel (male/female) engaged in capacity building activities on transparency, "
               "accountability and legal framework", "340", "129 (105 male/24 female)", "38%")),
    ReportRow(("1.1.10 Percentage of participants satisfied with the relevance and usefulness of the activity",
               "80%", "93%", "100%")),
    ReportRow(("1.1.11 Number of consultants providing technical support to IHEC on improved transparency and "
               "accountability", "5", "3", "60%")),
]
# Letters only, so that it is one right-to-left run (see test_shaping.py).
ARABIC_TITLE = "دعم المفوضية العليا المستقلة للانتخابات"
ARABIC_INDICATOR = "عدد الموظفين المشاركين في أنشطة بناء القدرات"


def _report(rows: Sequence[ReportRow] = OUTPUT_1_1, **overrides: object) -> QuarterlyReport:
    fields: dict[str, object] = {
        "title": "Support to the electoral commission",
        "lines": ["Donor: EU", "Reporting period: 2012 Q4 (Oct 1 – Dec 31, 2012)"],
        "tables": [
            ReportTable("", ("Direct beneficiaries", "Number of beneficiaries", "% of planned (current status)"),
                        [ReportRow(("Men (Target: 1,471)", "1,000", "68%")),
                         ReportRow(("Women (Target: 368)", "232", "63%"))], BENEFICIARY_WIDTHS),
            ReportTable("Quantitative achievements against objectives and results", HEADER, rows),
        ],
        "footer": "Multaqa · generated on Jan 15, 2013",
    }
    fields.update(overrides)
    return QuarterlyReport(**fields)  # type: ignore[arg-type]


def _pages(pdf: bytes) -> list[str]:
    """Each page's text with runs of white space made one space."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages]


def _many(count: int) -> list[ReportRow]:
    rows = []
    for number in range(1, count + 1):
        if number % 10 == 1:
            rows.append(ReportRow((f"Output {number // 10 + 1}.1 / UNDP Output number {number // 10 + 1}", "", "",
                                   "50%"), heading=True))
        rows.append(ReportRow((f"X.{number}.Z Number of personnel (male/female), representatives of relevant Iraqi "
                               "partner institutions and external stakeholders engaged in capacity building "
                               "activities on transparency, accountability and legal framework", "340",
                               "129 (105 male/24 female)", "38%")))
    return rows


def _contains_run(drawn: Sequence[frozenset[int]], expected: list[int]) -> bool:
    return any(
        all(glyph in drawn[start + offset] for offset, glyph in enumerate(expected))
        for start in range(len(drawn) - len(expected) + 1)
    )


def _x_of(pdf: bytes, text: str, page: int = 0) -> float:
    """The x where the first run reading `text` starts on a page."""
    found: list[float] = []

    def visit(run: str, cm: list[float], tm: list[float], font: object, size: object) -> None:
        if run.strip() == text:
            found.append(tm[4])

    PdfReader(BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    assert found, text
    return found[0]


def test_the_rows_and_figures_of_the_report() -> None:
    pdf = quarterly_report_pdf(_report())
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 1 and reader.metadata.title == "Support to the electoral commission"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape
    text = _pages(pdf)[0]
    for expected in ("Donor: EU", "Men (Target: 1,471)", "1,000", "68%", "Women (Target: 368)",
                     "Quantitative achievements against objectives and results", "Output 1.1 / UNDP", "60%",
                     "19", "42%", "340", "129 (105 male/24 female)", "38%", "80%", "93%", "5", "3",
                     "Page 1 of 1", "Multaqa · generated on Jan 15, 2013"):
        assert expected in text, expected
    for code in ("1.1.8", "1.1.9", "1.1.10", "1.1.11"):
        assert code + " " in text
    # The columns in reading order, left to right.
    assert _x_of(pdf, "Target") < _x_of(pdf, "Actual") < _x_of(pdf, "% of planned")


def test_seventy_indicators_go_on_several_pages_with_nothing_lost() -> None:
    pdf = quarterly_report_pdf(_report(_many(70)))
    pages = _pages(pdf)
    assert len(pages) > 1
    text = " ".join(pages)
    for number in range(1, 71):
        assert text.count(f"X.{number}.Z ") == 1, number
    assert text.count("129 (105 male/24 female)") == 70 and text.count("legal framework") == 70
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Target Actual % of planned" in page  # the header row, repeated
        if number > 1:
            assert page.startswith("Support to the electoral commission")  # the running header
    layout = a4_landscape()
    for page in range(len(pages)):
        body = [y for _, y in text_origins(pdf, page) if y > layout.bottom + 1]
        assert min(body) > footer_top(layout), page


def test_a_row_taller_than_a_page_is_cut_between_lines() -> None:
    words = [f"word{number:04d}" for number in range(1, 1201)]
    pdf = quarterly_report_pdf(_report([*OUTPUT_1_1, ReportRow(("9.9.9 " + " ".join(words), "1", "1", "100%"))]))
    text = " ".join(_pages(pdf))
    assert len(_pages(pdf)) > 2
    for word in words:
        assert text.count(word) == 1, word


def test_arabic_is_shaped_and_the_table_mirrored() -> None:
    rows = [ReportRow(("1.1 " + ARABIC_INDICATOR, "340", "129", "38%"))]
    pdf = quarterly_report_pdf(_report(rows, title=ARABIC_TITLE, right_to_left=True, lang="ar",
                                       page_label="الصفحة {page} من {pages}"))
    reader = PdfReader(BytesIO(pdf))
    assert reader.metadata.title == ARABIC_TITLE and reader.trailer["/Root"]["/Lang"] == "ar"
    drawn = original_glyph_ids(pdf)
    for text in (ARABIC_TITLE, ARABIC_INDICATOR):
        assert _contains_run(drawn, harfbuzz_glyph_ids(text, "rtl")), text
        # The check has teeth: the letters' own glyphs, in either order, are not what is drawn.
        assert not _contains_run(drawn, nominal_glyph_ids(text)[::-1]), text
        assert not _contains_run(drawn, nominal_glyph_ids(text)), text
    # The first column at the right: the columns read right to left.
    assert _x_of(pdf, "% of planned") < _x_of(pdf, "Actual") < _x_of(pdf, "Target")
    assert _x_of(pdf, "38%") < _x_of(pdf, "340")


def test_rows_must_have_a_cell_per_column() -> None:
    with pytest.raises(ValueError):
        quarterly_report_pdf(_report([ReportRow(("1.1.8 Activities", "19", "8"))]))


def test_the_same_report_gives_the_same_bytes() -> None:
    assert quarterly_report_pdf(_report(_many(20))) == quarterly_report_pdf(_report(_many(20)))
