"""Sign-in sheets: one A4 portrait table per workshop day, for participants to sign on paper.

Every page repeats the title, the subtitle, the day heading and the table's header row, and ends with
"page N of M". Right-to-left sheets mirror the column order (the number column on the right) and align
text to the right. Rows are measured first and paginated, so the page count is known before drawing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.pdf.fonts import register_fonts, render_lock
from app.pdf.page import (
    BLACK,
    GREY,
    LIGHT_GREY,
    PageLayout,
    a4_portrait,
    draw_footer,
    footer_top,
    new_canvas,
    page_label,
)
from app.pdf.text import LINE_ASCENT, LINE_DESCENT, Align, Direction, draw_text, line_height, wrap

TITLE_SIZE = 15.0
SUBTITLE_SIZE = 10.0
DAY_SIZE = 12.0
HEADER_SIZE = 9.5
CELL_SIZE = 10.0
CELL_PADDING = 1.8 * mm
MIN_ROW_HEIGHT = 11 * mm  # room to sign
MAX_CELL_LINES = 3
HEADER_FILL = Color(0.93, 0.93, 0.93)


@dataclass(frozen=True)
class SignInColumns:
    """Localised column labels."""

    number: str
    name: str
    organisation: str
    sex: str
    signature: str


@dataclass(frozen=True)
class SignInRow:
    """One participant: name as written, organisation, and the localised label of their sex."""

    name: str
    organisation: str = ""
    sex: str = ""


@dataclass(frozen=True)
class SignInSheet:
    """One day's sign-in sheet; `page_label` is a localised template with {page} and {pages}."""

    title: str
    subtitle: str
    day_label: str
    column_labels: SignInColumns
    rows: Sequence[SignInRow]
    rtl: bool = False
    page_label: str = "Page {page} of {pages}"
    blank_rows: int = 0  # empty numbered rows after the registered participants, for walk-ins


@dataclass(frozen=True)
class _Column:
    key: str  # a field of SignInColumns; all but "number" and "signature" are fields of SignInRow too
    x: float
    width: float
    align: Align


@dataclass(frozen=True)
class _Row:
    """A measured table row: each column's wrapped lines, the font size and the height."""

    lines: dict[str, list[str]]
    size: float
    height: float
    header: bool = False


# Share of the table width, in reading order.
_COLUMN_SHARES = (("number", 0.07), ("name", 0.31), ("organisation", 0.28), ("sex", 0.10), ("signature", 0.24))
_CENTRED = frozenset({"number", "sex"})


def sign_in_sheet_pdf(sheet: SignInSheet) -> bytes:
    """Render one day's sign-in sheet as PDF bytes."""
    return sign_in_sheets_pdf([sheet])


def sign_in_sheets_pdf(sheets: Sequence[SignInSheet]) -> bytes:
    """Render several days' sheets into one PDF; each day starts a page and numbers its own pages."""
    if not sheets:
        raise ValueError("no sign-in sheets to render")
    font = register_fonts()
    layout = a4_portrait()
    buffer = BytesIO()
    with render_lock:
        canvas = new_canvas(buffer, layout.size, sheets[0].title)
        for sheet in sheets:
            _draw_sheet(canvas, sheet, layout, font)
        canvas.save()
    return buffer.getvalue()


def _draw_sheet(canvas: Canvas, sheet: SignInSheet, layout: PageLayout, font: str) -> None:
    columns = _columns(layout, sheet.rtl)
    header = _header_row(sheet.column_labels, columns, font)
    participants = list(sheet.rows) + [SignInRow("")] * sheet.blank_rows
    rows = [_participant_row(number, row, columns, font) for number, row in enumerate(participants, start=1)]
    heading = _heading_lines(sheet, layout, font)
    table_top = layout.top - sum(line_height(size) for _, size, _ in heading) - 2 * mm
    pages = _paginate(rows, table_top - header.height - (footer_top(layout) + 2 * mm))
    for number, page_rows in enumerate(pages, start=1):
        _draw_heading(canvas, heading, layout, sheet.rtl, font)
        y = _draw_row(canvas, columns, header, table_top, font)
        for row in page_rows:
            y = _draw_row(canvas, columns, row, y, font)
        draw_footer(canvas, layout, page_label(sheet.page_label, number, len(pages)), font, rtl=sheet.rtl)
        canvas.showPage()


def _columns(layout: PageLayout, rtl: bool) -> list[_Column]:
    """The table's columns in reading order, placed left to right, or right to left when `rtl`."""
    columns = []
    offset = 0.0
    for key, share in _COLUMN_SHARES:
        width = layout.content_width * share
        x = layout.right - offset - width if rtl else layout.left + offset
        align: Align = "center" if key in _CENTRED else ("right" if rtl else "left")
        columns.append(_Column(key, x, width, align))
        offset += width
    return columns


