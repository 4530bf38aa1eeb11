"""Certificate templates (per organisation) and signatories, a workshop's certificate settings,
eligibility decisions, issued certificates and bulk-export jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import Organisation, User
from app.db import LabelledEnum, LocalizedText, TimestampMixin, empty_text, enum_column, set_labels, utcnow
from app.events.models import Workshop
from app.extensions import db
from app.registration.models import Registration


class LanguageMode(LabelledEnum):
    PARTICIPANT = "participant"  # the participant's language only
    BILINGUAL = "bilingual"  # the participant's Arabic or Kurdish beside English


class EligibilityRule(LabelledEnum):
    ALL_DAYS = "all_days"
    MIN_DAYS = "min_days"
    MIN_PERCENT = "min_percent"


class JobStatus(LabelledEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


set_labels({LanguageMode.PARTICIPANT: _l("In the participant's language"),
            LanguageMode.BILINGUAL: _l("Bilingual (Arabic or Kurdish with English)")})
set_labels({EligibilityRule.ALL_DAYS: _l("Attended every day"), EligibilityRule.MIN_DAYS: _l("Attended at least N days"),
            EligibilityRule.MIN_PERCENT: _l("Attended at least a share of the days")})
set_labels({JobStatus.QUEUED: _l("Waiting"), JobStatus.RUNNING: _l("Running"), JobStatus.DONE: _l("Ready"),
            JobStatus.FAILED: _l("Failed")})


class CertificateTemplate(TimestampMixin, db.Model):
    """An organisation's certificate: logo, colours and wording in the three languages."""

    __tablename__ = "certificate_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), unique=True)
    primary_colour: Mapped[str] = mapped_column(sa.String(7), default="#1f4e79")
    accent_colour: Mapped[str] = mapped_column(sa.String(7), default="#c9a227")
    heading: Mapped[LocalizedText] = mapped_column(default=empty_text)  # "Certificate of attendance"
    intro: Mapped[LocalizedText] = mapped_column(default=empty_text)  # "This is to certify that"
    body: Mapped[LocalizedText] = mapped_column(default=empty_text)  # "attended the workshop"
    logo: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    logo_type: Mapped[str] = mapped_column(sa.String(40), default="")

    organisation: Mapped[Organisation] = relationship()
    signatories: Mapped[list[Signatory]] = relationship(
        back_populates="template", order_by="Signatory.position", cascade="all, delete-orphan")


class Signatory(db.Model):
    __tablename__ = "certificate_signatories"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(sa.ForeignKey("certificate_templates.id", ondelete="CASCADE"),
                                             index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(200))
    title: Mapped[LocalizedText] = mapped_column(default=empty_text)
    signature: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    signature_type: Mapped[str] = mapped_column(sa.String(40), default="")

    template: Mapped[CertificateTemplate] = relationship(back_populates="signatories")


class CertificateSettings(TimestampMixin, db.Model):
    """How a workshop's certificates are made: template, languages, who is eligible, who signs."""

    __tablename__ = "workshop_certificate_settings"

    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    template_id: Mapped[int | None] = mapped_column(sa.ForeignKey("certificate_templates.id", ondelete="SET NULL"))
    language_mode: Mapped[LanguageMode] = mapped_column(enum_column(LanguageMode, 20), default=LanguageMode.BILINGUAL)
    rule: Mapped[EligibilityRule] = mapped_column(enum_column(EligibilityRule, 20), default=EligibilityRule.ALL_DAYS)
    min_days: Mapped[int] = mapped_column(default=1)
    min_percent: Mapped[int] = mapped_column(default=80)
    signatory_ids: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)  # up to three, in order

    workshop: Mapped[Workshop] = relationship()
    template: Mapped[CertificateTemplate | None] = relationship()


class EligibilityDecision(db.Model):
    """A facilitator's include/exclude with its reason; the newest one per person counts (history kept).
    `include` None hands the person back to the workshop's rule."""

    __tablename__ = "certificate_eligibility_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    include: Mapped[bool | None]
    reason: Mapped[str] = mapped_column(sa.String(1000))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    decided_by: Mapped[User | None] = relationship()


class Certificate(db.Model):
    """An issued certificate: what it says is kept as issued; the code behind its QR verifies it."""

    __tablename__ = "certificates"
    __table_args__ = (
        # One live certificate per registration; a revoked one can be followed by a new one.
        sa.Index("uq_certificates_live", "registration_id", unique=True,
                 sqlite_where=sa.text("revoked_at IS NULL"), postgresql_where=sa.text("revoked_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(sa.String(32), unique=True)
    code: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    languages: Mapped[str] = mapped_column(sa.String(20))  # e.g. "ar,en"
    days_attended: Mapped[int]
    hours_attended: Mapped[float]
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str] = mapped_column(sa.String(1000), default="")
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    workshop: Mapped[Workshop] = relationship()
    registration: Mapped[Registration] = relationship()

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class CertificateJob(db.Model):
    """A bulk export (one merged PDF or a ZIP) made in the background, with its progress."""

    __tablename__ = "certificate_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(10))  # "pdf" or "zip"
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus, 20), default=JobStatus.QUEUED)
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    result: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    error: Mapped[str] = mapped_column(sa.String(1000), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
