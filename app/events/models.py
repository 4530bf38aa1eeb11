"""Workshops, their days and agenda items, activity types, themes, series and change history."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import Governorate, Organisation, User
from app.db import LabelledEnum, LocalizedText, TimestampMixin, empty_text, enum_column, set_labels, utcnow
from app.extensions import db

if TYPE_CHECKING:
    from app.indicators.models import Output


class WorkshopStatus(LabelledEnum):
    DRAFT = "draft"
    PLANNED = "planned"
    OPEN = "open"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"



STATUS_LABELS = set_labels({
    WorkshopStatus.DRAFT: _l("Draft"),
    WorkshopStatus.PLANNED: _l("Planned"),
    WorkshopStatus.OPEN: _l("Open for registration"),
    WorkshopStatus.ONGOING: _l("Ongoing"),
    WorkshopStatus.COMPLETED: _l("Completed"),
    WorkshopStatus.POSTPONED: _l("Postponed"),
    WorkshopStatus.CANCELLED: _l("Cancelled"),
})


class DeliveryMode(LabelledEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"



MODE_LABELS = set_labels({
    DeliveryMode.IN_PERSON: _l("In person"),
    DeliveryMode.ONLINE: _l("Online"),
    DeliveryMode.HYBRID: _l("Hybrid (in person and online)"),
})


class AgendaKind(LabelledEnum):
    OPENING = "opening"
    PRESENTATION = "presentation"
    PANEL = "panel"
    GROUP_WORK = "group_work"
    QA = "qa"
    BREAK = "break"
    CLOSING = "closing"



AGENDA_KIND_LABELS = set_labels({
    AgendaKind.OPENING: _l("Opening"),
    AgendaKind.PRESENTATION: _l("Presentation"),
    AgendaKind.PANEL: _l("Panel"),
    AgendaKind.GROUP_WORK: _l("Group work"),
    AgendaKind.QA: _l("Questions and answers"),
    AgendaKind.BREAK: _l("Break"),
    AgendaKind.CLOSING: _l("Closing"),
})


class ActivityType(db.Model):
    """Training, workshop, seminar, … — an admin-editable list; the reports count by it."""

    __tablename__ = "activity_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[LocalizedText]
    # The donor reports' footnote: training, study visit, workshop, seminar, roundtable, lessons learned.
    capacity_building: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)


class Theme(db.Model):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[LocalizedText]
    active: Mapped[bool] = mapped_column(default=True)


class Series(TimestampMixin, db.Model):
    """A run of related workshops, e.g. the IHEC–CSO dialogue series of 2023."""

    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[LocalizedText]
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)

    organisation: Mapped[Organisation] = relationship()


workshop_partners = sa.Table(
    "workshop_partners",
    db.metadata,
    sa.Column("workshop_id", sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("organisation_id", sa.ForeignKey("organisations.id"), primary_key=True),
)
workshop_themes = sa.Table(
    "workshop_themes",
    db.metadata,
    sa.Column("workshop_id", sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("theme_id", sa.ForeignKey("themes.id"), primary_key=True),
)
workshop_facilitators = sa.Table(
    "workshop_facilitators",
    db.metadata,
    sa.Column("workshop_id", sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id"), primary_key=True),
)


class Workshop(TimestampMixin, db.Model):
    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[LocalizedText]
    description: Mapped[LocalizedText] = mapped_column(default=empty_text)
    objectives: Mapped[LocalizedText] = mapped_column(default=empty_text)
    target_audience: Mapped[LocalizedText] = mapped_column(default=empty_text)
    activity_type_id: Mapped[int] = mapped_column(sa.ForeignKey("activity_types.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("series.id"), index=True)
    status: Mapped[WorkshopStatus] = mapped_column(enum_column(WorkshopStatus, 20), default=WorkshopStatus.DRAFT)
    status_reason: Mapped[str] = mapped_column(sa.String(500), default="")
    mode: Mapped[DeliveryMode] = mapped_column(enum_column(DeliveryMode, 20), default=DeliveryMode.IN_PERSON)
    venue: Mapped[str] = mapped_column(sa.String(200), default="")  # empty: to be decided
    city: Mapped[str] = mapped_column(sa.String(100), default="")
    governorate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("governorates.id"), index=True)
    online_link: Mapped[str] = mapped_column(sa.String(500), default="")
    # A planned activity without exact dates: a year with a month or a quarter.
    planned_year: Mapped[int | None]
    planned_month: Mapped[int | None]
    planned_quarter: Mapped[int | None]
    capacity: Mapped[int | None]
    published_to_csos: Mapped[bool] = mapped_column(default=False)
    # A public page where people register themselves while the workshop is open for registration.
    self_registration: Mapped[bool] = mapped_column(default=False)
    approval_required: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    activity_type: Mapped[ActivityType] = relationship()
    organisation: Mapped[Organisation] = relationship()
    series: Mapped[Series | None] = relationship()
    governorate: Mapped[Governorate | None] = relationship()
    partners: Mapped[list[Organisation]] = relationship(secondary=workshop_partners)
    themes: Mapped[list[Theme]] = relationship(secondary=workshop_themes)
    facilitators: Mapped[list[User]] = relationship(secondary=workshop_facilitators)
    # The results framework's outputs the workshop serves (the indicators count it there).
    outputs: Mapped[list[Output]] = relationship(secondary="workshop_outputs", back_populates="workshops",
                                                 order_by="Output.code")
    days: Mapped[list[WorkshopDay]] = relationship(
        back_populates="workshop", order_by="WorkshopDay.starts_at", cascade="all, delete-orphan"
    )
    changes: Mapped[list[WorkshopChange]] = relationship(
        back_populates="workshop", order_by="WorkshopChange.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        sa.CheckConstraint("planned_month IS NULL OR planned_month BETWEEN 1 AND 12", name="planned_month_range"),
        sa.CheckConstraint("planned_quarter IS NULL OR planned_quarter BETWEEN 1 AND 4", name="planned_quarter_range"),
    )

    @property
    def starts_at(self) -> datetime | None:
        return self.days[0].starts_at if self.days else None

    @property
    def ends_at(self) -> datetime | None:
        return self.days[-1].ends_at if self.days else None

    @property
    def venue_to_be_decided(self) -> bool:
        return self.mode != DeliveryMode.ONLINE and not self.venue

    def __repr__(self) -> str:
        return f"<Workshop {self.id} {self.title.en or self.title.ar}>"


class WorkshopDay(db.Model):
    __tablename__ = "workshop_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]

    workshop: Mapped[Workshop] = relationship(back_populates="days")
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="day", order_by="AgendaItem.starts_at", cascade="all, delete-orphan"
    )

    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)


class AgendaItem(db.Model):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop_days.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    title: Mapped[LocalizedText]
    kind: Mapped[AgendaKind] = mapped_column(enum_column(AgendaKind, 20))
    speakers: Mapped[str] = mapped_column(sa.String(300), default="")

    day: Mapped[WorkshopDay] = relationship(back_populates="agenda_items")

    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)


class WorkshopChange(db.Model):
    """History: status changes (with their reason) and reschedulings (old and new dates)."""

    __tablename__ = "workshop_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(sa.String(20))  # "status" or "dates"
    old: Mapped[Any] = mapped_column(sa.JSON, default=dict)
    new: Mapped[Any] = mapped_column(sa.JSON, default=dict)
    reason: Mapped[str] = mapped_column(sa.String(500), default="")

    workshop: Mapped[Workshop] = relationship(back_populates="changes")
    by: Mapped[User | None] = relationship()
