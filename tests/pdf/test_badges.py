"""Badges: page counts, extractable Latin text, a page rendering to PNG, and argument checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from app.pdf.badges import Badge, badges_pdf
from tests.pdf.pdfinspect import page_count, pdftoppm, pdftotext

PEOPLE = [
    ("أحمد علي", "Ahmed Ali", "منظمة الأمل للتنمية"),
    ("هەژار ڕەسوڵ", "Hazhar Rasul", "ڕێکخراوی گەشەپێدانی کوردستان"),
    ("John Smith", None, "Mercy Corps"),
]


def _badges(qr_png: bytes, count: int) -> list[Badge]:
    return [
        Badge(
            name=PEOPLE[index % len(PEOPLE)][0],
            name_latin=PEOPLE[index % len(PEOPLE)][1],
            organisation=PEOPLE[index % len(PEOPLE)][2],
            workshop_title="ورشة بناء القدرات في التخطيط المحلي",
            dates="2025-03-14 – 2025-03-16",
            reference=f"K7MQ-4PX{index}",
            qr_png=qr_png,
        )
        for index in range(count)
    ]


def test_nine_badges_make_two_sheets_of_eight(qr_png: bytes) -> None:
    assert page_count(badges_pdf(_badges(qr_png, 9))) == 2


def test_one_badge_per_page(qr_png: bytes) -> None:
    assert page_count(badges_pdf(_badges(qr_png, 9), per_page=1)) == 9


def test_references_latin_names_and_dates_can_be_extracted(qr_png: bytes, tmp_path: Path) -> None:
    pages = pdftotext(badges_pdf(_badges(qr_png, 9)), tmp_path)
    assert len(pages) == 2
    assert all(f"K7MQ-4PX{index}" in pages[0] for index in range(8))
    assert "K7MQ-4PX8" in pages[1] and "K7MQ-4PX0" not in pages[1]
    assert "Ahmed Ali" in pages[0] and "Hazhar Rasul" in pages[0] and "John Smith" in pages[0]
    assert "2025-03-14" in pages[0] and "2025-03-16" in pages[0]


def test_a_sheet_renders_to_png(qr_png: bytes, tmp_path: Path) -> None:
    png = pdftoppm(badges_pdf(_badges(qr_png, 8)), tmp_path)
    with Image.open(png) as image:
        assert image.format == "PNG"
        assert image.width < image.height  # A4 portrait
        darkest, lightest = image.convert("L").getextrema()
    assert darkest < 50 and lightest > 200  # ink on paper, not a blank page


def test_single_badge_page_is_a6(qr_png: bytes, tmp_path: Path) -> None:
    png = pdftoppm(badges_pdf(_badges(qr_png, 1), per_page=1), tmp_path, resolution=72)
    with Image.open(png) as image:
        assert image.size == pytest.approx((298, 420), abs=2)  # 105 × 148 mm at 72 dpi


def test_same_badges_give_the_same_bytes(qr_png: bytes) -> None:
    assert badges_pdf(_badges(qr_png, 2)) == badges_pdf(_badges(qr_png, 2))


def test_a_very_long_name_is_shrunk_or_wrapped_not_dropped(qr_png: bytes, tmp_path: Path) -> None:
    long_name = "Maximilian Alexander Konstantin von Hohenzollern-Sigmaringen"
    badge = Badge(
        name=long_name,
        organisation="Org",
        workshop_title="Workshop",
        dates="2025-03-14",
        reference="K7MQ-4PXA",
        qr_png=qr_png,
    )
    text = " ".join(pdftotext(badges_pdf([badge]), tmp_path)[0].split())
    assert "Maximilian" in text and "K7MQ-4PXA" in text


@pytest.mark.parametrize("per_page", [0, 3, 10])
def test_unsupported_per_page_is_refused(qr_png: bytes, per_page: int) -> None:
    with pytest.raises(ValueError, match="per_page"):
        badges_pdf(_badges(qr_png, 1), per_page=per_page)


def test_no_badges_is_refused() -> None:
    with pytest.raises(ValueError):
        badges_pdf([])
