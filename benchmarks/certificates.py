"""Certificates benchmark: N bilingual attendance certificates into one merged PDF (no database, no request).

    .venv/bin/python benchmarks/certificates.py                 # 200 and 1,000, each in a fresh process
    .venv/bin/python benchmarks/certificates.py --count 1000    # one run, in this process
    .venv/bin/python benchmarks/certificates.py --count 1000 --tracemalloc

Each certificate is Arabic + English or Kurdish + English (drawn at random, seeded), with a varied name (Arabic,
Kurdish, Latin, mixed, or long enough to shrink), a logo, two signatures and its own QR code made by
`app.registration.qr.qr_png`. The certificates are made lazily and streamed into
`app.pdf.certificate.write_certificates`, which writes a temporary file. Prints seconds (wall clock and CPU,
QR codes included, and their share), pages/s, the output size and the peak RSS (ru_maxrss: each count must
run in its own process to be comparable); with --tracemalloc, the peak of Python's own allocations instead
(tracing slows the run, so its time is not comparable). No pass/fail: the target is under 30 s for 1,000,
with memory that does not grow in proportion to N.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw  # noqa: E402

from app.pdf.certificate import (  # noqa: E402
    CertificateData,
    CertificateSide,
    CertificateStyle,
    Signatory,
    write_certificates,
)
from app.registration.qr import qr_png  # noqa: E402

ARABIC_NAMES = ["أحمد", "فاطمة", "علي", "زينب", "حسين", "مريم", "عبد الرحمن", "نور الهدى", "مصطفى", "سجى"]
ARABIC_FAMILIES = ["الموسوي", "العبيدي", "الجبوري", "حسن", "الشمري", "كاظم", "التميمي", "البصري"]
KURDISH_NAMES = ["هێمن", "ڕێزان", "ژیلەمۆ", "گوڵاڵە", "چیا", "ڤیان", "پەیمان", "ئاسۆ", "بەفرین", "ڕەوەند"]
KURDISH_FAMILIES = ["ڕەسوڵ", "عەلی", "مەحمود", "پیرۆت", "گەرمیانی", "هەورامی", "شێخانی"]
LATIN_NAMES = ["Ahmed", "Fatima", "Hêmin", "Rezan", "Sara", "Zhilamo", "Ali", "Maryam", "Aso", "Peyman"]
LATIN_FAMILIES = ["Ali", "Hassan", "Rasul", "Mahmoud", "Al-Mousawi", "Garmiani", "Sheikhani", "Kadhim"]


def _png(image: Image.Image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def logo() -> bytes:
    """A 600 × 200 RGBA logo, about the size an organisation uploads."""
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 190, 190), fill=(31, 78, 121, 255))
    for row in range(6):
        draw.rectangle((220, 30 + row * 25, 580 - row * 40, 42 + row * 25), fill=(201, 162, 39, 255))
    return _png(image)


def signature(seed: int) -> bytes:
    image = Image.new("RGBA", (500, 150), (0, 0, 0, 0))
    points = [(20 + x * 15, 75 + ((x * (7 + seed)) % 13 - 6) * 6) for x in range(31)]
    ImageDraw.Draw(image).line(points, fill=(20, 30, 90, 255), width=5)
    return _png(image)


def names(rng: random.Random) -> tuple[str, str, bool]:
    """(name on the right-to-left side, name on the English side, Kurdish side?): as participants write them."""
    kind = rng.randrange(4)
    kurdish = rng.random() < 0.5
    first, family = (KURDISH_NAMES, KURDISH_FAMILIES) if kurdish else (ARABIC_NAMES, ARABIC_FAMILIES)
    latin = f"{rng.choice(LATIN_NAMES)} {rng.choice(LATIN_FAMILIES)}"
    if kind == 0:  # Arabic script, with a Latin transcription
        return f"{rng.choice(first)} {rng.choice(first)} {rng.choice(family)}", latin, kurdish
    if kind == 1:  # Latin only, on both sides
        return latin, latin, kurdish
    if kind == 2:  # mixed, as typed
        mixed = f"{rng.choice(LATIN_NAMES)} {rng.choice(KURDISH_NAMES)} {rng.choice(LATIN_FAMILIES)}"
        return mixed, mixed, kurdish
    long = " ".join(rng.choice(first) for _ in range(6)) + " " + rng.choice(family)  # shrinks or wraps
    return long, latin + " " + " ".join(rng.choice(LATIN_FAMILIES) for _ in range(4)), kurdish


def english(name: str) -> CertificateSide:
    return CertificateSide(
        lang="en",
        right_to_left=False,
        heading="Certificate of attendance",
        intro="This is to certify that",
        name=name,
        body="attended the workshop",
        workshop_title="Local planning and participatory budgeting for municipal councils",
        details="14–16 March 2026 · 3 days (18 hours) · Basrah Grand Hotel, Basrah",
        number_label="Certificate no.",
        issued_label="Issued on",
        issued_on="20 March 2026",
        signatory_titles=("Programme manager", "Director"),
    )


def arabic(name: str) -> CertificateSide:
    return CertificateSide(
        lang="ar",
        right_to_left=True,
        heading="شهادة حضور",
        intro="نشهد بأن",
        name=name,
        body="قد حضر ورشة العمل",
        workshop_title="التخطيط المحلي والموازنة التشاركية للمجالس البلدية",
        details="١٤–١٦ آذار ٢٠٢٦ · ٣ أيام (١٨ ساعة) · فندق البصرة الكبير، البصرة",
        number_label="رقم الشهادة:",
        issued_label="تاريخ الإصدار:",
        issued_on="٢٠ آذار ٢٠٢٦",
        signatory_titles=("مدير البرنامج", "المدير"),
    )


def kurdish(name: str) -> CertificateSide:
    return CertificateSide(
        lang="ckb",
        right_to_left=True,
        heading="بڕوانامەی ئامادەبوون",
        intro="بەمە دەسەلمێنین کە",
        name=name,
        body="بەشداری لە وۆرکشۆپی خوارەوە کردووە",
        workshop_title="پلانی ناوخۆیی و بودجەی بەشداریکارانە بۆ ئەنجومەنە شارەوانییەکان",
        details="14–16ی ئازاری 2026 · 3 ڕۆژ (18 کاتژمێر) · هۆتێلی گەورەی بەسرە",
        number_label="ژمارەی بڕوانامە:",
        issued_label="ڕێکەوتی دەرچوون:",
        issued_on="2026-03-20",
        signatory_titles=("بەڕێوەبەری بەرنامە", "بەڕێوەبەر"),
    )


class Certificates:
    """The certificates, made one at a time when iterated; counts the time spent making QR codes."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.qr_seconds = 0.0
        self.style = CertificateStyle(logos=[logo()])
        self.signatories = [Signatory("Sarah Johnson", signature(0)), Signatory("د. كريم الموسوي", signature(1))]

    def __iter__(self) -> Iterator[CertificateData]:
        rng = random.Random(2026)
        for index in range(self.count):
            rtl_name, latin_name, is_kurdish = names(rng)
            number = f"MQ-2026-{index:06d}-{rng.getrandbits(32):08X}"
            url = f"https://multaqa.example/certificates/verify/{number}"
            start = time.perf_counter()
            qr = qr_png(url)
            self.qr_seconds += time.perf_counter() - start
            yield CertificateData(
                number=number,
                verify_url=url,
                verify_label="Verify at",
                sides=[kurdish(rtl_name) if is_kurdish else arabic(rtl_name), english(latin_name)],
                signatories=self.signatories,
                style=self.style,
                qr_png=qr,
            )


