"""Name badges: one A6 card per page, or A4 sheets of several badges with light cut lines.

Each badge shows the workshop title, the name in its own script (centred, shrunk to fit), the Latin
transcription when there is one, the organisation, the dates, the participant's QR code and its
reference code printed under it for manual look-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from app.pdf.fonts import register_fonts, render_lock
from app.pdf.page import BLACK, GREY, LIGHT_GREY, PageSize, new_canvas
from app.pdf.text import LINE_ASCENT, LINE_DESCENT, Direction, base_direction, draw_text, text_width, wrap

SHEET_COLUMNS = 2
SHEET_SIZES = (2, 4, 6, 8)  # badges per A4 sheet: two columns, one to four rows
SHEET_MARGIN_X = 10 * mm
SHEET_MARGIN_Y = 12 * mm
PADDING = 5 * mm


@dataclass(frozen=True, kw_only=True)
class Badge:
    """What one badge shows. Strings arrive localised and formatted."""

    name: str  # as the participant writes it: Arabic script or Latin
    name_latin: str | None = None  # shown under the name when given and different
    organisation: str
    workshop_title: str
    dates: str
    reference: str  # e.g. "K7MQ-4PXA"
    qr_png: bytes  # a PNG image of the participant's QR code


@dataclass(frozen=True)
class Box:
    """A rectangle on the page, in points, from its lower left corner."""

    x: float
    y: float
    width: float
    height: float

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2

    @property
    def top(self) -> float:
        return self.y + self.height


def badges_pdf(badges: Sequence[Badge], per_page: int = 8) -> bytes:
    """Render `badges` as a PDF: one A6 page each when `per_page` is 1, else A4 sheets of `per_page`.

    Raises ValueError for an empty list or an unsupported `per_page` (1, 2, 4, 6 or 8).
    """
    if not badges:
        raise ValueError("no badges to render")
    if per_page != 1 and per_page not in SHEET_SIZES:
        raise ValueError(f"per_page must be 1 or one of {SHEET_SIZES}, not {per_page}")
    font = register_fonts()
    size: PageSize = A6 if per_page == 1 else A4
    boxes = _single_box() if per_page == 1 else _sheet_boxes(per_page)
    buffer = BytesIO()
    with render_lock:
        canvas = new_canvas(buffer, size, badges[0].workshop_title)
        for start in range(0, len(badges), per_page):
            if per_page > 1:
                _draw_cut_lines(canvas, boxes)
            for badge, box in zip(badges[start : start + per_page], boxes):
                _draw_badge(canvas, badge, box, font)
            canvas.showPage()
        canvas.save()
    return buffer.getvalue()


def _single_box() -> list[Box]:
    width, height = A6
    return [Box(0, 0, width, height)]


def _sheet_boxes(per_page: int) -> list[Box]:
    """Cells of an A4 sheet, filled row by row from the top left."""
    rows = per_page // SHEET_COLUMNS
    width = (A4[0] - 2 * SHEET_MARGIN_X) / SHEET_COLUMNS
    height = (A4[1] - 2 * SHEET_MARGIN_Y) / rows
    top = A4[1] - SHEET_MARGIN_Y
    return [
        Box(SHEET_MARGIN_X + column * width, top - (row + 1) * height, width, height)
        for row in range(rows)
        for column in range(SHEET_COLUMNS)
    ]


def _draw_cut_lines(canvas: Canvas, boxes: list[Box]) -> None:
    """Light dashed lines across the whole sheet along every cell edge, to cut along."""
    width, height = A4
    xs = sorted({box.x for box in boxes} | {box.x + box.width for box in boxes})
    ys = sorted({box.y for box in boxes} | {box.top for box in boxes})
    canvas.saveState()
    canvas.setStrokeColor(LIGHT_GREY)
    canvas.setLineWidth(0.3)
    canvas.setDash(3, 3)
    for x in xs:
        canvas.line(x, 0, x, height)
    for y in ys:
        canvas.line(0, y, width, y)
    canvas.restoreState()


def _draw_badge(canvas: Canvas, badge: Badge, box: Box, font: str) -> None:
    """Text block and QR code: side by side in a sheet's wide cells, stacked on a tall A6 card."""
    inner = Box(box.x + PADDING, box.y + PADDING, box.width - 2 * PADDING, box.height - 2 * PADDING)
    scale = min(1.0, inner.height / (120 * mm))  # A6 cards get larger text than sheet cells
    if inner.width > 1.2 * inner.height:
        qr_width = min(inner.height * 0.85, inner.width * 0.4)
        text_width_ = inner.width - qr_width - PADDING
        lines = _text_lines(badge, text_width_, font, scale)
        top = inner.y + (inner.height + _block_height(lines)) / 2  # centred beside the QR code
        _draw_lines(canvas, lines, inner.x + text_width_ / 2, top, font)
        _draw_qr_block(canvas, badge, Box(inner.x + inner.width - qr_width, inner.y, qr_width, inner.height), font)
    else:
        lines = _text_lines(badge, inner.width, font, scale)
        bottom = _draw_lines(canvas, lines, inner.centre_x, inner.top, font)
        qr_box = Box(inner.x + inner.width * 0.2, inner.y, inner.width * 0.6, bottom - inner.y - 2 * mm)
        _draw_qr_block(canvas, badge, qr_box, font)


