"""A survey's results on one A4 page: title, headline figures, then every question's answers as small bars.

The questions flow in two columns, question by question. The body's type shrinks step by step (9 down to
6 points) until everything fits on one page; only what does not fit even then continues on further pages,
and a question taller than a whole column is split between its rows, so nothing is cut or drawn over.
Right-to-left summaries mirror the whole layout: columns and figures ordered from the right, labels on the
right and bars growing leftwards. Each string reads in the direction of its first strong character (the
page's when it has none, as numbers alone); the footer and the page label in the page's.
"""

from __future__ import annotations

import math
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
    draw_footer_with_note,
    BLACK,
    FURNITURE_SIZE,
    GREY,
    LIGHT_GREY,
    PageLayout,
    a4_portrait,
    footer_top,
    new_canvas,
    page_label,
)
from app.pdf.text import LINE_ASCENT, LINE_DESCENT, Align, Direction, base_direction, draw_text, text_width, wrap

BODY_SIZES = (9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0)  # tried in turn until the questions fit on one page
TITLE_SIZE = 16.0
SUBTITLE_SIZE = 10.0
FIGURE_VALUE_SIZE = 13.0
FIGURE_LABEL_SIZE = 8.0
COLUMNS = 2  # `_balance` splits a page between two
GUTTER = 8 * mm
BOX_PADDING = 3 * mm
FIGURE_GAP = 5 * mm  # between two figures of the headline box, across and down
SECTION_GAP = 4 * mm  # between the heading, the headline box and the questions
QUESTION_GAP = 1.0  # between two questions of a column, in lines of the body's size
MAX_LABEL_SHARE = 0.4  # of a column's width: longer option labels wrap
MIN_TRACK_SHARE = 0.2  # of a column's width, kept for the bars whatever the labels and numbers
BAR_COLOUR = Color(0.05, 0.43, 0.99)  # the results page's (Bootstrap's) primary blue
TRACK_COLOUR = Color(0.92, 0.92, 0.92)
BOX_FILL = Color(0.96, 0.96, 0.96)
_STRONG = frozenset({"L", "R", "AL"})


@dataclass(frozen=True)
class SummaryBar:
    """One answer option: its label, how many chose it, and that share as a bar and as text."""

    label: str  # e.g. "5", "Yes", "نعم"
    count: str  # formatted by the caller, e.g. "12" or "١٢"
    share: float  # 0 to 1: the bar's length
    share_text: str  # formatted by the caller, e.g. "43%" or "٤٣٪"


@dataclass(frozen=True)
class SummaryQuestion:
    """A question's title, its bars (none for open questions) and a note such as "Mean: 4.3"."""

    title: str
    bars: Sequence[SummaryBar]
    note: str = ""


@dataclass(frozen=True)
class SurveySummary:
    """Everything the summary shows, localised and formatted; `page_label` is a template with {page} and {pages}."""

    title: str
    subtitle: str  # workshop title · dates · venue
    figures: Sequence[tuple[str, str]]  # headline (label, value) pairs
    questions: Sequence[SummaryQuestion]
    footer: str
    page_label: str = "Page {page} of {pages}"
    right_to_left: bool = False
    lang: str = "en"


@dataclass(frozen=True)
class _Row:
    """A row of a question block: a line of its title or note, or one bar with its wrapped label."""

    lines: tuple[Line, ...]
    height: float
    bar: SummaryBar | None = None
    space_before: float = 0.0


_Block = tuple[_Row, ...]  # one question, or a piece of one too tall for a column


@dataclass(frozen=True)
class _BarGeometry:
    """Where a bar row's cells sit, as offsets from the column's starting edge (the right one when mirrored)."""

    label_width: float
    track_offset: float
    track_width: float
    count_offset: float
    count_width: float
    share_offset: float
    share_width: float


@dataclass(frozen=True)
class _Column:
    x: float  # left edge
    width: float


@dataclass(frozen=True)
class _Plan:
    """The body at one type size: its bar geometry, and per page the blocks of each column in reading order."""

    size: float
    geometry: _BarGeometry
    pages: list[list[list[_Block]]]

    @property
    def gap(self) -> float:
        return self.size * QUESTION_GAP


@dataclass(frozen=True)
class _Figure:
    value: list[Line]
    label: list[Line]

    @property
    def height(self) -> float:
        return lines_height(self.value) + lines_height(self.label)


