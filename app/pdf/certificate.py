"""Attendance certificates: one A4 landscape page each, in one language or two side by side.

A page has a decorative border in the organisation's colours, the organisers' logos along the top, then the
text: heading, intro, the participant's name (large, shrunk to fit), body, workshop title and details. A
bilingual certificate puts its two languages in two halves separated by a thin rule, the right-to-left one on
the right (right-aligned) and the other on the left (left-aligned); a single language is centred. Along the
bottom: the signatories (signature image over a line, name, title in each language), each language's
certificate number and issue date at its own side, and the verification QR code with its URL under it.

Many certificates go into one PDF with `write_certificates` (or `certificates_pdf`), which reads the items one at
a time. A page is planned first, as a list of drawing operations, then drawn in two layers: what is the same
for a whole batch (frame, logos, wording, workshop, signatories, issue date) is one form XObject, drawn by name
on every page that shares it; only the name, the certificate number, the URL and the QR code are drawn on each
page itself. Logos and signatures are embedded once per document, keyed by their bytes. Nothing here formats
dates or translates: every string arrives localised.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from itertools import chain
from typing import BinaryIO, Literal

from PIL import Image, ImageChops
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from app.pdf.fonts import register_fonts, render_lock
from app.pdf.page import Margins, PageLayout, a4_landscape, new_canvas
from app.pdf.text import (
    LINE_ASCENT,
    LINE_DESCENT,
    Align,
    Direction,
    base_direction,
    draw_text,
    ltr_isolate,
    text_width,
    wrap,
)

MAX_LOGOS = 3
MAX_SIGNATORIES = 3
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
BLACK = "#000000"
GREY = "#5f5f5f"
LINE_GREY = "#7f7f7f"

# The frame: a thick line in the primary colour, a thin one in the accent colour inside it, diamonds on the
# thin one's corners, and the content box inside both.
OUTER_INSET = 7 * mm
OUTER_LINE = 2.5
INNER_INSET = 9.5 * mm
INNER_LINE = 0.75
ORNAMENT = 2.2 * mm  # half a diamond's diagonal
CONTENT_INSET = 15 * mm

LOGO_HEIGHT = 15 * mm
LOGO_MAX_WIDTH = 45 * mm
LOGO_GAP = 10 * mm
SECTION_GAP = 5 * mm
HALF_GUTTER = 6 * mm  # from the rule between the halves to each half's text

SIGNATURE_HEIGHT = 13 * mm
SIGNATURE_MAX_WIDTH = 48 * mm
SIGNATURE_LINE = 58 * mm
SIGNATORY_NAME_SIZE = 9.5
SIGNATORY_TITLE_SIZE = 8.0

QR_SIDE = 21 * mm
FOOTER_BLOCK = 80 * mm  # width of each number and issue date block, at the sides of the QR code
FOOTER_SIZE = 8.5
VERIFY_SIZE = 7.0
SMALLEST = 5.0  # the smallest type a line shrinks to before it is cut

# Type sizes of a side's text at scale 1.
HEADING_SIZE = 26.0
INTRO_SIZE = 12.0
NAME_SIZE = 30.0
NAME_MIN_ONE_LINE = 16.0  # a name that would be smaller than this on one line wraps to two
BODY_SIZE = 12.0
TITLE_SIZE = 17.0
DETAILS_SIZE = 10.5
# The text block shrinks step by step until it fits; a single language, with the whole width, starts larger.
SCALES = (1.0, 0.92, 0.85, 0.78, 0.72, 0.66, 0.6)
SINGLE_SCALES = (1.25, 1.15, 1.07, *SCALES)


@dataclass(frozen=True)
class CertificateSide:
    """A certificate's text in one language, localised and formatted by the caller.

    `name` and `workshop_title` read in the direction of their own first letter (a Latin name stays
    left-to-right on an Arabic side); the other strings in the side's direction.
    """

    lang: str  # e.g. "ar", "ckb", "en"
    right_to_left: bool
    heading: str  # "Certificate of attendance"
    intro: str  # "This is to certify that"
    name: str  # as the participant writes it
    body: str  # "attended the workshop"
    workshop_title: str
    details: str  # dates · days or hours attended · venue
    number_label: str  # "Certificate no."
    issued_label: str  # "Issued on"
    issued_on: str  # the issue date, formatted
    signatory_titles: Sequence[str] = ()  # one per signatory, in the same order


@dataclass(frozen=True)
class Signatory:
    """A signatory's name as written and their signature image (PNG or JPEG), if any; titles are in the sides."""

    name: str
    signature_png: bytes | None = None


