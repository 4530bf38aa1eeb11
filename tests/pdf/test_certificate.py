"""Attendance certificates: one A4 landscape page, bilingual halves, shaped names, shrinking, merged batches."""

from __future__ import annotations

import dataclasses
import random
import re
import subprocess
from collections.abc import Callable, Iterator, Sequence
from io import BytesIO
from pathlib import Path

import pytest
import segno
from PIL import Image, ImageDraw
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject

from app.pdf.certificate import (
    CertificateData,
    CertificateSide,
    CertificateStyle,
    Signatory,
    certificate_pdf,
    certificates_pdf,
    write_certificates,
)
from tests.pdf.pdfinspect import (
    harfbuzz_glyph_ids,
    nominal_glyph_ids,
    original_glyph_ids,
    page_count,
    pdftoppm,
    pdftotext,
    require_tool,
)

A4_LANDSCAPE = (841.89, 595.28)
MM = 72 / 25.4
NUMBER = "MQ-2026-000123"
URL = f"https://multaqa.example/certificates/verify/{NUMBER}"
ARABIC_NAME = "أحمد علي حسن"
KURDISH_NAME = "ڕەوەند ڤیان پێشەوا چیا ژیلەمۆ گوڵ"  # ڕ ڵ ۆ ێ ە ڤ پ چ ژ گ
MIXED_NAME = "Hêmin هێمن Ali"
ENGLISH_TEXT = [
    "Certificate of attendance",
    "This is to certify that",
    "attended the workshop",
    "Local planning and participatory budgeting",
    "14–16 March 2026 · 3 days (18 hours) · Basrah Grand Hotel",
    f"Certificate no. {NUMBER}",
    "Issued on 20 March 2026",
    "Programme manager",
    "Sarah Johnson",
]


def _png(image: Image.Image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _logo(colour: tuple[int, int, int] = (31, 78, 121)) -> bytes:
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 190, 190), fill=(*colour, 255))
    draw.rectangle((220, 70, 580, 130), fill=(201, 162, 39, 255))
    return _png(image)


def _noisy_logo() -> bytes:
    """A logo that does not compress: embedding it twice would show in the file size."""
    return _png(Image.frombytes("RGB", (300, 100), random.Random(8).randbytes(300 * 100 * 3)))


def _signature(seed: int) -> bytes:
    image = Image.new("RGBA", (400, 120), (0, 0, 0, 0))
    points = [(20 + x * 12, 60 + ((x * (7 + seed)) % 13 - 6) * 5) for x in range(30)]
    ImageDraw.Draw(image).line(points, fill=(20, 30, 90, 255), width=4)
    return _png(image)


def _english(name: str = "Ahmed Ali Hassan") -> CertificateSide:
    return CertificateSide(
        lang="en",
        right_to_left=False,
        heading="Certificate of attendance",
        intro="This is to certify that",
        name=name,
        body="attended the workshop",
        workshop_title="Local planning and participatory budgeting for municipal councils",
        details="14–16 March 2026 · 3 days (18 hours) · Basrah Grand Hotel",
        number_label="Certificate no.",
        issued_label="Issued on",
        issued_on="20 March 2026",
        signatory_titles=("Programme manager", "Director"),
    )


def _arabic(name: str = ARABIC_NAME) -> CertificateSide:
    return CertificateSide(
        lang="ar",
        right_to_left=True,
        heading="شهادة حضور",
        intro="نشهد بأن",
        name=name,
        body="قد حضر ورشة العمل",
        workshop_title="التخطيط المحلي والموازنة التشاركية للمجالس البلدية",
        details="١٤–١٦ آذار ٢٠٢٦ · ٣ أيام (١٨ ساعة) · فندق البصرة الكبير",
        number_label="رقم الشهادة:",
        issued_label="تاريخ الإصدار:",
        issued_on="٢٠ آذار ٢٠٢٦",
        signatory_titles=("مدير البرنامج", "المدير"),
    )


