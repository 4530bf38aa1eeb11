"""Demo certificates: UNAMI-OEA's template (wording in three languages, two signatories with drawn
signatures) and the certificates of the Basrah dialogue workshop's participants who came both days."""

from __future__ import annotations

import io
import math

import sqlalchemy as sa
from PIL import Image, ImageDraw

from app.auth.services import find_organisation
from app.certificates.models import Certificate
from app.certificates.services import add_signatory, checked_image, issue_all, save_template, template_of, TemplateData
from app.db import LocalizedText as T
from app.events.models import Workshop
from app.extensions import db


def _signature(seed: int) -> bytes:
    """A pen stroke on a transparent background, standing in for a scanned signature."""
    image = Image.new("RGBA", (360, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [(20 + x, 70 + 28 * math.sin(x / (14 + seed)) * math.cos(x / 37)) for x in range(0, 320, 4)]
    draw.line(points, fill=(20, 40, 110, 255), width=4, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _logo() -> bytes:
    image = Image.new("RGB", (240, 240), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 230, 230), outline=(31, 78, 121), width=14)
    draw.ellipse((70, 70, 170, 170), fill=(31, 78, 121))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def load_demo_certificates() -> int:
    """The template once, then certificates for whoever is eligible and has none; returns how many were issued."""
    unami = find_organisation("UNAMI-OEA")
    if unami is None:
        return 0
    template = template_of(unami)
    if not template.signatories:
        save_template(template, TemplateData(
            primary_colour="#1f4e79", accent_colour="#c9a227",
            heading=T(en="Certificate of attendance", ar="شهادة حضور", ckb="بڕوانامەی ئامادەبوون"),
            intro=T(en="This is to certify that", ar="تشهد هذه الوثيقة بأنّ", ckb="ئەم بڕوانامەیە دەیسەلمێنێت کە"),
            body=T(en="attended the workshop", ar="حضر/ت ورشة العمل", ckb="بەشداری لە وۆرکشۆپی"),
            logo=checked_image(_logo(), "unami.png")))
        add_signatory(template, "Brabim Kumar KC", T(en="Communications & Outreach Advisor, UNAMI OEA",
                                                      ar="مستشار الاتصال والتوعية، مكتب المساعدة الانتخابية"),
                      checked_image(_signature(1), "signature-1.png"))
        add_signatory(template, "Al-Hassan Qabbas", T(en="Head of the Electoral Relations Section, IHEC",
                                                       ar="رئيس قسم العلاقات الانتخابية، المفوضية"),
                      checked_image(_signature(5), "signature-2.png"))
    basrah = next((w for w in db.session.scalars(sa.select(Workshop)) if w.title.en.endswith("— Basrah")), None)
    if basrah is None or db.session.scalar(sa.select(Certificate.id).where(Certificate.workshop_id == basrah.id)):
        return 0
    return len(issue_all(basrah, None))