@dataclass(frozen=True)
class CertificateStyle:
    """An organisation's template: colours as "#rrggbb" and up to three logos (PNG or JPEG bytes)."""

    primary: str = "#1f4e79"
    accent: str = "#c9a227"
    logos: Sequence[bytes] = ()

    def __post_init__(self) -> None:
        for colour in (self.primary, self.accent):
            if not _HEX_COLOUR.fullmatch(colour):
                raise ValueError(f"colours are written #rrggbb, not {colour!r}")
        if len(self.logos) > MAX_LOGOS:
            raise ValueError(f"at most {MAX_LOGOS} logos, not {len(self.logos)}")


@dataclass(frozen=True, kw_only=True)
class CertificateData:
    """One participant's certificate: one side (one language) or two (bilingual)."""

    number: str  # unique, e.g. "MQ-2026-000123"
    verify_url: str
    verify_label: str  # "Verify at"
    sides: Sequence[CertificateSide]
    signatories: Sequence[Signatory] = ()
    style: CertificateStyle = field(default_factory=CertificateStyle)
    qr_png: bytes  # the QR code of `verify_url`

    def __post_init__(self) -> None:
        if not 1 <= len(self.sides) <= 2:
            raise ValueError(f"a certificate has one or two sides, not {len(self.sides)}")
        if len(self.signatories) > MAX_SIGNATORIES:
            raise ValueError(f"at most {MAX_SIGNATORIES} signatories, not {len(self.signatories)}")


def certificate_pdf(data: CertificateData, title: str | None = None) -> bytes:
    """One certificate as a one-page PDF; its title defaults to the first side's heading and name."""
    first = data.sides[0]
    return certificates_pdf([data], title or f"{first.heading} – {first.name}")


def certificates_pdf(items: Iterable[CertificateData], title: str, lang: str | None = None) -> bytes:
    """Many certificates as one PDF, one page each (see `write_certificates`)."""
    buffer = BytesIO()
    write_certificates(items, buffer, title, lang)
    return buffer.getvalue()


def write_certificates(items: Iterable[CertificateData], out: BinaryIO, title: str, lang: str | None = None) -> int:
    """Write one PDF with a page per certificate to `out`; return the number of pages.

    `items` is read one at a time, so a generator keeps a single certificate in memory; reportlab itself
    holds the finished pages (a few kilobytes each, as they share their background) until it writes the file
    at the end. The render lock is taken page by page, so that making the items (queries, QR codes) does not
    hold up other PDFs: reportlab keeps a font's subsets per document. `lang`, the document's language,
    defaults to the first certificate's first side's. Raises ValueError when there are no items.
    """
    iterator = iter(items)
    first = next(iterator, None)
    if first is None:
        raise ValueError("no certificates to render")
    font = register_fonts()
    layout = a4_landscape()
    with render_lock:
        # reportlab writes to any binary file; page.new_canvas is only annotated with BytesIO.
        canvas = new_canvas(out, layout.size, title, lang or first.sides[0].lang)  # type: ignore[arg-type]
        forms = _Forms(canvas, font)
    pages = 0
    for data in chain([first], iterator):
        with render_lock:
            _draw_certificate(canvas, data, layout, font, forms)
            canvas.showPage()
        pages += 1
    with render_lock:
        canvas.save()
    return pages


# --- Drawing operations: a page is planned as these, then drawn -------------------------------------------------


@dataclass(frozen=True)
class _Text:
    """One line of text, its baseline at `y`, aligned on `x`."""

    x: float
    y: float
    text: str
    size: float
    colour: str
    direction: Direction
    align: Align


@dataclass(frozen=True)
class _Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    colour: str


