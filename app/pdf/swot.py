"""A consolidated SWOT analysis as an A4 landscape 2×2 matrix: Strengths and Weaknesses on top,
Opportunities and Threats below, each box listing its items with the groups they come from.

The body's type shrinks step by step (11 down to 7 points) until every box fits on one page. When even
that is not enough, the body is set at 9 points and what does not fit continues in the same box on further pages (headed "… (continued)"), cut between two
lines when one item is taller than a box, so nothing is cut off or drawn over. Right-to-left matrices are
mirrored: Strengths at the top right, bullets and text at the right of each box. Each item reads in the
direction of its first strong character, aligned on the page's starting edge; its groups and themes follow
its last line, small and grey (on a line of their own when they do not fit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from unicodedata import bidirectional

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.pdf.fonts import register_fonts, render_lock
from app.pdf.page import (
    draw_footer_with_note,
    BLACK,
    FURNITURE_SIZE,
    GREY,
    LIGHT_GREY,
    PageLayout,
    a4_landscape,
    footer_top,
    new_canvas,
    page_label,
)
from app.pdf.text import LINE_ASCENT, LINE_DESCENT, Align, Direction, base_direction, draw_text, text_width, wrap

BODY_SIZES = (11.0, 10.0, 9.0, 8.5, 8.0, 7.5, 7.0)  # tried in turn until every box fits on one page
MORE_PAGES_SIZE = 9.0  # when nothing fits on one page: the one-page overview is lost anyway, keep it readable
TITLE_SIZE = 16.0
SUBTITLE_SIZE = 10.0
LABEL_SIZE = 12.0  # a box's heading
SOURCE_SHARE = 0.8  # an item's groups and themes, as a share of the body's size
GUTTER = 5 * mm  # between the boxes, across and down
PADDING = 2 * mm  # inside a box
SECTION_GAP = 4 * mm  # under the heading, above the footer
ITEM_GAP = 0.45  # between two items, in lines of the body's size
BULLET = "•"
# Box colours (frame, heading band), in the board page's order: strengths, weaknesses, opportunities, threats.
COLOURS = (
    (Color(0.10, 0.53, 0.33), Color(0.86, 0.94, 0.89)),
    (Color(0.80, 0.45, 0.05), Color(0.99, 0.92, 0.82)),
    (Color(0.05, 0.43, 0.99), Color(0.85, 0.91, 1.00)),
    (Color(0.74, 0.17, 0.22), Color(0.97, 0.86, 0.87)),
)
_STRONG = frozenset({"L", "R", "AL"})
_RIGHT_TO_LEFT = frozenset({"R", "AL"})
_UNIT = 100.0  # words are measured once at this size; widths scale with the size


@dataclass(frozen=True)
class SwotEntry:
    """One item as typed, with where it comes from ("Group A, Group C") and its themes, both optional."""

    text: str
    group: str = ""
    themes: str = ""


@dataclass(frozen=True)
class SwotBox:
    """One quadrant: its label in the document's language and its items in order."""

    label: str
    items: Sequence[SwotEntry]


@dataclass(frozen=True)
class SwotMatrix:
    """Everything the document shows, localised by the caller. `quadrants` are the four boxes in the
    order strengths, weaknesses, opportunities, threats; `continued` and `page_label` are templates."""

    title: str
    subtitle: str
    quadrants: Sequence[SwotBox]
    footer: str
    page_label: str = "Page {page} of {pages}"
    continued: str = "{label} (continued)"
    empty: str = "—"  # shown in a box without items
    right_to_left: bool = False
    lang: str = "en"


@dataclass(frozen=True)
class _Line:
    text: str
    size: float
    colour: Color
    direction: Direction
    tag: str = ""  # small grey text drawn after the line (an item's groups and themes)

    @property
    def height(self) -> float:
        return self.size * (LINE_ASCENT + LINE_DESCENT)


@dataclass(frozen=True)
class _Piece:
    """The part of an item drawn in one box of one page: all its lines, or some when it is cut."""

    lines: tuple[_Line, ...]
    bullet: bool  # the item's first piece carries the bullet

    @property
    def height(self) -> float:
        return sum(line.height for line in self.lines)