def rss_kib() -> int:
    """The current resident set size in KiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def run(count: int, trace: bool) -> None:
    items = Certificates(count)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "certificates.pdf"
        before = rss_kib()
        if trace:
            tracemalloc.start()
        start, cpu_start = time.perf_counter(), time.process_time()
        with path.open("wb") as out:
            pages = write_certificates(items, out, "Local planning workshop – certificates")
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        size = path.stat().st_size
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    label = f"{count:>5} certificates"
    if trace:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"{label}  tracemalloc peak {peak / 2**20:7.1f} MiB   ({seconds:.1f} s traced, not comparable)")
        return
    print(
        f"{label}  {seconds:6.2f} s (CPU {cpu:6.2f} s; QR codes {items.qr_seconds:5.2f} s)  {pages / seconds:5.1f} pages/s  "
        f"output {size / 2**20:6.2f} MiB ({size / pages / 1024:4.1f} KiB/page)  "
        f"RSS before {before / 1024:6.1f} MiB, peak {peak_rss / 1024:6.1f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, help="one run of this many certificates, in this process")
    parser.add_argument("--tracemalloc", action="store_true", help="report the peak of Python allocations")
    args = parser.parse_args()
    if args.count:
        run(args.count, args.tracemalloc)
        return
    # ru_maxrss is a process's high-water mark: every measurement gets a fresh process.
    for trace in (False, True):
        for count in (200, 1000):
            command = [sys.executable, __file__, "--count", str(count)] + (["--tracemalloc"] if trace else [])
            subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
