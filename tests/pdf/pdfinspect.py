"""Test helpers that look inside generated PDFs: drawn glyphs, extracted text, rendered pages.

The glyph check follows how reportlab writes TrueType text: each font resource (/F1+0, /F1+1, …) is a
subset of at most 256 glyphs, embedded as FontFile2 with a (1, 0) format-6 cmap from the one-byte codes
of the content stream to the subset's own glyph ids. Subset glyph ids are renumbered, so a drawn glyph is
identified in the original font by its outline and advance width, which the subset copies unchanged.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import uharfbuzz as hb
from pypdf import PdfReader
from pypdf.generic import ByteStringObject, ContentStream, TextStringObject

from app.pdf.fonts import font_path

# What reportlab's shapeStr asks HarfBuzz for (reportlab.pdfbase.ttfonts.shapeFragWord's defaults).
REPORTLAB_FEATURES = {"kern": True, "liga": True, "dlig": True}

GlyphSignature = tuple[int, tuple[Any, ...]]


def require_tool(name: str) -> str:
    """Path of a poppler-utils program; the test fails (never skips) without it."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: install Debian's poppler-utils (apt-get install -y poppler-utils)")
    return path


def pdftotext(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page, as poppler's pdftotext extracts it."""
    source = tmp_path / "extract.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(
        [require_tool("pdftotext"), "-layout", "-enc", "UTF-8", str(source), "-"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    pages = result.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdftoppm(pdf: bytes, tmp_path: Path, page: int = 1, resolution: int = 60) -> Path:
    """Render one page to PNG with poppler's pdftoppm; return the PNG's path."""
    source = tmp_path / "render.pdf"
    source.write_bytes(pdf)
    prefix = tmp_path / "render"
    subprocess.run(
        [
            require_tool("pdftoppm"),
            "-r",
            str(resolution),
            "-png",
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            str(source),
            str(prefix),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return prefix.with_suffix(".png")


def page_count(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


@dataclass(frozen=True)
class DrawnGlyph:
    font_resource: str  # e.g. "/F1+0"
    code: int  # the byte in the content stream


def drawn_glyphs(pdf: bytes, page: int = 0) -> tuple[list[DrawnGlyph], dict[str, bytes]]:
    """The glyph codes a page's text operators draw, in order, and the embedded font file of each resource."""
    reader = PdfReader(BytesIO(pdf))
    pdf_page = reader.pages[page]
    glyphs: list[DrawnGlyph] = []
    font = ""
    for operands, operator in ContentStream(pdf_page.get_contents(), reader).operations:
        if operator == b"Tf":
            font = str(operands[0])
        elif operator in (b"Tj", b"TJ"):
            items = operands[0] if operator == b"TJ" else operands
            glyphs += [DrawnGlyph(font, code) for item in items for code in _string_bytes(item)]
    fonts = {
        str(name): resource["/FontDescriptor"]["/FontFile2"].get_data()
        for name, resource in pdf_page["/Resources"]["/Font"].items()
        if "/FontDescriptor" in resource
    }
    return glyphs, fonts


def text_origins(pdf: bytes, page: int = 0) -> list[tuple[float, float]]:
    """The (x, y) of every text origin set on a page (Tm operators), but beginText's initial (0, 0)."""
    reader = PdfReader(BytesIO(pdf))
    operations = ContentStream(reader.pages[page].get_contents(), reader).operations
    origins = [(float(operands[4]), float(operands[5])) for operands, operator in operations if operator == b"Tm"]
    return [origin for origin in origins if origin != (0.0, 0.0)]


def _string_bytes(item: object) -> bytes:
    if isinstance(item, TextStringObject):
        return item.get_original_bytes()
    if isinstance(item, ByteStringObject):
        return bytes(item)
    return b""  # a number in a TJ array: a position adjustment


def subset_cmap(ttf: bytes) -> dict[int, int]:
    """Code → glyph id of an embedded reportlab subset: its cmap's format-6 subtable."""
    (table_count,) = struct.unpack(">H", ttf[4:6])
    tables = {
        tag: offset
        for tag, _, offset, _ in (struct.unpack(">4sIII", ttf[12 + 16 * i : 28 + 16 * i]) for i in range(table_count))
    }
    cmap = tables[b"cmap"]
    _, subtable_count = struct.unpack(">HH", ttf[cmap : cmap + 4])
    for index in range(subtable_count):
        _, _, offset = struct.unpack(">HHI", ttf[cmap + 4 + 8 * index : cmap + 12 + 8 * index])
        start = cmap + offset
        if struct.unpack(">H", ttf[start : start + 2])[0] == 6:
            first, count = struct.unpack(">HH", ttf[start + 6 : start + 10])
            ids = struct.unpack(f">{count}H", ttf[start + 10 : start + 10 + 2 * count])
            return {first + i: glyph for i, glyph in enumerate(ids)}
    raise AssertionError("no format-6 cmap in the embedded font")


class _RecordingPen:
    """A fontTools-style pen (hence the camelCase methods) that records the outline it is drawn with."""

    def __init__(self) -> None:
        self.value: list[tuple[Any, ...]] = []

    def moveTo(self, *points: Any) -> None:
        self.value.append(("M", *points))

    def lineTo(self, *points: Any) -> None:
        self.value.append(("L", *points))

    def curveTo(self, *points: Any) -> None:
        self.value.append(("C", *points))

    def qCurveTo(self, *points: Any) -> None:
        self.value.append(("Q", *points))

    def closePath(self) -> None:
        self.value.append(("Z",))


def _signature(font: hb.Font, glyph: int) -> GlyphSignature:
    pen = _RecordingPen()
    font.draw_glyph_with_pen(glyph, pen)
    return font.get_glyph_h_advance(glyph), tuple(pen.value)


@cache
def _original_font() -> hb.Font:
    return hb.Font(hb.Face(hb.Blob.from_file_path(str(font_path()))))


@cache
def _original_glyphs_by_signature() -> dict[GlyphSignature, frozenset[int]]:
    font = _original_font()
    index: dict[GlyphSignature, set[int]] = {}
    for glyph in range(font.face.glyph_count):
        index.setdefault(_signature(font, glyph), set()).add(glyph)
    return {signature: frozenset(glyphs) for signature, glyphs in index.items()}


def original_glyph_ids(pdf: bytes, page: int = 0) -> list[frozenset[int]]:
    """For each glyph drawn on the page, the glyph ids of the original font it can be (identical outlines)."""
    glyphs, fonts = drawn_glyphs(pdf, page)
    subsets = {name: (hb.Font(hb.Face(hb.Blob(data))), subset_cmap(data)) for name, data in fonts.items()}
    index = _original_glyphs_by_signature()
    result = []
    for glyph in glyphs:
        subset_font, cmap = subsets[glyph.font_resource]
        result.append(index.get(_signature(subset_font, cmap[glyph.code]), frozenset()))
    return result


def harfbuzz_glyph_ids(text: str, direction: str) -> list[int]:
    """Glyph ids HarfBuzz gives for one run of text, in visual (left to right) order."""
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = direction
    hb.shape(_original_font(), buffer, REPORTLAB_FEATURES)
    return [info.codepoint for info in buffer.glyph_infos]


def nominal_glyph_ids(text: str) -> list[int]:
    """Each character's own glyph, no shaping: what a naive renderer would draw."""
    font = _original_font()
    return [font.get_nominal_glyph(ord(char)) or 0 for char in text]


def nominal_width(text: str, size: float) -> float:
    """Width of `text` drawn as its characters' own glyphs (unshaped), in points."""
    font = _original_font()
    advances = sum(font.get_glyph_h_advance(glyph) for glyph in nominal_glyph_ids(text))
    return advances * size / font.face.upem
