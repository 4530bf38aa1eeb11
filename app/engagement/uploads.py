"""Uploaded files: their type found from their first bytes (never from the name or the browser's
Content-Type), size limits, safe file names that keep Arabic and Kurdish letters, and the headers
that make a browser download them instead of running them."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.errors import DomainError

MEGABYTE = 1024 * 1024
DEFAULT_EVIDENCE_MAX_BYTES = 10 * MEGABYTE
DEFAULT_EVIDENCE_MAX_FILES = 5
DEFAULT_LIBRARY_MAX_BYTES = 25 * MEGABYTE
# What a form without files may weigh (text fields, CSRF token); requests with files add their limit to it.
FORM_OVERHEAD_BYTES = MEGABYTE

JPEG = "image/jpeg"
PNG = "image/png"
GIF = "image/gif"
WEBP = "image/webp"
PDF = "application/pdf"
MP4 = "video/mp4"
QUICKTIME = "video/quicktime"
MP3 = "audio/mpeg"
M4A = "audio/mp4"
OGG = "audio/ogg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
TEXT = "text/plain"

EXTENSIONS: dict[str, str] = {
    JPEG: "jpg", PNG: "png", GIF: "gif", WEBP: "webp", PDF: "pdf", MP4: "mp4", QUICKTIME: "mov", MP3: "mp3",
    M4A: "m4a", OGG: "ogg", DOCX: "docx", XLSX: "xlsx", PPTX: "pptx", TEXT: "txt",
}
# Photos, screenshots, documents, phone videos and voice notes: what a witness has on a phone.
EVIDENCE_TYPES = frozenset({JPEG, PNG, GIF, WEBP, PDF, MP4, QUICKTIME, MP3, M4A, OGG, DOCX, XLSX, TEXT})
LIBRARY_TYPES = frozenset({PDF, DOCX, PPTX, XLSX, JPEG, PNG, WEBP, MP4})

# ISO base media ("ftyp" box) brands: audio-only ones, and the video ones we accept.
_AUDIO_BRANDS = frozenset({b"M4A ", b"M4B "})
_QUICKTIME_BRANDS = frozenset({b"qt  "})
_VIDEO_BRANDS = frozenset({b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ",
                           b"MSNV", b"dash", b"3gp4", b"3gp5", b"3gp6", b"3g2a"})
_OOXML_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml", PPTX: "ppt/presentation.xml"}
# Text that a browser would treat as a page or an image with scripts: refused even as plain text.
_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|xml|\?xml|a\s|img\s"
                     rb"|style|link|form|math|template)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class UploadRefused(DomainError):
    message = _l("This file cannot be accepted.")


class EmptyFile(UploadRefused):
    message = _l("The file is empty.")


class FileTooLarge(UploadRefused):
    def __init__(self, limit: int) -> None:
        if limit >= MEGABYTE:
            super().__init__(_l("The file is larger than %(size)s MB.", size=_rounded(limit / MEGABYTE)))
        else:
            super().__init__(_l("The file is larger than %(size)s KB.", size=_rounded(limit / 1024)))


class FileTypeRefused(UploadRefused):
    message = _l("This type of file is not accepted: send a photo (JPEG, PNG, GIF, WebP), a PDF, a video (MP4), "
                 "a sound recording (MP3, M4A, OGG), a Word or Excel document, or plain text.")


class LibraryFileTypeRefused(UploadRefused):
    message = _l("This type of file is not accepted in the library: send a PDF, a Word, PowerPoint or Excel "
                 "document, an image (JPEG, PNG, WebP) or an MP4 video.")


class TooManyFiles(UploadRefused):
    def __init__(self, limit: int) -> None:
        super().__init__(_l("Send at most %(count)d files at once.", count=limit))


def _rounded(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def evidence_max_bytes() -> int:
    return int(current_app.config.get("EVIDENCE_MAX_BYTES", DEFAULT_EVIDENCE_MAX_BYTES))


def evidence_max_files() -> int:
    return int(current_app.config.get("EVIDENCE_MAX_FILES", DEFAULT_EVIDENCE_MAX_FILES))


def library_max_bytes() -> int:
    return int(current_app.config.get("LIBRARY_MAX_BYTES", DEFAULT_LIBRARY_MAX_BYTES))


# ---------------------------------------------------------------- content sniffing


def _ooxml_type(data: bytes) -> str | None:
    """A Word, Excel or PowerPoint file is a zip archive holding its main part; macros are refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return None
    if "[Content_Types].xml" not in names or any(name.lower().endswith("vbaproject.bin") for name in names):
        return None
    return next((kind for kind, part in _OOXML_PARTS.items() if part in names), None)


