"""The donor's quarterly table ("Quantitative achievements against objectives and results") and the
drill-down behind a figure, as files: XLSX, CSV, PDF and DOCX, in a chosen language.

The figures come from `services.dashboard` / `services.sources` and are written by `display`, so a figure
reads the same here as on the dashboard; this module only lays them out. The first four columns of the table
are the report's: (code and) title | Target | Actual | % of planned, outcome and output rows carrying their
roll-up in the last one. Spreadsheet text that a spreadsheet would run as a formula stays text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_DIRECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from app.db import utcnow
from app.events.services import local
from app.i18n.formatting import format_date, format_date_range, format_number, format_percent
from app.i18n.services import text_direction
from app.indicators import display
from app.indicators.models import IndicatorKind
from app.indicators.services import Dashboard, IndicatorFigures, Sources, capped
from app.pdf.indicator_report import (
    BENEFICIARY_WIDTHS,
    QuarterlyReport,
    ReportRow,
    ReportTable,
    quarterly_report_pdf,
)
from app.registration.spreadsheets import FORMULA_STARTS, table_to_csv

HEADING_FILL = PatternFill("solid", fgColor="EDEDED")
HEADER_FILL = PatternFill("solid", fgColor="D1DBEB")
# Column widths of the report sheet (characters): title, target, actual, % of planned, ratio, in the period.
REPORT_WIDTHS = (70, 14, 30, 13, 16, 30)
WRAP = Alignment(wrap_text=True, vertical="top")


# ---------------------------------------------------------------- the table, as strings


@dataclass(frozen=True)
class QuarterlyRow:
    """A row of the quarterly table, written in the export's language. `level` is "outcome", "output" or
    "indicator"; headings carry their roll-up in `achieved` and nothing in the last two columns."""

    level: str
    title: str  # "1.1.9 Number of personnel …", "Output 1.1 / UNDP IHEC has improved …"
    target: str = ""
    actual: str = ""
    achieved: str = ""
    ratio: str = ""  # "40/43" for a share
    in_period: str = ""  # the figure of the period alone

    @property
    def heading(self) -> bool:
        return self.level != "indicator"

    @property
    def report_cells(self) -> list[str]:
        """The report's four columns."""
        return [self.title, self.target, self.actual, self.achieved]

    @property
    def cells(self) -> list[str]:
        return [*self.report_cells, self.ratio, self.in_period]


def _is_rtl(lang: str) -> bool:
    return text_direction(lang) == "rtl"


def _heading(name: str, agency: str, title: str) -> str:
    """"Output 1.1 / UNDP IHEC has improved …", as the reports head an output."""
    label = f"{name} / {agency}" if agency else name
    return f"{label} {title}" if title else label


def _indicator_row(row: IndicatorFigures, lang: str) -> QuarterlyRow:
    indicator = row.indicator
    return QuarterlyRow(
        "indicator", f"{indicator.code} {indicator.title.get(lang)}".strip(), display.target(indicator),
        display.actual(row.cumulative), display.achieved(row), display.ratio(row.cumulative),
        display.actual(row.period))


def quarterly_rows(board: Dashboard, lang: str) -> list[QuarterlyRow]:
    """The table's rows in order: each outcome, its outputs, each output's indicators."""
    with force_locale(lang):
        rows = []
        for outcome in board.outcomes:
            item = outcome.outcome
            title = _heading(_("Outcome %(code)s", code=item.code), item.lead_agency, item.title.get(lang))
            rows.append(QuarterlyRow("outcome", title, achieved=display.rollup(outcome.rollup.value)))
            for output in outcome.outputs:
                part = output.output
                title = _heading(_("Output %(code)s", code=part.code), part.lead_agency, part.title.get(lang))
                rows.append(QuarterlyRow("output", title, achieved=display.rollup(output.rollup.value)))
                rows += [_indicator_row(figures, lang) for figures in output.indicators]
    return rows


def _header(board: Dashboard) -> list[str]:
    """The table's header; call under the export's locale. The first cell is empty, as in the report."""
    return ["", _("Target"), _("Actual"), str(display.PLANNED), _("Numerator/denominator"),
            _("In %(period)s", period=board.period.label())]