@dataclass(frozen=True)
class _Picture:
    """An image already embedded as a form (see `_Forms.image`), drawn in a box of its own proportions."""

    form: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class _Frame:
    """The border around the page."""

    page_width: float
    page_height: float
    primary: str
    accent: str


_Op = _Text | _Rule | _Picture | _Frame


@dataclass(frozen=True)
class _Placed:
    """An image embedded as a form of one point square, and its size in pixels."""

    form: str
    width: int
    height: int


class _Forms:
    """The form XObjects of one document: images by their bytes' hash, backgrounds by their operations.

    reportlab would recognise an image drawn again, but only after decoding it and hashing its pixels on every
    page; a form is drawn by name. Only names stay here: reportlab holds the forms' compressed content.
    Forms are defined between pages, before anything is drawn on the next one.
    """

    def __init__(self, canvas: Canvas, font: str) -> None:
        self._canvas = canvas
        self._font = font
        self._images: dict[bytes, _Placed] = {}
        self._backgrounds: dict[bytes, str] = {}

    def image(self, image: bytes) -> _Placed:
        key = hashlib.sha256(image).digest()
        placed = self._images.get(key)
        if placed is None:
            reader = ImageReader(BytesIO(image))
            width, height = reader.getSize()
            placed = _Placed(f"CertImage{len(self._images)}", width, height)
            self._canvas.beginForm(placed.form, 0, 0, 1, 1)
            self._canvas.drawImage(reader, 0, 0, 1, 1, mask="auto")
            self._canvas.endForm()
            self._images[key] = placed
        return placed

    def background(self, ops: Sequence[_Op]) -> str:
        key = hashlib.sha256(repr(ops).encode()).digest()
        name = self._backgrounds.get(key)
        if name is None:
            name = f"CertBackground{len(self._backgrounds)}"
            self._canvas.beginForm(name)
            _draw_ops(self._canvas, ops, self._font)
            self._canvas.endForm()
            self._backgrounds[key] = name
        return name


def _draw_certificate(canvas: Canvas, data: CertificateData, layout: PageLayout, font: str, forms: _Forms) -> None:
    page = _plan(data, layout, font, forms)
    canvas.doForm(forms.background(page.background))
    _draw_ops(canvas, page.personal, font)
    _draw_qr(canvas, data.qr_png, page.qr_x, page.qr_y)


def _draw_ops(canvas: Canvas, ops: Iterable[_Op], font: str) -> None:
    for op in ops:
        if isinstance(op, _Text):
            canvas.setFillColor(HexColor(op.colour))
            draw_text(canvas, op.x, op.y, op.text, font, op.size, op.align, op.direction)
        elif isinstance(op, _Rule):
            canvas.setStrokeColor(HexColor(op.colour))
            canvas.setLineWidth(op.width)
            canvas.line(op.x1, op.y1, op.x2, op.y2)
        elif isinstance(op, _Picture):
            canvas.saveState()
            canvas.translate(op.x, op.y)
            canvas.scale(op.width, op.height)
            canvas.doForm(op.form)
            canvas.restoreState()
        else:
            _draw_frame(canvas, op)


def _draw_frame(canvas: Canvas, frame: _Frame) -> None:
    width, height = frame.page_width, frame.page_height
    canvas.saveState()
    canvas.setStrokeColor(HexColor(frame.primary))
    canvas.setLineWidth(OUTER_LINE)
    canvas.rect(OUTER_INSET, OUTER_INSET, width - 2 * OUTER_INSET, height - 2 * OUTER_INSET, stroke=1, fill=0)
    canvas.setStrokeColor(HexColor(frame.accent))
    canvas.setLineWidth(INNER_LINE)
    canvas.rect(INNER_INSET, INNER_INSET, width - 2 * INNER_INSET, height - 2 * INNER_INSET, stroke=1, fill=0)
    canvas.setFillColor(HexColor(frame.accent))
    for x in (INNER_INSET, width - INNER_INSET):
        for y in (INNER_INSET, height - INNER_INSET):
            path = canvas.beginPath()
            path.moveTo(x - ORNAMENT, y)
            path.lineTo(x, y + ORNAMENT)
            path.lineTo(x + ORNAMENT, y)
            path.lineTo(x, y - ORNAMENT)
            path.close()
            canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def _draw_qr(canvas: Canvas, qr_png: bytes, x: float, y: float) -> None:
    """The QR code as a greyscale image of one pixel per module (see `_modules`)."""
    with Image.open(BytesIO(qr_png)) as image:
        grey = _modules(image.convert("L"))
    canvas.drawImage(ImageReader(grey), x, y, QR_SIDE, QR_SIDE)


