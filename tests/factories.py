"""Test data made through the services, so that tests see what the app would create."""

from __future__ import annotations

import itertools

from app.auth.models import Organisation, OrganisationType, Role, User
from app.auth.services import OrganisationData, UserData, create_user, save_organisation
from app.db import LocalizedText

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