def _title_lines(board: Dashboard, lang: str) -> list[str]:
    """Donor, period and filter, under the programme's title; call under the export's locale."""
    lines = []
    if board.programme.donor:
        lines.append(_("Donor: %(donor)s", donor=board.programme.donor))
    period = board.period
    lines.append(_("Reporting period: %(period)s (%(dates)s)", period=period.label(),
                   dates=format_date_range(period.start, period.end)))
    if board.governorate is not None:
        lines.append(_("Governorate: %(name)s", name=board.governorate.name.get(lang)))
    lines.append(_("Actual: cumulative from the start of the programme to the end of the period."))
    return lines


def _beneficiaries(board: Dashboard) -> tuple[list[str], list[list[str]]]:
    """The "Direct beneficiaries" block: header and rows; call under the export's locale."""
    people = board.beneficiaries
    header = [_("Direct beneficiaries"), _("Number of beneficiaries"), _("%(sign)s of planned (current status)", sign="%")]

    def share(value: float | None) -> str:
        return _("n/a") if value is None else format_percent(capped(value))

    rows = [
        [_("Men (Target: %(target)s)", target=format_number(people.target_male))
         if people.target_male is not None else _("Men"), format_number(people.male), share(people.male_achieved)],
        [_("Women (Target: %(target)s)", target=format_number(people.target_female))
         if people.target_female is not None else _("Women"), format_number(people.female),
         share(people.female_achieved)],
    ]
    if people.not_recorded:
        rows.append([_("Sex not recorded"), format_number(people.not_recorded), ""])
    return header, rows


# ---------------------------------------------------------------- raw figures for analysts


def _raw(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 2)


def _percent_raw(ratio: float | None) -> float | None:
    """A ratio in percent (0.4211 → 42.11), as targets are stored."""
    return None if ratio is None else _raw(100 * ratio)


def data_table(board: Dashboard, lang: str) -> tuple[list[str], list[list[Any]]]:
    """One row per indicator with its raw figures (numbers, not text), headed in `lang`."""
    with force_locale(lang):
        header = [_("Output"), _("Code"), _("Indicator"), _("Kind"), _("Unit"), _("Target"), _("Target (words)"),
                  _("Actual"), _("Milestone"), _("Male"), _("Female"), _("Sex not recorded"), _("Numerator"),
                  _("Denominator"), _("In the period"), _("Period target"), _("%(sign)s of planned (uncapped)", sign="%"),
                  _("%(sign)s of planned (capped)", sign="%")]
        rows = []
        for row in board.rows:
            indicator, figure = row.indicator, row.cumulative
            # Numbers by sex only for figures that count people (an activity has no sex).
            sexes = ([figure.male, figure.female, figure.not_recorded]
                     if figure.disaggregated or indicator.kind == IndicatorKind.PEOPLE else [None] * 3)
            rows.append([
                indicator.output.code, indicator.code, indicator.title.get(lang), indicator.kind.value,
                indicator.unit.value, _raw(indicator.target), indicator.target_text, _raw(figure.value),
                figure.milestone.label if figure.milestone else "", *sexes,
                figure.numerator, figure.denominator, _raw(row.period.value), _raw(row.period_target),
                _percent_raw(row.achieved), _percent_raw(row.achieved_capped),
            ])
    return header, rows


# ---------------------------------------------------------------- spreadsheets


def _formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _append(sheet: Worksheet, values: Sequence[Any], bold: bool = False, fill: PatternFill | None = None,
            wrap: bool = True) -> None:
    """A row whose formula-like text stays text (see app/registration/spreadsheets.py)."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if _formula_like(cell.value):
            cell.data_type = "s"
        if bold:
            cell.font = Font(bold=True)
        if fill is not None:
            cell.fill = fill
        if wrap:
            cell.alignment = WRAP


def _table_sheet(sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Any]], rtl: bool) -> None:
    sheet.sheet_view.rightToLeft = rtl
    _append(sheet, header, bold=True, fill=HEADER_FILL)
    for row in rows:
        _append(sheet, row, wrap=False)
    for column in sheet.columns:
        width = max(len(str(cell.value if cell.value is not None else "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 50)
    sheet.freeze_panes = "A2"


def _sheet_title(text: str) -> str:
    """Excel's limit: 31 characters, none of []:*?/\\."""
    return "".join(char for char in text if char not in "[]:*?/\\")[:31] or "Sheet"


