"""Participants, their registrations to workshops, the append-only scan log and check-ins."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import Governorate, Organisation, OrganisationType, User
from app.db import LabelledEnum, TimestampMixin, enum_column, set_labels, utcnow
from app.events.models import Workshop, WorkshopDay
from app.extensions import db


class Sex(LabelledEnum):
    FEMALE = "female"
    MALE = "male"
    NOT_RECORDED = "not_recorded"


class AgeGroup(LabelledEnum):
    UNDER_18 = "under_18"
    FROM_18_TO_29 = "18_29"
    FROM_30_TO_44 = "30_44"
    FROM_45_TO_59 = "45_59"
    SIXTY_AND_OVER = "60_plus"
    NOT_RECORDED = "not_recorded"


class Disability(LabelledEnum):
    YES = "yes"
    NO = "no"
    NOT_RECORDED = "not_recorded"


class RegistrationStatus(LabelledEnum):
    CONFIRMED = "confirmed"
    PENDING = "pending"  # waits for the organiser's approval
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class ScanResult(LabelledEnum):
    """Stable result codes of a check-in: scanners and other clients rely on them."""

    OK = "ok"
    ALREADY_CHECKED_IN = "already_checked_in"
    INVALID = "invalid"
    CANCELLED = "cancelled"
    OTHER_WORKSHOP = "other_workshop"
    NOT_TODAY = "not_today"
    PENDING_APPROVAL = "pending_approval"


set_labels({Sex.FEMALE: _l("Female"), Sex.MALE: _l("Male"), Sex.NOT_RECORDED: _l("Not recorded")})
set_labels({
    AgeGroup.UNDER_18: _l("Under 18"), AgeGroup.FROM_18_TO_29: _l("18–29"), AgeGroup.FROM_30_TO_44: _l("30–44"),
    AgeGroup.FROM_45_TO_59: _l("45–59"), AgeGroup.SIXTY_AND_OVER: _l("60 and over"),
    AgeGroup.NOT_RECORDED: _l("Not recorded"),
})
set_labels({Disability.YES: _l("Yes"), Disability.NO: _l("No"), Disability.NOT_RECORDED: _l("Not recorded")})
set_labels({
    RegistrationStatus.CONFIRMED: _l("Confirmed"), RegistrationStatus.PENDING: _l("Waiting for approval"),
    RegistrationStatus.WAITLISTED: _l("On the waiting list"), RegistrationStatus.CANCELLED: _l("Cancelled"),
})
set_labels({
    ScanResult.OK: _l("Checked in"), ScanResult.ALREADY_CHECKED_IN: _l("Already checked in"),
    ScanResult.INVALID: _l("Invalid code"), ScanResult.CANCELLED: _l("Registration cancelled"),
    ScanResult.OTHER_WORKSHOP: _l("Registered for another workshop"),
    ScanResult.NOT_TODAY: _l("No session of this workshop today"),
    ScanResult.PENDING_APPROVAL: _l("Registration not approved yet"),
})


class Participant(TimestampMixin, db.Model):
    """A person, who may attend many workshops (one row, many registrations)."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))  # as written, Arabic script or Latin
    name_latin: Mapped[str] = mapped_column(sa.String(200), default="")
    # Normalised full name (and Latin name) for search and duplicate detection.
    name_key: Mapped[str] = mapped_column(sa.String(420), index=True)
    sex: Mapped[Sex] = mapped_column(enum_column(Sex, 20), default=Sex.NOT_RECORDED)
    age_group: Mapped[AgeGroup] = mapped_column(enum_column(AgeGroup, 20), default=AgeGroup.NOT_RECORDED)
    disability: Mapped[Disability] = mapped_column(enum_column(Disability, 20), default=Disability.NOT_RECORDED)
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    organisation_name: Mapped[str] = mapped_column(sa.String(200), default="")
    organisation_type: Mapped[OrganisationType | None] = mapped_column(enum_column(OrganisationType, 40))
    position: Mapped[str] = mapped_column(sa.String(150), default="")
    governorate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("governorates.id"), index=True)
    phone: Mapped[str] = mapped_column(sa.String(32), default="", index=True)  # digits only, Latin
    email: Mapped[str] = mapped_column(sa.String(254), default="", index=True)  # lower case
    locale: Mapped[str] = mapped_column(sa.String(8), default="ar")
    consent_given: Mapped[bool] = mapped_column(default=False)
    consent_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # A walk-in registered offline with the phone of a known person: flagged for an organiser, who
    # merges it (merged_into) or keeps both; never merged silently.
    duplicate_of_id: Mapped[int | None] = mapped_column(sa.ForeignKey("participants.id"))
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("participants.id"))

    organisation: Mapped[Organisation | None] = relationship()
    governorate: Mapped[Governorate | None] = relationship()
    registrations: Mapped[list[Registration]] = relationship(back_populates="participant")
    duplicate_of: Mapped[Participant | None] = relationship(foreign_keys=[duplicate_of_id], remote_side=[id])

    @property
    def organisation_label(self) -> str:
        return str(self.organisation.name) if self.organisation else self.organisation_name


