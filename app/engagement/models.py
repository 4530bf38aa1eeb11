"""Recommendations and their follow-up history, CSO activity and violation reports with evidence,
and the shared library of materials."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import Governorate, Organisation, User
from app.db import LabelledEnum, LocalizedText, TimestampMixin, empty_text, enum_column, set_labels, utcnow
from app.events.models import Theme, Workshop
from app.extensions import db
from app.groupwork.models import BreakoutGroup


class Addressee(LabelledEnum):
    COMMISSION = "commission"
    CSOS = "csos"
    GOVERNMENT = "government"
    INTERNATIONAL = "international"
    JOINT = "joint"


class Priority(LabelledEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class RecommendationSource(LabelledEnum):
    WORKSHOP_GROUP = "workshop_group"
    CSO = "cso"


class RecommendationStatus(LabelledEnum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"
    NOT_ACCEPTED = "not_accepted"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"


class ReportStatus(LabelledEnum):
    """CSO reports: received, looked at, answered."""

    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ADDRESSED = "addressed"


class ViolationKind(LabelledEnum):
    VIOLATION = "violation"
    MISINFORMATION = "misinformation"


class Channel(LabelledEnum):
    SOCIAL_MEDIA = "social_media"
    TELEVISION = "television"
    RADIO = "radio"
    PRINT = "print"
    IN_PERSON = "in_person"
    POLLING_STATION = "polling_station"
    OTHER = "other"


class MaterialKind(LabelledEnum):
    MANUAL = "manual"
    LEAFLET = "leaflet"
    VIDEO = "video"
    PRESENTATION = "presentation"
    OTHER = "other"


set_labels({Addressee.COMMISSION: _l("Electoral commission"), Addressee.CSOS: _l("CSOs"),
            Addressee.GOVERNMENT: _l("Government"), Addressee.INTERNATIONAL: _l("UN and international partners"),
            Addressee.JOINT: _l("Joint")})
set_labels({Priority.HIGH: _l("High"), Priority.MEDIUM: _l("Medium"), Priority.LOW: _l("Low")})
set_labels({RecommendationSource.WORKSHOP_GROUP: _l("Workshop group"), RecommendationSource.CSO: _l("CSO submission")})
set_labels({
    RecommendationStatus.SUBMITTED: _l("Submitted"), RecommendationStatus.UNDER_REVIEW: _l("Under review"),
    RecommendationStatus.ACCEPTED: _l("Accepted"), RecommendationStatus.PARTIALLY_ACCEPTED: _l("Partially accepted"),
    RecommendationStatus.NOT_ACCEPTED: _l("Not accepted"), RecommendationStatus.IN_PROGRESS: _l("In progress"),
    RecommendationStatus.IMPLEMENTED: _l("Implemented"),
})
set_labels({ReportStatus.SUBMITTED: _l("Submitted"), ReportStatus.UNDER_REVIEW: _l("Under review"),
            ReportStatus.ADDRESSED: _l("Addressed")})
set_labels({ViolationKind.VIOLATION: _l("Electoral violation"), ViolationKind.MISINFORMATION: _l("Misinformation")})
set_labels({Channel.SOCIAL_MEDIA: _l("Social media"), Channel.TELEVISION: _l("Television"), Channel.RADIO: _l("Radio"),
            Channel.PRINT: _l("Print"), Channel.IN_PERSON: _l("In person"),
            Channel.POLLING_STATION: _l("Polling station"), Channel.OTHER: _l("Other")})
set_labels({MaterialKind.MANUAL: _l("Manual"), MaterialKind.LEAFLET: _l("Leaflet"), MaterialKind.VIDEO: _l("Video"),
            MaterialKind.PRESENTATION: _l("Presentation"), MaterialKind.OTHER: _l("Other")})


class Recommendation(TimestampMixin, db.Model):
    """From a workshop group or a CSO's own submission, followed up until implemented."""

    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(sa.String(2000))  # as typed, any language
    addressee: Mapped[Addressee] = mapped_column(enum_column(Addressee, 20))
    theme_id: Mapped[int | None] = mapped_column(sa.ForeignKey("themes.id", ondelete="SET NULL"))
    priority: Mapped[Priority] = mapped_column(enum_column(Priority, 10), default=Priority.MEDIUM)
    source: Mapped[RecommendationSource] = mapped_column(enum_column(RecommendationSource, 20))
    workshop_id: Mapped[int | None] = mapped_column(sa.ForeignKey("workshops.id", ondelete="SET NULL"), index=True)
    group_id: Mapped[int | None] = mapped_column(sa.ForeignKey("breakout_groups.id", ondelete="SET NULL"))
    # The CSO that submitted it (it sees it, its status and the response); None for workshop groups.
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[RecommendationStatus] = mapped_column(
        enum_column(RecommendationStatus, 20), default=RecommendationStatus.SUBMITTED)
    status_reason: Mapped[str] = mapped_column(sa.String(1000), default="")  # why (partially) not accepted
    responsible_unit: Mapped[str] = mapped_column(sa.String(200), default="")
    due_date: Mapped[date | None]
    response: Mapped[str] = mapped_column(sa.Text, default="")  # visible to the source organisation
    published: Mapped[bool] = mapped_column(default=False)  # visible to every CSO

    theme: Mapped[Theme | None] = relationship()
    workshop: Mapped[Workshop | None] = relationship()
    group: Mapped[BreakoutGroup | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    submitted_by: Mapped[User | None] = relationship()
    changes: Mapped[list[RecommendationChange]] = relationship(
        back_populates="recommendation", order_by="RecommendationChange.id", cascade="all, delete-orphan")


class RecommendationChange(db.Model):
    """One change of a recommendation's follow-up: who, when, which field, from what to what."""

    __tablename__ = "recommendation_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recommendations.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    field: Mapped[str] = mapped_column(sa.String(40))
    old_value: Mapped[str] = mapped_column(sa.Text, default="")
    new_value: Mapped[str] = mapped_column(sa.Text, default="")

    recommendation: Mapped[Recommendation] = relationship(back_populates="changes")
    user: Mapped[User | None] = relationship()


class CsoSubmissionMixin(TimestampMixin):
    """What CSO reports share: the organisation, who sent it, its review and whether it is published."""

    status: Mapped[ReportStatus] = mapped_column(enum_column(ReportStatus, 20), default=ReportStatus.SUBMITTED)
    response: Mapped[str] = mapped_column(sa.Text, default="")
    published: Mapped[bool] = mapped_column(default=False)


class ActivityReport(CsoSubmissionMixin, db.Model):
    """A CSO's own awareness or voter-education event."""

    __tablename__ = "cso_activity_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(sa.String(300))
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    governorate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("governorates.id"))
    participants_female: Mapped[int] = mapped_column(default=0)
    participants_male: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = mapped_column(sa.Text, default="")

    organisation: Mapped[Organisation] = relationship()
    submitted_by: Mapped[User | None] = relationship()
    governorate: Mapped[Governorate | None] = relationship()


