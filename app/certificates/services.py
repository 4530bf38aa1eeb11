"""Certificate rules: a workshop's settings, who is eligible (the rule, then facilitators' decisions),
issuing (numbered, with an unguessable verification code), revoking, and public verification."""

from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image
from sqlalchemy.exc import IntegrityError

from app.auth.models import Organisation, User
from app.certificates.models import (
    Certificate,
    CertificateSettings,
    CertificateTemplate,
    EligibilityDecision,
    EligibilityRule,
    LanguageMode,
    Signatory,
)
from app.db import LocalizedText, utcnow
from app.engagement.uploads import JPEG, PNG, CheckedFile, UploadRefused, check_file
from app.errors import DomainError
from app.events.models import Workshop, WorkshopDay
from app.events.services import local
from app.extensions import db
from app.registration.models import Registration, RegistrationStatus
from app.registration.services import attendance

CODE_BYTES = 24  # 32 characters of base64url: unguessable
REASON_MAX = 1000


class ReasonRequired(DomainError):
    message = _l("Write the reason.")


class AlreadyRevoked(DomainError):
    message = _l("This certificate is already revoked.")


class NotEligible(DomainError):
    message = _l("This participant is not eligible for a certificate.")


class AlreadyIssued(DomainError):
    message = _l("This participant already has a certificate.")


def settings_for(workshop: Workshop) -> CertificateSettings:
    """The workshop's certificate settings, made with the defaults the first time they are needed."""
    settings = db.session.get(CertificateSettings, workshop.id)
    if settings is None:
        settings = CertificateSettings(workshop_id=workshop.id, language_mode=LanguageMode.BILINGUAL,
                                       rule=EligibilityRule.ALL_DAYS, min_days=1, min_percent=80, signatory_ids=[])
        db.session.add(settings)
        db.session.flush()
    return settings


def _hours(day: WorkshopDay) -> float:
    return max((day.ends_at - day.starts_at).total_seconds() / 3600, 0.0)


@dataclass
class EligibilityRow:
    registration: Registration
    days_attended: int
    total_days: int
    hours_attended: float
    by_rule: bool
    decision: EligibilityDecision | None
    certificate: Certificate | None

    @property
    def share(self) -> float | None:
        return self.days_attended / self.total_days if self.total_days else None

    @property
    def eligible(self) -> bool:
        if self.decision is not None and self.decision.include is not None:
            return self.decision.include
        return self.by_rule


def rule_allows(settings: CertificateSettings, attended: int, total: int) -> bool:
    """The workshop's rule alone, before any facilitator's decision."""
    if attended == 0 or total == 0:
        return False
    if settings.rule == EligibilityRule.ALL_DAYS:
        return attended >= total
    if settings.rule == EligibilityRule.MIN_DAYS:
        return attended >= max(settings.min_days, 1)
    return 100 * attended >= settings.min_percent * total


def _latest_decisions(workshop: Workshop) -> dict[int, EligibilityDecision]:
    latest: dict[int, EligibilityDecision] = {}
    for decision in db.session.scalars(sa.select(EligibilityDecision).where(
            EligibilityDecision.workshop_id == workshop.id).order_by(EligibilityDecision.id)):
        latest[decision.registration_id] = decision
    return latest


def live_certificates(workshop: Workshop) -> dict[int, Certificate]:
    return {c.registration_id: c for c in db.session.scalars(sa.select(Certificate).where(
        Certificate.workshop_id == workshop.id, Certificate.revoked_at.is_(None)))}


def eligibility(workshop: Workshop) -> list[EligibilityRow]:
    """Every confirmed participant with their attendance, what the rule says, the latest decision and
    the live certificate if one was issued."""
    settings = settings_for(workshop)
    data = attendance(workshop)
    days = {day.id: day for day in data.days}
    decisions = _latest_decisions(workshop)
    certificates = live_certificates(workshop)
    rows = []
    for registration in data.registrations:
        if registration.status != RegistrationStatus.CONFIRMED:
            continue
        present = [days[day_id] for day_id in data.present.get(registration.id, {}) if day_id in days]
        rows.append(EligibilityRow(
            registration=registration, days_attended=len(present), total_days=len(days),
            hours_attended=round(sum(_hours(day) for day in present), 1),
            by_rule=rule_allows(settings, len(present), len(days)),
            decision=decisions.get(registration.id), certificate=certificates.get(registration.id)))
    return rows