@dataclass(frozen=True)
class _Box:
    x: float  # left edge
    y: float  # bottom edge
    width: float
    height: float


def swot_pdf(matrix: SwotMatrix) -> bytes:
    """Render the matrix as PDF bytes: one page whenever the items fit at 7 points or more."""
    if len(matrix.quadrants) != 4:
        raise ValueError("a SWOT matrix has four quadrants")
    font = register_fonts()
    layout = a4_landscape()
    rtl = matrix.right_to_left
    buffer = BytesIO()
    with render_lock:
        width = layout.content_width
        heading = _lines(matrix.title, TITLE_SIZE, BLACK, width, _own_direction(matrix.title, rtl), font)
        heading += _lines(matrix.subtitle, SUBTITLE_SIZE, GREY, width, _own_direction(matrix.subtitle, rtl), font)
        running = _lines(matrix.title, FURNITURE_SIZE, GREY, width, _own_direction(matrix.title, rtl), font)
        bottom = footer_top(layout) + SECTION_GAP
        first_top = layout.top - _height(heading) - SECTION_GAP
        other_top = layout.top - _height(running) - FURNITURE_SIZE * 0.6 - SECTION_GAP
        pages, size = _choose_pages(matrix, layout, first_top, other_top, bottom, font)
        canvas = new_canvas(buffer, layout.size, matrix.title, matrix.lang)
        for number, page in enumerate(pages, start=1):
            if number == 1:
                _draw_lines(canvas, heading, layout.start_x(rtl), layout.top, _start(rtl), font)
                top = first_top
            else:
                _draw_running_header(canvas, running, layout, rtl, font)
                top = other_top
            boxes = _boxes(layout, top, bottom, rtl)
            for index, pieces in enumerate(page):
                if number > 1 and not pieces:
                    continue  # a box whose items all fitted on earlier pages
                label = matrix.quadrants[index].label
                if number > 1:
                    label = matrix.continued.format(label=label)
                _draw_box(canvas, boxes[index], label, pieces, COLOURS[index], size, matrix, font,
                          empty=number == 1 and not matrix.quadrants[index].items)
            page_text = page_label(matrix.page_label, number, len(pages))
            draw_footer_with_note(canvas, layout, page_text, matrix.footer, font, matrix.right_to_left)
            canvas.showPage()
        canvas.save()
    return buffer.getvalue()


# ---------------------------------------------------------------- text helpers


def _direction(rtl: bool) -> Direction:
    return "rtl" if rtl else "ltr"


def _start(rtl: bool) -> Align:
    return "right" if rtl else "left"


def _own_direction(text: str, rtl: bool) -> Direction:
    """The direction of `text` from its first strong character, else the page's."""
    if any(bidirectional(char) in _STRONG for char in text):
        return base_direction(text)
    return _direction(rtl)


def _lines(text: str, size: float, colour: Color, width: float, direction: Direction, font: str) -> list[_Line]:
    """`text` wrapped to `width`, paragraph by paragraph (an item may hold line breaks)."""
    lines = []
    for paragraph in text.splitlines():
        lines += [_Line(line, size, colour, direction) for line in _wrap(paragraph, size, width, direction, font)]
    return lines


@lru_cache(maxsize=50_000)
def _unit_width(word: str, font: str) -> float:
    return text_width(word, font, _UNIT) / _UNIT


def _wrap(text: str, size: float, max_width: float, direction: Direction, font: str) -> list[str]:
    """The lines of `app.pdf.text.wrap`, found faster for long items: that one lays out the whole growing
    line for every word (quadratic in a 1000-character item, at every size tried); here the words are
    measured once and added up. That sum is exact for unshaped text; lines holding right-to-left letters are
    measured again as drawn, and the paragraph goes the slow, exact way if one is too wide (as it does
    when a word alone is wider than a line and must be cut)."""
    words = [word for word in text.replace("\t", " ").split(" ") if word]
    space = _unit_width(" ", font) * size
    lines: list[str] = []
    current, used = "", 0.0
    for word in words:
        width = _unit_width(word, font) * size
        if width > max_width:
            return wrap(text, font, size, max_width, direction)
        if current and used + space + width <= max_width:
            current, used = f"{current} {word}", used + space + width
            continue
        if current:
            lines.append(current)
        current, used = word, width
    if current:
        lines.append(current)
    if any(text_width(line, font, size, direction) > max_width for line in lines
           if any(bidirectional(char) in _RIGHT_TO_LEFT for char in line)):
        return wrap(text, font, size, max_width, direction)
    return lines


