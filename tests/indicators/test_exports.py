"""The donor's quarterly table and the drill-down as XLSX, CSV, PDF and DOCX, built from the rows of
Output 1.1 of the 2012 Q4 report (tests/indicators/report_2012.py)."""

from __future__ import annotations

import csv
import io
from datetime import date

from docx import Document
from docx.oxml.ns import qn
from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import load_workbook
from pypdf import PdfReader

from app.db import LocalizedText
from app.extensions import db
from app.i18n.formatting import format_number
from app.indicators import exports, services
from app.indicators.models import Indicator
from tests.indicators import report_2012

ROWS = {
    "1.1.8": ("19", "8", "42%"),
    "1.1.9": ("340", "129 (105 male/24 female)", "38%"),
    "1.1.10": ("80%", "93%", "100%"),
    "1.1.11": ("5", "3", "60%"),
}
FORMULA = '=HYPERLINK("http://evil.example","click")'


def _board(report: report_2012.Report2012) -> services.Dashboard:
    return services.dashboard(services.load_programme(report.programme_id), report_2012.period())


def _sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _row_of(rows: list[list], code: str) -> list:
    return next(row for row in rows if isinstance(row[0], str) and row[0].startswith(code + " "))


def test_rows_follow_the_report(app_ctx) -> None:
    rows = exports.quarterly_rows(_board(report_2012.build()), "en")
    assert [row.level for row in rows] == ["outcome", "output", *["indicator"] * 4, "output"]
    outcome, output = rows[0], rows[1]
    assert outcome.title == "Outcome 1 / UNDP Institutional development"
    assert output.title == "Output 1.1 / UNDP IHEC has improved institutional transparency and accountability"
    # The output's roll-up: the mean of the capped quantitative % (42, 38, 100, 60).
    assert output.achieved == "60%" and output.target == output.actual == ""
    people = next(row for row in rows if row.title.startswith("1.1.9 "))
    assert people.report_cells[1:] == ["340", "129 (105 male/24 female)", "38%"]
    assert people.in_period == "29 (24 male/5 female)"  # workshops 7 and 8: 16 + 13, 3 + 2 women
    satisfaction = next(row for row in rows if row.title.startswith("1.1.10 "))
    assert (satisfaction.ratio, satisfaction.in_period) == ("40/43", "–")  # no evaluation in 2012 Q4
    assert rows[-1].title.startswith("Output 1.2 / UNDP") and rows[-1].achieved == ""


def test_xlsx_reads_like_the_report(app_ctx) -> None:
    report = report_2012.build()
    workbook = load_workbook(io.BytesIO(exports.quarterly_xlsx(_board(report), "en")))
    sheet = workbook.worksheets[0]
    assert not sheet.sheet_view.rightToLeft
    rows = _sheet_rows(sheet)
    assert rows[0][0] == "Support to the electoral commission"
    assert any(row[0] == "Donor: EU" for row in rows)
    assert any(str(row[0]).startswith("Reporting period: 2012 Q4 (") for row in rows)
    # The beneficiaries: 105 + 6 men and 24 + 1 women came (output 1.2 included); no target set.
    assert ["Men", "111", "n/a"] == _row_of_label(rows, "Men")
    assert ["Women", "25", "n/a"] == _row_of_label(rows, "Women")
    header = rows.index(next(row for row in rows if row[1] == "Target"))
    assert rows[header][:4] == [None, "Target", "Actual", "% of planned"]
    for code, cells in ROWS.items():
        row = _row_of(rows, code)
        assert tuple(row[1:4]) == cells, code
    output = next(row for row in rows if str(row[0]).startswith("Output 1.1 / UNDP"))
    assert output[3] == "60%"
    number = next(index for index, row in enumerate(rows, start=1) if row is output)
    assert sheet.cell(number, 1).font.bold and not sheet.cell(number + 1, 1).font.bold
    assert sheet.cell(number + 1, 1).alignment.wrap_text
    assert sheet.print_title_rows == f"${header + 1}:${header + 1}"
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["B"].width


def _row_of_label(rows: list[list], label: str) -> list:
    return next(row[:3] for row in rows if row[0] == label)


