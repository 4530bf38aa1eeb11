"""The donor's quarterly table as an A4 landscape PDF: a title block, the direct beneficiaries, then
"Quantitative achievements against objectives and results" with one row per outcome, output and indicator.

A pure renderer: every string comes localised and formatted from the caller (app/indicators/exports.py).
Cells wrap; a row that does not fit at the bottom of a page goes to the next one, under the table's header
row drawn again, and a row taller than a whole page is cut between two lines, so nothing is lost. Outcome and
output rows are shaded. Right-to-left reports are mirrored: the first column at the right, text at the right
of its cell; each cell reads in the direction of its own first strong character.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from unicodedata import bidirectional

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.pdf.fonts import register_fonts, render_lock
from app.pdf.page import (
    Line,
    draw_lines,
    lines_height,
    BLACK,
    FURNITURE_SIZE,
    GREY,
    LIGHT_GREY,
    PageLayout,
    a4_landscape,
    draw_footer_with_note,
    footer_top,
    new_canvas,
    page_label,
)
from app.pdf.text import LINE_DESCENT, Align, Direction, base_direction, wrap

TITLE_SIZE = 14.0
SUBTITLE_SIZE = 9.5
SECTION_SIZE = 11.0  # the heading over a table
BODY_SIZE = 8.5
PADDING = 1.5 * mm  # inside a cell
SECTION_GAP = 4 * mm
# Share of the content width of each column: (code and) title, target, actual, % of planned.
TABLE_WIDTHS = (0.55, 0.12, 0.21, 0.12)
BENEFICIARY_WIDTHS = (0.55, 0.21, 0.24)
HEADER_FILL = Color(0.82, 0.86, 0.92)
HEADING_FILL = Color(0.93, 0.93, 0.93)
_STRONG = frozenset({"L", "R", "AL"})


@dataclass(frozen=True)
class ReportRow:
    """One row of a table: its cells in reading order; `heading` rows (outcomes, outputs) are shaded."""

    cells: Sequence[str]
    heading: bool = False


@dataclass(frozen=True)
class ReportTable:
    """A titled table: its header cells and rows, all with as many cells as `widths` has shares."""

    title: str
    header: Sequence[str]
    rows: Sequence[ReportRow]
    widths: Sequence[float] = TABLE_WIDTHS


@dataclass(frozen=True)
class QuarterlyReport:
    """Everything the document shows, localised by the caller: `lines` go under the title (donor, period …),
    `tables` follow in order (the beneficiaries, then the indicators). `page_label` is a template."""

    title: str
    lines: Sequence[str]
    tables: Sequence[ReportTable]
    footer: str
    page_label: str = "Page {page} of {pages}"
    right_to_left: bool = False
    lang: str = "en"


@dataclass(frozen=True)
class _Row:
    """A laid-out table row: the wrapped lines of each cell (in reading order)."""

    cells: tuple[tuple[Line, ...], ...]
    fill: Color | None

    @property
    def height(self) -> float:
        return max((sum(line.height for line in cell) for cell in self.cells), default=0.0) + 2 * PADDING

    @property
    def line_count(self) -> int:
        return max((len(cell) for cell in self.cells), default=0)


@dataclass(frozen=True)
class _Grid:
    widths: tuple[float, ...]  # in points, reading order
    title: tuple[Line, ...]
    header: _Row
    rows: tuple[_Row, ...]


@dataclass(frozen=True)
class _Placed:
    """What a page holds, top to bottom: lines of text, or a table row with its grid's column widths."""

    top: float
    lines: tuple[Line, ...] = ()
    row: _Row | None = None
    widths: tuple[float, ...] = ()


def quarterly_report_pdf(report: QuarterlyReport) -> bytes:
    """Render the report as PDF bytes, on as many pages as its rows need."""
    font = register_fonts()
    layout = a4_landscape()
    rtl = report.right_to_left
    width = layout.content_width
    buffer = BytesIO()
    with render_lock:
        heading = _lines(report.title, TITLE_SIZE, BLACK, width, rtl, font)
        for line in report.lines:
            heading += _lines(line, SUBTITLE_SIZE, GREY, width, rtl, font)
        running = _lines(report.title, FURNITURE_SIZE, GREY, width, rtl, font)
        grids = [_grid(table, width, rtl, font) for table in report.tables]
        bottom = footer_top(layout) + SECTION_GAP / 2
        other_top = layout.top - lines_height(running) - FURNITURE_SIZE * 0.6 - SECTION_GAP / 2
        pages = _paginate(heading, grids, layout.top, other_top, bottom)
        canvas = new_canvas(buffer, layout.size, report.title, report.lang)
        for number, items in enumerate(pages, start=1):
            if number > 1:
                _draw_running_header(canvas, running, layout, rtl, font)
            for item in items:
                if item.row is not None:
                    _draw_row(canvas, item.row, item.widths, layout, item.top, rtl, font)
                else:
                    draw_lines(canvas, item.lines, layout.start_x(rtl), item.top, _start(rtl), font)
            page_text = page_label(report.page_label, number, len(pages))
            draw_footer_with_note(canvas, layout, page_text, report.footer, font, rtl)
            canvas.showPage()
        canvas.save()
    return buffer.getvalue()


# ---------------------------------------------------------------- text


def _start(rtl: bool) -> Align:
    return "right" if rtl else "left"