def _measure(lines: dict[str, list[str]], size: float, minimum: float, header: bool = False) -> _Row:
    count = max((len(column_lines) for column_lines in lines.values()), default=1)
    return _Row(lines, size, max(minimum, count * line_height(size) + 2 * CELL_PADDING), header)


def _wrap_cell(text: str, column: _Column, font: str, size: float) -> list[str]:
    return wrap(text, font, size, column.width - 2 * CELL_PADDING)


def _header_row(labels: SignInColumns, columns: list[_Column], font: str) -> _Row:
    lines = {column.key: _wrap_cell(getattr(labels, column.key), column, font, HEADER_SIZE) for column in columns}
    return _measure(lines, HEADER_SIZE, 0.0, header=True)


def _participant_row(number: int, row: SignInRow, columns: list[_Column], font: str) -> _Row:
    lines: dict[str, list[str]] = {"number": [str(number)]}
    for column in columns:
        if column.key in ("name", "organisation", "sex"):
            lines[column.key] = _wrap_cell(getattr(row, column.key), column, font, CELL_SIZE)[:MAX_CELL_LINES]
    return _measure(lines, CELL_SIZE, MIN_ROW_HEIGHT)


def _paginate(rows: list[_Row], available: float) -> list[list[_Row]]:
    """Split rows into pages that fit `available` height; always at least one (maybe empty) page."""
    pages: list[list[_Row]] = [[]]
    used = 0.0
    for row in rows:
        if pages[-1] and used + row.height > available:
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += row.height
    return pages


def _heading_lines(sheet: SignInSheet, layout: PageLayout, font: str) -> list[tuple[str, float, Color]]:
    """The wrapped title, subtitle and day heading, each line with its font size and colour."""
    direction: Direction = "rtl" if sheet.rtl else "ltr"
    lines = []
    for text, size, colour in (
        (sheet.title, TITLE_SIZE, BLACK),
        (sheet.subtitle, SUBTITLE_SIZE, GREY),
        (sheet.day_label, DAY_SIZE, BLACK),
    ):
        lines.extend((line, size, colour) for line in wrap(text, font, size, layout.content_width, direction))
    return lines


def _draw_heading(
    canvas: Canvas, lines: list[tuple[str, float, Color]], layout: PageLayout, rtl: bool, font: str
) -> None:
    y = layout.top
    for line, size, colour in lines:
        baseline = y - size * LINE_ASCENT
        canvas.setFillColor(colour)
        draw_text(
            canvas, layout.start_x(rtl), baseline, line, font, size, "right" if rtl else "left", "rtl" if rtl else "ltr"
        )
        y = baseline - size * LINE_DESCENT
    canvas.setFillColor(BLACK)


def _draw_row(canvas: Canvas, columns: list[_Column], row: _Row, top: float, font: str) -> float:
    """Draw one table row from `top` down: cell borders, text, the signature box; return its bottom."""
    bottom = top - row.height
    for column in columns:
        _draw_cell_frame(canvas, column, bottom, row)
        _draw_cell_lines(canvas, column, row, row.lines.get(column.key, []), top, font)
        if column.key == "signature" and not row.header:
            _draw_signature_box(canvas, column, bottom, row.height)
    return bottom


def _draw_cell_frame(canvas: Canvas, column: _Column, bottom: float, row: _Row) -> None:
    canvas.setLineWidth(0.5)
    canvas.setStrokeColor(GREY if row.header else LIGHT_GREY)
    canvas.setFillColor(HEADER_FILL)
    canvas.rect(column.x, bottom, column.width, row.height, stroke=1, fill=1 if row.header else 0)
    canvas.setFillColor(BLACK)
    canvas.setStrokeColor(BLACK)


def _draw_cell_lines(canvas: Canvas, column: _Column, row: _Row, lines: list[str], top: float, font: str) -> None:
    """Draw a cell's lines, the block centred vertically in the row."""
    anchors = {"left": column.x + CELL_PADDING, "right": column.x + column.width - CELL_PADDING}
    x = anchors.get(column.align, column.x + column.width / 2)
    y = top - (row.height - len(lines) * line_height(row.size)) / 2
    for line in lines:
        baseline = y - row.size * LINE_ASCENT
        draw_text(canvas, x, baseline, line, font, row.size, column.align)
        y = baseline - row.size * LINE_DESCENT


def _draw_signature_box(canvas: Canvas, column: _Column, bottom: float, height: float) -> None:
    inset = 1.5 * mm
    canvas.setLineWidth(0.4)
    canvas.setStrokeColor(GREY)
    canvas.rect(column.x + inset, bottom + inset, column.width - 2 * inset, height - 2 * inset, stroke=1, fill=0)
    canvas.setStrokeColor(BLACK)