def _kurdish(name: str = KURDISH_NAME) -> CertificateSide:
    return CertificateSide(
        lang="ckb",
        right_to_left=True,
        heading="بڕوانامەی ئامادەبوون",
        intro="بەمە دەسەلمێنین کە",
        name=name,
        body="بەشداری لە وۆرکشۆپی خوارەوە کردووە",
        workshop_title="پلانی ناوخۆیی و بودجەی بەشداریکارانە",
        details="14–16ی ئازاری 2026 · 3 ڕۆژ (18 کاتژمێر) · هەولێر",
        number_label="ژمارەی بڕوانامە:",
        issued_label="ڕێکەوتی دەرچوون:",
        issued_on="2026-03-20",
        signatory_titles=("بەڕێوەبەری بەرنامە", "بەڕێوەبەر"),
    )


MakeSide = Callable[..., CertificateSide]


def _certificate(
    sides: Sequence[CertificateSide],
    qr_png: bytes,
    number: str = NUMBER,
    logos: Sequence[bytes] | None = None,
    signatories: int = 2,
) -> CertificateData:
    people = [Signatory("Sarah Johnson", _signature(0)), Signatory("د. كريم الموسوي", _signature(1))]
    return CertificateData(
        number=number,
        verify_url=URL if number == NUMBER else f"https://multaqa.example/certificates/verify/{number}",
        verify_label="Verify at",
        sides=sides,
        signatories=people[:signatories],
        style=CertificateStyle(logos=[_logo(), _logo((120, 30, 30))] if logos is None else logos),
        qr_png=qr_png,
    )


def _occurrences(drawn: Sequence[frozenset[int]], expected: list[int]) -> int:
    """How many times `expected` glyph ids are drawn one after the other on the page."""
    return sum(
        all(glyph in drawn[start + offset] for offset, glyph in enumerate(expected))
        for start in range(len(drawn) - len(expected) + 1)
    )