def test_xlsx_data_sheet_has_raw_numbers(app_ctx) -> None:
    report = report_2012.build()
    workbook = load_workbook(io.BytesIO(exports.quarterly_xlsx(_board(report), "en")))
    data = workbook.worksheets[1]
    assert data.title == "Data"
    rows = _sheet_rows(data)
    header = rows[0]
    by_code = {row[1]: dict(zip(header, row)) for row in rows[1:]}
    assert list(by_code) == ["1.1.8", "1.1.9", "1.1.10", "1.1.11"]
    people = by_code["1.1.9"]
    assert (people["Kind"], people["Unit"], people["Target"], people["Actual"], people["Male"], people["Female"],
            people["Sex not recorded"], people["In the period"]) == ("people", "number", 340, 129, 105, 24, 0, 29)
    assert people["% of planned (uncapped)"] == round(100 * 129 / 340, 2)
    satisfaction = by_code["1.1.10"]
    assert (satisfaction["Numerator"], satisfaction["Denominator"], satisfaction["Actual"]) == (40, 43, 93.02)
    assert satisfaction["% of planned (uncapped)"] > 100 and satisfaction["% of planned (capped)"] == 100


def test_arabic_xlsx_is_right_to_left_with_arabic_words(app_ctx) -> None:
    report = report_2012.build()
    board = _board(report)
    workbook = load_workbook(io.BytesIO(exports.quarterly_xlsx(board, "ar")))
    assert all(sheet.sheet_view.rightToLeft for sheet in workbook.worksheets)
    rows = _sheet_rows(workbook.worksheets[0])
    actual = _row_of(rows, "1.1.9")[2]
    with force_locale("ar"):
        male, female = _("%(number)s male", number="105"), _("%(number)s female", number="24")
        numbers = [format_number(value) for value in (129, 105, 24)]
    assert all(number in actual for number in numbers)
    assert male in actual and female in actual
    english = "129 (105 male/24 female)"
    if male != "105 male":  # the catalog translates it
        assert actual != english
    # The title falls back to English (no Arabic title): the code and figures stay as they are.
    assert _row_of(rows, "1.1.8")[1:3] == [format_number(19), format_number(8)]


def test_csv_has_the_raw_figures(app_ctx) -> None:
    report = report_2012.build()
    data = exports.quarterly_csv(_board(report), "en")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    by_code = {row[1]: dict(zip(header, row)) for row in rows[1:]}
    assert len(by_code) == 4
    assert (by_code["1.1.8"]["Target"], by_code["1.1.8"]["Actual"]) == ("19", "8")
    assert (by_code["1.1.9"]["Actual"], by_code["1.1.9"]["Male"], by_code["1.1.9"]["Female"]) == ("129", "105", "24")
    assert (by_code["1.1.10"]["Numerator"], by_code["1.1.10"]["Denominator"]) == ("40", "43")
    assert by_code["1.1.11"]["% of planned (capped)"] == "60"
    assert by_code["1.1.11"]["Milestone"] == "" and by_code["1.1.11"]["Period target"] == ""


def test_formula_like_titles_stay_text(app_ctx) -> None:
    report = report_2012.build()
    indicator = db.session.scalar(db.select(Indicator).where(Indicator.code == "1.1.8"))
    indicator.title = LocalizedText(en=FORMULA)
    indicator.code = "+1"
    db.session.flush()
    board = _board(report)
    workbook = load_workbook(io.BytesIO(exports.quarterly_xlsx(board, "en")))
    report_sheet, data = workbook.worksheets
    cell = next(cell for row in report_sheet.iter_rows() for cell in row if cell.value == f"+1 {FORMULA}")
    assert cell.data_type == "s"
    cells = [cell for row in data.iter_rows() for cell in row if cell.value in (FORMULA, "+1")]
    assert len(cells) == 2 and all(cell.data_type == "s" for cell in cells)
    rows = list(csv.reader(io.StringIO(exports.quarterly_csv(board, "en").decode("utf-8-sig"))))
    assert "'" + FORMULA in rows[1] and "'+1" in rows[1]


