"""Users, organisations and the reference list of governorates."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import LabelledEnum, LocalizedText, TimestampMixin, enum_column, set_labels
from app.extensions import db


class Role(LabelledEnum):
    ADMIN = "admin"
    ORGANISER = "organiser"
    FACILITATOR = "facilitator"
    CSO = "cso"
    VIEWER = "viewer"



ROLE_LABELS = set_labels({
    Role.ADMIN: _l("Administrator"),
    Role.ORGANISER: _l("Organiser"),
    Role.FACILITATOR: _l("Facilitator"),
    Role.CSO: _l("Civil-society organisation member"),
    Role.VIEWER: _l("Viewer"),
})


class OrganisationType(LabelledEnum):
    ELECTORAL_COMMISSION_NATIONAL = "electoral_commission_national"
    ELECTORAL_OFFICE_GOVERNORATE = "electoral_office_governorate"
    CSO = "cso"
    GOVERNMENT = "government"
    INTERNATIONAL = "international"
    ACADEMIA = "academia"
    MEDIA = "media"
    OTHER = "other"



ORGANISATION_TYPE_LABELS = set_labels({
    OrganisationType.ELECTORAL_COMMISSION_NATIONAL: _l("Electoral commission, national office"),
    OrganisationType.ELECTORAL_OFFICE_GOVERNORATE: _l("Governorate electoral office"),
    OrganisationType.CSO: _l("Civil-society organisation"),
    OrganisationType.GOVERNMENT: _l("Government body"),
    OrganisationType.INTERNATIONAL: _l("UN / international organisation"),
    OrganisationType.ACADEMIA: _l("Academia"),
    OrganisationType.MEDIA: _l("Media"),
    OrganisationType.OTHER: _l("Other"),
})


class Governorate(db.Model):
    """One of Iraq's governorates; the rows are reference data written by a migration."""

    __tablename__ = "governorates"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[LocalizedText]
    sort_order: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<Governorate {self.code}>"


class Organisation(TimestampMixin, db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[LocalizedText]
    acronym: Mapped[str] = mapped_column(sa.String(30), default="")
    type: Mapped[OrganisationType] = mapped_column(enum_column(OrganisationType, 40))
    governorate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("governorates.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)

    governorate: Mapped[Governorate | None] = relationship()
    users: Mapped[list[User]] = relationship(back_populates="organisation")

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.acronym or self.name.en}>"


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(80), unique=True)
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, 20))
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped when the password changes or the account is disabled: old sessions stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    last_login_at: Mapped[datetime | None]
    password_changed_at: Mapped[datetime | None]

    organisation: Mapped[Organisation | None] = relationship(back_populates="users")

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"