def survey_summary_pdf(summary: SurveySummary) -> bytes:
    """Render the summary as PDF bytes: one page whenever the questions fit at 6 points or more."""
    font = register_fonts()
    layout = a4_portrait()
    rtl = summary.right_to_left
    buffer = BytesIO()
    with render_lock:
        heading = _heading(summary, layout.content_width, font)
        figure_rows = _figure_rows(summary, layout.content_width, font)
        running = _lines(
            summary.title, FURNITURE_SIZE, GREY, layout.content_width, _own_direction(summary.title, rtl), font
        )
        body_bottom = footer_top(layout) + SECTION_GAP
        first_top = layout.top - lines_height(heading) - SECTION_GAP
        if figure_rows:
            first_top -= _boxlines_height(figure_rows) + SECTION_GAP
        other_top = layout.top - lines_height(running) - FURNITURE_SIZE * 0.6 - SECTION_GAP
        columns = _columns(layout, rtl)
        plan = _choose_plan(summary, columns[0].width, first_top - body_bottom, other_top - body_bottom, font)
        canvas = new_canvas(buffer, layout.size, summary.title, summary.lang)
        for number, page in enumerate(plan.pages, start=1):
            if number == 1:
                y = draw_lines(canvas, heading, layout.start_x(rtl), layout.top, _start(rtl), font)
                if figure_rows:
                    _draw_figures(canvas, figure_rows, layout, y - SECTION_GAP, rtl, font)
                top = first_top
            else:
                _draw_running_header(canvas, running, layout, rtl, font)
                top = other_top
            for column, blocks in zip(columns, page):
                _draw_column(canvas, blocks, column, top, plan, rtl, font)
            page_text = page_label(summary.page_label, number, len(plan.pages))
            draw_footer_with_note(canvas, layout, page_text, summary.footer, font, summary.right_to_left)
            canvas.showPage()
        canvas.save()
    return buffer.getvalue()


def _direction(rtl: bool) -> Direction:
    return "rtl" if rtl else "ltr"


def _start(rtl: bool) -> Align:
    """The alignment of text that starts at the page's starting edge."""
    return "right" if rtl else "left"


def _own_direction(text: str, rtl: bool) -> Direction:
    """The direction of `text` from its first strong character, else the page's (for numbers alone).

    Titles, options and notes may be in another script than the page (data, or a string not yet
    translated): "93% (26 of 28)" must not read "(of 28 26) 93%" on a right-to-left page.
    """
    if any(bidirectional(char) in _STRONG for char in text):
        return base_direction(text)
    return _direction(rtl)


def _lines(text: str, size: float, colour: Color, width: float, direction: Direction, font: str) -> list[Line]:
    return [Line(line, size, colour, direction) for line in wrap(text, font, size, width, direction)]


def _heading(summary: SurveySummary, width: float, font: str) -> list[Line]:
    rtl = summary.right_to_left
    title = _lines(summary.title, TITLE_SIZE, BLACK, width, _own_direction(summary.title, rtl), font)
    subtitle = _lines(summary.subtitle, SUBTITLE_SIZE, GREY, width, _own_direction(summary.subtitle, rtl), font)
    return title + subtitle


def _figure_rows(summary: SurveySummary, width: float, font: str) -> list[list[_Figure]]:
    """The headline figures, wrapped to their cells, in rows of up to three (two when there are four)."""
    count = len(summary.figures)
    if not count:
        return []
    per_row = 2 if count == 4 else min(3, count)
    cell = _figure_cell_width(width, per_row)
    rtl = summary.right_to_left
    figures = [
        _Figure(
            _lines(value, FIGURE_VALUE_SIZE, BLACK, cell, _own_direction(value, rtl), font),
            _lines(label, FIGURE_LABEL_SIZE, GREY, cell, _own_direction(label, rtl), font),
        )
        for label, value in summary.figures
    ]
    return [figures[start : start + per_row] for start in range(0, count, per_row)]


def _figure_cell_width(width: float, per_row: int) -> float:
    return (width - 2 * BOX_PADDING - (per_row - 1) * FIGURE_GAP) / per_row


def _boxlines_height(rows: list[list[_Figure]]) -> float:
    return 2 * BOX_PADDING + sum(max(figure.height for figure in row) for row in rows) + (len(rows) - 1) * FIGURE_GAP


def _draw_figures(
    canvas: Canvas, rows: list[list[_Figure]], layout: PageLayout, top: float, rtl: bool, font: str
) -> None:
    """The shaded box of headline figures: each value over its label, the first figure at the starting edge."""
    height = _boxlines_height(rows)
    canvas.setFillColor(BOX_FILL)
    canvas.setStrokeColor(LIGHT_GREY)
    canvas.setLineWidth(0.5)
    canvas.rect(layout.left, top - height, layout.content_width, height, stroke=1, fill=1)
    canvas.setStrokeColor(BLACK)
    per_row = max(len(row) for row in rows)
    cell = _figure_cell_width(layout.content_width, per_row)
    y = top - BOX_PADDING
    for row in rows:
        for index, figure in enumerate(row):
            offset = BOX_PADDING + index * (cell + FIGURE_GAP)
            x = layout.right - offset if rtl else layout.left + offset
            below_value = draw_lines(canvas, figure.value, x, y, _start(rtl), font)
            draw_lines(canvas, figure.label, x, below_value, _start(rtl), font)
        y -= max(figure.height for figure in row) + FIGURE_GAP