def _height(lines: Sequence[_Line]) -> float:
    return sum(line.height for line in lines)


def _draw_lines(canvas: Canvas, lines: Sequence[_Line], x: float, top: float, align: Align, font: str) -> float:
    """Draw `lines` from `top` down, aligned on `x`; return the y under the last one. A line's tag goes on
    the side away from the alignment edge."""
    y = top
    for line in lines:
        baseline = y - line.size * LINE_ASCENT
        canvas.setFillColor(line.colour)
        width = draw_text(canvas, x, baseline, line.text, font, line.size, align, line.direction)
        if line.tag:
            size = line.size * SOURCE_SHARE
            canvas.setFillColor(GREY)
            gap = line.size * 0.6
            tag_x = x - width - gap if align == "right" else x + width + gap
            draw_text(canvas, tag_x, baseline, line.tag, font, size, align, _own_direction(line.tag, align == "right"))
        y = baseline - line.size * LINE_DESCENT
    canvas.setFillColor(BLACK)
    return y


# ---------------------------------------------------------------- layout


def _boxes(layout: PageLayout, top: float, bottom: float, rtl: bool) -> list[_Box]:
    """The four boxes in quadrant order: strengths, weaknesses on top; mirrored when `rtl`."""
    width = (layout.content_width - GUTTER) / 2
    height = (top - bottom - GUTTER) / 2
    start, end = layout.left, layout.left + width + GUTTER
    if rtl:
        start, end = end, start
    upper, lower = bottom + height + GUTTER, bottom
    return [_Box(start, upper, width, height), _Box(end, upper, width, height),
            _Box(start, lower, width, height), _Box(end, lower, width, height)]


def _label_height() -> float:
    return LABEL_SIZE * (LINE_ASCENT + LINE_DESCENT) + 2 * PADDING


def _body_height(box_height: float) -> float:
    return box_height - _label_height() - 2 * PADDING


def _indent(size: float, font: str) -> float:
    return text_width(BULLET, font, size) + size * 0.5


def _entry_lines(entry: SwotEntry, size: float, width: float, rtl: bool, font: str) -> list[_Line]:
    """An item's wrapped lines; its groups and themes after the last one when they fit there."""
    lines = _lines(entry.text, size, BLACK, width, _own_direction(entry.text, rtl), font)
    source = " · ".join(part for part in (entry.group, entry.themes) if part)
    if not source:
        return lines
    source_direction = _own_direction(source, rtl)
    last = lines[-1] if lines else None
    if last is not None and text_width(last.text, font, size, last.direction) + size * 0.6 + text_width(
            source, font, size * SOURCE_SHARE, source_direction) <= width:
        return [*lines[:-1], _Line(last.text, last.size, last.colour, last.direction, source)]
    return lines + _lines(source, size * SOURCE_SHARE, GREY, width, source_direction, font)


def _choose_pages(
    matrix: SwotMatrix, layout: PageLayout, first_top: float, other_top: float, bottom: float, font: str
) -> tuple[list[list[list[_Piece]]], float]:
    """The largest size that fits on one page, else MORE_PAGES_SIZE; the pieces of each box on each page."""
    first = _body_height(_boxes(layout, first_top, bottom, False)[0].height)
    other = _body_height(_boxes(layout, other_top, bottom, False)[0].height)
    box_width = (layout.content_width - GUTTER) / 2 - 2 * PADDING

    def paginate(size: float) -> list[list[list[_Piece]]]:
        width = box_width - _indent(size, font)
        columns = [
            _fill([_entry_lines(entry, size, width, matrix.right_to_left, font) for entry in box.items],
                  first, other, size * ITEM_GAP)
            for box in matrix.quadrants
        ]
        return [[column[page] if page < len(column) else [] for column in columns]
                for page in range(max(len(column) for column in columns))]

    for size in BODY_SIZES:
        pages = paginate(size)
        if len(pages) == 1:
            return pages, size
    return paginate(MORE_PAGES_SIZE), MORE_PAGES_SIZE