def _modules(image: Image.Image) -> Image.Image:
    """`image` shrunk to one pixel per QR module when it is an exact enlargement of that, else as it is.

    A PNG QR code is usually drawn with several pixels per module (app.registration.qr: 8): reportlab would
    keep and compress every pixel (130 KB for each page's code, 2.5 ms of zlib). The small image is the same
    picture, which PDF viewers enlarge without smoothing (it has no /Interpolate); even smoothed, it scans.
    """
    width, height = image.size
    dark = ImageChops.invert(image).getbbox()
    if dark is None:
        return image
    # The quiet zone and the code are whole modules: the module's size divides all of these.
    step = math.gcd(width, height, *dark)
    for scale in range(step, 1, -1):
        if step % scale:
            continue
        small = image.resize((width // scale, height // scale), Image.Resampling.NEAREST)
        if small.resize((width, height), Image.Resampling.NEAREST).tobytes() == image.tobytes():
            return small
    return image


# --- Planning ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    text: str
    size: float
    colour: str
    direction: Direction

    @property
    def height(self) -> float:
        return self.size * (LINE_ASCENT + LINE_DESCENT)


@dataclass(frozen=True)
class _Half:
    """Where one side's text goes: the x its lines align on, how, how wide they may be, and which half of the
    page it is ("centre" for a single side)."""

    side: CertificateSide
    x: float
    align: Align
    width: float
    position: Literal["left", "right", "centre"]


@dataclass(frozen=True)
class _Row:
    """A row of a side's text: its lines, the space above them, and the height it takes at least."""

    lines: tuple[_Line, ...]
    space_before: float
    reserved: float = 0.0

    @property
    def height(self) -> float:
        return self.space_before + max(self.reserved, _height(self.lines))


def _content_box(layout: PageLayout) -> PageLayout:
    return PageLayout(layout.size, Margins(CONTENT_INSET, CONTENT_INSET, CONTENT_INSET, CONTENT_INSET))


@dataclass(frozen=True)
class _Page:
    """A planned page: the background, shared by the certificates that differ only in name, number and URL;
    this certificate's own operations; where its QR code goes (lower left corner)."""

    background: tuple[_Op, ...]
    personal: tuple[_Op, ...]
    qr_x: float
    qr_y: float


def _plan(data: CertificateData, layout: PageLayout, font: str, forms: _Forms) -> _Page:
    box = _content_box(layout)
    halves = _halves(data.sides, box)
    background: list[_Op] = [_Frame(layout.width, layout.height, data.style.primary, data.style.accent)]
    top = box.top
    if data.style.logos:
        background += _logos(data.style.logos, box, forms)
        top -= LOGO_HEIGHT + SECTION_GAP
    footer_background, personal, qr_y = _footer(data, halves, box, font)
    background += footer_background
    bottom = qr_y + QR_SIDE + SECTION_GAP
    if data.signatories:
        signatory_ops, signatories_top = _signatories(data, box, bottom, font, forms)
        background += signatory_ops
        bottom = signatories_top + SECTION_GAP
    text_background, names = _text_block(data, halves, box.left + box.content_width / 2, top, bottom, font)
    background += text_background
    personal += names
    return _Page(tuple(background), tuple(personal), box.left + box.content_width / 2 - QR_SIDE / 2, qr_y)


def _logos(logos: Sequence[bytes], box: PageLayout, forms: _Forms) -> list[_Op]:
    """The logos in a row centred at the top, each as large as its cell allows."""
    row = len(logos) * LOGO_MAX_WIDTH + (len(logos) - 1) * LOGO_GAP
    x = box.left + (box.content_width - row) / 2
    ops: list[_Op] = []
    for logo in logos:
        ops.append(_fitted(forms.image(logo), x, box.top - LOGO_HEIGHT, LOGO_MAX_WIDTH, LOGO_HEIGHT, centre=True))
        x += LOGO_MAX_WIDTH + LOGO_GAP
    return ops


def _fitted(placed: _Placed, x: float, y: float, max_width: float, max_height: float, centre: bool) -> _Picture:
    """An image as large as fits the box, keeping its proportions, centred across; centred up and down too,
    or else sitting on the box's bottom."""
    scale = min(max_width / placed.width, max_height / placed.height)
    width, height = placed.width * scale, placed.height * scale
    bottom = y + (max_height - height) / 2 if centre else y
    return _Picture(placed.form, x + (max_width - width) / 2, bottom, width, height)


def _halves(sides: Sequence[CertificateSide], box: PageLayout) -> list[_Half]:
    """A single side centred on the page; two sides each in a half, the right-to-left one on the right, each
    aligned where its lines start (the right edge of its half for right-to-left)."""
    if len(sides) == 1:
        return [_Half(sides[0], box.left + box.content_width / 2, "center", box.content_width, "centre")]
    first, second = sides
    # With two sides of one direction, the first goes where reading starts (the right for right-to-left).
    right, left = (first, second) if first.right_to_left else (second, first)
    width = box.content_width / 2 - HALF_GUTTER
    middle = box.left + box.content_width / 2
    return [
        _Half(right, box.right, "right", width, "right")
        if right.right_to_left
        else _Half(right, middle + HALF_GUTTER, "left", width, "right"),
        _Half(left, middle - HALF_GUTTER, "right", width, "left")
        if left.right_to_left
        else _Half(left, box.left, "left", width, "left"),
    ]


def _direction(rtl: bool) -> Direction:
    return "rtl" if rtl else "ltr"


def _own_direction(text: str, fallback: Direction) -> Direction:
    """The direction of `text`'s first strong letter; `fallback` when it has no letter."""
    if any(char.isalpha() for char in text):
        return base_direction(text)
    return fallback


def _height(lines: Sequence[_Line]) -> float:
    return sum(line.height for line in lines)


# The measuring functions are pure and their inputs repeat across a batch (the same wording and workshop on
# every certificate): their results are cached, a bounded number of them.


@lru_cache(maxsize=4096)
def _paragraph(
    text: str, font: str, width: float, size: float, colour: str, direction: Direction, max_lines: int
) -> tuple[_Line, ...]:
    """`text` wrapped to `width`, at most `max_lines` lines, the last one ellipsized when text was cut."""
    lines = wrap(text, font, size, width, direction)
    if len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1 :])
        lines = lines[: max_lines - 1] + [_ellipsized(rest, font, width, size, direction)]
    return tuple(_Line(line, size, colour, direction) for line in lines)