def _draw_running_header(canvas: Canvas, lines: list[Line], layout: PageLayout, rtl: bool, font: str) -> None:
    """The title, small and grey, over a rule: the heading of the pages after the first."""
    bottom = draw_lines(canvas, lines, layout.start_x(rtl), layout.top, _start(rtl), font)
    rule_y = bottom - FURNITURE_SIZE * 0.6 + FURNITURE_SIZE * LINE_DESCENT
    canvas.setStrokeColor(LIGHT_GREY)
    canvas.setLineWidth(0.5)
    canvas.line(layout.left, rule_y, layout.right, rule_y)
    canvas.setStrokeColor(BLACK)


def _columns(layout: PageLayout, rtl: bool) -> list[_Column]:
    """The body's columns in reading order: from the left, or from the right when `rtl`."""
    width = (layout.content_width - (COLUMNS - 1) * GUTTER) / COLUMNS
    columns = [_Column(layout.left + index * (width + GUTTER), width) for index in range(COLUMNS)]
    return columns[::-1] if rtl else columns


def _choose_plan(summary: SurveySummary, width: float, first: float, other: float, font: str) -> _Plan:
    """The largest type size that fits the questions on one page; else the one giving the fewest pages."""
    best: _Plan | None = None
    for size in BODY_SIZES:
        plan = _plan(summary, size, width, first, other, font)
        if best is None or len(plan.pages) < len(best.pages):
            best = plan
        if len(plan.pages) == 1:
            break
    assert best is not None
    return best


def _plan(summary: SurveySummary, size: float, width: float, first: float, other: float, font: str) -> _Plan:
    geometry = _bar_geometry(summary, size, width, font)
    blocks = [_block(question, summary.right_to_left, size, width, geometry, font) for question in summary.questions]
    return _Plan(size, geometry, _paginate(blocks, first, other, gap=size * QUESTION_GAP))


def _bar_geometry(summary: SurveySummary, size: float, width: float, font: str) -> _BarGeometry:
    """Cells of a bar row: the label (as wide as the widest, up to a share), the bar, the count, the percent."""
    rtl = summary.right_to_left
    bars = [bar for question in summary.questions for bar in question.bars]
    pad = size * 0.6
    count_width = max((text_width(bar.count, font, size, _direction(rtl)) for bar in bars), default=0.0)
    share_width = max((text_width(bar.share_text, font, size, _direction(rtl)) for bar in bars), default=0.0)
    widest_label = max((text_width(bar.label, font, size, _own_direction(bar.label, rtl)) for bar in bars), default=0.0)
    label_room = width - count_width - share_width - 3 * pad - width * MIN_TRACK_SHARE
    label_width = max(size, min(widest_label, width * MAX_LABEL_SHARE, label_room))
    track_offset = label_width + pad
    track_width = max(0.0, width - track_offset - count_width - share_width - 2 * pad)
    count_offset = track_offset + track_width + pad
    share_offset = count_offset + count_width + pad
    return _BarGeometry(label_width, track_offset, track_width, count_offset, count_width, share_offset, share_width)


def _block(
    question: SummaryQuestion, rtl: bool, size: float, width: float, geometry: _BarGeometry, font: str
) -> _Block:
    """A question's rows: its title lines, one row per bar, its note lines."""
    title = _lines(question.title, size, BLACK, width, _own_direction(question.title, rtl), font)
    rows = [_Row((line,), line.height) for line in title]
    for index, bar in enumerate(question.bars):
        label = tuple(_lines(bar.label, size, GREY, geometry.label_width, _own_direction(bar.label, rtl), font))
        space = size * 0.25 if index == 0 else 0.0
        rows.append(_Row(label, space + max(lines_height(label), size * (LINE_ASCENT + LINE_DESCENT)), bar, space))
    for index, line in enumerate(_lines(question.note, size, GREY, width, _own_direction(question.note, rtl), font)):
        space = size * 0.15 if index == 0 else 0.0
        rows.append(_Row((line,), space + line.height, space_before=space))
    return tuple(rows)


def _blocklines_height(block: _Block) -> float:
    return sum(row.height for row in block)


def _paginate(blocks: list[_Block], first: float, other: float, gap: float) -> list[list[list[_Block]]]:
    """Fill the columns of each page in turn, `first` high on page one, `other` after; balance the last page."""
    pages: list[list[list[_Block]]] = []
    remaining = blocks
    height = first
    while True:
        columns, rest = _fill_page(remaining, height, gap)
        if not rest:
            pages.append(_balance(remaining, height, gap) or columns)
            return pages
        if pages and not any(columns):
            raise ValueError("two rows of a survey summary's question are taller than a page")
        pages.append(columns)
        remaining = rest
        height = other