def _fill(entries: list[list[_Line]], first: float, other: float, gap: float) -> list[list[_Piece]]:
    """One box's items page by page. An item that fits in a fresh box is never cut; a taller one fills
    the box it starts in and goes on in the next page's."""
    pages: list[list[_Piece]] = [[]]
    used = 0.0
    for lines in entries:
        bullet = True
        while lines:
            room = (first if len(pages) == 1 else other) - used - (gap if pages[-1] else 0.0)
            height = _height(lines)
            if height <= room:
                pages[-1].append(_Piece(tuple(lines), bullet))
                used += height + (gap if len(pages[-1]) > 1 else 0.0)
                break
            count = _lines_fitting(lines, room)
            if count == 0 and not pages[-1]:
                count = 1  # a single line taller than a box (never at our sizes): drawn rather than looping
            if height <= other or count == 0:
                pages.append([])  # starts on the next page (whole when it fits there)
                used = 0.0
                continue
            pages[-1].append(_Piece(tuple(lines[:count]), bullet))
            bullet = False
            lines = lines[count:]
            pages.append([])
            used = 0.0
    return pages


def _lines_fitting(lines: list[_Line], room: float) -> int:
    used, count = 0.0, 0
    for line in lines:
        if used + line.height > room:
            break
        used += line.height
        count += 1
    return count


# ---------------------------------------------------------------- drawing


def _draw_box(
    canvas: Canvas,
    box: _Box,
    label: str,
    pieces: list[_Piece],
    colours: tuple[Color, Color],
    size: float,
    matrix: SwotMatrix,
    font: str,
    empty: bool,
) -> None:
    rtl = matrix.right_to_left
    frame, band = colours
    top = box.y + box.height
    canvas.setLineWidth(1)
    canvas.setStrokeColor(frame)
    canvas.setFillColor(band)
    canvas.rect(box.x, top - _label_height(), box.width, _label_height(), stroke=0, fill=1)
    canvas.rect(box.x, box.y, box.width, box.height, stroke=1, fill=0)
    canvas.setStrokeColor(BLACK)
    start = box.x + box.width - PADDING if rtl else box.x + PADDING
    label_lines = _lines(label, LABEL_SIZE, frame, box.width - 2 * PADDING, _own_direction(label, rtl), font)
    _draw_lines(canvas, label_lines[:1], start, top - PADDING, _start(rtl), font)
    y = top - _label_height() - PADDING
    if empty:
        canvas.setFillColor(GREY)
        _draw_lines(canvas, [_Line(matrix.empty, size, GREY, _direction(rtl))], start, y, _start(rtl), font)
        return
    indent = _indent(size, font)
    text_x = start - indent if rtl else start + indent
    for index, piece in enumerate(pieces):
        if index:
            y -= size * ITEM_GAP
        if piece.bullet:
            draw_text(canvas, start, y - size * LINE_ASCENT, BULLET, font, size, _start(rtl), _direction(rtl))
        y = _draw_lines(canvas, piece.lines, text_x, y, _start(rtl), font)


def _draw_running_header(canvas: Canvas, lines: list[_Line], layout: PageLayout, rtl: bool, font: str) -> None:
    bottom = _draw_lines(canvas, lines, layout.start_x(rtl), layout.top, _start(rtl), font)
    rule_y = bottom - FURNITURE_SIZE * 0.6 + FURNITURE_SIZE * LINE_DESCENT
    canvas.setStrokeColor(LIGHT_GREY)
    canvas.setLineWidth(0.5)
    canvas.line(layout.left, rule_y, layout.right, rule_y)
    canvas.setStrokeColor(BLACK)