class ViolationReport(CsoSubmissionMixin, db.Model):
    """A violation of the electoral process or a piece of misinformation, with evidence files."""

    __tablename__ = "violation_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[ViolationKind] = mapped_column(enum_column(ViolationKind, 20))
    observed_on: Mapped[date]
    governorate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("governorates.id"))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, 20))
    description: Mapped[str] = mapped_column(sa.Text)

    organisation: Mapped[Organisation] = relationship()
    submitted_by: Mapped[User | None] = relationship()
    governorate: Mapped[Governorate | None] = relationship()
    evidence: Mapped[list[EvidenceFile]] = relationship(
        back_populates="report", order_by="EvidenceFile.id", cascade="all, delete-orphan")


class EvidenceFile(db.Model):
    """An uploaded file, its type checked from its content; always served as a download."""

    __tablename__ = "evidence_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("violation_reports.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    report: Mapped[ViolationReport] = relationship(back_populates="evidence")


class LibraryItem(TimestampMixin, db.Model):
    """A manual, leaflet or video (by link) shared with CSOs; one file per language."""

    __tablename__ = "library_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[LocalizedText]
    description: Mapped[LocalizedText] = mapped_column(default=empty_text)
    kind: Mapped[MaterialKind] = mapped_column(enum_column(MaterialKind, 20))
    url: Mapped[str] = mapped_column(sa.String(500), default="")  # videos and other links
    theme_id: Mapped[int | None] = mapped_column(sa.ForeignKey("themes.id", ondelete="SET NULL"))
    published: Mapped[bool] = mapped_column(default=True)
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    theme: Mapped[Theme | None] = relationship()
    files: Mapped[list[LibraryFile]] = relationship(
        back_populates="item", order_by="LibraryFile.language", cascade="all, delete-orphan")


class LibraryFile(db.Model):
    __tablename__ = "library_files"
    __table_args__ = (sa.UniqueConstraint("item_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("library_items.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(sa.String(8))
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)

    item: Mapped[LibraryItem] = relationship(back_populates="files")