def decide(workshop: Workshop, registration: Registration, include: bool | None, reason: str,
           by: User | None) -> EligibilityDecision:
    """Include or exclude someone whatever the rule says (or hand them back to the rule), with a reason."""
    reason = reason.strip()
    if not reason:
        raise ReasonRequired()
    if registration.workshop_id != workshop.id:
        raise NotEligible()
    decision = EligibilityDecision(workshop_id=workshop.id, registration_id=registration.id, include=include,
                                   reason=reason[:REASON_MAX], decided_by_id=by.id if by else None)
    db.session.add(decision)
    db.session.flush()
    return decision


def decision_history(workshop: Workshop, registration: Registration) -> list[EligibilityDecision]:
    return list(db.session.scalars(sa.select(EligibilityDecision).where(
        EligibilityDecision.workshop_id == workshop.id, EligibilityDecision.registration_id == registration.id)
        .order_by(EligibilityDecision.id.desc())))


def _languages(settings: CertificateSettings, registration: Registration) -> str:
    own = registration.participant.locale if registration.participant.locale in ("ar", "ckb", "en") else "ar"
    if settings.language_mode == LanguageMode.PARTICIPANT or own == "en":
        return own
    return f"{own},en"


def _number(certificate: Certificate, issued: datetime) -> str:
    prefix = current_app.config.get("CERTIFICATE_PREFIX", "MLQ")
    return f"{prefix}-{local(issued).year}-{certificate.id:06d}"


def _issue_one(workshop: Workshop, row: EligibilityRow, settings: CertificateSettings, by: User | None) -> Certificate:
    now = utcnow()
    certificate = Certificate(
        workshop_id=workshop.id, registration_id=row.registration.id, number=f"pending-{secrets.token_hex(8)}",
        code=secrets.token_urlsafe(CODE_BYTES), name=row.registration.participant.full_name,
        languages=_languages(settings, row.registration), days_attended=row.days_attended,
        hours_attended=row.hours_attended, issued_at=now, issued_by_id=by.id if by else None)
    db.session.add(certificate)
    db.session.flush()
    certificate.number = _number(certificate, now)
    db.session.flush()
    return certificate


def issue(workshop: Workshop, registration: Registration, by: User | None) -> Certificate:
    """One participant's certificate (eligible, none live yet)."""
    row = next((r for r in eligibility(workshop) if r.registration.id == registration.id), None)
    if row is None or not row.eligible:
        raise NotEligible()
    if row.certificate is not None:
        raise AlreadyIssued()
    try:
        with db.session.begin_nested():
            return _issue_one(workshop, row, settings_for(workshop), by)
    except IntegrityError as error:  # issued meanwhile by someone else
        raise AlreadyIssued() from error


def issue_all(workshop: Workshop, by: User | None) -> list[Certificate]:
    """Certificates for every eligible participant who has none yet; returns the new ones."""
    settings = settings_for(workshop)
    issued = []
    for row in eligibility(workshop):
        if row.eligible and row.certificate is None:
            try:
                with db.session.begin_nested():
                    issued.append(_issue_one(workshop, row, settings, by))
            except IntegrityError:
                continue  # issued meanwhile: it is there, which is what was asked
    return issued


def revoke(certificate: Certificate, reason: str, by: User | None) -> Certificate:
    reason = reason.strip()
    if not reason:
        raise ReasonRequired()
    if certificate.revoked:
        raise AlreadyRevoked()
    certificate.revoked_at = utcnow()
    certificate.revoked_reason = reason[:REASON_MAX]
    certificate.revoked_by_id = by.id if by else None
    db.session.flush()
    return certificate


def certificate_for_code(code: str) -> Certificate | None:
    """The certificate behind a verification code; None for anything forged or malformed."""
    if not code or len(code) > 64 or not all(c.isalnum() or c in "-_" for c in code):
        return None
    return db.session.scalar(sa.select(Certificate).where(Certificate.code == code))


def certificates_of(registration: Registration) -> list[Certificate]:
    """A participant's live certificates (for their personal page)."""
    return list(db.session.scalars(sa.select(Certificate).where(
        Certificate.registration_id == registration.id, Certificate.revoked_at.is_(None))))


def workshop_certificates(workshop: Workshop) -> list[Certificate]:
    return list(db.session.scalars(sa.select(Certificate).where(Certificate.workshop_id == workshop.id)
                                   .order_by(Certificate.id)))


