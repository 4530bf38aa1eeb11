"""Certificates as data for the PDF toolkit (app/pdf/certificate.py): the wording of the template in
each of the certificate's languages, the workshop's details, logos, signatories and the verification QR."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import BinaryIO

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from app.certificates.models import Certificate, CertificateSettings, CertificateTemplate, Signatory
from app.certificates.services import TemplateLook
from app.engagement.uploads import safe_filename
from app.events.models import Workshop
from app.extensions import db
from app.i18n.formatting import format_date, format_date_range, format_number
from app.i18n.services import text_direction
from app.pdf.certificate import (
    CertificateData,
    CertificateSide,
    CertificateStyle,
    certificate_pdf,
    write_certificates,
)
from app.pdf.certificate import Signatory as SignatoryData
from app.registration.qr import qr_png

MAX_SIGNATORIES = 3


def template_for(organisation_id: int | None) -> CertificateTemplate | None:
    if organisation_id is None:
        return None
    return db.session.scalar(
        sa.select(CertificateTemplate).where(CertificateTemplate.organisation_id == organisation_id))


def _template(workshop: Workshop, settings: CertificateSettings) -> CertificateTemplate | None:
    return settings.template or template_for(workshop.organisation_id)


def _signatories(settings: CertificateSettings, template: CertificateTemplate | None) -> list[Signatory]:
    if template is None:
        return []
    by_id = {s.id: s for s in template.signatories}
    chosen = [by_id[i] for i in settings.signatory_ids or [] if i in by_id]
    return (chosen or list(template.signatories))[:MAX_SIGNATORIES]


def _logos(workshop: Workshop, template: CertificateTemplate | None) -> list[bytes]:
    """The organiser's logo, then the partners' (from their own templates), at most three."""
    logos = [template.logo] if template is not None and template.logo else []
    for partner in getattr(workshop, "partners", []) or []:
        partner_template = template_for(partner.id)
        if partner_template is not None and partner_template.logo:
            logos.append(partner_template.logo)
    return logos[:3]


def _details(certificate: Certificate, workshop: Workshop) -> str:
    parts = []
    if workshop.days:
        parts.append(format_date_range(workshop.starts_at, workshop.ends_at))
    parts.append(_("%(days)s of %(total)s days attended (%(hours)s hours)",
                   days=format_number(certificate.days_attended),
                   total=format_number(len(workshop.days)), hours=format_number(certificate.hours_attended)))
    if workshop.venue:
        parts.append(workshop.venue)
    return " · ".join(parts)


def _wording(template: CertificateTemplate | TemplateLook | None, part: str, lang: str) -> str:
    """The template's own wording in exactly this language (no fallback to another language: then the
    default wording, translated, is better on that side)."""
    return getattr(getattr(template, part), lang) if template is not None else ""


def _side(certificate: Certificate, lang: str, template: CertificateTemplate | None,
          signatories: list[Signatory]) -> CertificateSide:
    workshop = certificate.workshop
    person = certificate.registration.participant
    name = (person.name_latin or certificate.name) if lang == "en" else certificate.name
    with force_locale(lang):
        return CertificateSide(
            lang=lang, right_to_left=text_direction(lang) == "rtl",
            heading=_wording(template, "heading", lang) or _("Certificate of attendance"),
            intro=_wording(template, "intro", lang) or _("This is to certify that"),
            name=name,
            body=_wording(template, "body", lang) or _("attended"),
            workshop_title=workshop.title.get(lang),
            details=_details(certificate, workshop),
            number_label=_("Certificate no."),
            issued_label=_("Issued on"),
            issued_on=format_date(certificate.issued_at, "long"),
            signatory_titles=[s.title.get(lang) for s in signatories],
        )


@dataclass(frozen=True)
class Shared:
    """What every certificate of a workshop shares: looked up once per batch, not once per page."""

    template: CertificateTemplate | None
    signatories: list[Signatory]
    style: CertificateStyle
    signature_data: list[SignatoryData]


def shared_parts(workshop: Workshop, settings: CertificateSettings) -> Shared:
    template = _template(workshop, settings)
    signatories = _signatories(settings, template)
    return Shared(
        template=template, signatories=signatories,
        style=CertificateStyle(
            primary=template.primary_colour if template else "#1f4e79",
            accent=template.accent_colour if template else "#c9a227",
            logos=_logos(workshop, template)),
        signature_data=[SignatoryData(name=s.name, signature_png=s.signature) for s in signatories])


def certificate_data(certificate: Certificate, settings: CertificateSettings, verify_url: str,
                     shared: Shared | None = None) -> CertificateData:
    shared = shared or shared_parts(certificate.workshop, settings)
    languages = [lang for lang in certificate.languages.split(",") if lang]
    first = languages[0] if languages else "en"
    with force_locale(first):
        verify_label = _("Verify at")
    return CertificateData(
        number=certificate.number, verify_url=verify_url, verify_label=verify_label,
        sides=[_side(certificate, lang, shared.template, shared.signatories) for lang in languages],
        signatories=shared.signature_data, style=shared.style, qr_png=qr_png(verify_url),
    )


def one_certificate_pdf(certificate: Certificate, settings: CertificateSettings, verify_url: str,
                        shared: Shared | None = None) -> bytes:
    return certificate_pdf(certificate_data(certificate, settings, verify_url, shared))


def pdf_filename(certificate: Certificate) -> str:
    """The participant's name as the file's name (Arabic letters kept), then the certificate number."""
    return safe_filename(f"{certificate.name} {certificate.number}", "application/pdf", default=certificate.number)


def write_merged(certificates: Iterable[Certificate], settings: CertificateSettings, url_for_code: Callable[[str], str],
                 out: BinaryIO, title: str, progress: Callable[[int], None] | None = None) -> int:
    """All certificates in one PDF, streamed one at a time; `progress` hears how many are done."""

    def items() -> Iterator[CertificateData]:
        shared = None
        for done, certificate in enumerate(certificates, start=1):
            shared = shared or shared_parts(certificate.workshop, settings)
            yield certificate_data(certificate, settings, url_for_code(certificate.code), shared)
            if progress is not None:
                progress(done)

    return write_certificates(items(), out, title)


def write_zip(certificates: Iterable[Certificate], settings: CertificateSettings, url_for_code: Callable[[str], str],
              out: BinaryIO, progress: Callable[[int], None] | None = None) -> int:
    """A ZIP of one PDF per participant, named by participant."""
    count = 0
    used: set[str] = set()
    shared = None
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            shared = shared or shared_parts(certificate.workshop, settings)
            name = pdf_filename(certificate)
            if name in used:
                name = f"{certificate.number}.pdf"
            used.add(name)
            archive.writestr(name, one_certificate_pdf(certificate, settings, url_for_code(certificate.code), shared))
            count += 1
            if progress is not None:
                progress(count)
    return count


def sample_certificate(template: CertificateTemplate | TemplateLook, signatories: list[Signatory], lang: str,
                       today: date) -> bytes:
    """A preview of a template (saved, or as being edited) with made-up data, in `lang` beside English."""
    languages = [lang, "en"] if lang != "en" else ["en"]
    sides = []
    signatories = signatories[:MAX_SIGNATORIES]
    for side_lang in languages:
        with force_locale(side_lang):
            sides.append(CertificateSide(
                lang=side_lang, right_to_left=text_direction(side_lang) == "rtl",
                heading=_wording(template, "heading", side_lang) or _("Certificate of attendance"),
                intro=_wording(template, "intro", side_lang) or _("This is to certify that"),
                name={"ar": "زينب علي حسين", "ckb": "هێمن عەلی ڕەشید"}.get(side_lang, "Zainab Ali Hussein"),
                body=_wording(template, "body", side_lang) or _("attended"),
                workshop_title=_("Title of the workshop"),
                details=_("Dates · days attended · venue"),
                number_label=_("Certificate no."), issued_label=_("Issued on"),
                issued_on=format_date(today, "long"),
                signatory_titles=[s.title.get(side_lang) for s in signatories]))
    url = "https://example.org/verify/SAMPLE"
    data = CertificateData(
        number="SAMPLE-0000", verify_url=url, verify_label=_("Verify at"), sides=sides,
        signatories=[SignatoryData(name=s.name, signature_png=s.signature) for s in signatories],
        style=CertificateStyle(primary=template.primary_colour, accent=template.accent_colour,
                               logos=[template.logo] if template.logo else []),
        qr_png=qr_png(url))
    return certificate_pdf(data)