def _ellipsized(text: str, font: str, width: float, size: float, direction: Direction) -> str:
    """`text` cut at its logical end, by words then by letters, so that it and "…" fit `width`."""
    words = text.split()
    while len(words) > 1 and text_width(" ".join(words) + "…", font, size, direction) > width:
        words.pop()
    line = " ".join(words)
    while len(line) > 1 and text_width(line + "…", font, size, direction) > width:
        line = line[:-1]
    return line + "…"


def _one_line(text: str, font: str, width: float, largest: float, colour: str, direction: Direction) -> _Line:
    """`text` on one line at the largest size up to `largest` that fits; ellipsized at the smallest size."""
    natural = text_width(text, font, largest, direction)
    size = largest if natural <= width else largest * width / natural * 0.98
    if size < SMALLEST:
        return _Line(_ellipsized(text, font, width, SMALLEST, direction), SMALLEST, colour, direction)
    return _Line(text, size, colour, direction)


_shared_line = lru_cache(maxsize=1024)(_one_line)  # for the lines every certificate of a batch repeats


@lru_cache(maxsize=256)  # a name is measured at each scale tried, and often on both sides
def _name_lines(name: str, font: str, width: float, scale: float, colour: str) -> tuple[_Line, ...]:
    """The name on one line, shrunk to fit; a name too long even at a smaller size wraps to two lines (three,
    the last cut, when even that is not enough)."""
    direction = _own_direction(name, "ltr")
    largest = NAME_SIZE * scale
    natural = text_width(name, font, largest, direction)
    if natural <= width:
        return (_Line(name, largest, colour, direction),)
    fitted = largest * width / natural * 0.98  # a little under, so rounding cannot make it wrap
    if fitted >= NAME_MIN_ONE_LINE * scale:
        return (_Line(name, fitted, colour, direction),)
    size = NAME_MIN_ONE_LINE * scale
    while size > 2 * SMALLEST:
        lines = wrap(name, font, size, width, direction)
        if len(lines) <= 2:
            return tuple(_Line(line, size, colour, direction) for line in lines)
        size -= 1
    return _paragraph(name, font, width, size, colour, direction, 3)