class Registration(TimestampMixin, db.Model):
    __tablename__ = "registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(enum_column(RegistrationStatus, 20))
    source: Mapped[str] = mapped_column(sa.String(20))  # organiser, import, self, walk_in
    reference: Mapped[str] = mapped_column(sa.String(8), unique=True)  # typed at the door: no 0/O, 1/I/L
    # The random part of the signed QR code; a new one revokes the old code.
    token_id: Mapped[str] = mapped_column(sa.String(32), unique=True)
    cancelled_at: Mapped[datetime | None]
    cancelled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    workshop: Mapped[Workshop] = relationship()
    participant: Mapped[Participant] = relationship(back_populates="registrations")
    check_ins: Mapped[list[CheckIn]] = relationship(back_populates="registration")

    __table_args__ = (sa.UniqueConstraint("workshop_id", "participant_id"),)


class Scan(db.Model):
    """Append-only log of every scan or door look-up, successful or not."""

    __tablename__ = "scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    day_id: Mapped[int | None] = mapped_column(sa.ForeignKey("workshop_days.id", ondelete="SET NULL"))
    registration_id: Mapped[int | None] = mapped_column(sa.ForeignKey("registrations.id"), index=True)
    result: Mapped[ScanResult] = mapped_column(enum_column(ScanResult, 30))
    method: Mapped[str] = mapped_column(sa.String(20))  # qr, reference, manual, walk_in
    device: Mapped[str] = mapped_column(sa.String(100), default="")
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    scanned_at: Mapped[datetime]  # the device's clock
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A retried request carries the same nonce and gets the same answer, with no new row.
    client_nonce: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    # Judged on the device without the server (synced later), and what the device showed then.
    offline: Mapped[bool] = mapped_column(default=False)
    device_result: Mapped[str | None] = mapped_column(sa.String(30))

    @property
    def accepted_offline_but_refused(self) -> bool:
        """The door let someone in offline whom the server refuses: for an organiser to review."""
        return self.offline and self.device_result == ScanResult.OK.value and self.result not in (
            ScanResult.OK, ScanResult.ALREADY_CHECKED_IN)

    registration: Mapped[Registration | None] = relationship()
    user: Mapped[User | None] = relationship()


class CheckIn(db.Model):
    """Attendance: made by a successful scan; at most one live check-in per registration and day."""

    __tablename__ = "check_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("registrations.id"), index=True)
    day_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop_days.id", ondelete="CASCADE"), index=True)
    scan_id: Mapped[int] = mapped_column(sa.ForeignKey("scans.id"))
    checked_in_at: Mapped[datetime]
    by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    undone_at: Mapped[datetime | None]
    undone_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    registration: Mapped[Registration] = relationship(back_populates="check_ins")
    day: Mapped[WorkshopDay] = relationship()
    by: Mapped[User | None] = relationship(foreign_keys=[by_id])
    undone_by: Mapped[User | None] = relationship(foreign_keys=[undone_by_id])

    __table_args__ = (
        sa.Index(
            "uq_check_ins_live", "registration_id", "day_id", unique=True,
            sqlite_where=sa.text("undone_at IS NULL"), postgresql_where=sa.text("undone_at IS NULL"),
        ),
    )
