"""Fixtures for the PDF renderers' tests: no Flask app is needed."""

from __future__ import annotations

from io import BytesIO

import pytest
import segno


@pytest.fixture(scope="session")
def qr_png() -> bytes:
    """A PNG of a QR code the size of a real check-in token's."""
    buffer = BytesIO()
    segno.make("https://multaqa.example/c/" + "x" * 60, error="m").save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()