def _words(pdf: bytes, tmp_path: Path) -> list[tuple[str, float, float, float, float]]:
    """Every word pdftotext finds on page one: (text, x min, y min, x max, y max), y from the top."""
    source = tmp_path / "words.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(
        [require_tool("pdftotext"), "-bbox", "-f", "1", "-l", "1", str(source), "-"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [
        (text, float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, text in re.findall(pattern, result.stdout.decode("utf-8"))
    ]


def _font_sizes(pdf: bytes) -> list[float]:
    """The sizes of the fonts selected on page one itself (not in the shared background form)."""
    reader = PdfReader(BytesIO(pdf))
    operations = ContentStream(reader.pages[0].get_contents(), reader).operations
    return [float(operands[1]) for operands, operator in operations if operator == b"Tf"]


def _ink_outside(png: Path, inner_mm: float, outer_mm: float, dpi: int) -> list[str]:
    """The page edges that have ink in the band between `outer_mm` and `inner_mm` from the edge."""
    with Image.open(png) as image:
        grey = image.convert("L")
        width, height = grey.size
        near, far = round(outer_mm * dpi / 25.4), round(inner_mm * dpi / 25.4)
        bands = {
            "left": (near, far, far, height - far),
            "right": (width - far, far, width - near, height - far),
            "top": (far, near, width - far, far),
            "bottom": (far, height - far, width - far, height - near),
        }
        return [edge for edge, box in bands.items() if grey.crop(box).getextrema()[0] < 250]


def test_one_a4_landscape_page_with_title_and_language(qr_png: bytes) -> None:
    pdf = certificate_pdf(_certificate([_arabic(), _english()], qr_png))
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_LANDSCAPE, abs=0.01)
    assert reader.metadata is not None and reader.metadata.title == f"شهادة حضور – {ARABIC_NAME}"
    assert reader.trailer["/Root"]["/Lang"] == "ar"


@pytest.mark.parametrize("rtl_side", [_arabic, _kurdish], ids=["arabic", "kurdish"])
@pytest.mark.parametrize("rtl_first", [True, False], ids=["rtl-first", "english-first"])
def test_bilingual_english_left_and_right_to_left_right(
    rtl_side: MakeSide, rtl_first: bool, qr_png: bytes, tmp_path: Path
) -> None:
    rtl = rtl_side()
    sides = [rtl, _english()] if rtl_first else [_english(), rtl]
    pdf = certificate_pdf(_certificate(sides, qr_png))
    assert page_count(pdf) == 1
    text = " ".join(pdftotext(pdf, tmp_path)[0].split())
    for expected in [*ENGLISH_TEXT, "Ahmed Ali Hassan", f"Verify at {URL}"]:
        assert expected in text, expected
    centre = A4_LANDSCAPE[0] / 2
    words = _words(pdf, tmp_path)
    english = [word for word in words if word[0] in {"Certificate", "attendance", "Ahmed", "workshop", "Issued"}]
    assert len(english) >= 6 and all(x1 < centre - 10 for _, _, _, x1, _ in english)
    numbers = sorted(x0 for word, x0, _, _, _ in words if word == NUMBER)
    assert len(numbers) == 2 and numbers[0] < centre - 200 < centre + 200 < numbers[1]  # each side's number at its side


@pytest.mark.parametrize(
    ("side", "name", "runs"),
    [
        (_arabic, ARABIC_NAME, [(ARABIC_NAME, "rtl")]),
        (_kurdish, KURDISH_NAME, [(KURDISH_NAME, "rtl")]),
        # A name reads in its own direction on any side: the Latin first name stays at the left.
        (_kurdish, MIXED_NAME, [("Hêmin ", "ltr"), ("هێمن", "rtl"), (" Ali", "ltr")]),
        (_english, MIXED_NAME, [("Hêmin ", "ltr"), ("هێمن", "rtl"), (" Ali", "ltr")]),
    ],
    ids=["arabic", "kurdish", "mixed-on-kurdish-side", "mixed-on-english-side"],
)
def test_names_are_drawn_as_harfbuzz_glyphs_of_their_visual_runs(
    side: MakeSide, name: str, runs: list[tuple[str, str]], qr_png: bytes
) -> None:
    sides = [side(name)] if side is _english else [side(name), _english("Someone Else")]
    drawn = original_glyph_ids(certificate_pdf(_certificate(sides, qr_png)))
    expected = [glyph for text, direction in runs for glyph in harfbuzz_glyph_ids(text, direction)]
    assert _occurrences(drawn, expected) == 1
    # The check has teeth: the letters' own glyphs, in either order, are not what is drawn.
    assert not _occurrences(drawn, nominal_glyph_ids(name)[::-1])
    assert not _occurrences(drawn, nominal_glyph_ids(name))


def test_the_kurdish_name_has_the_sorani_letters() -> None:
    """ڕ ڵ ۆ ێ ە ڤ پ چ ژ گ: the letters the glyph check above must see joined (four have no presentation forms)."""
    assert set("ڕڵۆێەڤپچژگ") <= set(KURDISH_NAME)


def test_number_keeps_its_order_in_right_to_left_text(qr_png: bytes) -> None:
    """ "MQ-2026-000123" after an Arabic label is drawn left to right as it is written (not "000123-2026-MQ")."""
    drawn = original_glyph_ids(certificate_pdf(_certificate([_arabic(), _english()], qr_png)))
    assert _occurrences(drawn, nominal_glyph_ids(NUMBER)) == 3  # the Arabic and English lines, and the URL


def test_single_language_is_centred(qr_png: bytes, tmp_path: Path) -> None:
    pdf = certificate_pdf(_certificate([_english()], qr_png, signatories=1))
    words = {word: (x0, x1) for word, x0, _, x1, _ in reversed(_words(pdf, tmp_path))}  # the first of each
    middle = (words["Certificate"][0] + words["attendance"][1]) / 2  # of the heading
    assert middle == pytest.approx(A4_LANDSCAPE[0] / 2, abs=1)
    text = pdftotext(pdf, tmp_path)[0]
    assert f"Certificate no. {NUMBER}" in text and "Sarah Johnson" in text and URL in text
    assert PdfReader(BytesIO(pdf)).trailer["/Root"]["/Lang"] == "en"


@pytest.mark.parametrize(
    "long_name",
    [
        "Maximilian Alexander Konstantin Friedrich von Hohenzollern-Sigmaringen und Württemberg-Baden Ali",
        "Hohenzollern" * 12,  # no space to break at
    ],
    ids=["words", "one-word"],
)
def test_a_very_long_name_shrinks_and_stays_inside(long_name: str, qr_png: bytes, tmp_path: Path) -> None:
    long_arabic = "عبد الرحمن بن محمد بن عبد الله بن أحمد الهاشمي القرشي البغدادي الموصلي البصري الكربلائي"
    normal = certificate_pdf(_certificate([_arabic(), _english()], qr_png))
    pdf = certificate_pdf(_certificate([_arabic(long_arabic), _english(long_name)], qr_png))
    assert page_count(pdf) == 1
    assert max(_font_sizes(pdf)) < max(_font_sizes(normal)) == 30  # the name is the largest type on the page
    centre, right = A4_LANDSCAPE[0] / 2, A4_LANDSCAPE[0] - 15 * MM
    words = _words(pdf, tmp_path)
    for word, x0, _, x1, _ in words:
        assert 15 * MM - 0.5 <= x0 and x1 <= right + 0.5, word  # inside the content box
        assert word in {"Verify", "at", URL} or not x0 < centre < x1, word  # and in its own half
    extracted = [word for word, *_ in words]
    if " " in long_name:  # shrunk or wrapped, but whole
        assert set(long_name.split()) <= set(extracted)
    else:
        assert "".join(word for word in extracted if "Hohen" in word or "ollern" in word) == long_name
    png = pdftoppm(pdf, tmp_path, resolution=100)
    # Nothing between the page's edge and the outer frame, nor between the inner frame's ornaments and the
    # content box.
    assert _ink_outside(png, inner_mm=6.0, outer_mm=0.0, dpi=100) == []
    assert _ink_outside(png, inner_mm=14.5, outer_mm=12.5, dpi=100) == []


def test_a_certificate_renders_to_a_landscape_png(qr_png: bytes, tmp_path: Path) -> None:
    pdf = certificate_pdf(_certificate([_kurdish(), _english(MIXED_NAME)], qr_png))
    png = pdftoppm(pdf, tmp_path, resolution=72)
    with Image.open(png) as image:
        assert image.size == pytest.approx((842, 595), abs=2)
        darkest, lightest = image.convert("L").getextrema()
    assert darkest < 80 and lightest > 200


def _qr(text: str) -> bytes:
    buffer = BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()


def _batch(count: int, logos: Sequence[bytes] | None = None) -> Iterator[CertificateData]:
    """Bilingual certificates, Arabic and Kurdish in turn, each with its own number and QR code."""
    names = [("أحمد علي", "Ahmed Ali"), ("هێمن عەلی", "Hêmin Ali"), ("Sara Smith", "Sara Smith")]
    for index in range(count):
        rtl_name, latin_name = names[index % len(names)]
        side = _kurdish(rtl_name) if index % 2 else _arabic(rtl_name)
        number = f"MQ-2026-{index:06d}"
        yield _certificate([side, _english(latin_name)], _qr(number), number=number, logos=logos)


def test_merged_pdf_has_a_page_per_certificate(tmp_path: Path) -> None:
    pdf = certificates_pdf(_batch(7), "Local planning workshop")
    assert page_count(pdf) == 7
    pages = pdftotext(pdf, tmp_path)
    for index, page in enumerate(pages):
        assert f"MQ-2026-{index:06d}" in page
    assert PdfReader(BytesIO(pdf)).metadata.title == "Local planning workshop"


def test_write_certificates_streams_to_a_file(tmp_path: Path) -> None:
    path = tmp_path / "batch.pdf"
    with path.open("wb") as out:
        assert write_certificates(_batch(3), out, "Batch") == 3
    assert page_count(path.read_bytes()) == 3


def test_images_are_embedded_once_per_document() -> None:
    logos = [_noisy_logo()]
    one = certificates_pdf(_batch(1, logos), "one")
    fifty = certificates_pdf(_batch(50, logos), "fifty")
    assert len(one) > 90_000  # the logo alone
    assert len(fifty) < 2 * len(one)  # not 50 times the logo
    images, masks = _images(PdfReader(BytesIO(fifty)))
    assert len(images) == 1 + 2 + 50  # the logo, the two signatures, and a QR code per page
    assert len(masks) == 2  # the signatures' transparency


def _images(reader: PdfReader) -> tuple[set[int], set[int]]:
    """The object numbers of the image XObjects the pages draw, directly or through forms, and of their masks."""
    images: set[int] = set()
    masks: set[int] = set()

    def visit(resources: DictionaryObject) -> None:
        for reference in resources.get("/XObject", DictionaryObject()).values():
            xobject = reference.get_object()
            if xobject["/Subtype"] == "/Image":
                images.add(reference.idnum)
                if "/SMask" in xobject:
                    masks.add(xobject.raw_get("/SMask").idnum)
            elif "/Resources" in xobject:
                visit(xobject["/Resources"])

    for page in reader.pages:
        visit(page["/Resources"])
    return images, masks


def test_pages_differing_only_in_name_and_number_share_their_background() -> None:
    reader = PdfReader(BytesIO(certificates_pdf(_batch(6), "batch")))
    backgrounds = [
        {name for name, ref in page["/Resources"]["/XObject"].items() if ref.get_object()["/Subtype"] == "/Form"}
        for page in reader.pages
    ]
    assert len(backgrounds[0]) == 1
    assert backgrounds[0] == backgrounds[2] == backgrounds[4]  # Arabic and English sides
    assert backgrounds[1] == backgrounds[3] == backgrounds[5]  # Kurdish and English sides
    assert backgrounds[0] != backgrounds[1]


def test_same_certificate_gives_the_same_bytes(qr_png: bytes) -> None:
    data = _certificate([_kurdish(), _english(MIXED_NAME)], qr_png)
    assert certificate_pdf(data) == certificate_pdf(data)


def test_no_signatories_and_no_logos(qr_png: bytes, tmp_path: Path) -> None:
    pdf = certificate_pdf(_certificate([_english()], qr_png, logos=[], signatories=0))
    text = " ".join(pdftotext(pdf, tmp_path)[0].split())
    assert "Certificate of attendance" in text and NUMBER in text and "Sarah Johnson" not in text


@pytest.mark.parametrize(
    "change",
    [
        {"sides": []},
        {"sides": [_english(), _english(), _english()]},
        {"signatories": [Signatory("A"), Signatory("B"), Signatory("C"), Signatory("D")]},
    ],
    ids=["no-side", "three-sides", "four-signatories"],
)
def test_invalid_certificates_are_refused(change: dict[str, object], qr_png: bytes) -> None:
    with pytest.raises(ValueError):
        dataclasses.replace(_certificate([_english()], qr_png), **change)


@pytest.mark.parametrize("style", [{"primary": "blue"}, {"accent": "#12345"}, {"logos": [b"x"] * 4}])
def test_invalid_styles_are_refused(style: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        CertificateStyle(**style)  # type: ignore[arg-type]


def test_no_certificates_is_refused() -> None:
    with pytest.raises(ValueError):
        certificates_pdf([], "empty")


def test_the_qr_code_is_embedded_one_pixel_per_module(qr_png: bytes) -> None:
    """The PNG's enlargement is undone, not changed: the embedded image, enlarged again, is the PNG."""
    page = PdfReader(BytesIO(certificate_pdf(_certificate([_english()], qr_png)))).pages[0]
    # The only image the page draws itself (logos and signatures are in forms).
    (name,) = [name for name, ref in page["/Resources"]["/XObject"].items() if ref["/Subtype"] == "/Image"]
    (embedded,) = [image.image for image in page.images if f"/{image.name}".startswith(name)]
    with Image.open(BytesIO(qr_png)) as original:
        grey = original.convert("L")
    scale = grey.width // embedded.width
    assert scale == 4  # as the fixture draws it
    enlarged = embedded.convert("L").resize(grey.size, Image.Resampling.NEAREST)
    assert enlarged.tobytes() == grey.tobytes()