def _side_rows(half: _Half, font: str, scale: float, primary: str) -> list[_Row]:
    """A side's rows: heading, intro, name, body, workshop title, details.

    The name's row keeps the height of a full-size line however much the name shrinks, so that pages whose
    names differ share their layout (and their background form).
    """
    side, width = half.side, half.width
    own = _direction(side.right_to_left)
    title_direction = _own_direction(side.workshop_title, own)
    name_line = NAME_SIZE * scale * (LINE_ASCENT + LINE_DESCENT)
    return [
        _Row(_paragraph(side.heading, font, width, HEADING_SIZE * scale, primary, own, 2), 0.0),
        _Row(_paragraph(side.intro, font, width, INTRO_SIZE * scale, GREY, own, 2), 7 * scale),
        _Row(_name_lines(side.name, font, width, scale, primary), 4 * scale, name_line),
        _Row(_paragraph(side.body, font, width, BODY_SIZE * scale, GREY, own, 2), 4 * scale),
        _Row(_paragraph(side.workshop_title, font, width, TITLE_SIZE * scale, BLACK, title_direction, 3), 3 * scale),
        _Row(_paragraph(side.details, font, width, DETAILS_SIZE * scale, GREY, own, 2), 7 * scale),
    ]


NAME_ROW = 2  # the index of the name in `_side_rows`


def _text_block(
    data: CertificateData, halves: list[_Half], middle: float, top: float, bottom: float, font: str
) -> tuple[list[_Op], list[_Op]]:
    """Both sides' rows, each row as high as its taller side's so that the halves line up, with a rule at
    `middle` between them, centred between `top` and `bottom`, at the largest scale that fits: (background
    operations, the names' operations)."""
    room = top - bottom
    scales = SINGLE_SCALES if len(halves) == 1 else SCALES
    for scale in scales:
        rows = [_side_rows(half, font, scale, data.style.primary) for half in halves]
        heights = [max(row.height for row in side_rows) for side_rows in zip(*rows)]  # the taller side's
        if sum(heights) <= room:
            break
    block = sum(heights)
    y = top - max(0.0, room - block) / 2
    background: list[_Op] = []
    names: list[_Op] = []
    if len(halves) == 2:
        background.append(_Rule(middle, y, middle, y - block, 0.6, data.style.accent))
    for half, side_rows in zip(halves, rows):
        row_top = y
        for index, (row, height) in enumerate(zip(side_rows, heights)):
            line_top = row_top - row.space_before
            if index == NAME_ROW:  # a shrunk name sits in the middle of its row
                line_top -= max(0.0, row.reserved - _height(row.lines)) / 2
            ops = _line_ops(row.lines, half.x, line_top, half.align)
            (names if index == NAME_ROW else background).extend(ops)
            row_top -= height
    return background, names


def _line_ops(lines: Sequence[_Line], x: float, top: float, align: Align) -> list[_Op]:
    """Operations drawing `lines` from `top` down, aligned on `x`."""
    ops: list[_Op] = []
    y = top
    for line in lines:
        baseline = y - line.size * LINE_ASCENT
        ops.append(_Text(x, baseline, line.text, line.size, line.colour, line.direction, align))
        y = baseline - line.size * LINE_DESCENT
    return ops