def test_docx_has_the_report_table(app_ctx) -> None:
    report = report_2012.build()
    document = Document(io.BytesIO(exports.quarterly_docx(_board(report), "en")))
    assert document.paragraphs[0].text == "Support to the electoral commission"
    table = next(table for table in document.tables if len(table.columns) == 4)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["", "Target", "Actual", "% of planned"]
    for code, cells in ROWS.items():
        assert tuple(_row_of(rows, code)[1:]) == cells, code
    heading = next(row for row in table.rows if row.cells[0].text.startswith("Output 1.1 / UNDP"))
    assert heading.cells[3].text == "60%" and heading.cells[0].paragraphs[0].runs[0].bold
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
    assert document.tables[0].rows[1].cells[0].text == "Men"
    assert document.sections[0].page_width > document.sections[0].page_height


def test_arabic_docx_is_right_to_left(app_ctx) -> None:
    report = report_2012.build()
    document = Document(io.BytesIO(exports.quarterly_docx(_board(report), "ar")))
    table = document.tables[-1]
    assert table._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    paragraph = table.rows[1].cells[0].paragraphs[0]
    assert paragraph._p.pPr.find(qn("w:bidi")) is not None
    assert all(run._r.rPr.find(qn("w:rtl")) is not None for run in paragraph.runs)
    assert document.paragraphs[0]._p.pPr.find(qn("w:bidi")) is not None
    with force_locale("ar"):
        expected = _("Outcome %(code)s", code="1")
    assert table.rows[1].cells[0].text.startswith(expected)


def test_pdf_holds_the_figures(app_ctx) -> None:
    report = report_2012.build()
    pdf = exports.quarterly_pdf(_board(report), "en", generated_on=date(2013, 1, 15))
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert reader.metadata.title == "Support to the electoral commission"
    for code, cells in ROWS.items():
        assert code in text and all(cell in text for cell in cells), code
    assert "Output 1.1 / UNDP" in text and "Page 1 of 1" in text and "Jan 15, 2013" in text


def test_drill_down_lists_the_people_without_contact_details(app_ctx) -> None:
    report = report_2012.build()
    programme = services.load_programme(report.programme_id)
    indicator = db.session.scalar(db.select(Indicator).where(Indicator.code == "1.1.9"))
    found = services.sources(programme, indicator, report_2012.period())
    workbook = load_workbook(io.BytesIO(exports.sources_xlsx(found, "en")))
    workshops, people = workbook.worksheets
    assert (workshops.title, people.title) == ("Workshops", "People")
    workshop_rows = _sheet_rows(workshops)
    assert workshop_rows[0] == ["Workshop", "First day", "Governorate", "Status", "People", "Male", "Female",
                                "Sex not recorded"]
    assert len(workshop_rows) == 1 + 8
    assert workshop_rows[1][:2] == ["Transparency workshop 1", "2012-04-10"]
    assert sum(row[4] for row in workshop_rows[1:]) == 129
    people_rows = _sheet_rows(people)
    header = people_rows[0]
    assert header == ["Name", "Sex", "Organisation", "Governorate", "Workshop", "Days attended"]
    assert not any("phone" in str(name).lower() or "mail" in str(name).lower() for name in header)
    assert len(people_rows) == 1 + 129
    assert sum(row[1] == "Female" for row in people_rows[1:]) == 24
    assert {row[5] for row in people_rows[1:]} == {1, 2}
    assert "Never came" not in {row[0] for row in people_rows}
    lines = list(csv.reader(io.StringIO(exports.sources_csv(found, "en").decode("utf-8-sig"))))
    assert lines[0] == header and len(lines) == 1 + 129
    lines = list(csv.reader(io.StringIO(exports.sources_csv(found, "en", "workshops").decode("utf-8-sig"))))
    assert len(lines) == 1 + 8


def test_drill_down_of_activities_has_only_workshops(app_ctx) -> None:
    report = report_2012.build()
    programme = services.load_programme(report.programme_id)
    indicator = db.session.scalar(db.select(Indicator).where(Indicator.code == "1.1.8"))
    found = services.sources(programme, indicator, report_2012.period(), cumulative=False)
    workbook = load_workbook(io.BytesIO(exports.sources_xlsx(found, "en")))
    assert [sheet.title for sheet in workbook.worksheets] == ["Workshops"]
    rows = _sheet_rows(workbook.worksheets[0])
    assert rows[0][-1] == "Activities" and [row[-1] for row in rows[1:]] == [1, 1]  # the two of 2012 Q4
    lines = list(csv.reader(io.StringIO(exports.sources_csv(found, "en").decode("utf-8-sig"))))
    assert len(lines) == 3
