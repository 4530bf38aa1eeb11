"""The one embedded font of our PDFs: Noto Sans Arabic, which covers Latin, Arabic and every Sorani letter.

The font file comes from the PyPI package `fontpkg-noto-sans-arabic` (installed with the app), never
from the internet or the system's fonts, so every machine renders the same glyphs.
"""

from __future__ import annotations

import threading
from pathlib import Path

import fontpkg
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_FAMILY = "Noto Sans Arabic"
FONT_NAME = "NotoSansArabic"

# reportlab keeps fonts in a process-wide registry, and its HarfBuzz glue adds private code points
# to the shared font face while shaping: one lock serialises registration and whole renders.
render_lock = threading.RLock()


def font_path() -> Path:
    """Path of the font file installed by `fontpkg-noto-sans-arabic` (one weight, the regular)."""
    return Path(fontpkg.path(FONT_FAMILY))


def register_fonts() -> str:
    """Register the font with reportlab once per process and return its reportlab name."""
    with render_lock:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            # shapable=True lets reportlab.pdfbase.ttfonts.shapeStr shape runs with HarfBuzz.
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path()), shapable=True))
    return FONT_NAME