def _workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def quarterly_xlsx(board: Dashboard, lang: str) -> bytes:
    """The report as laid out for the donor (title block, beneficiaries, the table as text), and a "Data"
    sheet of raw figures, one row per indicator."""
    rows = quarterly_rows(board, lang)
    rtl = _is_rtl(lang)
    workbook = Workbook()
    sheet = workbook.active
    with force_locale(lang):
        sheet.title = _sheet_title(_("Quarterly report"))
        sheet.sheet_view.rightToLeft = rtl
        _append(sheet, [board.programme.title.get(lang)], wrap=False)
        sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=14)
        for line in _title_lines(board, lang):
            _append(sheet, [line], wrap=False)
        sheet.append([])
        header, people = _beneficiaries(board)
        _append(sheet, header, bold=True, fill=HEADER_FILL)
        for row in people:
            _append(sheet, row)
        sheet.append([])
        _append(sheet, [_("Quantitative achievements against objectives and results")], wrap=False)
        sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
        _append(sheet, _header(board), bold=True, fill=HEADER_FILL)
        header_row = sheet.max_row
        for row in rows:
            _append(sheet, row.cells, bold=row.heading, fill=HEADING_FILL if row.heading else None)
        data_title = _sheet_title(_("Data"))
    for index, width in enumerate(REPORT_WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    data_header, data_rows = data_table(board, lang)
    _table_sheet(workbook.create_sheet(data_title), data_header, data_rows, rtl)
    return _workbook_bytes(workbook)


def quarterly_csv(board: Dashboard, lang: str) -> bytes:
    """The raw figures, one row per indicator: UTF-8 with a byte-order mark (Excel then reads Arabic)."""
    header, rows = data_table(board, lang)
    return table_to_csv(header, [["" if value is None else value for value in row] for row in rows]).encode("utf-8")


# ---------------------------------------------------------------- PDF


def quarterly_document(board: Dashboard, lang: str, generated_on: date | None = None) -> QuarterlyReport:
    """The plain data the PDF renderer draws, localised in `lang`."""
    rows = quarterly_rows(board, lang)
    generated_on = generated_on or local(utcnow()).date()
    with force_locale(lang):
        header, people = _beneficiaries(board)
        return QuarterlyReport(
            title=board.programme.title.get(lang),
            lines=_title_lines(board, lang),
            tables=[
                ReportTable("", header, [ReportRow(row) for row in people], BENEFICIARY_WIDTHS),
                ReportTable(_("Quantitative achievements against objectives and results"), _header(board)[:4],
                            [ReportRow(row.report_cells, row.heading) for row in rows]),
            ],
            footer=_("Multaqa · generated on %(date)s", date=format_date(generated_on)),
            page_label=_("Page {page} of {pages}"),
            right_to_left=_is_rtl(lang),
            lang=lang,
        )


def quarterly_pdf(board: Dashboard, lang: str, generated_on: date | None = None) -> bytes:
    """The report as an A4 landscape PDF in `lang` (`generated_on` defaults to today in Baghdad)."""
    return quarterly_report_pdf(quarterly_document(board, lang, generated_on))


# ---------------------------------------------------------------- DOCX


# Children of w:pPr that come after w:bidi (ECMA-376 CT_PPrBase order).
_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
               "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
               "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _rtl_paragraph(paragraph: Paragraph) -> None:
    """Mark a paragraph and its runs right-to-left (w:bidi, w:rtl): Word then orders and aligns it so.
    Right-to-left runs take the complex-script bold and size (w:bCs, w:szCs), so these follow w:b and w:sz."""
    properties = paragraph._p.get_or_add_pPr()
    if properties.find(qn("w:bidi")) is None:
        properties.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    for run in paragraph.runs:
        run.font.rtl = True
        if run.font.bold:
            run.font.cs_bold = True
        size = run._r.rPr.find(qn("w:sz")) if run._r.rPr is not None else None
        if size is not None and run._r.rPr.find(qn("w:szCs")) is None:
            complex_size = OxmlElement("w:szCs")
            complex_size.set(qn("w:val"), size.get(qn("w:val")))
            size.addnext(complex_size)


def _paragraph(document: Any, text: str, rtl: bool, bold: bool = False, size: float | None = None) -> Paragraph:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.font.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if rtl:
        _rtl_paragraph(paragraph)
    return paragraph


def _set_cell(cell: Any, text: str, rtl: bool, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.font.bold = bold or None
    run.font.size = Pt(9)
    if rtl:
        _rtl_paragraph(paragraph)


def _shade(cell: Any, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _docx_table(document: Any, header: Sequence[str], rows: Sequence[tuple[Sequence[str], bool]],
                widths: Sequence[float], rtl: bool) -> Table:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    if rtl:
        table.table_direction = WD_TABLE_DIRECTION.RTL  # w:bidiVisual: the first column at the right
    # The header row repeats on every page the table continues on.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _set_cell(cell, text, rtl, bold=True)
        _shade(cell, "D1DBEB")
    for cells, heading in rows:
        added = table.add_row().cells
        for cell, text in zip(added, cells, strict=True):
            _set_cell(cell, text, rtl, bold=heading)
            if heading:
                _shade(cell, "EDEDED")
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    return table


def quarterly_docx(board: Dashboard, lang: str) -> bytes:
    """The report as a Word document (landscape): title block, beneficiaries, the four-column table."""
    rows = quarterly_rows(board, lang)
    rtl = _is_rtl(lang)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    with force_locale(lang):
        heading = document.add_heading(level=1)
        heading.add_run(board.programme.title.get(lang))
        if rtl:
            _rtl_paragraph(heading)
        for line in _title_lines(board, lang):
            _paragraph(document, line, rtl)
        header, people = _beneficiaries(board)
        _docx_table(document, header, [(row, False) for row in people], (145, 60, 62), rtl)
        _paragraph(document, "", rtl)
        _paragraph(document, _("Quantitative achievements against objectives and results"), rtl, bold=True,
                   size=12)
        _docx_table(document, _header(board)[:4], [(row.report_cells, row.heading) for row in rows],
                    (150, 32, 53, 32), rtl)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- the drill-down


def _contribution_columns(kind: IndicatorKind) -> list[tuple[str, str]]:
    """(key of a workshop's contribution, header) of the figures the indicator's kind adds up."""
    if kind == IndicatorKind.ACTIVITIES:
        return [("count", _("Activities"))]
    if kind == IndicatorKind.PEOPLE:
        return [("count", _("People")), ("male", _("Male")), ("female", _("Female")),
                ("not_recorded", _("Sex not recorded"))]
    if kind == IndicatorKind.SATISFACTION:
        return [("numerator", _("Satisfied")), ("denominator", _("Respondents"))]
    if kind == IndicatorKind.PASS_RATE:
        return [("numerator", _("Passed")), ("denominator", _("Tested"))]
    return []


def sources_tables(src: Sources, lang: str) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The workshops behind a figure and the people who attended them (no phone or e-mail), headed in `lang`."""
    with force_locale(lang):
        columns = _contribution_columns(src.indicator.kind)
        workshop_header = [_("Workshop"), _("First day"), _("Governorate"), _("Status"),
                           *(label for _key, label in columns)]
        workshops = [[item.workshop.title.get(lang), item.day.isoformat() if item.day else "",
                      item.workshop.governorate.name.get(lang) if item.workshop.governorate else "",
                      item.workshop.status.label, *(item.contribution.get(key, 0) for key, _label in columns)]
                     for item in src.workshops]
        people_header = [_("Name"), _("Sex"), _("Organisation"), _("Governorate"), _("Workshop"),
                         _("Days attended")]
        people = []
        for item in src.people:
            person = item.participant
            organisation = person.organisation.name.get(lang) if person.organisation else person.organisation_name
            people.append([person.full_name, person.sex.label, organisation,
                           person.governorate.name.get(lang) if person.governorate else "",
                           item.workshop.title.get(lang), item.days_attended])
    return {"workshops": (workshop_header, workshops), "people": (people_header, people)}


def sources_xlsx(src: Sources, lang: str) -> bytes:
    """A "Workshops" sheet and, for people counted, a "People" sheet."""
    tables = sources_tables(src, lang)
    rtl = _is_rtl(lang)
    workbook = Workbook()
    with force_locale(lang):
        names = {"workshops": _("Workshops"), "people": _("People")}
    first = True
    for key, (header, rows) in tables.items():
        if key == "people" and not src.people:
            continue
        sheet = workbook.active if first else workbook.create_sheet()
        sheet.title = _sheet_title(names[key])
        _table_sheet(sheet, header, rows, rtl)
        first = False
    return _workbook_bytes(workbook)


def sources_csv(src: Sources, lang: str, table: str | None = None) -> bytes:
    """One table as CSV (UTF-8 with a byte-order mark): `table` "workshops" or "people"; by default the people
    when the figure counts people, else the workshops."""
    tables = sources_tables(src, lang)
    key = table or ("people" if src.people else "workshops")
    if key not in tables:
        raise ValueError(f"unknown drill-down table: {key}")
    header, rows = tables[key]
    return table_to_csv(header, rows).encode("utf-8")
