"""Test data made through the services, so that tests see what the app would create."""

from __future__ import annotations

import itertools
from datetime import date, time, timedelta

import sqlalchemy as sa

from app.auth.models import Governorate, Organisation, OrganisationType, Role, User
from app.auth.services import OrganisationData, UserData, create_user, save_organisation
from app.db import LocalizedText
from app.events.models import ActivityType, Workshop
from app.events.services import DaySlot, WorkshopData, create_workshop
from app.extensions import db

PASSWORD = "correct-horse-battery"
_sequence = itertools.count(1)


def make_organisation(
    en: str = "", ar: str = "", ckb: str = "", kind: OrganisationType = OrganisationType.CSO, acronym: str = ""
) -> Organisation:
    n = next(_sequence)
    name = LocalizedText(en=en, ar=ar, ckb=ckb) if (en or ar or ckb) else LocalizedText(en=f"Organisation {n}")
    return save_organisation(OrganisationData(name=name, type=kind, acronym=acronym or f"ORG{n}"))


def make_user(
    role: Role = Role.VIEWER,
    username: str | None = None,
    organisation: Organisation | None = None,
    password: str = PASSWORD,
    locale: str | None = None,
) -> User:
    n = next(_sequence)
    if organisation is None and role in (Role.ORGANISER, Role.CSO):
        organisation = make_organisation()
    return create_user(
        UserData(
            username=username or f"{role.value}{n}",
            full_name=f"Test {role.value.title()} {n}",
            role=role,
            organisation=organisation,
            locale=locale,
        ),
        password,
        min_password_length=10,
    )


def account_per_role() -> dict[str, User]:
    return {role.value: make_user(role, username=role.value) for role in Role}


def activity_type(code: str = "workshop"):
    return db.session.scalar(sa.select(ActivityType).where(ActivityType.code == code))


def governorate(code: str = "basra") -> Governorate:
    return db.session.scalar(sa.select(Governorate).where(Governorate.code == code))


def make_workshop(
    organisation: Organisation | None = None,
    by: User | None = None,
    days: list[DaySlot] | None = None,
    title: str | None = None,
    **fields,
) -> Workshop:
    """A draft workshop through the service; `days` as DaySlots in Baghdad time."""
    n = next(_sequence)
    organisation = organisation or make_organisation()
    by = by or make_user(Role.ADMIN)
    data = WorkshopData(
        title=LocalizedText(en=title or f"Workshop {n}"),
        activity_type=fields.pop("activity_type", None) or activity_type(),
        organisation=organisation,
        **fields,
    )
    return create_workshop(data, by, days)


def two_days(first: date = date(2023, 6, 13), start: time = time(9), end: time = time(16)) -> list[DaySlot]:
    return [DaySlot(first, start, end), DaySlot(first + timedelta(days=1), start, end)]
