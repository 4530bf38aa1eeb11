"""Page furniture shared by the renderers: page sizes, margins, the canvas, header and footer.

Localised strings (titles, "Page {page} of {pages}") come from the caller: this package never calls gettext.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.pdf.fonts import register_fonts
from app.pdf.text import LINE_ASCENT, LINE_DESCENT, Align, Direction, draw_text, text_width

PageSize = tuple[float, float]

GREY = Color(0.4, 0.4, 0.4)
LIGHT_GREY = Color(0.75, 0.75, 0.75)
BLACK = Color(0, 0, 0)
FURNITURE_SIZE = 9.0  # font size of running headers and footers


@dataclass(frozen=True)
class Margins:
    """Page margins in points."""

    top: float = 15 * mm
    right: float = 15 * mm
    bottom: float = 15 * mm
    left: float = 15 * mm


@dataclass(frozen=True)
class PageLayout:
    """A page size and its margins, with the content box they leave."""

    size: PageSize
    margins: Margins = Margins()

    @property
    def width(self) -> float:
        return self.size[0]

    @property
    def height(self) -> float:
        return self.size[1]

    @property
    def left(self) -> float:
        return self.margins.left

    @property
    def right(self) -> float:
        return self.width - self.margins.right

    @property
    def top(self) -> float:
        return self.height - self.margins.top

    @property
    def bottom(self) -> float:
        return self.margins.bottom

    @property
    def content_width(self) -> float:
        return self.right - self.left

    def start_x(self, rtl: bool) -> float:
        """The x where a line starts: the left margin, or the right one for right-to-left pages."""
        return self.right if rtl else self.left

    def end_x(self, rtl: bool) -> float:
        return self.left if rtl else self.right


def a4_portrait(margins: Margins = Margins()) -> PageLayout:
    return PageLayout(portrait(A4), margins)


def a4_landscape(margins: Margins = Margins()) -> PageLayout:
    return PageLayout(landscape(A4), margins)


def new_canvas(buffer: BytesIO, size: PageSize, title: str, lang: str | None = None) -> Canvas:
    """A canvas writing into `buffer`, with document metadata.

    `invariant` makes the bytes depend on the content only (no timestamp or random id), so the same
    data always gives the same PDF.
    """
    # Our font as the initial one, so the PDF does not reference a (non-embedded) Helvetica.
    font = register_fonts()
    canvas = Canvas(buffer, pagesize=size, invariant=True, pageCompression=1, lang=lang, initialFontName=font)
    canvas.setTitle(title)
    canvas.setCreator("Multaqa")
    return canvas


def page_label(template: str, page: int, pages: int) -> str:
    """Fill a localised template such as "Page {page} of {pages}"."""
    return template.format(page=page, pages=pages)


def draw_header(
    canvas: Canvas, layout: PageLayout, title: str, font: str, size: float = FURNITURE_SIZE, rtl: bool = False
) -> float:
    """Draw the running title above the content box, with a rule under it; return the rule's y.

    The title is data (a workshop's name, in its own language): its direction comes from its own text.
    """
    baseline = layout.top - size
    canvas.setFillColor(GREY)
    draw_text(canvas, layout.start_x(rtl), baseline, title, font, size, "right" if rtl else "left")
    rule_y = baseline - size * 0.6
    _rule(canvas, layout, rule_y)
    canvas.setFillColor(BLACK)
    return rule_y


def footer_top(layout: PageLayout, size: float = FURNITURE_SIZE) -> float:
    """The y of the footer's rule: page bodies end above it."""
    return layout.bottom + size * 1.6


def draw_footer(
    canvas: Canvas, layout: PageLayout, page_text: str, font: str, size: float = FURNITURE_SIZE, rtl: bool = False
) -> float:
    """Draw a rule and "page N of M" at the bottom of the content box; return the rule's y."""
    rule_y = footer_top(layout, size)
    _rule(canvas, layout, rule_y)
    canvas.setFillColor(GREY)
    direction: Direction = "rtl" if rtl else "ltr"  # a localised string of the page's own language
    draw_text(canvas, layout.end_x(rtl), layout.bottom, page_text, font, size, "left" if rtl else "right", direction)
    canvas.setFillColor(BLACK)
    return rule_y


def draw_footer_with_note(
    canvas: Canvas, layout: PageLayout, page_text: str, note: str, font: str, rtl: bool = False
) -> float:
    """The footer with `note` (e.g. "Multaqa · generated on …") at the starting edge, shrunk if it would meet
    the page label at the ending edge; return the rule's y."""
    rule_y = draw_footer(canvas, layout, page_text, font, rtl=rtl)
    direction: Direction = "rtl" if rtl else "ltr"
    room = layout.content_width - text_width(page_text, font, FURNITURE_SIZE, direction) - 6 * mm
    natural = text_width(note, font, FURNITURE_SIZE, direction)
    size = FURNITURE_SIZE if natural <= room else FURNITURE_SIZE * max(room, 0.0) / natural * 0.98
    if size > 0 and note:
        canvas.setFillColor(GREY)
        draw_text(canvas, layout.start_x(rtl), layout.bottom, note, font, size, "right" if rtl else "left", direction)
        canvas.setFillColor(BLACK)
    return rule_y


def draw_page_furniture(
    canvas: Canvas, layout: PageLayout, title: str, page_text: str, font: str, rtl: bool = False
) -> tuple[float, float]:
    """Header and footer of one page; return the (top, bottom) y of the space left for the body."""
    top = draw_header(canvas, layout, title, font, rtl=rtl)
    bottom = draw_footer(canvas, layout, page_text, font, rtl=rtl)
    return top, bottom


def _rule(canvas: Canvas, layout: PageLayout, y: float) -> None:
    canvas.setStrokeColor(LIGHT_GREY)
    canvas.setLineWidth(0.5)
    canvas.line(layout.left, y, layout.right, y)
    canvas.setStrokeColor(BLACK)


@dataclass(frozen=True)
class Line:
    """One wrapped line of text in a colour, with the direction of the paragraph it was wrapped from."""

    text: str
    size: float
    colour: Color
    direction: Direction

    @property
    def height(self) -> float:
        return self.size * (LINE_ASCENT + LINE_DESCENT)


def lines_height(lines: Sequence[Line]) -> float:
    return sum(line.height for line in lines)


def draw_lines(canvas: Canvas, lines: Sequence[Line], x: float, top: float, align: Align, font: str) -> float:
    """Draw `lines` from `top` down, aligned on `x`; return the y under the last one."""
    y = top
    for line in lines:
        baseline = y - line.size * LINE_ASCENT
        canvas.setFillColor(line.colour)
        draw_text(canvas, x, baseline, line.text, font, line.size, align, line.direction)
        y = baseline - line.size * LINE_DESCENT
    canvas.setFillColor(BLACK)
    return y
