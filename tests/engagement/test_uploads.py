"""Uploads: the type comes from the content (never the name), sizes are limited, names are made safe
(keeping Arabic and Kurdish letters), and stored files are sent as downloads that nothing runs."""

from __future__ import annotations

import io

import pytest

from app.engagement import uploads
from app.engagement.uploads import (
    EVIDENCE_TYPES,
    LIBRARY_TYPES,
    EmptyFile,
    FileTooLarge,
    FileTypeRefused,
    check_file,
    check_upload,
    download_headers,
    read_limited,
    safe_filename,
    sniff,
)
from tests.engagement import samples


@pytest.mark.parametrize("data,expected", [
    (samples.png(), uploads.PNG), (samples.JPEG, uploads.JPEG), (samples.GIF, uploads.GIF),
    (samples.WEBP, uploads.WEBP), (samples.PDF, uploads.PDF), (samples.MP4, uploads.MP4),
    (samples.MOV, uploads.QUICKTIME), (samples.M4A, uploads.M4A), (samples.MP3_ID3, uploads.MP3),
    (samples.MP3_FRAME, uploads.MP3), (samples.OGG, uploads.OGG), (samples.DOCX, uploads.DOCX),
    (samples.XLSX, uploads.XLSX), (samples.PPTX, uploads.PPTX), (samples.TEXT, uploads.TEXT),
    (b"\xef\xbb\xbf" + samples.TEXT, uploads.TEXT),
])
def test_types_are_found_from_the_content(data: bytes, expected: str) -> None:
    assert sniff(data) == expected


@pytest.mark.parametrize("data", [
    samples.SVG, samples.SVG_BARE, samples.HTML, b"\xef\xbb\xbf" + samples.HTML, samples.HTML_THEN_PDF,
    b"  \n<script>alert(1)</script>", b"Hello <img src=x onerror=alert(1)>", samples.EXE, samples.DOCM,
    samples.ZIP, b"PK\x03\x04 not really a zip", b"\x00\x00\x00\x18ftypheic\x00\x00", b"text with \x00 a nul",
    b"\xff\xfe\x00\x00 utf-32", bytes(range(256)),
])
def test_markup_executables_macros_and_unknown_content_are_refused(data: bytes) -> None:
    assert sniff(data) not in EVIDENCE_TYPES | LIBRARY_TYPES


@pytest.mark.parametrize("data,name", [(samples.SVG, "photo.png"), (samples.HTML, "report.pdf"),
                                       (samples.HTML_THEN_PDF, "report.pdf"), (samples.EXE, "video.mp4")])
def test_a_disguised_file_is_refused_whatever_its_name(data: bytes, name: str) -> None:
    with pytest.raises(FileTypeRefused):
        check_file(data, name, EVIDENCE_TYPES, 1_000_000)


def test_the_library_takes_documents_images_and_videos_only() -> None:
    assert check_file(samples.PPTX, "slides.pptx", LIBRARY_TYPES, 1_000_000).content_type == uploads.PPTX
    for data in (samples.TEXT, samples.MP3_ID3, samples.GIF):
        with pytest.raises(FileTypeRefused):
            check_file(data, "x", LIBRARY_TYPES, 1_000_000)


def test_empty_and_oversize_files_are_refused() -> None:
    with pytest.raises(EmptyFile):
        check_file(b"", "empty.png", EVIDENCE_TYPES, 100)
    with pytest.raises(FileTooLarge) as refused:
        check_upload(io.BytesIO(samples.png(40, 40)), "big.png", EVIDENCE_TYPES, 100)
    assert str(refused.value.message) == "The file is larger than 0.1 KB."


def test_reading_stops_one_byte_past_the_limit() -> None:
    stream = io.BytesIO(b"x" * 10_000)
    with pytest.raises(FileTooLarge):
        read_limited(stream, 100)
    assert stream.tell() == 101
    assert read_limited(io.BytesIO(b"x" * 100), 100) == b"x" * 100


def test_a_checked_file_knows_its_size_hash_and_safe_name() -> None:
    checked = check_file(samples.PDF, "../../تقرير المراقبة.exe", EVIDENCE_TYPES, 1_000_000)
    assert checked.content_type == uploads.PDF and checked.size == len(samples.PDF)
    assert len(checked.sha256) == 64 and checked.filename == "تقرير_المراقبة.pdf"


@pytest.mark.parametrize("name,content_type,expected", [
    ("صورة المخالفة.jpg", uploads.JPEG, "صورة_المخالفة.jpg"),
    ("ڕاپۆرتی\u200cچاودێری.PDF", uploads.PDF, "ڕاپۆرتی\u200cچاودێری.pdf"),  # Kurdish, with its ZWNJ
    ("C:\\Users\\me\\Desktop\\evidence.png", uploads.PNG, "evidence.png"),
    ("../../etc/passwd", uploads.TEXT, "passwd.txt"),
    ("invoice\u202egnp.exe", uploads.PNG, "invoicegnp.png"),  # a right-to-left override is dropped
    ("<script>alert(1)</script>.html", uploads.PNG, "script.png"),  # "/" ends a folder name
    ('"><img src=x onerror=alert(1)>.png', uploads.PNG, "img_src_x_onerror_alert_1.png"),
    ("photo.svg", uploads.PNG, "photo.png"),
    ("", uploads.PNG, "file.png"),
    ("....", uploads.PDF, "file.pdf"),
    ("CON.txt", uploads.TEXT, "CON_file.txt"),
    ("noextension", uploads.DOCX, "noextension.docx"),
    (".bashrc", uploads.TEXT, "bashrc.txt"),
    ("تقرير ٢٠٢٣.pdf", uploads.PDF, "تقرير_٢٠٢٣.pdf"),
])
def test_safe_filenames_keep_letters_of_every_script(name: str, content_type: str, expected: str) -> None:
    assert safe_filename(name, content_type) == expected


def test_long_names_are_shortened_to_fit() -> None:
    name = safe_filename("ب" * 500 + ".pdf", uploads.PDF)
    assert name.endswith(".pdf") and len(name) <= 200


def test_downloads_are_never_sniffed_or_run() -> None:
    headers = download_headers()
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == "sandbox"
    assert "no-store" in headers["Cache-Control"]


def test_limits_come_from_the_configuration(app_ctx, monkeypatch) -> None:
    assert uploads.evidence_max_bytes() == 10 * 1024 * 1024
    monkeypatch.setitem(app_ctx.config, "EVIDENCE_MAX_BYTES", 2048)
    assert uploads.evidence_max_bytes() == 2048