@dataclass(frozen=True)
class _Line:
    """One centred line of a badge's text block."""

    text: str
    size: float
    colour: Color
    direction: Direction  # of the paragraph the line was wrapped from
    space_before: float = 0.0

    @property
    def height(self) -> float:
        return self.space_before + self.size * (LINE_ASCENT + LINE_DESCENT)


def _text_lines(badge: Badge, width: float, font: str, scale: float) -> list[_Line]:
    """Title, name (shrunk to fit), Latin name, organisation and dates, wrapped to `width`."""
    name_size = _fitting_size(badge.name, font, width, largest=max(20.0, 30 * scale), smallest=11)
    lines = _paragraph(badge.workshop_title, width, font, max(8.0, 11 * scale), GREY, max_lines=2)
    lines += _paragraph(badge.name, width, font, name_size, BLACK, max_lines=2, space_before=2 * mm)
    if badge.name_latin and badge.name_latin != badge.name:
        latin_size = _fitting_size(badge.name_latin, font, width, largest=max(11.0, 16 * scale), smallest=8)
        lines += _paragraph(badge.name_latin, width, font, latin_size, BLACK, max_lines=1)
    lines += _paragraph(badge.organisation, width, font, max(9.0, 12 * scale), BLACK, max_lines=2)
    lines += _paragraph(badge.dates, width, font, max(8.0, 10 * scale), GREY, max_lines=1)
    return lines


def _paragraph(
    text: str, width: float, font: str, size: float, colour: Color, max_lines: int, space_before: float = 0.0
) -> list[_Line]:
    """`text` wrapped to `width` in at most `max_lines` lines, the last one ellipsized if text was cut."""
    direction = base_direction(text)  # of the whole text: a wrapped line may start with a Latin word
    texts = wrap(text, font, size, width, direction)
    if len(texts) > max_lines:
        texts = texts[: max_lines - 1] + [_ellipsized(texts[max_lines - 1], font, size, width, direction)]
    return [
        _Line(line, size, colour, direction, space_before if index == 0 else 0.0) for index, line in enumerate(texts)
    ]


def _block_height(lines: list[_Line]) -> float:
    return sum(line.height for line in lines)


def _draw_lines(canvas: Canvas, lines: list[_Line], centre_x: float, top: float, font: str) -> float:
    """Draw `lines` centred on `centre_x` from `top` down; return the y below the last one."""
    y = top
    for line in lines:
        baseline = y - line.space_before - line.size * LINE_ASCENT
        canvas.setFillColor(line.colour)
        draw_text(canvas, centre_x, baseline, line.text, font, line.size, "center", line.direction)
        y = baseline - line.size * LINE_DESCENT
    canvas.setFillColor(BLACK)
    return y


def _draw_qr_block(canvas: Canvas, badge: Badge, box: Box, font: str) -> None:
    """The QR code, as large as `box` allows, above the reference code; the pair centred in `box`."""
    reference_size = 11.0
    reference_height = reference_size * (LINE_ASCENT + LINE_DESCENT)
    side = max(0.0, min(box.width, box.height - reference_height))
    bottom = box.y + (box.height - side - reference_height) / 2
    if side > 0:  # else no room is left: keep at least the reference code
        image = ImageReader(BytesIO(badge.qr_png))
        canvas.drawImage(image, box.centre_x - side / 2, bottom + reference_height, side, side)
    baseline = bottom + reference_size * LINE_DESCENT
    draw_text(canvas, box.centre_x, baseline, badge.reference, font, reference_size, "center")


def _fitting_size(text: str, font: str, width: float, largest: float, smallest: float) -> float:
    """The largest font size, between the bounds, at which `text` fits on one line of `width`."""
    natural = text_width(text, font, largest)
    if natural <= width:
        return largest
    # A little under the exact ratio, so rounding cannot push the line over `width` when it is wrapped.
    return max(smallest, largest * width / natural * 0.98)


def _ellipsized(line: str, font: str, size: float, width: float, direction: Direction) -> str:
    """`line` with an ellipsis at its (logical) end, shortened by words until it fits."""
    words = line.split()
    while len(words) > 1 and text_width(" ".join(words) + "…", font, size, direction) > width:
        words.pop()
    return " ".join(words) + "…"
