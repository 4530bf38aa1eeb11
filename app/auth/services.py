"""Account and organisation rules: authentication, users, passwords, organisations."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth.models import Governorate, Organisation, OrganisationType, Role, User
from app.db import LANGUAGES, LocalizedText, utcnow
from app.errors import DomainError
from app.extensions import db
from app.i18n.services import normalise_digits

# Hash of a random password: checked when the username is unknown, so both paths take as long.
_DUMMY_HASH = generate_password_hash("multaqa-timing-equaliser")
ROLES_NEEDING_ORGANISATION = frozenset({Role.ORGANISER, Role.CSO})


class InvalidCredentials(DomainError):
    message = _l("Wrong username or password.")


class AccountDisabled(DomainError):
    message = _l("This account is disabled. Ask an administrator to enable it.")


class UsernameTaken(DomainError):
    message = _l("This username is already taken.")


class EmailTaken(DomainError):
    message = _l("Another account already uses this email address.")


class OrganisationRequired(DomainError):
    message = _l("Organisers and CSO members must belong to an organisation.")


class WeakPassword(DomainError):
    pass


class WrongPassword(DomainError):
    message = _l("The current password is wrong.")


class LastAdministrator(DomainError):
    message = _l("This is the last active administrator: keep at least one.")


def normalise_username(username: str) -> str:
    return normalise_digits(username).strip().lower()


def check_password_strength(password: str, username: str, min_length: int) -> None:
    if len(password) < min_length:
        raise WeakPassword(
            _l("The password must have at least %(min)d characters.", min=min_length)
        )
    if password.strip().lower() == username.strip().lower():
        raise WeakPassword(_l("The password must not be the username."))
    if len(set(password)) < 4:
        raise WeakPassword(_l("The password is too easy to guess: use more different characters."))


def hash_password(password: str) -> str:
    """scrypt, Werkzeug's default."""
    return generate_password_hash(password)


def get_user_by_username(username: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.username == normalise_username(username)))


def load_user(session_id: str) -> User | None:
    """Flask-Login's loader: the id must carry the current session version."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or not user.active:
        return None
    return user


def authenticate(username: str, password: str) -> User:
    user = get_user_by_username(username)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        raise InvalidCredentials()
    if not check_password_hash(user.password_hash, password):
        raise InvalidCredentials()
    if not user.active:
        raise AccountDisabled()
    user.last_login_at = utcnow()
    return user


@dataclass
class UserData:
    """What an administrator (or the CLI) sets on an account."""

    username: str
    full_name: str
    role: Role
    email: str | None = None
    organisation: Organisation | None = None
    locale: str | None = None
    active: bool = True


def _check_user_data(data: UserData, user: User | None) -> None:
    username = normalise_username(data.username)
    clash = db.session.scalar(sa.select(User.id).where(User.username == username))
    if clash is not None and (user is None or clash != user.id):
        raise UsernameTaken()
    if data.email:
        clash = db.session.scalar(sa.select(User.id).where(sa.func.lower(User.email) == data.email.lower()))
        if clash is not None and (user is None or clash != user.id):
            raise EmailTaken()
    if data.role in ROLES_NEEDING_ORGANISATION and data.organisation is None:
        raise OrganisationRequired()
    if data.locale is not None and data.locale not in LANGUAGES:
        raise ValueError(f"unsupported locale {data.locale!r}")


def _apply_user_data(user: User, data: UserData) -> None:
    user.username = normalise_username(data.username)
    user.full_name = data.full_name.strip()
    user.email = data.email.strip().lower() if data.email else None
    user.role = data.role
    user.organisation = data.organisation
    user.locale = data.locale or None
    if user.active and not data.active:
        user.session_version += 1
    user.active = data.active


def create_user(data: UserData, password: str, min_password_length: int) -> User:
    _check_user_data(data, None)
    check_password_strength(password, data.username, min_password_length)
    user = User(password_hash=hash_password(password), password_changed_at=utcnow(), session_version=1)
    _apply_user_data(user, data)
    db.session.add(user)
    db.session.flush()
    return user


def _active_admins() -> int:
    return db.session.scalar(
        sa.select(sa.func.count(User.id)).where(User.role == Role.ADMIN, User.active.is_(True))
    ) or 0


def update_user(user: User, data: UserData) -> User:
    _check_user_data(data, user)
    losing_admin = user.role == Role.ADMIN and user.active and (data.role != Role.ADMIN or not data.active)
    if losing_admin and _active_admins() <= 1:
        raise LastAdministrator()
    _apply_user_data(user, data)
    db.session.flush()
    return user


def set_password(user: User, password: str, min_length: int) -> None:
    """Set a new password and end the user's other sessions."""
    check_password_strength(password, user.username, min_length)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.session_version += 1
    db.session.flush()


def change_password(user: User, current: str, new: str, min_length: int) -> None:
    if not check_password_hash(user.password_hash, current):
        raise WrongPassword()
    set_password(user, new, min_length)


def set_preferred_locale(user: User, locale: str) -> None:
    if locale not in LANGUAGES:
        raise ValueError(f"unsupported locale {locale!r}")
    user.locale = locale
    db.session.flush()


def list_users() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.role, User.username)))


def list_organisations(active_only: bool = False) -> list[Organisation]:
    query = sa.select(Organisation).order_by(Organisation.acronym, Organisation.id)
    if active_only:
        query = query.where(Organisation.active.is_(True))
    return list(db.session.scalars(query))


def list_governorates() -> list[Governorate]:
    return list(db.session.scalars(sa.select(Governorate).order_by(Governorate.sort_order)))


@dataclass
class OrganisationData:
    name: LocalizedText
    type: OrganisationType
    acronym: str = ""
    governorate: Governorate | None = None
    active: bool = True


class OrganisationNameRequired(DomainError):
    message = _l("Enter the organisation's name in at least one language.")


def save_organisation(data: OrganisationData, organisation: Organisation | None = None) -> Organisation:
    if not data.name:
        raise OrganisationNameRequired()
    organisation = organisation or Organisation()
    organisation.name = data.name
    organisation.type = data.type
    organisation.acronym = data.acronym.strip()
    organisation.governorate = data.governorate
    organisation.active = data.active
    db.session.add(organisation)
    db.session.flush()
    return organisation


def find_organisation(reference: str) -> Organisation | None:
    """By id or acronym (case-insensitive), for the command line."""
    if reference.isdigit():
        return db.session.get(Organisation, int(reference))
    return db.session.scalar(
        sa.select(Organisation).where(sa.func.lower(Organisation.acronym) == reference.lower())
    )


def safe_next_url(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    return target