def _is_mp3(data: bytes) -> bool:
    if data.startswith(b"ID3"):
        return True
    # An MPEG audio frame: 11 sync bits, then a layer III header (a JPEG's FF D8 does not match).
    return len(data) > 2 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0 and data[1] & 0x06 == 0x02 \
        and data[2] & 0xF0 != 0xF0


def _plain_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not _CONTROL.search(text) and not _MARKUP.search(data)


def sniff(data: bytes) -> str | None:
    """The MIME type found from the content, or None when it is none of the types we know."""
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _AUDIO_BRANDS:
            return M4A
        if brand in _QUICKTIME_BRANDS:
            return QUICKTIME
        if brand in _VIDEO_BRANDS:
            return MP4
        return None
    if head.startswith(b"OggS"):
        return OGG
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_type(data)
    if _is_mp3(head):
        return MP3
    if _plain_text(data.removeprefix(b"\xef\xbb\xbf")):
        return TEXT
    return None


# ---------------------------------------------------------------- file names

# Windows refuses these names whatever their extension.
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                       *(f"lpt{n}" for n in range(1, 10))})
_KEEP_FORMAT = frozenset({"\u200c", "\u200d"})  # zero-width (non-)joiner: Kurdish and Persian spelling
MAX_STEM = 120


def safe_filename(name: str, content_type: str, default: str = "file") -> str:
    """A download name made of letters of any script, digits, marks, '-', '_' and '.', with the
    extension of the sniffed type (never the one it was sent with). Direction overrides and other
    invisible characters (the "gpj.exe" trick) are dropped."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
    kept = []
    for char in stem:
        category = unicodedata.category(char)
        if category[0] in "LMN" or char in "-_" or char in _KEEP_FORMAT:
            kept.append(char)
        elif category[0] != "C":  # punctuation, symbols, spaces; invisible controls are dropped
            kept.append("_")
    stem = re.sub(r"_+", "_", "".join(kept)).strip("_-")[:MAX_STEM].strip("_-")
    if not stem or stem.casefold() in _RESERVED:
        stem = f"{stem}_{default}" if stem else default
    return f"{stem}.{EXTENSIONS.get(content_type, 'bin')}"


# ---------------------------------------------------------------- checked uploads


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check, ready to be stored."""

    filename: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_limited(stream: IO[bytes], max_bytes: int) -> bytes:
    """At most `max_bytes` bytes, or FileTooLarge (never reads more than one byte beyond the limit)."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLarge(max_bytes)
    return data


def check_file(data: bytes, filename: str, allowed: frozenset[str], max_bytes: int,
               refused: type[UploadRefused] = FileTypeRefused) -> CheckedFile:
    if not data:
        raise EmptyFile()
    if len(data) > max_bytes:
        raise FileTooLarge(max_bytes)
    content_type = sniff(data)
    if content_type not in allowed:
        raise refused()
    return CheckedFile(safe_filename(filename, content_type), content_type, data)


def check_upload(stream: IO[bytes], filename: str, allowed: frozenset[str], max_bytes: int,
                 refused: type[UploadRefused] = FileTypeRefused) -> CheckedFile:
    return check_file(read_limited(stream, max_bytes), filename, allowed, max_bytes, refused)


def download_headers() -> dict[str, str]:
    """Sent with every stored file: no type guessing, no scripts even if a browser opened it, no caching."""
    return {
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",
        "Cache-Control": "private, no-store",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
