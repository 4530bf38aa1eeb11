"""One line of mixed-script text on a reportlab canvas: bidi reordering, Arabic shaping, alignment, wrapping.

reportlab alone draws Arabic as isolated letters in reversed order, and its own RTL path misorders mixed
Arabic/Latin lines. The recipe that works (see shared/notes/pdf-and-rtl.md):

1. resolve the bidi levels with python-bidi's pure-Python algorithm and cut the line into visual runs,
   each keeping its logical substring;
2. shape each right-to-left run that holds Arabic-script letters with HarfBuzz
   (`reportlab.pdfbase.ttfonts.shapeStr`), which also puts its glyphs in visual order; Latin and digit runs
   are not shaped, because HarfBuzz would guess right-to-left for Arabic-Indic digits and reverse them;
3. draw the runs left to right, each at the x where the previous one ended.

Paragraphs are wrapped logically (by words) first; each line is then laid out on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal
from unicodedata import bidirectional, category

from bidi import algorithm
from bidi.mirror import MIRRORED
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr
from reportlab.pdfgen.canvas import Canvas

Direction = Literal["ltr", "rtl"]
Align = Literal["left", "right", "center"]

LRE = "\u202a"  # LEFT-TO-RIGHT EMBEDDING
PDF = "\u202c"  # POP DIRECTIONAL FORMATTING

# An ISO date (optionally with a time) written with Latin digits, not already inside an embedding.
_ISO_DATE = re.compile(r"(?<![\u202a0-9])\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2})?(?![0-9\u202c])")
_STRONG_RTL = frozenset({"R", "AL"})
# Marks and embeddings that only steer the bidi algorithm: never drawn.
_BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Line and paragraph separators would start a new bidi paragraph: one drawn line has none.
_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029\x0b\x0c\x1c-\x1e\x85]")


# The line box lines are stacked with, as multiples of the font size: Arabic and Sorani need more room
# than Latin (measured in Noto Sans Arabic: ڵ rises 1.05 em above the baseline, the marks under ڕ ي ج
# reach 0.47 em below).
LINE_ASCENT = 1.05
LINE_DESCENT = 0.5


@dataclass(frozen=True)
class VisualRun:
    """A piece of a laid-out line: what to draw (glyphs in visual order) and how wide it is."""

    logical: str  # the run's characters in logical (reading) order
    level: int  # resolved bidi embedding level: odd is right-to-left
    glyphs: str  # a reportlab ShapedStr for shaped runs, else the characters in visual order
    width: float  # in points


def ltr_isolate(text: str) -> str:
    """Wrap `text` in LEFT-TO-RIGHT EMBEDDING … POP so it keeps its order inside right-to-left text.

    Without it "بەروار: 2025-03-14" displays its date as 14-03-2025 (correct Unicode bidi behaviour,
    wrong for an ISO date).
    """
    return f"{LRE}{text}{PDF}"


def isolate_iso_dates(text: str) -> str:
    """Wrap every ISO date (2025-03-14, optionally with a time) of `text` with `ltr_isolate`."""
    return _ISO_DATE.sub(lambda match: ltr_isolate(match.group(0)), text)


def base_direction(text: str) -> Direction:
    """The paragraph direction given by the first strong character (Unicode bidi rules P2–P3)."""
    return "rtl" if algorithm.get_base_level(text) == 1 else "ltr"


def line_height(size: float) -> float:
    """Distance between the baselines of two lines of `size` points."""
    return size * (LINE_ASCENT + LINE_DESCENT)


def _clean(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text)


def _resolved_chars(text: str, base_level: int) -> list[dict[str, Any]]:
    """python-bidi's character records after rules X1–I2 and L1–L2: visual order, each with its level.

    Each record also gets "index", its position in `text`, and "rank", its position in logical order once
    the explicit embedding marks and other boundary-neutral characters are removed (rule X9). Ranks tell
    which visually adjacent characters are also logically adjacent; indexes give back the logical text,
    with the removed characters that matter for shaping (ZERO WIDTH NON-JOINER and JOINER).
    """
    storage = algorithm.get_empty_storage()
    storage["base_level"] = base_level
    storage["base_dir"] = "LR"[base_level]
    algorithm.get_embedding_levels(text, storage)
    for index, record in enumerate(storage["chars"]):
        record["index"] = index
    algorithm.explicit_embed_and_overrides(storage)
    for rank, record in enumerate(storage["chars"]):
        record["rank"] = rank
    algorithm.resolve_weak_types(storage, False)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    algorithm.reorder_resolved_levels(storage, False)
    return storage["chars"]


def _visual_pieces(records: list[dict[str, Any]]) -> list[tuple[int, int, int]]:
    """Group visually adjacent characters of one level that are also adjacent logically.

    Returns (first index, last index, level) of each group in visual order.
    """
    pieces: list[tuple[int, int, int, int]] = []  # (first index, last index, level, rank of the last added)
    for record in records:
        level, rank, index = record["level"], record["rank"], record["index"]
        step = -1 if level % 2 else 1
        if pieces and pieces[-1][2] == level and pieces[-1][3] + step == rank:
            first, last, _, _ = pieces[-1]
            pieces[-1] = (min(first, index), max(last, index), level, rank)
        else:
            pieces.append((index, index, level, rank))
    return [(first, last, level) for first, last, level, _ in pieces]


def _shaped_width(glyphs: str, font: str, size: float) -> float:
    if isinstance(glyphs, ShapedStr):
        # HarfBuzz advances, already scaled by reportlab to 1000 units per em.
        return sum(data.x_advance for data in glyphs.__shapeData__) * size / 1000
    return pdfmetrics.stringWidth(glyphs, font, size)


def _render_run(logical: str, level: int, font: str, size: float) -> VisualRun:
    if level % 2 and any(bidirectional(char) in _STRONG_RTL for char in logical):
        # HarfBuzz joins the letters, applies mirroring and returns the glyphs in visual order. Joiner and
        # non-joiner stay in: they decide the letters' forms.
        logical = "".join(char for char in logical if char not in _BIDI_CONTROLS)
        glyphs: str = shapeStr(logical, font, size)
    else:
        # Unshaped runs draw every character's own glyph: invisible format characters would show as boxes.
        logical = "".join(char for char in logical if category(char) != "Cf")
        # Right-to-left neutrals (spaces, brackets…): reverse and mirror them ourselves (rule L4).
        glyphs = "".join(MIRRORED.get(char, char) for char in reversed(logical)) if level % 2 else logical
    return VisualRun(logical, level, glyphs, _shaped_width(glyphs, font, size))


def layout(text: str, font: str, size: float, direction: Direction | None = None) -> list[VisualRun]:
    """Lay out one line: its runs in visual (left to right) order, shaped where needed.

    `direction` overrides the paragraph direction found from the first strong character.
    ISO dates are kept left-to-right (see `ltr_isolate`).
    """
    text = _clean(text)
    if not text:
        return []
    base = direction or base_direction(text)
    text = isolate_iso_dates(text)
    records = _resolved_chars(text, 1 if base == "rtl" else 0)
    runs = [_render_run(text[first : last + 1], level, font, size) for first, last, level in _visual_pieces(records)]
    return [run for run in runs if run.logical]


def text_width(text: str, font: str, size: float, direction: Direction | None = None) -> float:
    """Width in points of `text` as `draw_text` draws it (shaped where needed)."""
    return sum(run.width for run in layout(text, font, size, direction))


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    align: Align = "left",
    direction: Direction | None = None,
) -> float:
    """Draw one line of text with its baseline at `y`; return its width.

    `x` is the left edge, the right edge or the centre of the line, following `align`.
    """
    runs = layout(text, font, size, direction)
    if not runs:
        return 0.0
    width = sum(run.width for run in runs)
    cursor = {"left": x, "right": x - width, "center": x - width / 2}[align]
    text_object = canvas.beginText()
    for run in runs:
        # Selecting the font again makes reportlab open each run with a font operator: its shaped-text
        # writer (5.1.0) fails when a run's first glyph is raised or lowered (a mark) and no operator
        # has been written yet in that call.
        text_object.setFont(font, size)
        # Each run starts where the previous one ended by our (HarfBuzz) measure, not reportlab's.
        text_object.setTextOrigin(cursor, y)
        text_object.textOut(run.glyphs)
        cursor += run.width
    canvas.drawText(text_object)
    return width


def _split_long_word(word: str, font: str, size: float, max_width: float) -> list[str]:
    """Cut a word wider than `max_width` into pieces that fit (at least one character each)."""
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and text_width(current + char, font, size) > max_width:
            pieces.append(current)
            current = char
        else:
            current += char
    return pieces + [current] if current else pieces


def wrap(text: str, font: str, size: float, max_width: float, direction: Direction | None = None) -> list[str]:
    """Break `text` into lines no wider than `max_width`, by words, in logical order.

    Each returned line is logical text again: draw it with `draw_text` (pass the paragraph's
    `direction`, so that a line starting with a Latin word still reads right to left).
    """
    words = [word for word in _clean(text).split(" ") if word]  # not str.split(): no break at NO-BREAK SPACE
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, font, size, direction) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = _split_long_word(word, font, size, max_width)
        lines.extend(pieces[:-1])
        current = pieces[-1]
    if current:
        lines.append(current)
    return lines
