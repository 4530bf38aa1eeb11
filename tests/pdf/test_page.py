"""Page furniture: sizes, margins, page labels, header and footer."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest

from app.pdf.fonts import register_fonts
from app.pdf.page import Margins, a4_landscape, a4_portrait, draw_page_furniture, new_canvas, page_label
from tests.pdf.pdfinspect import pdftotext


def test_a4_layouts_and_content_box() -> None:
    portrait, landscape = a4_portrait(), a4_landscape(Margins(10, 20, 30, 40))
    assert portrait.size == pytest.approx((595.28, 841.89), abs=0.01)
    assert landscape.size == pytest.approx((841.89, 595.28), abs=0.01)
    assert (landscape.left, landscape.right, landscape.top, landscape.bottom) == pytest.approx(
        (40, 841.89 - 20, 595.28 - 10, 30), abs=0.01
    )
    assert landscape.start_x(rtl=True) == landscape.right and landscape.start_x(rtl=False) == landscape.left


def test_page_label_fills_a_localised_template() -> None:
    assert page_label("Page {page} of {pages}", 2, 5) == "Page 2 of 5"
    assert page_label("لاپەڕە {page} لە {pages}", 1, 3) == "لاپەڕە 1 لە 3"


@pytest.mark.parametrize("rtl", [False, True])
def test_furniture_draws_title_and_page_label_and_leaves_the_body(rtl: bool, tmp_path: Path) -> None:
    layout = a4_portrait()
    buffer = BytesIO()
    canvas = new_canvas(buffer, layout.size, "Report")
    top, bottom = draw_page_furniture(canvas, layout, "Quarterly report", "Page 1 of 1", register_fonts(), rtl)
    canvas.showPage()
    canvas.save()
    assert layout.bottom < bottom < top < layout.top
    text = pdftotext(buffer.getvalue(), tmp_path)[0]
    assert "Quarterly report" in text and "Page 1 of 1" in text
