"""Demo organisations and one account per role. Idempotent: loading twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.auth.models import Governorate, Organisation, OrganisationType, Role
from app.auth.services import OrganisationData, UserData, create_user, find_organisation, get_user_by_username, save_organisation
from app.db import LocalizedText
from app.extensions import db

DEMO_PASSWORD = "multaqa-demo-2026"

DEMO_ORGANISATIONS = [
    ("UNDP-ESP", OrganisationType.INTERNATIONAL, "baghdad", LocalizedText(
        en="UNDP Electoral Support Project", ar="مشروع الدعم الانتخابي لبرنامج الأمم المتحدة الإنمائي",
        ckb="پرۆژەی پشتگیری هەڵبژاردنی UNDP")),
    ("UNAMI-OEA", OrganisationType.INTERNATIONAL, "baghdad", LocalizedText(
        en="UNAMI Office of Electoral Assistance", ar="مكتب المساعدة الانتخابية في بعثة يونامي",
        ckb="نووسینگەی یارمەتیی هەڵبژاردنی یونامی")),
    ("IHEC", OrganisationType.ELECTORAL_COMMISSION_NATIONAL, "baghdad", LocalizedText(
        en="Independent High Electoral Commission", ar="المفوضية العليا المستقلة للانتخابات",
        ckb="کۆمسیۆنی باڵای سەربەخۆی هەڵبژاردنەکان")),
    ("IHEC-BSR", OrganisationType.ELECTORAL_OFFICE_GOVERNORATE, "basra", LocalizedText(
        en="IHEC Basra Governorate Electoral Office", ar="مكتب انتخابات البصرة",
        ckb="نووسینگەی هەڵبژاردنی پارێزگای بەسرە")),
    ("BCVA", OrganisationType.CSO, "basra", LocalizedText(
        en="Basra Civic Voice Association", ar="جمعية صوت البصرة المدني",
        ckb="کۆمەڵەی دەنگی مەدەنی بەسرە")),
    ("EWN", OrganisationType.CSO, "erbil", LocalizedText(
        en="Erbil Women Voters Network", ar="شبكة الناخبات في أربيل", ckb="تۆڕی دەنگدەرانی ئافرەتی هەولێر")),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: Role
    organisation: str | None
    locale: str | None = None


DEMO_ACCOUNTS = [
    DemoAccount("admin", "Demo Administrator", Role.ADMIN, "UNDP-ESP"),
    DemoAccount("organiser", "Zainab Hassan", Role.ORGANISER, "UNAMI-OEA"),
    DemoAccount("facilitator", "Ahmed Ali", Role.FACILITATOR, "UNDP-ESP"),
    DemoAccount("cso", "Hawre Karim", Role.CSO, "BCVA", "ckb"),
    DemoAccount("cso2", "Shilan Aziz", Role.CSO, "EWN", "ar"),
    DemoAccount("viewer", "Donor Viewer", Role.VIEWER, None),
]


def _governorate(code: str) -> Governorate | None:
    return db.session.scalar(sa.select(Governorate).where(Governorate.code == code))


def load_demo(min_password_length: int) -> list[tuple[DemoAccount, bool]]:
    """Create what is missing; returns each demo account with whether it was created now."""
    for acronym, kind, governorate, name in DEMO_ORGANISATIONS:
        if find_organisation(acronym) is None:
            save_organisation(OrganisationData(
                name=name, type=kind, acronym=acronym, governorate=_governorate(governorate)
            ))
    results = []
    for account in DEMO_ACCOUNTS:
        created = get_user_by_username(account.username) is None
        if created:
            organisation: Organisation | None = find_organisation(account.organisation) if account.organisation else None
            create_user(
                UserData(
                    username=account.username, full_name=account.full_name, role=account.role,
                    organisation=organisation, locale=account.locale,
                ),
                DEMO_PASSWORD,
                min_password_length,
            )
        results.append((account, created))
    return results