def _signatory_lines(data: CertificateData, index: int, font: str, width: float) -> list[_Line]:
    """A signatory's name, then their title in each language (in the sides' order)."""
    name = data.signatories[index].name
    lines = [_shared_line(name, font, width, SIGNATORY_NAME_SIZE, BLACK, _own_direction(name, "ltr"))]
    for side in data.sides:
        if index < len(side.signatory_titles) and side.signatory_titles[index]:
            title = side.signatory_titles[index]
            direction = _direction(side.right_to_left)
            lines.append(_shared_line(title, font, width, SIGNATORY_TITLE_SIZE, GREY, direction))
    return lines


def _signatories(
    data: CertificateData, box: PageLayout, bottom: float, font: str, forms: _Forms
) -> tuple[list[_Op], float]:
    """The signatories spread across the page above `bottom`: (operations, the top of their row)."""
    count = len(data.signatories)
    slot = box.content_width / count
    line_width = min(SIGNATURE_LINE, slot - 8 * mm)
    blocks = [_signatory_lines(data, index, font, line_width) for index in range(count)]
    line_y = bottom + max(_height(lines) for lines in blocks) + 1.5 * mm
    ops: list[_Op] = []
    for index, (signatory, lines) in enumerate(zip(data.signatories, blocks)):
        centre = box.left + slot * (index + 0.5)
        if signatory.signature_png:
            image_width = min(SIGNATURE_MAX_WIDTH, line_width)
            placed = forms.image(signatory.signature_png)
            ops.append(_fitted(placed, centre - image_width / 2, line_y + 1, image_width, SIGNATURE_HEIGHT, False))
        ops.append(_Rule(centre - line_width / 2, line_y, centre + line_width / 2, line_y, 0.6, LINE_GREY))
        ops += _line_ops(lines, centre, line_y - 1.5 * mm, "center")
    return ops, line_y + 1 + SIGNATURE_HEIGHT


def _verify_lines(data: CertificateData, width: float, font: str) -> tuple[_Line, ...]:
    """The verification label and URL on one line, shrunk to fit; on two when even the smallest size is
    too wide."""
    direction = _own_direction(data.verify_label, "ltr")
    text = f"{data.verify_label} {ltr_isolate(data.verify_url)}".strip()
    natural = text_width(text, font, VERIFY_SIZE, direction)
    size = VERIFY_SIZE if natural <= width else VERIFY_SIZE * width / natural * 0.98
    if size >= SMALLEST:
        return (_Line(text, size, GREY, direction),)
    return _paragraph(text, font, width, SMALLEST, GREY, direction, 2)


def _footer(
    data: CertificateData, halves: list[_Half], box: PageLayout, font: str
) -> tuple[list[_Op], list[_Op], float]:
    """Each side's number and issue date at the side of its half (a single side at its starting edge), and
    the verification URL in the middle, under the QR code: (background operations, personal ones, the QR
    code's bottom)."""
    centre = box.left + box.content_width / 2
    verify = _verify_lines(data, box.content_width - 2 * FOOTER_BLOCK, font)
    qr_bottom = box.bottom + _height(verify) + 1 * mm
    personal = _line_ops(verify, centre, qr_bottom - 1 * mm, "center")
    background: list[_Op] = []
    for half in halves:
        side = half.side
        own = _direction(side.right_to_left)
        # The number is Latin letters and digits: isolated, so that "MQ-2026-7" keeps its order in Arabic text.
        number = _one_line(
            f"{side.number_label} {ltr_isolate(data.number)}", font, FOOTER_BLOCK, FOOTER_SIZE, GREY, own
        )
        issued = _shared_line(f"{side.issued_label} {side.issued_on}", font, FOOTER_BLOCK, FOOTER_SIZE, GREY, own)
        on_right = half.position == "right" or (half.position == "centre" and side.right_to_left)
        x, align = (box.right, "right") if on_right else (box.left, "left")
        top = box.bottom + number.height + issued.height
        personal += _line_ops([number], x, top, align)
        background += _line_ops([issued], x, top - number.height, align)
    return background, personal, qr_bottom