# ---------------------------------------------------------------- settings and templates

IMAGE_MAX_BYTES = 2 * 1024 * 1024
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class ImageRefused(DomainError):
    message = _l("Send the image as a PNG or JPEG file of at most 2 MB.")


class BadColour(DomainError):
    message = _l("Write the colour as # and six hexadecimal digits, e.g. #1f4e79.")


class TooManySignatories(DomainError):
    message = _l("Choose at most three signatories.")


@dataclass
class SettingsData:
    language_mode: LanguageMode
    rule: EligibilityRule
    min_days: int = 1
    min_percent: int = 80
    signatory_ids: list[int] = field(default_factory=list)


def update_settings(workshop: Workshop, data: SettingsData) -> CertificateSettings:
    if len(data.signatory_ids) > 3:
        raise TooManySignatories()
    settings = settings_for(workshop)
    settings.language_mode, settings.rule = data.language_mode, data.rule
    settings.min_days, settings.min_percent = max(data.min_days, 1), min(max(data.min_percent, 1), 100)
    settings.signatory_ids = list(data.signatory_ids)
    db.session.flush()
    return settings


def checked_image(data: bytes, filename: str) -> CheckedFile:
    """A logo or signature: PNG or JPEG by content, small, and an image that really decodes."""
    try:
        checked = check_file(data, filename, frozenset({PNG, JPEG}), IMAGE_MAX_BYTES, refused=ImageRefused)
    except UploadRefused as error:
        raise ImageRefused() from error
    try:
        with Image.open(io.BytesIO(checked.data)) as image:
            image.verify()
    except Exception as error:  # noqa: BLE001  (Pillow raises many kinds for a broken file)
        raise ImageRefused() from error
    return checked


def template_of(organisation: Organisation) -> CertificateTemplate:
    """The organisation's certificate template, made with the house defaults the first time."""
    template = db.session.scalar(sa.select(CertificateTemplate).where(
        CertificateTemplate.organisation_id == organisation.id))
    if template is None:
        template = CertificateTemplate(organisation_id=organisation.id, primary_colour="#1f4e79",
                                       accent_colour="#c9a227", heading=LocalizedText(), intro=LocalizedText(),
                                       body=LocalizedText())
        db.session.add(template)
        db.session.flush()
    return template


@dataclass
class TemplateData:
    primary_colour: str
    accent_colour: str
    heading: LocalizedText
    intro: LocalizedText
    body: LocalizedText
    logo: CheckedFile | None = None
    remove_logo: bool = False


@dataclass(frozen=True)
class TemplateLook:
    """A template as being edited, not saved: what the live preview draws."""

    primary_colour: str
    accent_colour: str
    heading: LocalizedText
    intro: LocalizedText
    body: LocalizedText
    logo: bytes | None


def _check_colours(data: TemplateData) -> None:
    for colour in (data.primary_colour, data.accent_colour):
        if not _COLOUR.fullmatch(colour or ""):
            raise BadColour()


def template_look(template: CertificateTemplate, data: TemplateData) -> TemplateLook:
    """The template with the edits applied, without saving anything."""
    _check_colours(data)
    logo = data.logo.data if data.logo is not None else (None if data.remove_logo else template.logo)
    return TemplateLook(data.primary_colour.lower(), data.accent_colour.lower(), data.heading, data.intro, data.body,
                        logo)


def save_template(template: CertificateTemplate, data: TemplateData) -> CertificateTemplate:
    _check_colours(data)
    template.primary_colour, template.accent_colour = data.primary_colour.lower(), data.accent_colour.lower()
    template.heading, template.intro, template.body = data.heading, data.intro, data.body
    if data.logo is not None:
        template.logo, template.logo_type = data.logo.data, data.logo.content_type
    elif data.remove_logo:
        template.logo, template.logo_type = None, ""
    db.session.flush()
    return template


def add_signatory(template: CertificateTemplate, name: str, title: LocalizedText,
                  signature: CheckedFile | None) -> Signatory:
    signatory = Signatory(template=template, name=name.strip()[:200], title=title,
                          position=max((s.position for s in template.signatories), default=0) + 1,
                          signature=signature.data if signature else None,
                          signature_type=signature.content_type if signature else "")
    db.session.add(signatory)
    db.session.flush()
    return signatory


def delete_signatory(signatory: Signatory) -> None:
    db.session.delete(signatory)
    db.session.flush()
