"""QR codes as images: a pure renderer (text in, image out), no request needed."""

from __future__ import annotations

import io

import segno


def qr_data_uri(text: str, scale: int = 6) -> str:
    """An SVG QR code as a data: URI for an <img>, with medium error correction and a quiet zone."""
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=scale, border=4)


def qr_png(text: str, scale: int = 8) -> bytes:
    """A PNG QR code (for PDFs and downloads)."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