def _own_direction(text: str, rtl: bool) -> Direction:
    """The direction of `text` from its first strong character, else the page's (figures alone)."""
    if any(bidirectional(char) in _STRONG for char in text):
        return base_direction(text)
    return "rtl" if rtl else "ltr"


def _lines(text: str, size: float, colour: Color, width: float, rtl: bool, font: str) -> list[Line]:
    lines = []
    for paragraph in text.splitlines():
        direction = _own_direction(paragraph, rtl)
        lines += [Line(line, size, colour, direction) for line in wrap(paragraph, font, size, width, direction)]
    return lines


# ---------------------------------------------------------------- layout


def _grid(table: ReportTable, width: float, rtl: bool, font: str) -> _Grid:
    total = sum(table.widths)
    widths = tuple(width * share / total for share in table.widths)
    for row in (table.header, *(row.cells for row in table.rows)):
        if len(row) != len(widths):
            raise ValueError("every row of a table has as many cells as the table has columns")

    def row(cells: Sequence[str], colour: Color, fill: Color | None) -> _Row:
        return _Row(tuple(tuple(_lines(text, BODY_SIZE, colour, column - 2 * PADDING, rtl, font))
                          for text, column in zip(cells, widths, strict=True)), fill)

    return _Grid(widths, tuple(_lines(table.title, SECTION_SIZE, BLACK, width, rtl, font)) if table.title else (),
                 row(table.header, GREY, HEADER_FILL),
                 tuple(row(item.cells, BLACK, HEADING_FILL if item.heading else None) for item in table.rows))


def _split(row: _Row, room: float) -> tuple[_Row, _Row] | None:
    """The lines of `row` that fit in `room` (a row of its own) and the rest, or None when not one does."""
    used, count = 2 * PADDING, 0
    tallest = [max((cell[index].height for cell in row.cells if index < len(cell)), default=0.0)
               for index in range(row.line_count)]
    for height in tallest:
        if used + height > room:
            break
        used += height
        count += 1
    if count == 0:
        return None
    return (_Row(tuple(cell[:count] for cell in row.cells), row.fill),
            _Row(tuple(cell[count:] for cell in row.cells), row.fill))


def _paginate(heading: list[Line], grids: Sequence[_Grid], first_top: float, other_top: float,
              bottom: float) -> list[list[_Placed]]:
    """Each page's items with the y of their top. A table's title keeps with its header and first row; its
    header is repeated on every page the table continues on."""
    pages: list[list[_Placed]] = [[]]
    y = first_top
    if heading:
        pages[-1].append(_Placed(y, lines=tuple(heading)))
        y -= lines_height(heading) + SECTION_GAP

    def new_page() -> float:
        pages.append([])
        return other_top

    for grid in grids:
        opening = lines_height(grid.title) + grid.header.height + (grid.rows[0].height if grid.rows else 0.0)
        if y - opening < bottom and pages[-1] and opening <= other_top - bottom:
            y = new_page()
        if grid.title:
            pages[-1].append(_Placed(y, lines=grid.title))
            y -= lines_height(grid.title) + PADDING
        pages[-1].append(_Placed(y, row=grid.header, widths=grid.widths))
        y -= grid.header.height
        for row in grid.rows:
            while True:
                if y - row.height >= bottom:
                    pages[-1].append(_Placed(y, row=row, widths=grid.widths))
                    y -= row.height
                    break
                fresh = other_top - grid.header.height
                cut = _split(row, y - bottom) if row.height > fresh - bottom else None
                if cut is not None:
                    pages[-1].append(_Placed(y, row=cut[0], widths=grid.widths))
                    row = cut[1]
                y = new_page()
                pages[-1].append(_Placed(y, row=grid.header, widths=grid.widths))
                y -= grid.header.height
        y -= SECTION_GAP
    return pages


# ---------------------------------------------------------------- drawing


def _draw_running_header(canvas: Canvas, lines: list[Line], layout: PageLayout, rtl: bool, font: str) -> None:
    """The title, small and grey, over a rule: the heading of the pages after the first."""
    bottom = draw_lines(canvas, lines, layout.start_x(rtl), layout.top, _start(rtl), font)
    rule_y = bottom - FURNITURE_SIZE * 0.6 + FURNITURE_SIZE * LINE_DESCENT
    canvas.setStrokeColor(LIGHT_GREY)
    canvas.setLineWidth(0.5)
    canvas.line(layout.left, rule_y, layout.right, rule_y)
    canvas.setStrokeColor(BLACK)


def _draw_row(canvas: Canvas, row: _Row, widths: tuple[float, ...], layout: PageLayout, top: float, rtl: bool,
              font: str) -> None:
    """A row's cells from the starting edge; the first column's text at the cell's start, figures centred."""
    height = row.height
    offset = 0.0
    canvas.setLineWidth(0.5)
    canvas.setStrokeColor(LIGHT_GREY)
    for index, (lines, width) in enumerate(zip(row.cells, widths, strict=True)):
        left = layout.right - offset - width if rtl else layout.left + offset
        offset += width
        if row.fill is not None:
            canvas.setFillColor(row.fill)
        canvas.rect(left, top - height, width, height, stroke=1, fill=int(row.fill is not None))
        align: Align = _start(rtl) if index == 0 else "center"
        x = {"left": left + PADDING, "right": left + width - PADDING, "center": left + width / 2}[align]
        draw_lines(canvas, lines, x, top - PADDING, align, font)
    canvas.setStrokeColor(BLACK)
    canvas.setFillColor(BLACK)