def _columnlines_height(blocks: Sequence[_Block], gap: float) -> float:
    return sum(_blocklines_height(block) for block in blocks) + gap * max(0, len(blocks) - 1)


def _fill_page(blocks: list[_Block], height: float, gap: float) -> tuple[list[list[_Block]], list[_Block]]:
    """Blocks in order into the page's columns while they fit; return the columns and what is left over.

    A block that fits in a column is kept whole, in the next column if need be. One taller than a column
    is cut between two rows to fill the column it starts in, never leaving a single row on either side.
    """
    columns: list[list[_Block]] = [[] for _ in range(COLUMNS)]
    rest = list(blocks)
    for column in columns:
        used = 0.0
        while rest:
            block = rest[0]
            room = height - used - (gap if column else 0.0)
            if _blocklines_height(block) <= room:
                column.append(block)
                used += _blocklines_height(block) + (gap if len(column) > 1 else 0.0)
                rest.pop(0)
                continue
            if _blocklines_height(block) > height:
                head, tail = _cut(block, room)
                if head:
                    column.append(head)
                    rest[0] = tail
            break
    return columns, rest


def _cut(block: _Block, room: float) -> tuple[_Block, _Block]:
    """The rows of `block` that fit in `room` and those after; no head at all rather than a lone row."""
    used = 0.0
    count = 0
    for row in block:
        if used + row.height > room:
            break
        used += row.height
        count += 1
    count = min(count, len(block) - 2)
    if count < 2:
        return (), block
    return block[:count], block[count:]


def _balance(blocks: list[_Block], height: float, gap: float) -> list[list[_Block]] | None:
    """The split of `blocks` between the two columns that leaves the taller one lowest, if any fits."""
    best: tuple[float, int] | None = None
    for split in range(len(blocks), -1, -1):
        tallest = max(_columnlines_height(blocks[:split], gap), _columnlines_height(blocks[split:], gap))
        if tallest <= height and (best is None or tallest < best[0]):
            best = (tallest, split)
    if best is None:
        return None
    return [blocks[: best[1]], blocks[best[1] :]]


def _draw_column(
    canvas: Canvas, blocks: list[_Block], column: _Column, top: float, plan: _Plan, rtl: bool, font: str
) -> None:
    y = top
    for block in blocks:
        for row in block:
            if row.bar is None:
                x = column.x + column.width if rtl else column.x
                draw_lines(canvas, row.lines, x, y - row.space_before, _start(rtl), font)
            else:
                _draw_bar_row(canvas, row, row.bar, column, y - row.space_before, plan, rtl, font)
            y -= row.height
        y -= plan.gap


def _cell_x(column: _Column, offset: float, width: float, rtl: bool) -> float:
    """The left edge of a cell `offset` from the column's starting edge."""
    return column.x + column.width - offset - width if rtl else column.x + offset


def _draw_bar_row(
    canvas: Canvas, row: _Row, bar: SummaryBar, column: _Column, top: float, plan: _Plan, rtl: bool, font: str
) -> None:
    """Label, bar (growing from the label's side), count and percent, all on the label's first line."""
    size, geometry = plan.size, plan.geometry
    draw_lines(canvas, row.lines, _cell_x(column, 0.0, 0.0, rtl), top, _start(rtl), font)
    baseline = top - size * LINE_ASCENT
    track_x = _cell_x(column, geometry.track_offset, geometry.track_width, rtl)
    bar_y, bar_height = baseline - size * 0.1, size * 0.75
    canvas.setFillColor(TRACK_COLOUR)
    canvas.rect(track_x, bar_y, geometry.track_width, bar_height, stroke=0, fill=1)
    length = geometry.track_width * _clamped(bar.share)
    if length > 0:
        canvas.setFillColor(BAR_COLOUR)
        bar_x = track_x + geometry.track_width - length if rtl else track_x
        canvas.rect(bar_x, bar_y, length, bar_height, stroke=0, fill=1)
    direction = _direction(rtl)
    canvas.setFillColor(BLACK)
    count_x = _cell_x(column, geometry.count_offset, geometry.count_width, rtl)
    draw_text(canvas, count_x + geometry.count_width, baseline, bar.count, font, size, "right", direction)
    canvas.setFillColor(GREY)
    share_x = _cell_x(column, geometry.share_offset, geometry.share_width, rtl)
    draw_text(canvas, share_x + geometry.share_width, baseline, bar.share_text, font, size, "right", direction)
    canvas.setFillColor(BLACK)


def _clamped(share: float) -> float:
    """`share` within 0 to 1; not a number counts as 0."""
    return min(1.0, max(0.0, share)) if math.isfinite(share) else (1.0 if share > 0 else 0.0)
